import { useState } from 'react';
import { NumberInput, Select, Textarea, TextInput } from '@mantine/core';
import { DEFAULT_WEEKLY_HOURS, POPULATIONS, type Population } from '../../../../shared/programs';
import { ModalForm } from '../../app/ModalForm';
import type { ProgramTree } from '../../repositories/programs';

export function ProgramForm({ onClose, onSave }: { onClose: () => void; onSave: (v: { name: string; description: string }) => Promise<unknown> }) {
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  return (
    <ModalForm title="New programme" submitLabel="Save" onClose={onClose} onSubmit={() => onSave({ name, description })}>
      <TextInput label="Programme name" placeholder="e.g. Adult IOP" required value={name} onChange={(e) => setName(e.currentTarget.value)} data-autofocus />
      <Textarea label="Description" autosize minRows={2} value={description} onChange={(e) => setDescription(e.currentTarget.value)} />
    </ModalForm>
  );
}

export function TrackForm({ tree, onClose, onSave }: { tree: ProgramTree; onClose: () => void; onSave: (programId: string, v: { name: string; population: Population; weeklyHoursTarget: number }) => Promise<unknown> }) {
  const [programId, setProgramId] = useState(tree.programs[0]?.id ?? '');
  const [name, setName] = useState('');
  const [population, setPopulation] = useState<Population>('adult');
  const [hours, setHours] = useState<number | string>(DEFAULT_WEEKLY_HOURS.adult);
  return (
    <ModalForm title="New track" submitLabel="Save" onClose={onClose} onSubmit={() => onSave(programId, { name, population, weeklyHoursTarget: Number(hours) })}>
      <Select label="Programme" required allowDeselect={false} data={tree.programs.map((p) => ({ value: p.id, label: p.data.name }))} value={programId || null} onChange={(v) => setProgramId(v ?? '')} />
      <TextInput label="Track name" placeholder="e.g. Depression & Anxiety" required value={name} onChange={(e) => setName(e.currentTarget.value)} />
      <Select
        label="Population"
        data={Object.entries(POPULATIONS).map(([value, label]) => ({ value, label }))}
        value={population}
        onChange={(v) => {
          if (!v) return;
          setPopulation(v as Population);
          setHours(DEFAULT_WEEKLY_HOURS[v as Population]);
        }}
        allowDeselect={false}
      />
      <NumberInput label="Weekly hours target" description="ASAM 2.1: at least 9 for adults, 6 for adolescents." min={1} max={40} value={hours} onChange={setHours} />
    </ModalForm>
  );
}
