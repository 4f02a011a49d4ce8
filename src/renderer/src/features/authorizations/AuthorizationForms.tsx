import { Group, MultiSelect, NumberInput, Select, Textarea, TextInput, type NumberInputProps } from '@mantine/core';
import { useForm } from '@mantine/form';
import {
  AUTHORIZATION_STATUSES,
  authorizationSchema,
  levelDifferenceProblem,
  REVIEW_TYPES,
  utilizationReviewSchema,
  type Payer,
  type ReviewOutcome,
  type UtilizationReview,
} from '../../../../shared/billing';
import { LEVELS_OF_CARE, type LevelOfCare } from '../../../../shared/episodes';
import { SERVICE_TYPES, type ServiceType } from '../../../../shared/hours';
import { zodValidate } from '../../app/forms';
import { ModalForm } from '../../app/ModalForm';
import { useServices } from '../../app/services';
import { labelOptions, sharedText } from '../../i18n/shared';
import { st } from '../../i18n/staff';
import { editable, type AuthorizationRecord, type EditableAuthorization } from '../../repositories/authorizations';

/** An authorization as stored (reviews and certifications are not this form's), each message at its field's path. */
const checkAuthorization = zodValidate<EditableAuthorization>(authorizationSchema, { toInput: (values) => ({ ...values, reviews: {}, certifications: {} }) });
const checkReview = zodValidate<UtilizationReview>(utilizationReviewSchema);

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
  const form = useForm<EditableAuthorization>({
    mode: 'controlled',
    initialValues: existing ? editable(existing.data) : blank(props.clientId, props.episodeId, clinicalLevel, props.today),
    validate: (values) => {
      // The panel also flags a difference that appears later (the clinical level changed); here the office is asked at once.
      const difference = clinicalLevel === null ? null : levelDifferenceProblem(values, clinicalLevel);
      return { ...checkAuthorization(values), ...(difference === null ? {} : { levelDifferenceReason: sharedText(difference.key, difference.values) }) };
    },
  });
  const v = form.getValues();
  const differs = clinicalLevel !== null && v.authorizedLevel !== clinicalLevel;
  const save = async () => {
    const values = form.getValues();
    if (existing) await authorizations.update(existing.id, values);
    else await authorizations.add({ ...values, reviews: {}, certifications: {} });
  };
  return (
    <ModalForm
      title={existing ? st('authorizations.AuthorizationForms.editTitle') : st('authorizations.AuthorizationForms.addTitle')}
      submitLabel={existing ? st('authorizations.AuthorizationForms.save') : st('authorizations.AuthorizationForms.add')}
      onClose={props.onClose}
      form={form}
      onSubmit={save}
    >
      <Group grow align="flex-start">
        <Select
          label={st('authorizations.AuthorizationForms.payer')}
          required
          data={props.payers.map((p) => ({ value: p.id, label: p.name }))}
          {...form.getInputProps('payerId')}
          value={v.payerId || null}
          onChange={(payerId) => form.setFieldValue('payerId', payerId ?? '')}
          nothingFoundMessage={st('authorizations.AuthorizationForms.noPayer')}
        />
        <TextInput label={st('authorizations.AuthorizationForms.number')} {...form.getInputProps('number')} />
      </Group>
      <Group grow align="flex-start">
        <Select label={st('authorizations.AuthorizationForms.status')} allowDeselect={false} data={labelOptions(AUTHORIZATION_STATUSES)} {...form.getInputProps('status')} />
        <UnitsInput label={st('authorizations.AuthorizationForms.units')} description={st('authorizations.AuthorizationForms.unitsDescription')} {...form.getInputProps('units')} />
        <TextInput label={st('authorizations.AuthorizationForms.frequency')} placeholder={st('authorizations.AuthorizationForms.frequencyExample')} {...form.getInputProps('frequency')} />
      </Group>
      <Group grow align="flex-start">
        <TextInput label={st('authorizations.AuthorizationForms.start')} type="date" required {...form.getInputProps('startOn')} />
        <TextInput label={st('authorizations.AuthorizationForms.end')} type="date" required {...form.getInputProps('endOn')} />
        <TextInput label={st('authorizations.AuthorizationForms.nextReview')} type="date" {...form.getInputProps('nextReviewOn')} />
        <Select label={st('authorizations.AuthorizationForms.reviewType')} allowDeselect={false} data={labelOptions(REVIEW_TYPES)} {...form.getInputProps('reviewType')} />
      </Group>
      <Select
        label={st('authorizations.AuthorizationForms.levelAuthorized')}
        description={clinicalLevel ? st('authorizations.AuthorizationForms.clinicalLevel', { level: sharedText(LEVELS_OF_CARE[clinicalLevel]) }) : undefined}
        allowDeselect={false}
        data={labelOptions(LEVELS_OF_CARE)}
        {...form.getInputProps('authorizedLevel')}
      />
      {differs && <Textarea label={st('authorizations.AuthorizationForms.whyLevelDiffers')} required autosize minRows={2} {...form.getInputProps('levelDifferenceReason')} />}
      <MultiSelect label={st('authorizations.AuthorizationForms.covers')} data={labelOptions(SERVICE_TYPES)} {...form.getInputProps('covers')} />
      <Group grow align="flex-start">
        <TextInput label={st('authorizations.AuthorizationForms.careManager')} {...form.getInputProps('careManager.name')} />
        <TextInput label={st('authorizations.AuthorizationForms.careManagerPhone')} {...form.getInputProps('careManager.phone')} />
      </Group>
      <Textarea label={st('authorizations.AuthorizationForms.notes')} autosize minRows={2} {...form.getInputProps('notes')} />
    </ModalForm>
  );
}

