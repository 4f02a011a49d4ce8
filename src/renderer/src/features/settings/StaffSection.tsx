import { useMemo, useState } from 'react';
import { Badge, Button, Checkbox, Code, Group, Modal, Paper, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { Trans } from 'react-i18next';
import { z } from 'zod';
import { ROLE_LABELS, ROLES } from '../../../../shared/vault-policy';
import { focusFirstError, useSchemaForm } from '../../app/forms';
import { useServices } from '../../app/services';
import { useObservable } from '../../hooks/useObservable';
import type { StaffRecord } from '../../repositories/staff';
import { useOpenedAt } from '../../hooks/useToday';
import { useFormat } from '../../i18n/useFormat';
import { st } from '../../i18n/staff';
import type { SetupCode } from '../../vault/profiles';
import { ConfirmWithPassphraseForm, useConfirmWithPassphrase } from '../vault/ConfirmWithPassphrase';
import { sharedText } from '../../i18n/shared';

const newStaffSchema = z.object({
  displayName: z.string().trim().min(1, st('settings.StaffSection.enterTheName')),
  credentials: z.string(),
  role: z.enum(ROLES),
  needsCosignature: z.boolean(),
});
type NewStaff = z.infer<typeof newStaffSchema>;

const EMPTY: NewStaff = { displayName: '', credentials: '', role: 'clinician', needsCosignature: false };

/** A setup code as the administrator sees it, once: to hand to the colleague, who chooses their passphrase with it. */
function SetupCodeNotice({ setup, onDone }: { setup: SetupCode; onDone: () => void }) {
  const format = useFormat();
  return (
    <Stack gap="sm">
      <Text>
        <Trans
          t={st}
          i18nKey="settings.StaffSection.giveThisSetupCode"
          values={{ expiresAt: format.instant(setup.expiresAt) }}
          components={{ name: <strong>{setup.profile.displayName}</strong> }}
        />
      </Text>
      <Code block fz="xl" ta="center" role="group" aria-label={st('settings.StaffSection.setupCode')} data-testid="setup-code">
        {setup.code}
      </Code>
      <Text size="sm">{st('settings.StaffSection.howTheyUseIt')}</Text>
      <Group justify="flex-end">
        <Button onClick={onDone} data-autofocus>
          {st('settings.StaffSection.done')}
        </Button>
      </Group>
    </Stack>
  );
}

function CancelAndSubmit({ onCancel, submit }: { onCancel: () => void; submit: React.ReactNode }) {
  return (
    <Group justify="flex-end">
      <Button variant="default" onClick={onCancel}>
        {st('settings.StaffSection.cancel')}
      </Button>
      {submit}
    </Group>
  );
}

/** The new colleague's details, then the administrator's passphrase: the profile and its staff record are made together. */
function AddStaffModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { profiles, staff } = useServices();
  const details = useSchemaForm(newStaffSchema, EMPTY);
  const [setup, setSetup] = useState<SetupCode | null>(null);
  const confirmation = useConfirmWithPassphrase(async (adminPassphrase) => {
    const form = details.getValues();
    const created = await profiles.addProfile({ adminPassphrase, displayName: form.displayName, role: form.role });
    await staff.create(created.profile.id, form.role, { displayName: created.profile.displayName, credentials: form.credentials.trim(), needsCosignature: form.needsCosignature });
    setSetup(created);
  });

  const close = () => {
    details.reset();
    confirmation.reset();
    setSetup(null);
    onClose();
  };

  // The details are validated with the passphrase, so every message shows at once and focus goes to the first.
  const submit = (event: React.FormEvent<HTMLFormElement>) => {
    const invalid = details.validate().hasErrors;
    if (invalid) confirmation.form.validate();
    if (!invalid) return confirmation.submit(event);
    event.preventDefault();
    focusFirstError(event.currentTarget);
  };

  return (
    <Modal opened={opened} onClose={close} title={setup ? st('settings.StaffSection.setupCode') : st('settings.StaffSection.addAStaffProfile')} size="lg">
      {setup ? (
        <SetupCodeNotice setup={setup} onDone={close} />
      ) : (
        <ConfirmWithPassphraseForm
          confirmation={{ ...confirmation, submit }}
          label={st('settings.StaffSection.addAStaffProfile')}
          actions={
            <CancelAndSubmit
              onCancel={close}
              submit={
                <Button type="submit" loading={confirmation.busy}>
                  {st('settings.StaffSection.addProfile')}
                </Button>
              }
            />
          }
        >
          <Group grow align="flex-start">
            <TextInput label={st('settings.StaffSection.name')} required data-autofocus {...details.getInputProps('displayName')} />
            <TextInput label={st('settings.StaffSection.credentials')} placeholder={st('settings.StaffSection.credentialsExample')} {...details.getInputProps('credentials')} />
          </Group>
          <Select label={st('settings.StaffSection.role')} data={ROLES.map((r) => ({ value: r, label: sharedText(ROLE_LABELS[r]) }))} allowDeselect={false} {...details.getInputProps('role')} />
          <Checkbox label={st('settings.StaffSection.needsCosignature')} {...details.getInputProps('needsCosignature', { type: 'checkbox' })} />
          <Text size="sm" c="dimmed">
            {st('settings.StaffSection.oneTimeSetupCode')}
          </Text>
        </ConfirmWithPassphraseForm>
      )}
    </Modal>
  );
}

