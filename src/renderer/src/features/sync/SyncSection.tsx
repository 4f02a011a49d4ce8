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
import { st } from '../../i18n/staff';
import { errorText } from '../../i18n/shared';

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
        {st('sync.SyncSection.title')}
      </Title>
      {settings === undefined ? null : settings === null ? (
        isAdmin ? (
          <ConnectForm onConnected={() => setChanged((n) => n + 1)} />
        ) : (
          <Text size="sm">{st('sync.SyncSection.doesNotSync')}</Text>
        )
      ) : (
        <Stack gap="sm">
          <Group gap="sm" role="status" aria-live="polite" aria-label={st('sync.SyncSection.syncState')}>
            <Badge color={described.color} size="lg" variant="light">
              {described.label}
            </Badge>
            <Text size="sm">{described.detail}</Text>
          </Group>
          {status.phase === 'syncing' && total !== null && total > 0 && (
            <Progress value={(100 * status.received) / total} aria-label={st('sync.SyncSection.receivedOf', { received: status.received, total })} />
          )}
          <Text size="sm" c="dimmed">
            {status.lastSyncedAt
              ? st('sync.SyncSection.serverLine', { host: new URL(settings.serverUrl).host, deviceName: settings.deviceName, lastSync: format.instant(status.lastSyncedAt) })
              : st('sync.SyncSection.serverLineNever', { host: new URL(settings.serverUrl).host, deviceName: settings.deviceName })}
          </Text>
          {status.failures.length > 0 && (
            <Alert color="red" title={st('sync.SyncSection.notSynced')} role="alert">
              <List size="sm">
                {status.failures.map((f) => (
                  <List.Item key={`${f.collection}-${f.at}`}>
                    {st('sync.SyncSection.failure', { collection: f.collection, message: f.message })}
                  </List.Item>
                ))}
              </List>
            </Alert>
          )}
          <Group>
            <Button size="xs" variant="light" onClick={() => sync.syncNow()} disabled={status.phase === 'refused' || status.phase === 'off'}>
              {st('sync.SyncSection.syncNow')}
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
      aria-label={st('sync.SyncSection.connectForm')}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        setBusy(true);
        setError(null);
        void (async () => {
          try {
            if (!v.deviceName.trim()) throw new Error(st('sync.SyncSection.nameThisDevice'));
            const serverUrl = await chooseServer(bridge, v.serverUrl);
            const registered = await new SyncClient({ serverUrl, appVersion: __APP_VERSION__ }).register(v.deviceName.trim(), v.secret || undefined);
            await syncConfig.save({ serverUrl, practiceId: registered.practiceId, deviceId: registered.deviceId, deviceName: v.deviceName.trim(), role: 'admin' }, registered.token);
            await sync.start();
            onConnected();
          } catch (failure) {
            setError(errorText(failure));
          } finally {
            setBusy(false);
          }
        })();
      }}
    >
      <Stack gap="sm">
        <Text size="sm">{st('sync.SyncSection.optional')}</Text>
        <TextInput label={st('sync.SyncSection.serverAddress')} placeholder={st('sync.SyncSection.serverPlaceholder')} required value={v.serverUrl} onChange={(e) => setV({ ...v, serverUrl: e.currentTarget.value })} />
        <TextInput label={st('sync.SyncSection.nameOfThisDevice')} required value={v.deviceName} onChange={(e) => setV({ ...v, deviceName: e.currentTarget.value })} />
        <PasswordInput label={st('sync.SyncSection.registrationSecret')} description={st('sync.SyncSection.secretExplained')} value={v.secret} onChange={(e) => setV({ ...v, secret: e.currentTarget.value })} />
        {error && (
          <Alert color="red" role="alert">
            {error}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button type="submit" loading={busy}>
            {st('sync.SyncSection.register')}
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
    if (!withToken) throw new Error(st('sync.SyncSection.notSetUp'));
    return new SyncClient({ serverUrl: withToken.serverUrl, token: withToken.token, appVersion: __APP_VERSION__ });
  };
  useEffect(() => {
    void client()
      .then((c) => c.devices())
      .then(setDevices, (e: unknown) => setError(errorText(e)));
    // eslint-disable-next-line react-hooks/exhaustive-deps -- reloaded on demand
  }, [refresh]);

  const enrol = async () => {
    const member = staffList.find((s) => s.id === invite.staffId);
    if (!member) throw new Error(st('sync.SyncSection.chooseWho'));
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
        {st('sync.SyncSection.devicesOfPractice')}
      </Title>
      {devices && (
        <Table aria-label={st('sync.SyncSection.devices')}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{st('sync.SyncSection.device')}</Table.Th>
              <Table.Th scope="col">{st('sync.SyncSection.role')}</Table.Th>
              <Table.Th scope="col">{st('sync.SyncSection.lastSeen')}</Table.Th>
              <Table.Th scope="col">{st('sync.SyncSection.status')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {devices.map((d) => (
              <Table.Tr key={d.id}>
                <Table.Td>{d.id === settings.deviceId ? st('sync.SyncSection.thisDevice', { name: d.name }) : d.name}</Table.Td>
                <Table.Td>{d.role === 'admin' ? st('sync.SyncSection.administrator') : st('sync.SyncSection.member')}</Table.Td>
                <Table.Td>{d.lastSeenAt ? format.instant(d.lastSeenAt) : '—'}</Table.Td>
                <Table.Td>
                  {d.revokedAt ? (
                    st('sync.SyncSection.revoked')
                  ) : d.id === settings.deviceId ? (
                    st('sync.SyncSection.active')
                  ) : (
                    <Button
                      size="compact-xs"
                      color="red"
                      variant="light"
                      aria-label={st('sync.SyncSection.revokeDevice', { name: d.name })}
                      onClick={() =>
                        void client()
                          .then((c) => c.revokeDevice(d.id))
                          .then(
                            () => (setRefresh((n) => n + 1), setRevoked(d.name)),
                            (e: unknown) => setError(errorText(e)),
                          )
                      }
                    >
                      {st('sync.SyncSection.revoke')}
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
            intro={st('sync.SyncSection.revokedIntro', { name: revoked })}
          />
        </Card>
      )}
      <form
        aria-label={st('sync.SyncSection.enrolForm')}
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          setError(null);
          void enrol().catch((failure: unknown) => setError(errorText(failure)));
        }}
      >
        <Group align="flex-end" gap="sm">
          <Select
            label={st('sync.SyncSection.newDeviceFor')}
            placeholder={st('sync.SyncSection.chooseStaff')}
            data={staffList.map((s) => ({ value: s.id, label: s.data.displayName }))}
            value={invite.staffId}
            onChange={(staffId) => setInvite({ ...invite, staffId })}
            w={240}
          />
          <PasswordInput label={st('sync.SyncSection.yourPassphrase')} value={invite.passphrase} onChange={(e) => setInvite({ ...invite, passphrase: e.currentTarget.value })} w={240} />
          <Button type="submit" variant="light">
            {st('sync.SyncSection.makeCode')}
          </Button>
        </Group>
      </form>
      {issued && (
        <Alert color="teal" title={st('sync.SyncSection.codeFor', { name: issued.name })} role="status">
          <Code fz="lg">{issued.code}</Code>
          <Text size="sm" mt={4}>
            {st('sync.SyncSection.typeIt', { expiresAt: format.instant(issued.expiresAt) })}
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
