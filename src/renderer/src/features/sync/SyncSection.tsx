import { useFormat } from '../../i18n/useFormat';
import { useEffect, useMemo, useState } from 'react';
import { Alert, Badge, Button, Card, Code, Group, List, PasswordInput, Progress, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { generateEnrolmentCode } from '../../../../shared/sync/enrolment';
import type { DeviceInfo } from '../../../../shared/sync/protocol';
import { useServices } from '../../app/services';
import { useObservable } from '../../hooks/useObservable';
import type { StaffRecord } from '../../repositories/staff';
import { SyncClient, chooseServer } from '../../sync/sync-client';
import type { SyncSettings } from '../../sync/sync-config';
import { describeSync } from './describeSync';
import { NewPracticeKeyForm } from '../vault/NewPracticeKey';

/** An enrolment code stays redeemable this long: enough to carry it to the other laptop. */
const ENROLMENT_HOURS = 24;

/** Settings → Sync: state, progress and failures; connecting to a server; enrolling and revoking devices. */
export function SyncSection() {
  const { sync, syncConfig, vault } = useServices();
  const format = useFormat();
  const status = useObservable(sync.status$, sync.status$.value);
  const [settings, setSettings] = useState<SyncSettings | null | undefined>(undefined);
  const [changed, setChanged] = useState(0);
  useEffect(() => {
    void syncConfig.settings().then(setSettings);
  }, [syncConfig, changed]);
  const isAdmin = vault.currentProfile().role === 'administrator';
  const described = describeSync(status);
  const total = status.remaining === null ? null : status.received + status.remaining;

  return (
    <Card withBorder component="section" aria-labelledby="sync-heading" maw={760} id="sync">
      <Title order={3} id="sync-heading" mb="xs">
        Sync with the central office
      </Title>
      {settings === undefined ? null : settings === null ? (
        isAdmin ? (
          <ConnectForm onConnected={() => setChanged((n) => n + 1)} />
        ) : (
          <Text size="sm">This device does not sync. An administrator can connect the practice to a sync server.</Text>
        )
      ) : (
        <Stack gap="sm">
          <Group gap="sm" role="status" aria-live="polite" aria-label="Sync state">
            <Badge color={described.color} size="lg" variant="light">
              {described.label}
            </Badge>
            <Text size="sm">{described.detail}</Text>
          </Group>
          {status.phase === 'syncing' && total !== null && total > 0 && (
            <Progress value={(100 * status.received) / total} aria-label={`Received ${status.received} of ${total} records`} />
          )}
          <Text size="sm" c="dimmed">
            Server {new URL(settings.serverUrl).host} · this device “{settings.deviceName}” · last successful sync{' '}
            {status.lastSyncedAt ? format.instant(status.lastSyncedAt) : 'never'}
          </Text>
          {status.failures.length > 0 && (
            <Alert color="red" title="Records that did not sync" role="alert">
              <List size="sm">
                {status.failures.map((f) => (
                  <List.Item key={`${f.collection}-${f.at}`}>
                    {f.collection}: {f.message}
                  </List.Item>
                ))}
              </List>
            </Alert>
          )}
          <Group>
            <Button size="xs" variant="light" onClick={() => sync.syncNow()} disabled={status.phase === 'refused' || status.phase === 'off'}>
              Sync now
            </Button>
          </Group>
          {settings.role === 'admin' && isAdmin && <DevicesPanel settings={settings} />}
        </Stack>
      )}
    </Card>
  );
}

function ConnectForm({ onConnected }: { onConnected: () => void }) {
  const { bridge, sync, syncConfig } = useServices();
  const [v, setV] = useState({ serverUrl: '', deviceName: '', secret: '' });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <form
      aria-label="Connect to a sync server"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        setBusy(true);
        setError(null);
        void (async () => {
          try {
            if (!v.deviceName.trim()) throw new Error('Name this device, e.g. "Central office desktop"');
            const serverUrl = await chooseServer(bridge, v.serverUrl);
            const registered = await new SyncClient({ serverUrl, appVersion: __APP_VERSION__ }).register(v.deviceName.trim(), v.secret || undefined);
            await syncConfig.save({ serverUrl, practiceId: registered.practiceId, deviceId: registered.deviceId, deviceName: v.deviceName.trim(), role: 'admin' }, registered.token);
            await sync.start();
            onConnected();
          } catch (failure) {
            setError((failure as Error).message);
          } finally {
            setBusy(false);
          }
        })();
      }}
    >
      <Stack gap="sm">
        <Text size="sm">Sync is optional. Records leave this laptop sealed: the server stores only what it cannot read.</Text>
        <TextInput label="Sync server address" placeholder="https://sync.example.org" required value={v.serverUrl} onChange={(e) => setV({ ...v, serverUrl: e.currentTarget.value })} />
        <TextInput label="Name of this device" required value={v.deviceName} onChange={(e) => setV({ ...v, deviceName: e.currentTarget.value })} />
        <PasswordInput label="Registration secret" description="Only if the server's operator gave you one." value={v.secret} onChange={(e) => setV({ ...v, secret: e.currentTarget.value })} />
        {error && (
          <Alert color="red" role="alert">
            {error}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button type="submit" loading={busy}>
            Register the practice
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function DevicesPanel({ settings }: { settings: SyncSettings }) {
  const { syncConfig, staff, enrolment } = useServices();
  const format = useFormat();
  const staffList = useObservable(useMemo(() => staff.active$(), [staff]), [] as StaffRecord[]);
  const [devices, setDevices] = useState<DeviceInfo[] | null>(null);
  const [refresh, setRefresh] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const [invite, setInvite] = useState({ staffId: null as string | null, passphrase: '' });
  const [issued, setIssued] = useState<{ code: string; name: string; expiresAt: number } | null>(null);
  const [revoked, setRevoked] = useState<string | null>(null);
  const client = async () => {
    const withToken = await syncConfig.withToken();
    if (!withToken) throw new Error('Sync is not set up on this device');
    return new SyncClient({ serverUrl: withToken.serverUrl, token: withToken.token, appVersion: __APP_VERSION__ });
  };
  useEffect(() => {
    void client()
      .then((c) => c.devices())
      .then(setDevices, (e: unknown) => setError((e as Error).message));
    // eslint-disable-next-line react-hooks/exhaustive-deps -- reloaded on demand
  }, [refresh]);

  const enrol = async () => {
    const member = staffList.find((s) => s.id === invite.staffId);
    if (!member) throw new Error('Choose who the new device is for');
    const code = generateEnrolmentCode();
    const sealed = await enrolment.sealEnrolment({ adminPassphrase: invite.passphrase, code, staff: { id: member.id, displayName: member.data.displayName, role: member.role } });
    const expiresAt = Date.now() + ENROLMENT_HOURS * 3600_000;
    await (await client()).createEnrolment({ ...sealed, expiresAt, role: member.role === 'administrator' ? 'admin' : 'member' });
    setIssued({ code, name: member.data.displayName, expiresAt });
    setInvite({ staffId: null, passphrase: '' });
  };

  return (
    <Stack gap="sm" mt="sm">
      <Title order={4} size="h5">
        Devices of this practice
      </Title>
      {devices && (
        <Table aria-label="Devices">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Device</Table.Th>
              <Table.Th scope="col">Role</Table.Th>
              <Table.Th scope="col">Last seen</Table.Th>
              <Table.Th scope="col">Status</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {devices.map((d) => (
              <Table.Tr key={d.id}>
                <Table.Td>
                  {d.name}
                  {d.id === settings.deviceId ? ' (this device)' : ''}
                </Table.Td>
                <Table.Td>{d.role === 'admin' ? 'Administrator' : 'Member'}</Table.Td>
                <Table.Td>{d.lastSeenAt ? format.instant(d.lastSeenAt) : '—'}</Table.Td>
                <Table.Td>
                  {d.revokedAt ? (
                    'Revoked'
                  ) : d.id === settings.deviceId ? (
                    'Active'
                  ) : (
                    <Button
                      size="compact-xs"
                      color="red"
                      variant="light"
                      aria-label={`Revoke ${d.name}`}
                      onClick={() =>
                        void client()
                          .then((c) => c.revokeDevice(d.id))
                          .then(
                            () => (setRefresh((n) => n + 1), setRevoked(d.name)),
                            (e: unknown) => setError((e as Error).message),
                          )
                      }
                    >
                      Revoke
                    </Button>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {revoked !== null && (
        <Card withBorder>
          <NewPracticeKeyForm
            reason="device-revoked"
            intro={`${revoked} is revoked: it can no longer sync. Make a new practice key now, so that it cannot read anything written from now on even with a copy of the server's data.`}
          />
        </Card>
      )}
      <form
        aria-label="Enrol another device"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          setError(null);
          void enrol().catch((failure: unknown) => setError((failure as Error).message));
        }}
      >
        <Group align="flex-end" gap="sm">
          <Select
            label="New device for"
            placeholder="Choose a staff member"
            data={staffList.map((s) => ({ value: s.id, label: s.data.displayName }))}
            value={invite.staffId}
            onChange={(staffId) => setInvite({ ...invite, staffId })}
            w={240}
          />
          <PasswordInput label="Your passphrase, to confirm" value={invite.passphrase} onChange={(e) => setInvite({ ...invite, passphrase: e.currentTarget.value })} w={240} />
          <Button type="submit" variant="light">
            Make an enrolment code
          </Button>
        </Group>
      </form>
      {issued && (
        <Alert color="teal" title={`Enrolment code for ${issued.name}`} role="status">
          <Code fz="lg">{issued.code}</Code>
          <Text size="sm" mt={4}>
            Type it on the new device (“Join a practice that already syncs”). It works once, until {format.instant(issued.expiresAt)}, and is not shown again.
          </Text>
        </Alert>
      )}
      {error && (
        <Alert color="red" role="alert">
          {error}
        </Alert>
      )}
    </Stack>
  );
}
