import { useState } from 'react';
import { Checkbox, Select, Textarea, TextInput } from '@mantine/core';
import { DISCHARGE_REASONS, LEVELS_OF_CARE, type DischargeReason, type LevelOfCare } from '../../../../../shared/episodes';
import { ModalForm } from '../../../app/ModalForm';
import type { ProgramTree } from '../../../repositories/programs';

const options = <K extends string>(labels: Record<K, string>) => (Object.entries(labels) as [K, string][]).map(([value, label]) => ({ value, label }));

export interface AdmitValues {
  programId: string;
  trackId: string;
  /** Empty: not chosen yet (the only group is offered); NO_GROUP: chosen to join none. */
  groupId: string;
  level: LevelOfCare;
  admittedOn: string;
  referralReason: string;
}

const NO_GROUP = 'none';

export const EMPTY_ADMISSION: AdmitValues = { programId: '', trackId: '', groupId: '', level: 'iop', admittedOn: '', referralReason: '' };

/** Choices not made yet take the only option there is: one programme, its one track, its one group. */
export function withSingleChoices(values: AdmitValues, tree: ProgramTree): AdmitValues {
  const only = (ids: string[]) => (ids.length === 1 ? ids[0]! : '');
  const keep = (id: string, ids: string[]) => (ids.includes(id) ? id : only(ids));
  const programId = keep(values.programId, tree.programs.map((p) => p.id));
  const trackId = keep(values.trackId, tree.tracks.filter((t) => t.programId === programId).map((t) => t.id));
  const groups = tree.groups.filter((g) => g.trackId === trackId).map((g) => g.id);
  return { ...values, programId, trackId, groupId: values.groupId === NO_GROUP ? NO_GROUP : keep(values.groupId, groups) };
}

/** The admission as it is saved: single choices filled in, "no group" as no group, the date defaulted. */
export function admissionToSave(values: AdmitValues, tree: ProgramTree, today: string): AdmitValues {
  const v = withSingleChoices(values, tree);
  return { ...v, groupId: v.groupId === NO_GROUP ? '' : v.groupId, admittedOn: v.admittedOn || today };
}

/** Programme, track, group, level, date and reason of an admission; used in the dialog and the intake form. */
export function AdmissionFields({ values, tree, today, onChange }: { values: AdmitValues; tree: ProgramTree; today: string; onChange: (change: Partial<AdmitValues>) => void }) {
  const v = withSingleChoices(values, tree);
  return (
    <>
      <Select label="Programme" required allowDeselect={false} data={tree.programs.map((p) => ({ value: p.id, label: p.data.name }))} value={v.programId || null} onChange={(id) => onChange({ programId: id ?? '', trackId: '', groupId: '' })} />
      <Select
        label="Track"
        required
        allowDeselect={false}
        data={tree.tracks.filter((t) => t.programId === v.programId).map((t) => ({ value: t.id, label: t.data.name }))}
        value={v.trackId || null}
        onChange={(id) => onChange({ programId: v.programId, trackId: id ?? '', groupId: '' })}
        disabled={!v.programId}
      />
      <Select
        label="Group (optional)"
        description="Joins the group's roster from the admission date."
        data={tree.groups.filter((g) => g.trackId === v.trackId).map((g) => ({ value: g.id, label: g.data.name }))}
        value={v.groupId && v.groupId !== NO_GROUP ? v.groupId : null}
        onChange={(id) => onChange({ programId: v.programId, trackId: v.trackId, groupId: id ?? NO_GROUP })}
        disabled={!v.trackId}
        // Picking the preselected group again keeps it; the clear button leaves the group out.
        allowDeselect={false}
        clearable
      />
      <Select label="Level of care" required allowDeselect={false} data={options(LEVELS_OF_CARE)} value={v.level} onChange={(level) => level && onChange({ level: level as LevelOfCare })} />
      <TextInput label="Admission date" type="date" required value={v.admittedOn || today} onChange={(e) => onChange({ admittedOn: e.currentTarget.value })} />
      <Textarea label="Reason for referral" autosize minRows={2} value={v.referralReason} onChange={(e) => onChange({ referralReason: e.currentTarget.value })} />
    </>
  );
}

export function AdmitForm({ onClose, tree, today, onAdmit }: { onClose: () => void; tree: ProgramTree; today: string; onAdmit: (values: AdmitValues) => Promise<void> }) {
  const [values, setValues] = useState<AdmitValues>(EMPTY_ADMISSION);
  return (
    <ModalForm title="Admit to a programme" onClose={onClose} submitLabel="Admit" onSubmit={() => onAdmit(admissionToSave(values, tree, today))}>
      <AdmissionFields values={values} tree={tree} today={today} onChange={(change) => setValues((v) => ({ ...v, ...change }))} />
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
