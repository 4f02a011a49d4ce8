import type { ReactNode } from 'react';
import { Checkbox, Select, Textarea, TextInput } from '@mantine/core';
import { admissionSchema, dischargeSchema, DISCHARGE_REASONS, LEVELS_OF_CARE, levelChangeSchema, type DischargeReason, type LevelOfCare } from '../../../../../shared/episodes';
import { useSchemaForm } from '../../../app/forms';
import { ModalForm } from '../../../app/ModalForm';
import type { ProgramTree } from '../../../repositories/programs';
import { labelOptions } from '../../../i18n/shared';
import { st } from '../../../i18n/staff';

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
export function AdmissionFields({ values, errors = {}, tree, today, onChange }: { values: AdmitValues; errors?: Partial<Record<string, ReactNode>>; tree: ProgramTree; today: string; onChange: (change: Partial<AdmitValues>) => void }) {
  const v = withSingleChoices(values, tree);
  return (
    <>
      <Select label={st('clients.chart.EpisodeForms.programme')} required allowDeselect={false} error={errors.programId} data={tree.programs.map((p) => ({ value: p.id, label: p.data.name }))} value={v.programId || null} onChange={(id) => onChange({ programId: id ?? '', trackId: '', groupId: '' })} />
      <Select
        label={st('clients.chart.EpisodeForms.track')}
        required
        error={errors.trackId}
        allowDeselect={false}
        data={tree.tracks.filter((t) => t.programId === v.programId).map((t) => ({ value: t.id, label: t.data.name }))}
        value={v.trackId || null}
        onChange={(id) => onChange({ programId: v.programId, trackId: id ?? '', groupId: '' })}
        disabled={!v.programId}
      />
      <Select
        label={st('clients.chart.EpisodeForms.groupOptional')}
        description={st('clients.chart.EpisodeForms.joinsTheGroupSRoster')}
        data={tree.groups.filter((g) => g.trackId === v.trackId).map((g) => ({ value: g.id, label: g.data.name }))}
        value={v.groupId && v.groupId !== NO_GROUP ? v.groupId : null}
        onChange={(id) => onChange({ programId: v.programId, trackId: v.trackId, groupId: id ?? NO_GROUP })}
        disabled={!v.trackId}
        // Picking the preselected group again keeps it; the clear button leaves the group out.
        allowDeselect={false}
        clearable
      />
      <Select label={st('clients.chart.EpisodeForms.levelOfCare')} required allowDeselect={false} data={labelOptions(LEVELS_OF_CARE)} value={v.level} onChange={(level) => level && onChange({ level: level as LevelOfCare })} />
      <TextInput label={st('clients.chart.EpisodeForms.admissionDate')} type="date" required error={errors.admittedOn} value={v.admittedOn || today} onChange={(e) => onChange({ admittedOn: e.currentTarget.value })} />
      <Textarea label={st('clients.chart.EpisodeForms.reasonForReferral')} autosize minRows={2} value={v.referralReason} onChange={(e) => onChange({ referralReason: e.currentTarget.value })} />
    </>
  );
}

export function AdmitForm({ onClose, tree, today, onAdmit }: { onClose: () => void; tree: ProgramTree; today: string; onAdmit: (values: AdmitValues) => Promise<void> }) {
  const form = useSchemaForm(admissionSchema, { ...EMPTY_ADMISSION }, { toInput: (v) => ({ ...admissionToSave(v, tree, today), clientId: 'chart' }) });
  return (
    <ModalForm title={st('clients.chart.EpisodeForms.admitToAProgramme')} onClose={onClose} submitLabel={st('clients.chart.EpisodeForms.admit')} form={form} onSubmit={() => onAdmit(admissionToSave(form.getValues(), tree, today))}>
      <AdmissionFields values={form.getValues()} errors={form.errors} tree={tree} today={today} onChange={(change) => form.setValues(change)} />
    </ModalForm>
  );
}

