import { useState } from 'react';
import { Checkbox, Select, Textarea, TextInput } from '@mantine/core';
import { DISCHARGE_REASONS, LEVELS_OF_CARE, type DischargeReason, type LevelOfCare } from '../../../../../shared/episodes';
import { ModalForm } from '../../../app/ModalForm';
import type { ProgramTree } from '../../../repositories/programs';

const options = <K extends string>(labels: Record<K, string>) => (Object.entries(labels) as [K, string][]).map(([value, label]) => ({ value, label }));

export interface AdmitValues {
  programId: string;
  trackId: string;
  groupId: string;
  level: LevelOfCare;
  admittedOn: string;
  referralReason: string;
}

export function AdmitForm({ onClose, tree, today, onAdmit }: { onClose: () => void; tree: ProgramTree; today: string; onAdmit: (values: AdmitValues) => Promise<void> }) {
  const [values, setValues] = useState<AdmitValues>({ programId: '', trackId: '', groupId: '', level: 'iop', admittedOn: today, referralReason: '' });
  const set = (change: Partial<AdmitValues>) => setValues((v) => ({ ...v, ...change }));
  return (
    <ModalForm title="Admit to a programme" onClose={onClose} submitLabel="Admit" onSubmit={() => onAdmit(values)}>
      <Select label="Programme" required allowDeselect={false} data={tree.programs.map((p) => ({ value: p.id, label: p.data.name }))} value={values.programId || null} onChange={(v) => set({ programId: v ?? '', trackId: '', groupId: '' })} />
      <Select
        label="Track"
        required
        allowDeselect={false}
        data={tree.tracks.filter((t) => t.programId === values.programId).map((t) => ({ value: t.id, label: t.data.name }))}
        value={values.trackId || null}
        onChange={(v) => set({ trackId: v ?? '', groupId: '' })}
        disabled={!values.programId}
      />
      <Select
        label="Group (optional)"
        description="Joins the group's roster from the admission date."
        data={tree.groups.filter((g) => g.trackId === values.trackId).map((g) => ({ value: g.id, label: g.data.name }))}
        value={values.groupId || null}
        onChange={(v) => set({ groupId: v ?? '' })}
        disabled={!values.trackId}
        clearable
      />
      <Select label="Level of care" required allowDeselect={false} data={options(LEVELS_OF_CARE)} value={values.level} onChange={(v) => v && set({ level: v as LevelOfCare })} />
      <TextInput label="Admission date" type="date" required value={values.admittedOn} onChange={(e) => set({ admittedOn: e.currentTarget.value })} />
      <Textarea label="Reason for referral" autosize minRows={2} value={values.referralReason} onChange={(e) => set({ referralReason: e.currentTarget.value })} />
    </ModalForm>
  );
}

export function LevelChangeForm({ onClose, current, today, onChange }: { onClose: () => void; current: LevelOfCare; today: string; onChange: (values: { to: LevelOfCare; on: string; reason: string }) => Promise<void> }) {
  const [to, setTo] = useState<LevelOfCare | ''>('');
  const [on, setOn] = useState(today);
  const [reason, setReason] = useState('');
  return (
    <ModalForm title="Change level of care" onClose={onClose} submitLabel="Save change" onSubmit={() => onChange({ to: to as LevelOfCare, on, reason })}>
      <Select label="New level of care" required allowDeselect={false} data={options(LEVELS_OF_CARE).filter((o) => o.value !== current)} value={to || null} onChange={(v) => setTo((v as LevelOfCare | null) ?? '')} />
      <TextInput label="Date of the change" type="date" required value={on} onChange={(e) => setOn(e.currentTarget.value)} />
      <Textarea label="Reason" required autosize minRows={2} value={reason} onChange={(e) => setReason(e.currentTarget.value)} />
    </ModalForm>
  );
}

export interface DischargeValues {
  on: string;
  reason: DischargeReason | '';
  summary: string;
  referrals: string;
  relapsePreventionPlan: string;
  alumniGroup: boolean;
  followUpOn: string;
}

export function DischargeForm({ onClose, today, onDischarge }: { onClose: () => void; today: string; onDischarge: (values: DischargeValues) => Promise<void> }) {
  const [values, setValues] = useState<DischargeValues>({ on: today, reason: '', summary: '', referrals: '', relapsePreventionPlan: '', alumniGroup: false, followUpOn: '' });
  const set = (change: Partial<DischargeValues>) => setValues((v) => ({ ...v, ...change }));
  return (
    <ModalForm title="Discharge" onClose={onClose} submitLabel="Discharge" onSubmit={() => onDischarge(values)}>
      <TextInput label="Discharge date" type="date" required value={values.on} onChange={(e) => set({ on: e.currentTarget.value })} />
      <Select label="Reason for discharge" required allowDeselect={false} data={options(DISCHARGE_REASONS)} value={values.reason || null} onChange={(v) => set({ reason: (v as DischargeReason | null) ?? '' })} />
      <Textarea label="Discharge summary" autosize minRows={2} value={values.summary} onChange={(e) => set({ summary: e.currentTarget.value })} />
      <Textarea label="Aftercare referrals" description="One per line." autosize minRows={2} value={values.referrals} onChange={(e) => set({ referrals: e.currentTarget.value })} />
      <Textarea label="Relapse-prevention plan" autosize minRows={2} value={values.relapsePreventionPlan} onChange={(e) => set({ relapsePreventionPlan: e.currentTarget.value })} />
      <Checkbox label="Joins the alumni group" checked={values.alumniGroup} onChange={(e) => set({ alumniGroup: e.currentTarget.checked })} />
      <TextInput label="Follow-up date" type="date" value={values.followUpOn} onChange={(e) => set({ followUpOn: e.currentTarget.value })} />
    </ModalForm>
  );
}