/** A count of units: an emptied field is kept as not-a-number, so the schema says it must be a number. */
function UnitsInput({ onChange, ...props }: Omit<NumberInputProps, 'onChange'> & { onChange: (value: number) => void }) {
  return <NumberInput min={0} max={1000} allowDecimal={false} clampBehavior="none" {...props} onChange={(n) => onChange(typeof n === 'number' ? n : Number.NaN)} />;
}

type ReviewValues = UtilizationReview & ReviewOutcome;

/** Records a utilization review (what was sent, the outcome) and what it decided. */
export function ReviewForm({ record, today, reviewer, onClose }: { record: AuthorizationRecord; today: string; reviewer: string; onClose: () => void }) {
  const { authorizations } = useServices();
  const a = record.data;
  const split = ({ on, type, sent, outcome, by, ...after }: ReviewValues) => ({ review: { on, type, sent, outcome, by }, after });
  const form = useForm<ReviewValues>({
    mode: 'controlled',
    initialValues: { on: today, type: a.reviewType, sent: '', outcome: '', by: reviewer, status: a.status, units: a.units, endOn: a.endOn, nextReviewOn: '', reviewType: 'concurrent' },
    // The review by its own schema; what it decided as the authorization it leaves behind.
    validate: (values) => ({ ...checkReview(split(values).review), ...checkAuthorization({ ...a, ...split(values).after }) }),
  });
  const save = () => {
    const { review, after } = split(form.getValues());
    return authorizations.recordReview(record.id, review, after);
  };
  return (
    <ModalForm title={st('authorizations.AuthorizationForms.reviewTitle')} submitLabel={st('authorizations.AuthorizationForms.recordTheReview')} onClose={onClose} form={form} onSubmit={save}>
      <Group grow align="flex-start">
        <TextInput label={st('authorizations.AuthorizationForms.reviewDate')} type="date" required {...form.getInputProps('on')} />
        <Select label={st('authorizations.AuthorizationForms.type')} allowDeselect={false} data={labelOptions(REVIEW_TYPES)} {...form.getInputProps('type')} />
        <TextInput label={st('authorizations.AuthorizationForms.heldBy')} {...form.getInputProps('by')} />
      </Group>
      <Textarea label={st('authorizations.AuthorizationForms.whatWasSent')} autosize minRows={2} {...form.getInputProps('sent')} />
      <Textarea label={st('authorizations.AuthorizationForms.outcome')} autosize minRows={2} {...form.getInputProps('outcome')} />
      <Group grow align="flex-start">
        <Select label={st('authorizations.AuthorizationForms.statusAfterwards')} allowDeselect={false} data={labelOptions(AUTHORIZATION_STATUSES)} {...form.getInputProps('status')} />
        <UnitsInput label={st('authorizations.AuthorizationForms.unitsAfterwards')} {...form.getInputProps('units')} />
        <TextInput label={st('authorizations.AuthorizationForms.endAfterwards')} type="date" {...form.getInputProps('endOn')} />
      </Group>
      <Group grow align="flex-start">
        <TextInput label={st('authorizations.AuthorizationForms.nextReview')} type="date" {...form.getInputProps('nextReviewOn')} />
        <Select label={st('authorizations.AuthorizationForms.nextReviewType')} allowDeselect={false} data={labelOptions(REVIEW_TYPES)} {...form.getInputProps('reviewType')} />
      </Group>
    </ModalForm>
  );
}