/** A new setup code for a colleague (their code expired or was lost, or they forgot their passphrase). */
function NewSetupCodeModal({ record, onClose }: { record: StaffRecord | null; onClose: () => void }) {
  const { profiles } = useServices();
  const [setup, setSetup] = useState<SetupCode | null>(null);
  const confirmation = useConfirmWithPassphrase(async (adminPassphrase) => {
    if (record !== null) setSetup(await profiles.issueSetupCode({ adminPassphrase, profileId: record.id }));
  });
  const close = () => {
    confirmation.reset();
    setSetup(null);
    onClose();
  };
  return (
    <Modal opened={record !== null} onClose={close} title={st('settings.StaffSection.newSetupCode')} size="lg">
      {setup ? (
        <SetupCodeNotice setup={setup} onDone={close} />
      ) : (
        <ConfirmWithPassphraseForm
          confirmation={confirmation}
          label={st('settings.StaffSection.newSetupCode')}
          actions={
            <CancelAndSubmit
              onCancel={close}
              submit={
                <Button type="submit" loading={confirmation.busy} data-autofocus>
                  {st('settings.StaffSection.makeASetupCode')}
                </Button>
              }
            />
          }
        >
          <Text>{st('settings.StaffSection.newSetupCodeExplained', { name: record?.data.displayName ?? '' })}</Text>
        </ConfirmWithPassphraseForm>
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
  const confirmation = useConfirmWithPassphrase(async (adminPassphrase) => {
    if (record === null) return;
    await profiles.removeProfile({ adminPassphrase, profileId: record.id });
    await staff.markRemoved(record.id);
    onClose();
  });
  const close = () => {
    confirmation.reset();
    onClose();
  };
  const name = record?.data.displayName ?? '';
  return (
    <Modal opened={record !== null} onClose={close} title={st('settings.StaffSection.removeName', { name })} size="lg">
      <ConfirmWithPassphraseForm
        confirmation={confirmation}
        label={st('settings.StaffSection.removeStaffProfile')}
        actions={
          <CancelAndSubmit
            onCancel={close}
            submit={
              <Button type="submit" color="red" loading={confirmation.busy} data-autofocus>
                {st('settings.StaffSection.remove')}
              </Button>
            }
          />
        }
      >
        <Text>{st('settings.StaffSection.removeExplained', { name })}</Text>
      </ConfirmWithPassphraseForm>
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
          <Title order={3}>{st('settings.StaffSection.staffProfiles')}</Title>
          {isAdmin && <Button onClick={() => setAdding(true)}>{st('settings.StaffSection.addStaffProfile')}</Button>}
        </Group>
        {!isAdmin && <Text c="dimmed">{st('settings.StaffSection.onlyAnAdministrator')}</Text>}
        <Table aria-label={st('settings.StaffSection.staffProfiles')}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{st('settings.StaffSection.name')}</Table.Th>
              <Table.Th scope="col">{st('settings.StaffSection.credentials')}</Table.Th>
              <Table.Th scope="col">{st('settings.StaffSection.role')}</Table.Th>
              <Table.Th scope="col">{st('settings.StaffSection.coSignature')}</Table.Th>
              {isAdmin && <Table.Th scope="col">{st('settings.StaffSection.actions')}</Table.Th>}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {records.map((record) => (
              <Table.Tr key={record.id}>
                <Table.Td>
                  {record.data.displayName} {record.id === me.id && <Badge variant="light">{st('settings.StaffSection.you')}</Badge>}
                  {awaiting.has(record.id) && (
                    <Badge variant="light" color="yellow" ml={4}>
                      {awaiting.get(record.id)! > openedAt ? st('settings.StaffSection.setupCodeUntil', { expiresAt: format.instant(awaiting.get(record.id)!) }) : st('settings.StaffSection.setupCodeExpired')}
                    </Badge>
                  )}
                </Table.Td>
                <Table.Td>{record.data.credentials || '—'}</Table.Td>
                <Table.Td>{sharedText(ROLE_LABELS[record.role])}</Table.Td>
                <Table.Td>{record.data.needsCosignature ? st('settings.StaffSection.needsCoSignature') : '—'}</Table.Td>
                {isAdmin && (
                  <Table.Td>
                    {record.id !== me.id && (
                      <Group gap={4} wrap="nowrap">
                        <Button size="xs" variant="subtle" onClick={() => setResetting(record)} aria-label={st('settings.StaffSection.newSetupCodeFor', { name: record.data.displayName })}>
                          {st('settings.StaffSection.newSetupCode')}
                        </Button>
                        <Button size="xs" variant="subtle" color="red" onClick={() => setRemoving(record)} aria-label={st('settings.StaffSection.removeName', { name: record.data.displayName })}>
                          {st('settings.StaffSection.remove')}
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
