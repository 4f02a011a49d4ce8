import { NumberInput, Select, Textarea, TextInput } from '@mantine/core';
import { DEFAULT_WEEKLY_HOURS, POPULATIONS, programSchema, trackSchema, type Population } from '../../../../shared/programs';
import { useSchemaForm } from '../../app/forms';
import { ModalForm } from '../../app/ModalForm';
import { st } from '../../i18n/staff';
import type { ProgramTree } from '../../repositories/programs';
import { labelOptions } from '../../i18n/shared';

export function ProgramForm({ onClose, onSave }: { onClose: () => void; onSave: (v: { name: string; description: string }) => Promise<unknown> }) {
  const form = useSchemaForm(programSchema, { name: '', description: '' });
  return (
    <ModalForm title={st('groups.ProgramForms.newProgramme')} submitLabel={st('groups.ProgramForms.save')} onClose={onClose} form={form} onSubmit={() => onSave(form.getValues())}>
      <TextInput label={st('groups.ProgramForms.programmeName')} placeholder={st('groups.ProgramForms.programmeExample')} required data-autofocus {...form.getInputProps('name')} />
      <Textarea label={st('groups.ProgramForms.description')} autosize minRows={2} {...form.getInputProps('description')} />
    </ModalForm>
  );
}

export function TrackForm({ tree, onClose, onSave }: { tree: ProgramTree; onClose: () => void; onSave: (programId: string, v: { name: string; population: Population; weeklyHoursTarget: number }) => Promise<unknown> }) {
  const form = useSchemaForm(trackSchema, { programId: tree.programs[0]?.id ?? '', name: '', population: 'adult' as Population, weeklyHoursTarget: DEFAULT_WEEKLY_HOURS.adult as number | string }, { toInput: (v) => ({ ...v, weeklyHoursTarget: v.weeklyHoursTarget === '' ? undefined : Number(v.weeklyHoursTarget) }) });
  const v = form.getValues();
  return (
    <ModalForm title={st('groups.ProgramForms.newTrack')} submitLabel={st('groups.ProgramForms.save')} onClose={onClose} form={form} onSubmit={() => onSave(v.programId, { name: v.name, population: v.population, weeklyHoursTarget: Number(v.weeklyHoursTarget) })}>
      <Select label={st('groups.ProgramForms.programme')} required allowDeselect={false} data={tree.programs.map((p) => ({ value: p.id, label: p.data.name }))} {...form.getInputProps('programId')} value={v.programId || null} onChange={(id) => form.setFieldValue('programId', id ?? '')} />
      <TextInput label={st('groups.ProgramForms.trackName')} placeholder={st('groups.ProgramForms.trackExample')} required {...form.getInputProps('name')} />
      <Select
        label={st('groups.ProgramForms.population')}
        data={labelOptions(POPULATIONS)}
        {...form.getInputProps('population')}
        onChange={(p) => {
          if (!p) return;
          form.setValues({ population: p as Population, weeklyHoursTarget: DEFAULT_WEEKLY_HOURS[p as Population] });
        }}
        allowDeselect={false}
      />
      <NumberInput label={st('groups.ProgramForms.weeklyHours')} description={st('groups.ProgramForms.weeklyHoursHelp')} min={1} max={40} {...form.getInputProps('weeklyHoursTarget')} />
    </ModalForm>
  );
}
