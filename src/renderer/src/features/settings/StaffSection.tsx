import { useMemo, useState } from 'react';
import { Alert, Badge, Button, Checkbox, Group, Modal, Paper, PasswordInput, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { ROLE_LABELS, ROLES, type Role } from '../../../../shared/vault-policy';
import { useServices } from '../../app/services';
import { useObservable } from '../../hooks/useObservable';
import type { StaffRecord } from '../../repositories/staff';
import { PassphraseFields, passphraseProblems } from '../vault/PassphraseFields';

interface NewStaff {
  displayName: string;
  credentials: string;
  role: Role;
  needsCosignature: boolean;
  passphrase: string;
  confirm: string;
  adminPassphrase: string;
}

const EMPTY: NewStaff = { displayName: '', credentials: '', role: 'clinician', needsCosignature: false, passphrase: '', confirm: '', adminPassphrase: '' };

function AddStaffModal({ opened, onClose, practiceName }: { opened: boolean; onClose: () => void; practiceName: string }) {
  const { profiles, staff } = useServices();
  const [form, setForm] = useState<NewStaff>(EMPTY);
  const [attempted, setAttempted] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const set = <K extends keyof NewStaff>(key: K, value: NewStaff[K]) => setForm((f) => ({ ...f, [key]: value }));

  const close = () => {
    setForm(EMPTY);
    setAttempted(false);
    setError(null);
    onClose();
  };

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    setAttempted(true);
    if (!form.displayName.trim() || !form.adminPassphrase) return;
    if (passphraseProblems(form.passphrase, form.confirm, [practiceName, form.displayName]).length > 0) return;
    setBusy(true);
    setError(null);
    try {
      const profile = await profiles.addProfile({ adminPassphrase: form.adminPassphrase, displayName: form.displayName, role: form.role, passphrase: form.passphrase });
      await staff.create(profile.id, form.role, { displayName: profile.displayName, credentials: form.credentials.trim(), needsCosignature: form.needsCosignature });
      close();
    } catch (failure) {
      setError((failure as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal opened={opened} onClose={close} title="Add a staff profile" size="lg">
      <form onSubmit={submit} noValidate aria-label="Add a staff profile">
        <Stack gap="sm">
          <Group grow align="flex-start">
            <TextInput label="Name" required data-autofocus value={form.displayName} onChange={(e) => set('displayName', e.currentTarget.value)} error={attempted && !form.displayName.trim() ? 'Enter the name' : undefined} />
            <TextInput label="Credentials" placeholder="e.g. LPC-Associate" value={form.credentials} onChange={(e) => set('credentials', e.currentTarget.value)} />
          </Group>
          <Select label="Role" data={ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }))} value={form.role} onChange={(v) => v && set('role', v as Role)} allowDeselect={false} />
          <Checkbox label="Notes need a supervisor's co-signature (pre-licensed)" checked={form.needsCosignature} onChange={(e) => set('needsCosignature', e.currentTarget.checked)} />
          <PassphraseFields
            label="Their passphrase"
            value={form.passphrase}
            confirm={form.confirm}
            onChange={(v) => set('passphrase', v)}
            onConfirmChange={(v) => set('confirm', v)}
            contextWords={[practiceName, form.displayName]}
            showErrors={attempted}
          />
          <PasswordInput
            label="Your passphrase, to confirm"
            value={form.adminPassphrase}
            onChange={(e) => set('adminPassphrase', e.currentTarget.value)}
            autoComplete="current-password"
            error={attempted && !form.adminPassphrase ? 'Enter your own passphrase' : undefined}
          />
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
    </Modal>
  );
}

/** Administrators manage who can unlock Waypoint on this device. */
export function StaffSection({ practiceName }: { practiceName: string }) {
  const { vault, profiles, staff } = useServices();
  const staff$ = useMemo(() => staff.active$(), [staff]);
  const records = useObservable<StaffRecord[]>(staff$, []);
  const [adding, setAdding] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const me = vault.currentProfile();
  const isAdmin = me.role === 'administrator';

  const remove = async (record: StaffRecord) => {
    if (!window.confirm(`Remove ${record.data.displayName}? They will no longer be able to unlock Waypoint on this device.`)) return;
    setError(null);
    try {
      await profiles.removeProfile(record.id);
      await staff.markRemoved(record.id);
    } catch (failure) {
      setError((failure as Error).message);
    }
  };

  return (
    <Paper withBorder p="lg" maw={760}>
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={3}>Staff profiles</Title>
          {isAdmin && <Button onClick={() => setAdding(true)}>Add staff profile</Button>}
        </Group>
        {!isAdmin && <Text c="dimmed">Only an administrator can add or remove staff profiles.</Text>}
        {error && (
          <Alert color="red" role="alert">
            {error}
          </Alert>
        )}
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
                </Table.Td>
                <Table.Td>{record.data.credentials || '—'}</Table.Td>
                <Table.Td>{ROLE_LABELS[record.role]}</Table.Td>
                <Table.Td>{record.data.needsCosignature ? 'Needs co-signature' : '—'}</Table.Td>
                {isAdmin && (
                  <Table.Td>
                    {record.id !== me.id && (
                      <Button size="xs" variant="subtle" color="red" onClick={() => void remove(record)}>
                        Remove
                      </Button>
                    )}
                  </Table.Td>
                )}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Stack>
      <AddStaffModal opened={adding} onClose={() => setAdding(false)} practiceName={practiceName} />
    </Paper>
  );
}
