import { useState } from 'react';
import { Group, MultiSelect, NumberInput, Select, Textarea, TextInput } from '@mantine/core';
import { AUTHORIZATION_STATUSES, REVIEW_TYPES, type AuthorizationStatus, type Payer, type ReviewType } from '../../../../shared/billing';
import { LEVELS_OF_CARE, type LevelOfCare } from '../../../../shared/episodes';
import { SERVICE_TYPES, type ServiceType } from '../../../../shared/hours';
import { ModalForm } from '../../app/ModalForm';
import { useServices } from '../../app/services';
import { editable, type AuthorizationRecord, type EditableAuthorization } from '../../repositories/authorizations';

const options = (labels: Readonly<Record<string, string>>) => Object.entries(labels).map(([value, label]) => ({ value, label }));

function blank(clientId: string, episodeId: string, clinicalLevel: LevelOfCare | null, today: string): EditableAuthorization {
  return {
    clientId,
    episodeId,
    payerId: '',
    number: '',
    authorizedLevel: clinicalLevel ?? 'iop',
    levelDifferenceReason: '',
    units: 0,
    frequency: '',
    startOn: today,
    endOn: today,
    nextReviewOn: '',
    reviewType: 'initial',
    status: 'requested',
    careManager: { name: '', phone: '' },
    covers: Object.keys(SERVICE_TYPES) as ServiceType[],
    notes: '',
  };
}

/** Adds an authorization to the episode, or edits one; reviews and certifications are recorded apart. */
export function AuthorizationForm(props: {
  clientId: string;
  episodeId: string;
  clinicalLevel: LevelOfCare | null;
  payers: readonly Payer[];
  today: string;
  existing?: AuthorizationRecord;
  onClose: () => void;
}) {
  const { authorizations } = useServices();
  const { existing, clinicalLevel } = props;
  const [v, setV] = useState<EditableAuthorization>(() => (existing ? editable(existing.data) : blank(props.clientId, props.episodeId, clinicalLevel, props.today)));
  const set = (change: Partial<EditableAuthorization>) => setV((current) => ({ ...current, ...change }));
  const differs = clinicalLevel !== null && v.authorizedLevel !== clinicalLevel;
  const save = async () => {
    // The panel also flags a difference that appears later (the clinical level changed); here the office is asked at once.
    if (differs && v.levelDifferenceReason.trim() === '') throw new Error(`The payer's level differs from the clinical level (${LEVELS_OF_CARE[clinicalLevel]}): give the reason`);
    if (existing) await authorizations.update(existing.id, v);
    else await authorizations.add({ ...v, reviews: {}, certifications: {} });
  };
  return (
    <ModalForm title={existing ? 'Edit the authorization' : 'Add an authorization'} submitLabel={existing ? 'Save the authorization' : 'Add the authorization'} onClose={props.onClose} onSubmit={save}>
      <Group grow align="flex-start">
        <Select
          label="Payer"
          required
          data={props.payers.map((p) => ({ value: p.id, label: p.name }))}
          value={v.payerId || null}
          onChange={(payerId) => set({ payerId: payerId ?? '' })}
          nothingFoundMessage="No payer yet: add one in Settings → Payers"
        />
        <TextInput label="Authorization number" value={v.number} onChange={(e) => set({ number: e.currentTarget.value })} />
      </Group>
      <Group grow align="flex-start">
        <Select label="Status" allowDeselect={false} data={options(AUTHORIZATION_STATUSES)} value={v.status} onChange={(s) => s && set({ status: s as AuthorizationStatus })} />
        <NumberInput label="Units authorized" description="Sessions or days, by the payer's unit rule" min={0} max={1000} allowDecimal={false} clampBehavior="none" value={v.units} onChange={(n) => set({ units: typeof n === 'number' ? n : Number.NaN })} />
        <TextInput label="Frequency" placeholder="e.g. 3 days a week" value={v.frequency} onChange={(e) => set({ frequency: e.currentTarget.value })} />
      </Group>
      <Group grow align="flex-start">
        <TextInput label="Start" type="date" required value={v.startOn} onChange={(e) => set({ startOn: e.currentTarget.value })} />
        <TextInput label="End" type="date" required value={v.endOn} onChange={(e) => set({ endOn: e.currentTarget.value })} />
        <TextInput label="Next review" type="date" value={v.nextReviewOn} onChange={(e) => set({ nextReviewOn: e.currentTarget.value })} />
        <Select label="Review type" allowDeselect={false} data={options(REVIEW_TYPES)} value={v.reviewType} onChange={(t) => t && set({ reviewType: t as ReviewType })} />
      </Group>
      <Select
        label="Level of care authorized"
        description={clinicalLevel ? `Clinical level on the episode: ${LEVELS_OF_CARE[clinicalLevel]}` : undefined}
        allowDeselect={false}
        data={options(LEVELS_OF_CARE)}
        value={v.authorizedLevel}
        onChange={(l) => l && set({ authorizedLevel: l as LevelOfCare })}
      />
      {differs && (
        <Textarea
          label="Why the authorized level differs from the clinical level"
          required
          autosize
          minRows={2}
          value={v.levelDifferenceReason}
          onChange={(e) => set({ levelDifferenceReason: e.currentTarget.value })}
        />
      )}
      <MultiSelect label="Services it covers" data={options(SERVICE_TYPES)} value={v.covers} onChange={(covers) => set({ covers: covers as ServiceType[] })} />
      <Group grow align="flex-start">
        <TextInput label="Payer's care manager" value={v.careManager.name} onChange={(e) => set({ careManager: { ...v.careManager, name: e.currentTarget.value } })} />
        <TextInput label="Care manager's phone" value={v.careManager.phone} onChange={(e) => set({ careManager: { ...v.careManager, phone: e.currentTarget.value } })} />
      </Group>
      <Textarea label="Notes" autosize minRows={2} value={v.notes} onChange={(e) => set({ notes: e.currentTarget.value })} />
    </ModalForm>
  );
}

