import { NumberInput, Select, Textarea, TextInput } from '@mantine/core';
import { DEFAULT_WEEKLY_HOURS, POPULATIONS, programSchema, trackSchema, type Population } from '../../../../shared/programs';
import { useSchemaForm } from '../../app/forms';
import { ModalForm } from '../../app/ModalForm';
import type { ProgramTree } from '../../repositories/programs';

export function ProgramForm({ onClose, onSave }: { onClose: () => void; onSave: (v: { name: string; description: string }) => Promise<unknown> }) {
  const form = useSchemaForm(programSchema, { name: '', description: '' });
  return (
    <ModalForm title="New programme" submitLabel="Save" onClose={onClose} form={form} onSubmit={() => onSave(form.getValues())}>
      <TextInput label="Programme name" placeholder="e.g. Adult IOP" required data-autofocus {...form.getInputProps('name')} />
      <Textarea label="Description" autosize minRows={2} {...form.getInputProps('description')} />
    </ModalForm>
  );
}

export function TrackForm({ tree, onClose, onSave }: { tree: ProgramTree; onClose: () => void; onSave: (programId: string, v: { name: string; population: Population; weeklyHoursTarget: number }) => Promise<unknown> }) {
  const form = useSchemaForm(trackSchema, { programId: tree.programs[0]?.id ?? '', name: '', population: 'adult' as Population, weeklyHoursTarget: DEFAULT_WEEKLY_HOURS.adult as number | string }, { toInput: (v) => ({ ...v, weeklyHoursTarget: v.weeklyHoursTarget === '' ? undefined : Number(v.weeklyHoursTarget) }) });
  const v = form.getValues();
  return (
    <ModalForm title="New track" submitLabel="Save" onClose={onClose} form={form} onSubmit={() => onSave(v.programId, { name: v.name, population: v.population, weeklyHoursTarget: Number(v.weeklyHoursTarget) })}>
      <Select label="Programme" required allowDeselect={false} data={tree.programs.map((p) => ({ value: p.id, label: p.data.name }))} {...form.getInputProps('programId')} value={v.programId || null} onChange={(id) => form.setFieldValue('programId', id ?? '')} />
      <TextInput label="Track name" placeholder="e.g. Depression & Anxiety" required {...form.getInputProps('name')} />
      <Select
        label="Population"
        data={Object.entries(POPULATIONS).map(([value, label]) => ({ value, label }))}
        {...form.getInputProps('population')}
        onChange={(p) => {
          if (!p) return;
          form.setValues({ population: p as Population, weeklyHoursTarget: DEFAULT_WEEKLY_HOURS[p as Population] });
        }}
        allowDeselect={false}
      />
      <NumberInput label="Weekly hours target" description="ASAM 2.1: at least 9 for adults, 6 for adolescents." min={1} max={40} {...form.getInputProps('weeklyHoursTarget')} />
    </ModalForm>
  );
}
