import { useState } from 'react';
import { Group, MultiSelect, NumberInput, Select, Textarea, TextInput } from '@mantine/core';
import { DEFAULT_GROUP_CAPACITY, DEFAULT_WEEKLY_HOURS, MODALITIES, POPULATIONS, type Modality, type Population } from '../../../../shared/programs';
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

export interface GroupValues {
  name: string;
  facilitatorIds: string[];
  capacity: number;
  modality: Modality;
  location: string;
  topic: string;
}

export function GroupForm({ tree, staff, onClose, onSave }: { tree: ProgramTree; staff: { value: string; label: string }[]; onClose: () => void; onSave: (trackId: string, v: GroupValues) => Promise<unknown> }) {
  const [trackId, setTrackId] = useState(tree.tracks[0]?.id ?? '');
  const [v, setV] = useState<GroupValues>({ name: '', facilitatorIds: [], capacity: DEFAULT_GROUP_CAPACITY, modality: 'in-person', location: '', topic: '' });
  const set = (change: Partial<GroupValues>) => setV((current) => ({ ...current, ...change }));
  const tracks = tree.tracks.map((t) => ({ value: t.id, label: `${tree.programs.find((p) => p.id === t.programId)?.data.name ?? ''} · ${t.data.name}` }));
  return (
    <ModalForm title="New group" submitLabel="Save" onClose={onClose} onSubmit={() => onSave(trackId, v)}>
      <Select label="Track" required allowDeselect={false} data={tracks} value={trackId || null} onChange={(value) => setTrackId(value ?? '')} />
      <TextInput label="Group name" placeholder="e.g. Morning process group" required value={v.name} onChange={(e) => set({ name: e.currentTarget.value })} />
      <MultiSelect label="Facilitators" required data={staff} value={v.facilitatorIds} onChange={(facilitatorIds) => set({ facilitatorIds })} />
      <Group grow align="flex-start">
        <NumberInput label="Capacity" min={1} max={30} value={v.capacity} onChange={(n) => set({ capacity: Number(n) })} />
        <Select label="Modality" data={Object.entries(MODALITIES).map(([value, label]) => ({ value, label }))} value={v.modality} onChange={(m) => m && set({ modality: m as Modality })} allowDeselect={false} />
      </Group>
      <TextInput label="Location" placeholder="e.g. Room 2" value={v.location} onChange={(e) => set({ location: e.currentTarget.value })} />
      <TextInput label="Topic or curriculum" value={v.topic} onChange={(e) => set({ topic: e.currentTarget.value })} />
    </ModalForm>
  );
}