export function LevelChangeForm({ onClose, current, today, onChange }: { onClose: () => void; current: LevelOfCare; today: string; onChange: (values: { to: LevelOfCare; on: string; reason: string }) => Promise<void> }) {
  const form = useSchemaForm(levelChangeSchema, { to: '' as LevelOfCare | '', on: today, reason: '' });
  return (
    <ModalForm title={st('clients.chart.EpisodeForms.changeLevelOfCare')} onClose={onClose} submitLabel={st('clients.chart.EpisodeForms.saveChange')} form={form} onSubmit={() => onChange({ ...form.getValues(), to: form.getValues().to as LevelOfCare })}>
      <Select label={st('clients.chart.EpisodeForms.newLevelOfCare')} required allowDeselect={false} data={labelOptions(LEVELS_OF_CARE).filter((o) => o.value !== current)} {...form.getInputProps('to')} value={form.getValues().to || null} onChange={(v) => form.setFieldValue('to', (v as LevelOfCare | null) ?? '')} />
      <TextInput label={st('clients.chart.EpisodeForms.dateOfTheChange')} type="date" required {...form.getInputProps('on')} />
      <Textarea label={st('clients.chart.EpisodeForms.reason')} required autosize minRows={2} {...form.getInputProps('reason')} />
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

/** The discharge as the shared schema takes it: referrals one per line. */
export const dischargeInput = (v: DischargeValues) => ({
  on: v.on,
  reason: v.reason,
  summary: v.summary,
  aftercare: { referrals: v.referrals.split('\n').map((r) => r.trim()).filter(Boolean), relapsePreventionPlan: v.relapsePreventionPlan, alumniGroup: v.alumniGroup, followUpOn: v.followUpOn },
});

export function DischargeForm({ onClose, today, onDischarge }: { onClose: () => void; today: string; onDischarge: (values: DischargeValues) => Promise<void> }) {
  const form = useSchemaForm(
    dischargeSchema,
    { on: today, reason: '' as DischargeReason | '', summary: '', referrals: '', relapsePreventionPlan: '', alumniGroup: false, followUpOn: '' },
    { toInput: dischargeInput, fields: { 'aftercare.followUpOn': 'followUpOn', 'aftercare.relapsePreventionPlan': 'relapsePreventionPlan', 'aftercare.referrals': 'referrals' } },
  );
  const values = form.getValues();
  return (
    <ModalForm title={st('clients.chart.EpisodeForms.discharge')} onClose={onClose} submitLabel={st('clients.chart.EpisodeForms.discharge')} form={form} onSubmit={() => onDischarge(form.getValues())}>
      <TextInput label={st('clients.chart.EpisodeForms.dischargeDate')} type="date" required {...form.getInputProps('on')} />
      <Select label={st('clients.chart.EpisodeForms.reasonForDischarge')} required allowDeselect={false} data={labelOptions(DISCHARGE_REASONS)} {...form.getInputProps('reason')} value={values.reason || null} onChange={(v) => form.setFieldValue('reason', (v as DischargeReason | null) ?? '')} />
      <Textarea label={st('clients.chart.EpisodeForms.dischargeSummary')} autosize minRows={2} {...form.getInputProps('summary')} />
      <Textarea label={st('clients.chart.EpisodeForms.aftercareReferrals')} description={st('clients.chart.EpisodeForms.onePerLine')} autosize minRows={2} {...form.getInputProps('referrals')} />
      <Textarea label={st('clients.chart.EpisodeForms.relapsePreventionPlan')} autosize minRows={2} {...form.getInputProps('relapsePreventionPlan')} />
      <Checkbox label={st('clients.chart.EpisodeForms.joinsTheAlumniGroup')} {...form.getInputProps('alumniGroup', { type: 'checkbox' })} />
      <TextInput label={st('clients.chart.EpisodeForms.followUpDate')} type="date" {...form.getInputProps('followUpOn')} />
    </ModalForm>
  );
}
