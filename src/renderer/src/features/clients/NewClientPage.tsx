import { useMemo, useState } from 'react';
import { Alert, Button, Checkbox, Fieldset, Group, Loader, Paper, Select, SimpleGrid, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { Link, useNavigate, useParams } from 'react-router';
import { CLIENT_FLAGS, displayName, validateClientIdentity, WAITLIST_PRIORITIES, type ClientFlag, type Diagnosis, type WaitlistPriority } from '../../../../shared/clients';
import { findDuplicates, type DuplicateMatch } from '../../../../shared/duplicates';
import { useServices } from '../../app/services';
import { SaveStatus } from '../../app/SaveStatus';
import { useDraft } from '../../hooks/useDraft';
import { useObservable } from '../../hooks/useObservable';
import type { ClientRecord } from '../../repositories/clients';
import type { ProgramTree } from '../../repositories/programs';
import { useToday } from '../../hooks/useToday';
import { admissionSchema } from '../../../../shared/episodes';
import { admitClient } from './admission';
import { AdmissionFields, admissionToSave, EMPTY_ADMISSION } from './chart/EpisodeForms';
import { DiagnosisPicker } from './DiagnosisPicker';
import { NotOnThisDevice } from '../newer-records/NotOnThisDevice';

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
type TextField = { [K in keyof Form]: Form[K] extends string ? K : never }[keyof Form];

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
  if (client === undefined) return <Loader aria-label="Loading the client" />;
  if (client === null) return <NotOnThisDevice collection="clients" id={clientId} missing="This client record does not exist on this device." />;
  return <ClientForm mode={{ kind: 'edit', client }} />;
}

const EMPTY_TREE: ProgramTree = { programs: [], tracks: [], groups: [] };

