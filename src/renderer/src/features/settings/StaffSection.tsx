import { useMemo, useState } from 'react';
import { Alert, Badge, Button, Checkbox, Code, Group, Modal, Paper, PasswordInput, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { ROLE_LABELS, ROLES, type Role } from '../../../../shared/vault-policy';
import { useServices } from '../../app/services';
import { useObservable } from '../../hooks/useObservable';
import type { StaffRecord } from '../../repositories/staff';
import { useOpenedAt } from '../../hooks/useToday';
import { useFormat } from '../../i18n/useFormat';
import type { SetupCode } from '../../vault/profiles';

interface NewStaff {
  displayName: string;
  credentials: string;
  role: Role;
  needsCosignature: boolean;
  adminPassphrase: string;
}

const EMPTY: NewStaff = { displayName: '', credentials: '', role: 'clinician', needsCosignature: false, adminPassphrase: '' };

/** A setup code as the administrator sees it, once: to hand to the colleague, who chooses their passphrase with it. */
function SetupCodeNotice({ setup, onDone }: { setup: SetupCode; onDone: () => void }) {
  const format = useFormat();
  return (
    <Stack gap="sm">
      <Text>
        Give this setup code to <strong>{setup.profile.displayName}</strong>. It is shown only now, works once, and expires on{' '}
        {format.instant(setup.expiresAt)}.
      </Text>
      <Code block fz="xl" ta="center" role="group" aria-label="Setup code" data-testid="setup-code">
        {setup.code}
      </Code>
      <Text size="sm">
        On this laptop they choose their name on the unlock screen, type the code and choose their own passphrase. Nobody else
        ever needs to know it.
      </Text>
      <Group justify="flex-end">
        <Button onClick={onDone} data-autofocus>
          Done
        </Button>
      </Group>
    </Stack>
  );
}

function AdminPassphraseInput({ value, onChange, showError }: { value: string; onChange: (value: string) => void; showError: boolean }) {
  return (
    <PasswordInput
      label="Your passphrase, to confirm"
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
      autoComplete="current-password"
      error={showError && !value ? 'Enter your own passphrase' : undefined}
    />
  );
}

function AddStaffModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { profiles, staff } = useServices();
  const [form, setForm] = useState<NewStaff>(EMPTY);
  const [attempted, setAttempted] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [setup, setSetup] = useState<SetupCode | null>(null);
  const set = <K extends keyof NewStaff>(key: K, value: NewStaff[K]) => setForm((f) => ({ ...f, [key]: value }));

  const close = () => {
    setForm(EMPTY);
    setAttempted(false);
    setError(null);
    setSetup(null);
    onClose();
  };

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    setAttempted(true);
    if (!form.displayName.trim() || !form.adminPassphrase) return;
    setBusy(true);
    setError(null);
    try {
      const created = await profiles.addProfile({ adminPassphrase: form.adminPassphrase, displayName: form.displayName, role: form.role });
      await staff.create(created.profile.id, form.role, { displayName: created.profile.displayName, credentials: form.credentials.trim(), needsCosignature: form.needsCosignature });
      setSetup(created);
    } catch (failure) {
      setError((failure as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal opened={opened} onClose={close} title={setup ? 'Setup code' : 'Add a staff profile'} size="lg">
      {setup ? (
        <SetupCodeNotice setup={setup} onDone={close} />
      ) : (
        <form onSubmit={(event) => void submit(event)} noValidate aria-label="Add a staff profile">
          <Stack gap="sm">
            <Group grow align="flex-start">
              <TextInput label="Name" required data-autofocus value={form.displayName} onChange={(e) => set('displayName', e.currentTarget.value)} error={attempted && !form.displayName.trim() ? 'Enter the name' : undefined} />
              <TextInput label="Credentials" placeholder="e.g. LPC-Associate" value={form.credentials} onChange={(e) => set('credentials', e.currentTarget.value)} />
            </Group>
            <Select label="Role" data={ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }))} value={form.role} onChange={(v) => v && set('role', v as Role)} allowDeselect={false} />
            <Checkbox label="Notes need a supervisor's co-signature (pre-licensed)" checked={form.needsCosignature} onChange={(e) => set('needsCosignature', e.currentTarget.checked)} />
            <Text size="sm" c="dimmed">
              You will get a one-time setup code for them. They choose their own passphrase with it when they first unlock on this laptop.
            </Text>
            <AdminPassphraseInput value={form.adminPassphrase} onChange={(v) => set('adminPassphrase', v)} showError={attempted} />
            {error && (
              <Alert color="red" role="alert">
                {error}
              </Alert>
            )}
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                Cancel
              </Button>
              <Button type="submit" loading={busy}>
                Add profile
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}

/** A new setup code for a colleague (their code expired or was lost, or they forgot their passphrase). */
function NewSetupCodeModal({ record, onClose }: { record: StaffRecord | null; onClose: () => void }) {
  const { profiles } = useServices();
  const [adminPassphrase, setAdminPassphrase] = useState('');
  const [attempted, setAttempted] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [setup, setSetup] = useState<SetupCode | null>(null);
  const close = () => {
    setAdminPassphrase('');
    setAttempted(false);
    setError(null);
    setSetup(null);
    onClose();
  };
  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    setAttempted(true);
    if (record === null || !adminPassphrase) return;
    setBusy(true);
    setError(null);
    try {
      setSetup(await profiles.issueSetupCode({ adminPassphrase, profileId: record.id }));
    } catch (failure) {
      setError((failure as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal opened={record !== null} onClose={close} title="New setup code" size="lg">
      {setup ? (
        <SetupCodeNotice setup={setup} onDone={close} />
      ) : (
        <form onSubmit={(event) => void submit(event)} noValidate aria-label="New setup code">
          <Stack gap="sm">
            <Text>
              {record?.data.displayName} will choose a new passphrase with the code. Their current passphrase or code stops working on
              this laptop.
            </Text>
            <AdminPassphraseInput value={adminPassphrase} onChange={setAdminPassphrase} showError={attempted} />
            {error && (
              <Alert color="red" role="alert">
                {error}
              </Alert>
            )}
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                Cancel
              </Button>
              <Button type="submit" loading={busy} data-autofocus>
                Make a setup code
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}

/**
 * Removing a colleague: the administrator confirms with their passphrase, which makes a new
 * practice key without them (a key epoch, relayed to the practice's other devices).
 */
function RemoveStaffModal({ record, onClose }: { record: StaffRecord | null; onClose: () => void }) {
  const { profiles, staff } = useServices();
  const [adminPassphrase, setAdminPassphrase] = useState('');
  const [attempted, setAttempted] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const close = () => {
    setAdminPassphrase('');
    setAttempted(false);
    setError(null);
    onClose();
  };
  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    setAttempted(true);
    if (record === null || !adminPassphrase) return;
    setBusy(true);
    setError(null);
    try {
      await profiles.removeProfile({ adminPassphrase, profileId: record.id });
      await staff.markRemoved(record.id);
      close();
    } catch (failure) {
      setError((failure as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal opened={record !== null} onClose={close} title={`Remove ${record?.data.displayName ?? ''}`} size="lg">
      <form onSubmit={(event) => void submit(event)} noValidate aria-label="Remove staff profile">
        <Stack gap="sm">
          <Text>
            {record?.data.displayName} will no longer be able to unlock Waypoint. The practice gets a new key that their passphrase cannot
            open, even with an older backup; the practice&apos;s other devices receive it when they next sync.
          </Text>
          <AdminPassphraseInput value={adminPassphrase} onChange={setAdminPassphrase} showError={attempted} />
          {error && (
            <Alert color="red" role="alert">
              {error}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" color="red" loading={busy} data-autofocus>
              Remove
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** Administrators manage who can unlock Waypoint on this device. */
export function StaffSection() {
  const { vault, profiles, staff } = useServices();
  const staff$ = useMemo(() => staff.active$(), [staff]);
  const records = useObservable<StaffRecord[]>(staff$, []);
  const [adding, setAdding] = useState(false);
  const [resetting, setResetting] = useState<StaffRecord | null>(null);
  const [removing, setRemoving] = useState<StaffRecord | null>(null);
  const format = useFormat();
  const openedAt = useOpenedAt();
  const me = vault.currentProfile();
  const isAdmin = me.role === 'administrator';
  // Re-read on each render: adding a profile or a new code re-renders this section.
  const awaiting = isAdmin ? profiles.awaitingSetup() : new Map<string, number>();

  return (
    <Paper withBorder p="lg" maw={760}>
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={3}>Staff profiles</Title>
          {isAdmin && <Button onClick={() => setAdding(true)}>Add staff profile</Button>}
        </Group>
        {!isAdmin && <Text c="dimmed">Only an administrator can add or remove staff profiles.</Text>}
        <Table aria-label="Staff profiles">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Name</Table.Th>
              <Table.Th scope="col">Credentials</Table.Th>
              <Table.Th scope="col">Role</Table.Th>
              <Table.Th scope="col">Co-signature</Table.Th>
              {isAdmin && <Table.Th scope="col">Actions</Table.Th>}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {records.map((record) => (
              <Table.Tr key={record.id}>
                <Table.Td>
                  {record.data.displayName} {record.id === me.id && <Badge variant="light">you</Badge>}
                  {awaiting.has(record.id) && (
                    <Badge variant="light" color="yellow" ml={4}>
                      {awaiting.get(record.id)! > openedAt ? `setup code until ${format.instant(awaiting.get(record.id)!)}` : 'setup code expired'}
                    </Badge>
                  )}
                </Table.Td>
                <Table.Td>{record.data.credentials || '—'}</Table.Td>
                <Table.Td>{ROLE_LABELS[record.role]}</Table.Td>
                <Table.Td>{record.data.needsCosignature ? 'Needs co-signature' : '—'}</Table.Td>
                {isAdmin && (
                  <Table.Td>
                    {record.id !== me.id && (
                      <Group gap={4} wrap="nowrap">
                        <Button size="xs" variant="subtle" onClick={() => setResetting(record)} aria-label={`New setup code for ${record.data.displayName}`}>
                          New setup code
                        </Button>
                        <Button size="xs" variant="subtle" color="red" onClick={() => setRemoving(record)} aria-label={`Remove ${record.data.displayName}`}>
                          Remove
                        </Button>
                      </Group>
                    )}
                  </Table.Td>
                )}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Stack>
      <AddStaffModal opened={adding} onClose={() => setAdding(false)} />
      <NewSetupCodeModal record={resetting} onClose={() => setResetting(null)} />
      <RemoveStaffModal record={removing} onClose={() => setRemoving(null)} />
    </Paper>
  );
}