/** Records a utilization review (what was sent, the outcome) and what it decided. */
export function ReviewForm({ record, today, reviewer, onClose }: { record: AuthorizationRecord; today: string; reviewer: string; onClose: () => void }) {
  const { authorizations } = useServices();
  const a = record.data;
  const [review, setReview] = useState({ on: today, type: a.reviewType, sent: '', outcome: '', by: reviewer });
  const [after, setAfter] = useState({ status: a.status, units: a.units, endOn: a.endOn, nextReviewOn: '', reviewType: 'concurrent' as ReviewType });
  return (
    <ModalForm title="Record a utilization review" submitLabel="Record the review" onClose={onClose} onSubmit={() => authorizations.recordReview(record.id, review, after)}>
      <Group grow align="flex-start">
        <TextInput label="Date of the review" type="date" required value={review.on} onChange={(e) => setReview({ ...review, on: e.currentTarget.value })} />
        <Select label="Type" allowDeselect={false} data={options(REVIEW_TYPES)} value={review.type} onChange={(t) => t && setReview({ ...review, type: t as ReviewType })} />
        <TextInput label="Held by" value={review.by} onChange={(e) => setReview({ ...review, by: e.currentTarget.value })} />
      </Group>
      <Textarea label="What was sent" autosize minRows={2} value={review.sent} onChange={(e) => setReview({ ...review, sent: e.currentTarget.value })} />
      <Textarea label="Outcome" autosize minRows={2} value={review.outcome} onChange={(e) => setReview({ ...review, outcome: e.currentTarget.value })} />
      <Group grow align="flex-start">
        <Select label="Status afterwards" allowDeselect={false} data={options(AUTHORIZATION_STATUSES)} value={after.status} onChange={(s) => s && setAfter({ ...after, status: s as AuthorizationStatus })} />
        <NumberInput label="Units authorized afterwards" min={0} max={1000} allowDecimal={false} clampBehavior="none" value={after.units} onChange={(n) => setAfter({ ...after, units: typeof n === 'number' ? n : Number.NaN })} />
        <TextInput label="End date afterwards" type="date" value={after.endOn} onChange={(e) => setAfter({ ...after, endOn: e.currentTarget.value })} />
      </Group>
      <Group grow align="flex-start">
        <TextInput label="Next review" type="date" value={after.nextReviewOn} onChange={(e) => setAfter({ ...after, nextReviewOn: e.currentTarget.value })} />
        <Select label="Next review type" allowDeselect={false} data={options(REVIEW_TYPES)} value={after.reviewType} onChange={(t) => t && setAfter({ ...after, reviewType: t as ReviewType })} />
      </Group>
    </ModalForm>
  );
}
