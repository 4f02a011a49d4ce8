import { useMemo, useRef, useState } from 'react';
import { useForm } from '@mantine/form';
import { Alert, Button, Checkbox, Fieldset, Group, Loader, Paper, Select, SimpleGrid, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { Link, useNavigate, useParams } from 'react-router';
import { CLIENT_FLAGS, displayName, validateClientIdentity, WAITLIST_PRIORITIES, type ClientFlag, type Diagnosis, type WaitlistPriority } from '../../../../shared/clients';
import { findDuplicates, type DuplicateMatch } from '../../../../shared/duplicates';
import { useServices } from '../../app/services';
import { SaveStatus } from '../../app/SaveStatus';
import { focusFirstError } from '../../app/forms';
import { useDraft, type Draft } from '../../hooks/useDraft';
import { useObservable } from '../../hooks/useObservable';
import type { ClientRecord } from '../../repositories/clients';
import type { ProgramTree } from '../../repositories/programs';
import { useToday } from '../../hooks/useToday';
import { admissionSchema } from '../../../../shared/episodes';
import { admitClient } from './admission';
import { AdmissionFields, admissionToSave, EMPTY_ADMISSION } from './chart/EpisodeForms';
import { DiagnosisPicker } from './DiagnosisPicker';
import { NotOnThisDevice } from '../newer-records/NotOnThisDevice';
import { st } from '../../i18n/staff';
import { errorText, issueText, labelOptions, sharedText } from '../../i18n/shared';

/** The form as typed (flat strings), kept as a sealed draft until the client is saved. */
const EMPTY = {
  firstName: '',
  lastName: '',
  preferredName: '',
  dateOfBirth: '',
  pronouns: '',
  phone: '',
  email: '',
  address: '',
  emergencyName: '',
  emergencyRelationship: '',
  emergencyPhone: '',
  payer: '',
  memberId: '',
  referralSource: '',
  diagnoses: [] as Diagnosis[],
  flags: [] as ClientFlag[],
  toWaitlist: false,
  waitlistPriority: 'routine' as WaitlistPriority,
  waitlistReason: '',
  admitNow: false,
  admission: EMPTY_ADMISSION,
};
type Form = typeof EMPTY;

function toIntake(form: Form, today: string) {
  return {
    firstName: form.firstName,
    lastName: form.lastName,
    preferredName: form.preferredName,
    dateOfBirth: form.dateOfBirth,
    pronouns: form.pronouns,
    phone: form.phone,
    email: form.email.trim(),
    address: form.address,
    emergencyContact: { name: form.emergencyName, relationship: form.emergencyRelationship, phone: form.emergencyPhone },
    payer: form.payer,
    memberId: form.memberId,
    referralSource: form.referralSource,
    diagnoses: form.diagnoses,
    flags: form.flags,
    ...(form.toWaitlist ? { waitlist: { priority: form.waitlistPriority, addedOn: today, reason: form.waitlistReason, attempts: [] } } : {}),
  };
}

/** Maps an issue path from the intake schema back to the form field that shows it. */
function fieldOf(path: PropertyKey[]): string {
  const [head, sub] = path.map(String);
  if (head === 'emergencyContact') return `emergency${sub ? sub[0]!.toUpperCase() + sub.slice(1) : 'Name'}`;
  if (head === 'waitlist') return sub === 'reason' ? 'waitlistReason' : 'waitlistPriority';
  return head ?? 'form';
}

/** The form's fields from a stored client, for editing. */
export function formFromClient(client: ClientRecord): Form {
  const d = client.data;
  return {
    firstName: d.firstName,
    lastName: d.lastName,
    preferredName: d.preferredName,
    dateOfBirth: d.dateOfBirth,
    pronouns: d.pronouns,
    phone: d.phone,
    email: d.email,
    address: d.address,
    emergencyName: d.emergencyContact.name,
    emergencyRelationship: d.emergencyContact.relationship,
    emergencyPhone: d.emergencyContact.phone,
    payer: d.payer,
    memberId: d.memberId,
    referralSource: d.referralSource,
    diagnoses: d.diagnoses,
    flags: d.flags,
    toWaitlist: d.waitlist !== undefined,
    waitlistPriority: d.waitlist?.priority ?? 'routine',
    waitlistReason: d.waitlist?.reason ?? '',
    admitNow: false,
    admission: EMPTY_ADMISSION,
  };
}

/** Intake of a new client, straight to active or onto the waitlist, with a duplicate check on save. */
export function NewClientPage() {
  return <ClientForm mode={{ kind: 'new' }} />;
}

/** Editing a client's intake details; the waitlist history and merge records are kept as they are. */
export function EditClientPage() {
  const { clientId = '' } = useParams();
  const { clients } = useServices();
  const client = useObservable(useMemo(() => clients.get$(clientId), [clients, clientId]), undefined as ClientRecord | null | undefined);
  if (client === undefined) return <Loader aria-label={st('clients.NewClientPage.loadingTheClient')} />;
  if (client === null) return <NotOnThisDevice collection="clients" id={clientId} missing={st('clients.NewClientPage.notOnThisDevice')} />;
  return <ClientForm mode={{ kind: 'edit', client }} />;
}

const EMPTY_TREE: ProgramTree = { programs: [], tracks: [], groups: [] };

function ClientForm({ mode }: { mode: { kind: 'new' } | { kind: 'edit'; client: ClientRecord } }) {
  const editing = mode.kind === 'edit' ? mode.client : null;
  const draft = useDraft<Form>(editing ? `edit-client:${editing.id}` : 'new-client', editing ? formFromClient(editing) : EMPTY);
  if (!draft.loaded) return <Loader aria-label={st('clients.NewClientPage.loadingTheDraft')} />;
  return <ClientFormFields editing={editing} draft={draft} />;
}

/** What the intake schema checks: the client as it would be saved (an edit keeps what the form does not show). */
function identityOf(values: Form, editing: ClientRecord | null, today: string) {
  const intake = toIntake(values, today);
  // An edit keeps what the form does not show: contact attempts, the waitlist date, merge records.
  return validateClientIdentity(
    editing ? { ...editing.data, ...intake, waitlist: intake.waitlist && editing.data.waitlist ? { ...editing.data.waitlist, priority: intake.waitlist.priority, reason: intake.waitlist.reason } : intake.waitlist } : intake,
    today,
  );
}

/** The form over a loaded draft: @mantine/form holds the values, each change also goes to the sealed draft. */
function ClientFormFields({ editing, draft }: { editing: ClientRecord | null; draft: Draft<Form> }) {
  const services = useServices();
  const { clients, programs, clock } = services;
  const today = useToday();
  const tree = useObservable(useMemo(() => programs.tree$(), [programs]), EMPTY_TREE);
  const navigate = useNavigate();
  const element = useRef<HTMLFormElement | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [duplicates, setDuplicates] = useState<(DuplicateMatch & { name: string; dateOfBirth: string })[] | null>(null);
  const form = useForm<Form>({
    mode: 'controlled',
    initialValues: draft.value,
    onValuesChange: (values) => draft.update(values),
    validate: (values) => {
      const parsed = identityOf(values, editing, clock.today());
      return parsed.success ? {} : Object.fromEntries(parsed.error.issues.map((issue) => [fieldOf(issue.path), issueText(issue)]));
    },
  });
  const values = form.getValues();

  const save = async (confirmedNotDuplicate: boolean) => {
    if (form.validate().hasErrors) {
      focusFirstError(element.current);
      return;
    }
    const today = clock.today();
    const parsed = identityOf(values, editing, today);
    if (!parsed.success) return;
    try {
      if (editing) {
        await clients.update(editing.id, parsed.data);
        await draft.discard();
        void navigate(`/clients/${editing.id}`);
        return;
      }
      if (!confirmedNotDuplicate) {
        const existing = await clients.all();
        const matches = findDuplicates(parsed.data, existing.map((c) => ({ id: c.id, identity: c.data })));
        if (matches.length > 0) {
          const byId = new Map(existing.map((c) => [c.id, c.data]));
          setDuplicates(matches.map((m) => ({ ...m, name: displayName(byId.get(m.id)!), dateOfBirth: byId.get(m.id)!.dateOfBirth })));
          return;
        }
      }
      const admitting = values.admitNow && !values.toWaitlist;
      const admission = admissionToSave(values.admission, tree, today);
      const checked = admissionSchema.safeParse({ ...admission, clientId: 'new' });
      if (admitting && !checked.success) {
        setFailure(st('clients.NewClientPage.admissionNeedsAttention', { problems: checked.error.issues.map((i) => issueText(i)).join('; ') }));
        return;
      }
      const created = await clients.create(parsed.data);
      await draft.discard();
      let admissionError: string | undefined;
      if (admitting) await admitClient(services, created.id, admission).catch((error: unknown) => (admissionError = errorText(error)));
      void navigate(`/clients/${created.id}`, { state: admissionError ? { admissionError } : null });
    } catch (error) {
      setFailure(st('clients.NewClientPage.notSaved', { error: errorText(error) }));
    }
  };
  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Title order={2}>{editing ? st('clients.NewClientPage.edit', { data: displayName(editing.data) }) : st('clients.NewClientPage.newClient')}</Title>
        <SaveStatus state={draft.saveState} label={st('clients.NewClientPage.draft')} />
      </Group>
      <Paper
        withBorder
        p="lg"
        maw={900}
        component="form"
        ref={element}
        onSubmit={(event: React.FormEvent) => {
          event.preventDefault();
          void save(false);
        }}
        noValidate
        aria-label={editing ? st('clients.NewClientPage.editClient') : st('clients.NewClientPage.newClient')}
      >
        <Stack gap="md">
          <Fieldset legend={st('clients.NewClientPage.legends.identity')}>
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
              <TextInput label={st('clients.NewClientPage.firstName')} required autoComplete="off" {...form.getInputProps('firstName')} />
              <TextInput label={st('clients.NewClientPage.lastName')} required autoComplete="off" {...form.getInputProps('lastName')} />
              <TextInput label={st('clients.NewClientPage.preferredName')} autoComplete="off" {...form.getInputProps('preferredName')} />
              <TextInput label={st('clients.NewClientPage.dateOfBirth')} type="date" required {...form.getInputProps('dateOfBirth')} />
              <TextInput label={st('clients.NewClientPage.pronouns')} placeholder={st('clients.NewClientPage.eGSheHer')} autoComplete="off" {...form.getInputProps('pronouns')} />
            </SimpleGrid>
          </Fieldset>
          <Fieldset legend={st('clients.NewClientPage.legends.contact')}>
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
              <TextInput label={st('clients.NewClientPage.phone')} type="tel" autoComplete="off" {...form.getInputProps('phone')} />
              <TextInput label={st('clients.NewClientPage.email')} type="email" autoComplete="off" {...form.getInputProps('email')} />
              <Textarea label={st('clients.NewClientPage.address')} autosize minRows={2} {...form.getInputProps('address')} />
            </SimpleGrid>
          </Fieldset>
          <Fieldset legend={st('clients.NewClientPage.emergencyContact')}>
            <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
              <TextInput label={st('clients.NewClientPage.emergencyContactName')} autoComplete="off" {...form.getInputProps('emergencyName')} />
              <TextInput label={st('clients.NewClientPage.relationship')} autoComplete="off" {...form.getInputProps('emergencyRelationship')} />
              <TextInput label={st('clients.NewClientPage.emergencyContactPhone')} type="tel" autoComplete="off" {...form.getInputProps('emergencyPhone')} />
            </SimpleGrid>
          </Fieldset>
          <Fieldset legend={st('clients.NewClientPage.payerAndReferral')}>
            <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
              <TextInput label={st('clients.NewClientPage.payer')} autoComplete="off" {...form.getInputProps('payer')} />
              <TextInput label={st('clients.NewClientPage.memberId')} autoComplete="off" {...form.getInputProps('memberId')} />
              <TextInput label={st('clients.NewClientPage.referralSource')} autoComplete="off" {...form.getInputProps('referralSource')} />
            </SimpleGrid>
          </Fieldset>
          <Fieldset legend={st('clients.NewClientPage.legends.clinical')}>
            <Stack gap="sm">
              <DiagnosisPicker value={values.diagnoses} onChange={(diagnoses) => form.setFieldValue('diagnoses', diagnoses)} error={form.errors['diagnoses'] as string | undefined} />
              <Checkbox.Group label={st('clients.NewClientPage.recordFlags')} value={values.flags} onChange={(flags) => form.setFieldValue('flags', flags as ClientFlag[])}>
                <Group mt={4}>
                  {(Object.keys(CLIENT_FLAGS) as ClientFlag[]).map((flag) => (
                    <Checkbox key={flag} value={flag} label={sharedText(CLIENT_FLAGS[flag])} />
                  ))}
                </Group>
              </Checkbox.Group>
            </Stack>
          </Fieldset>
          {(!editing || values.toWaitlist) && (
            <Fieldset legend={st('clients.NewClientPage.legends.waitlist')}>
              <Stack gap="sm">
                {/* Leaving the waitlist happens by admission, which keeps its contact history. */}
                {!editing && <Checkbox label={st('clients.NewClientPage.addToTheWaitlistInstead')} {...form.getInputProps('toWaitlist', { type: 'checkbox' })} />}
                {values.toWaitlist && (
                  <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
                    <Select
                      label={st('clients.NewClientPage.priority')}
                      data={labelOptions(WAITLIST_PRIORITIES)}
                      value={values.waitlistPriority}
                      onChange={(value) => value && form.setFieldValue('waitlistPriority', value as WaitlistPriority)}
                      error={form.errors['waitlistPriority']}
                      allowDeselect={false}
                    />
                    <TextInput label={st('clients.NewClientPage.reasonForWaiting')} autoComplete="off" {...form.getInputProps('waitlistReason')} />
                  </SimpleGrid>
                )}
              </Stack>
            </Fieldset>
          )}
          {!editing && !values.toWaitlist && (
            <Fieldset legend={st('clients.NewClientPage.legends.admission')}>
              <Stack gap="sm">
                <Checkbox label={st('clients.NewClientPage.admitNow')} description={st('clients.NewClientPage.opensTheEpisodeOfCare')} {...form.getInputProps('admitNow', { type: 'checkbox' })} />
                {values.admitNow &&
                  (tree.programs.length === 0 ? (
                    <Text size="sm" c="dimmed">
                      {st('clients.NewClientPage.noProgrammeYetCreateA')}
                    </Text>
                  ) : (
                    <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
                      <AdmissionFields values={values.admission} tree={tree} today={today} onChange={(change) => form.setFieldValue('admission', { ...values.admission, ...change })} />
                    </SimpleGrid>
                  ))}
              </Stack>
            </Fieldset>
          )}
          {duplicates && (
            <Alert color="yellow" role="alert" title={st('clients.NewClientPage.thisClientMayAlreadyBe')}>
              <Stack gap="xs">
                {duplicates.map((d) => (
                  <Group key={d.id} gap="sm">
                    <Text size="sm">
                      {st(d.reason === 'exact' ? 'clients.NewClientPage.bornSame' : 'clients.NewClientPage.bornSimilar', { name: d.name, dateOfBirth: d.dateOfBirth })}
                    </Text>
                    <Button component={Link} to={`/clients/${d.id}`} size="compact-sm" variant="light">
                      {st('clients.NewClientPage.openExistingRecord')}
                    </Button>
                  </Group>
                ))}
                <Group>
                  <Button size="compact-sm" variant="default" onClick={() => void save(true)}>
                    {st('clients.NewClientPage.notTheSamePersonSave')}
                  </Button>
                </Group>
              </Stack>
            </Alert>
          )}
          {failure && (
            <Alert color="red" role="alert">
              {failure}
            </Alert>
          )}
          <Group justify="space-between">
            <Text size="xs" c="dimmed">
              {st('clients.NewClientPage.savedAsADraftOn')}
            </Text>
            <Group>
              <Button variant="default" onClick={() => void navigate(editing ? `/clients/${editing.id}` : '/clients')}>
                {editing ? st('clients.NewClientPage.backToTheChart') : st('clients.NewClientPage.backToClients')}
              </Button>
              <Button type="submit">{editing ? st('clients.NewClientPage.saveChanges') : values.admitNow && !values.toWaitlist ? st('clients.NewClientPage.saveAndAdmit') : st('clients.NewClientPage.saveClient')}</Button>
            </Group>
          </Group>
        </Stack>
      </Paper>
    </Stack>
  );
}