function ClientForm({ mode }: { mode: { kind: 'new' } | { kind: 'edit'; client: ClientRecord } }) {
  const services = useServices();
  const { clients, programs, clock } = services;
  const today = useToday();
  const tree = useObservable(useMemo(() => programs.tree$(), [programs]), EMPTY_TREE);
  const navigate = useNavigate();
  const editing = mode.kind === 'edit' ? mode.client : null;
  const draft = useDraft<Form>(editing ? `edit-client:${editing.id}` : 'new-client', editing ? formFromClient(editing) : EMPTY);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [duplicates, setDuplicates] = useState<(DuplicateMatch & { name: string; dateOfBirth: string })[] | null>(null);

  if (!draft.loaded) return <Loader aria-label="Loading the draft" />;
  const form = draft.value;

  const text = (name: TextField) => ({
    value: form[name],
    onChange: (event: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => draft.update({ [name]: event.currentTarget.value } as Partial<Form>),
    error: errors[name],
  });

  const save = async (confirmedNotDuplicate: boolean) => {
    const today = clock.today();
    const intake = toIntake(form, today);
    // An edit keeps what the form does not show: contact attempts, the waitlist date, merge records.
    const parsed = validateClientIdentity(
      editing ? { ...editing.data, ...intake, waitlist: intake.waitlist && editing.data.waitlist ? { ...editing.data.waitlist, priority: intake.waitlist.priority, reason: intake.waitlist.reason } : intake.waitlist } : intake,
      today,
    );
    if (!parsed.success) {
      setErrors(Object.fromEntries(parsed.error.issues.map((issue) => [fieldOf(issue.path), issue.message])));
      return;
    }
    setErrors({});
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
      const admitting = form.admitNow && !form.toWaitlist;
      const admission = admissionToSave(form.admission, tree, today);
      const checked = admissionSchema.safeParse({ ...admission, clientId: 'new' });
      if (admitting && !checked.success) {
        setFailure(`Not saved: the admission needs attention (${checked.error.issues.map((i) => i.message).join('; ')}).`);
        return;
      }
      const created = await clients.create(parsed.data);
      await draft.discard();
      let admissionError: string | undefined;
      if (admitting) await admitClient(services, created.id, admission).catch((error: unknown) => (admissionError = (error as Error).message));
      void navigate(`/clients/${created.id}`, { state: admissionError ? { admissionError } : null });
    } catch (error) {
      setFailure(`The client was not saved: ${(error as Error).message}. What you typed is kept.`);
    }
  };

  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Title order={2}>{editing ? `Edit ${displayName(editing.data)}` : 'New client'}</Title>
        <SaveStatus state={draft.saveState} label="Draft" />
      </Group>
      <Paper
        withBorder
        p="lg"
        maw={900}
        component="form"
        onSubmit={(event: React.FormEvent) => {
          event.preventDefault();
          void save(false);
        }}
        noValidate
        aria-label={editing ? 'Edit client' : 'New client'}
      >
        <Stack gap="md">
          <Fieldset legend="Identity">
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
              <TextInput label="First name" required autoComplete="off" {...text('firstName')} />
              <TextInput label="Last name" required autoComplete="off" {...text('lastName')} />
              <TextInput label="Preferred name" autoComplete="off" {...text('preferredName')} />
              <TextInput label="Date of birth" type="date" required {...text('dateOfBirth')} />
              <TextInput label="Pronouns" placeholder="e.g. she/her" autoComplete="off" {...text('pronouns')} />
            </SimpleGrid>
          </Fieldset>
          <Fieldset legend="Contact">
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
              <TextInput label="Phone" type="tel" autoComplete="off" {...text('phone')} />
              <TextInput label="Email" type="email" autoComplete="off" {...text('email')} />
              <Textarea label="Address" autosize minRows={2} {...text('address')} />
            </SimpleGrid>
          </Fieldset>
          <Fieldset legend="Emergency contact">
            <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
              <TextInput label="Emergency contact name" autoComplete="off" {...text('emergencyName')} />
              <TextInput label="Relationship" autoComplete="off" {...text('emergencyRelationship')} />
              <TextInput label="Emergency contact phone" type="tel" autoComplete="off" {...text('emergencyPhone')} />
            </SimpleGrid>
          </Fieldset>
          <Fieldset legend="Payer and referral">
            <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
              <TextInput label="Payer" autoComplete="off" {...text('payer')} />
              <TextInput label="Member id" autoComplete="off" {...text('memberId')} />
              <TextInput label="Referral source" autoComplete="off" {...text('referralSource')} />
            </SimpleGrid>
          </Fieldset>
          <Fieldset legend="Clinical">
            <Stack gap="sm">
              <DiagnosisPicker value={form.diagnoses} onChange={(diagnoses) => draft.update({ diagnoses })} error={errors['diagnoses']} />
              <Checkbox.Group label="Record flags" value={form.flags} onChange={(flags) => draft.update({ flags: flags as ClientFlag[] })}>
                <Group mt={4}>
                  {(Object.keys(CLIENT_FLAGS) as ClientFlag[]).map((flag) => (
                    <Checkbox key={flag} value={flag} label={CLIENT_FLAGS[flag]} />
                  ))}
                </Group>
              </Checkbox.Group>
            </Stack>
          </Fieldset>
          {(!editing || form.toWaitlist) && (
            <Fieldset legend="Waitlist">
              <Stack gap="sm">
                {/* Leaving the waitlist happens by admission, which keeps its contact history. */}
                {!editing && <Checkbox label="Add to the waitlist instead of admitting now" checked={form.toWaitlist} onChange={(e) => draft.update({ toWaitlist: e.currentTarget.checked })} />}
                {form.toWaitlist && (
                  <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
                    <Select
                      label="Priority"
                      data={Object.entries(WAITLIST_PRIORITIES).map(([value, label]) => ({ value, label }))}
                      value={form.waitlistPriority}
                      onChange={(value) => value && draft.update({ waitlistPriority: value as WaitlistPriority })}
                      allowDeselect={false}
                    />
                    <TextInput label="Reason for waiting" autoComplete="off" {...text('waitlistReason')} />
                  </SimpleGrid>
                )}
              </Stack>
            </Fieldset>
          )}
          {!editing && !form.toWaitlist && (
            <Fieldset legend="Admission">
              <Stack gap="sm">
                <Checkbox label="Admit now" description="Opens the episode of care and joins the group's roster with the client." checked={form.admitNow} onChange={(e) => draft.update({ admitNow: e.currentTarget.checked })} />
                {form.admitNow &&
                  (tree.programs.length === 0 ? (
                    <Text size="sm" c="dimmed">
                      No programme yet: create a group first (Groups &amp; Sessions → New group), or save now and admit from the chart.
                    </Text>
                  ) : (
                    <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
                      <AdmissionFields values={form.admission} tree={tree} today={today} onChange={(change) => draft.update({ admission: { ...form.admission, ...change } })} />
                    </SimpleGrid>
                  ))}
              </Stack>
            </Fieldset>
          )}
          {duplicates && (
            <Alert color="yellow" role="alert" title="This client may already be on record">
              <Stack gap="xs">
                {duplicates.map((d) => (
                  <Group key={d.id} gap="sm">
                    <Text size="sm">
                      {d.name}, born {d.dateOfBirth} ({d.reason === 'exact' ? 'same name and date of birth' : 'similar name, same or transposed date of birth'})
                    </Text>
                    <Button component={Link} to={`/clients/${d.id}`} size="compact-sm" variant="light">
                      Open existing record
                    </Button>
                  </Group>
                ))}
                <Group>
                  <Button size="compact-sm" variant="default" onClick={() => void save(true)}>
                    Not the same person: save as new
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
              Saved as a draft on this device as you type.
            </Text>
            <Group>
              <Button variant="default" onClick={() => void navigate(editing ? `/clients/${editing.id}` : '/clients')}>
                {editing ? 'Back to the chart' : 'Back to clients'}
              </Button>
              <Button type="submit">{editing ? 'Save changes' : form.admitNow && !form.toWaitlist ? 'Save and admit' : 'Save client'}</Button>
            </Group>
          </Group>
        </Stack>
      </Paper>
    </Stack>
  );
}
