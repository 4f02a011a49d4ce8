import { useFormat } from '../../i18n/useFormat';
import { useEffect, useMemo, useState } from 'react';
import { Alert, Anchor, Badge, Button, Card, Group, List, Loader, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { IconDownload, IconShieldCheck } from '@tabler/icons-react';
import { Link } from 'react-router';
import { AUDIT_ACTION_LABELS, AUDIT_ACTIONS, type AuditAction, type AuditEntry } from '../../../../shared/audit';
import { describeAuditEntry } from '../../../../shared/audit-words';
import { addDays } from '../../../../shared/calendar';
import { displayName } from '../../../../shared/clients';
import { toCsv } from '../../../../shared/exports/csv';
import { useServices } from '../../app/services';
import type { AuditFilter, DeviceChainReport } from '../../audit/audit-log';
import { useObservable } from '../../hooks/useObservable';
import { usePracticeZone, useToday } from '../../hooks/useToday';
import { startOfDay } from '../../../../shared/practice-time';
import type { ClientRecord } from '../../repositories/clients';
import type { StaffRecord } from '../../repositories/staff';
import { st } from '../../i18n/staff';
import { errorText, messagesText, sharedText } from '../../i18n/shared';

/** Rows drawn on screen; the CSV has them all. */
const SHOWN = 500;

const NO_WRAP = { whiteSpace: 'nowrap' } as const;

function ChainResults({ reports, onVerify, busy }: { reports: DeviceChainReport[] | null; onVerify: () => void; busy: boolean }) {
  return (
    <Card withBorder component="section" aria-labelledby="chain-heading">
      <Group justify="space-between" mb="xs">
        <Title order={3} size="h4" id="chain-heading">
          {st('audit.AuditTrailPage.chainVerification')}
        </Title>
        <Button variant="default" size="xs" leftSection={<IconShieldCheck size={16} aria-hidden />} loading={busy} onClick={onVerify}>
          {st('audit.AuditTrailPage.verifyAgain')}
        </Button>
      </Group>
      {reports === null ? (
        <Loader size="sm" aria-label={st('audit.AuditTrailPage.verifyingTheAuditChains')} />
      ) : reports.length === 0 ? (
        <Text size="sm">{st('audit.AuditTrailPage.noEntriesYet')}</Text>
      ) : (
        <Stack gap="xs" role="list" aria-label={st('audit.AuditTrailPage.chainsByDevice')}>
          {reports.map((r) => (
            <div key={r.deviceId} role="listitem" aria-label={r.thisDevice ? st('audit.AuditTrailPage.thisDevice') : st('audit.AuditTrailPage.device', { deviceId: r.deviceId })}>
              <Group gap="xs">
                <Text size="sm" fw={600}>
                  {r.thisDevice ? st('audit.AuditTrailPage.thisDevice') : st('audit.AuditTrailPage.device2', { device: r.deviceId.slice(0, 8) })}
                </Text>
                <Text size="sm" c="dimmed">
                  {r.entries === 1 ? st('audit.AuditTrailPage.oneEntry') : st('audit.AuditTrailPage.entries', { count: r.entries })}
                </Text>
                {r.problems.length === 0 ? <Badge color="teal">{st('audit.AuditTrailPage.chainIntact')}</Badge> : <Badge color="red">{r.problems.length === 1 ? st('audit.AuditTrailPage.1Problem') : st('audit.AuditTrailPage.problems', { length: r.problems.length })}</Badge>}
              </Group>
              {r.problems.length > 0 && (
                <List size="sm" c="red" mt={4}>
                  {r.problems.map((p) => (
                    <List.Item key={`${p.kind}-${p.seq}`}>{p.message}</List.Item>
                  ))}
                </List>
              )}
            </div>
          ))}
        </Stack>
      )}
      <Text size="xs" c="dimmed" mt="xs">
        {st('audit.AuditTrailPage.eachDeviceNumbersItsEntries')}
      </Text>
    </Card>
  );
}

/** Settings → Audit trail: who did what to which record, from which device; filters, CSV export, chain verification. */
export function AuditTrailPage() {
  const { audit, bridge, clients, staff, vault } = useServices();
  const today = useToday();
  // Days and times of entries (stored in UTC) are the practice's.
  const { zone } = usePracticeZone();
  const format = useFormat();
  const isAdmin = vault.currentProfile().role === 'administrator';
  const clientList = useObservable<ClientRecord[]>(useMemo(() => clients.list$(), [clients]), []);
  const staffList = useObservable<StaffRecord[]>(useMemo(() => staff.active$(), [staff]), []);
  const [from, setFrom] = useState(() => addDays(today, -6));
  const [to, setTo] = useState(today);
  const [staffId, setStaffId] = useState<string | null>(null);
  const [clientId, setClientId] = useState<string | null>(null);
  const [action, setAction] = useState<AuditAction | null>(null);
  const [found, setFound] = useState<{ filter: AuditFilter; entries: AuditEntry[] } | null>(null);
  const [round, setRound] = useState(0);
  const [verified, setVerified] = useState<{ round: number; reports: DeviceChainReport[] } | null>(null);
  const [notice, setNotice] = useState<{ color: string; text: string } | null>(null);

  const filter = useMemo<AuditFilter>(
    () => ({ from: from ? startOfDay(from, zone) : undefined, to: to ? startOfDay(addDays(to, 1), zone) : undefined, staffId: staffId ?? undefined, clientId: clientId ?? undefined, action: action ?? undefined }),
    [from, to, zone, staffId, clientId, action],
  );

  // Entries written a moment ago (opening this page) are flushed first, so they are listed and verified too.
  useEffect(() => {
    if (!isAdmin) return;
    let current = true;
    void audit
      .flush()
      .then(() => audit.find(filter))
      .then((entries) => current && setFound({ filter, entries }));
    return () => {
      current = false;
    };
  }, [audit, filter, isAdmin]);
  const entries = found?.filter === filter ? found.entries : null;

  useEffect(() => {
    if (!isAdmin) return;
    let current = true;
    void audit
      .flush()
      .then(() => audit.verify())
      .then((reports) => current && setVerified({ round, reports }));
    return () => {
      current = false;
    };
  }, [audit, isAdmin, round]);

  // Names are resolved here, after unlock, from the sealed client and staff records; entries hold ids.
  const clientNames = useMemo(() => new Map(clientList.map((c) => [c.id, displayName(c.data)])), [clientList]);
  const staffNames = useMemo(() => new Map(staffList.map((s) => [s.id, s.data.displayName])), [staffList]);

  if (!isAdmin) return <Alert color="orange">{st('audit.AuditTrailPage.onlyAnAdministratorCanView')}</Alert>;

  const exportCsv = async () => {
    if (entries === null) return;
    // eslint-disable-next-line no-restricted-syntax -- an export file, written in English as every export is (docs/I18N.md)
    const header = ['Time (UTC)', 'Device', 'Entry', 'Staff id', 'Staff', 'Action', 'Collection', 'Record id', 'Client id', 'Detail'];
    // Ids only for clients: the file leaves the app, and ids say which record without naming anyone.
    const rows = entries.map((e) => [e.at, e.deviceId, e.seq, e.who.staffId, e.who.name, e.action, e.target?.collection ?? '', e.target?.id ?? '', e.target?.clientId ?? '', e.detail ?? '']);
    try {
      const saved = await bridge.saveFile({ suggestedName: `audit-trail-${from}-to-${to}.csv`, mimeType: 'text/csv', data: new TextEncoder().encode(toCsv([header, ...rows])), filters: [{ name: 'CSV', extensions: ['csv'] }] });
      setNotice(saved.saved ? { color: 'teal', text: st('audit.AuditTrailPage.exported', { entries: entries.length }) } : null);
    } catch (error) {
      setNotice({ color: 'red', text: st('audit.AuditTrailPage.exportFailed', { error: errorText(error) }) });
    }
  };

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end">
        <Stack gap={2}>
          <Anchor component={Link} to="/settings" size="sm">
            {st('audit.AuditTrailPage.settings')}
          </Anchor>
          <Title order={2}>{st('audit.AuditTrailPage.auditTrail')}</Title>
        </Stack>
      </Group>
      <ChainResults reports={verified?.reports ?? null} busy={verified?.round !== round} onVerify={() => setRound((n) => n + 1)} />
      <Card withBorder component="section" aria-labelledby="entries-heading">
        <Group justify="space-between" mb="xs">
          <Title order={3} size="h4" id="entries-heading">
            {st('audit.AuditTrailPage.entriesHeading')}
          </Title>
          <Button leftSection={<IconDownload size={16} aria-hidden />} disabled={entries === null || entries.length === 0} onClick={() => void exportCsv()}>
            {st('audit.AuditTrailPage.exportCsv')}
          </Button>
        </Group>
        <Group align="flex-end" gap="sm" role="search" aria-label={st('audit.AuditTrailPage.filterTheAuditTrail')}>
          <TextInput label={st('audit.AuditTrailPage.from')} type="date" w={150} value={from} max={to} onChange={(e) => setFrom(e.currentTarget.value)} />
          <TextInput label={st('audit.AuditTrailPage.to')} type="date" w={150} value={to} min={from} onChange={(e) => setTo(e.currentTarget.value)} />
          <Select label={st('audit.AuditTrailPage.person')} placeholder={st('audit.AuditTrailPage.everyone')} w={200} clearable searchable data={staffList.map((s) => ({ value: s.id, label: s.data.displayName }))} value={staffId} onChange={setStaffId} />
          <Select label={st('audit.AuditTrailPage.client')} placeholder={st('audit.AuditTrailPage.allClients')} w={220} clearable searchable data={clientList.map((c) => ({ value: c.id, label: displayName(c.data) }))} value={clientId} onChange={setClientId} />
          <Select label={st('audit.AuditTrailPage.action')} placeholder={st('audit.AuditTrailPage.allActions')} w={200} clearable data={AUDIT_ACTIONS.map((a) => ({ value: a, label: sharedText(AUDIT_ACTION_LABELS[a]) }))} value={action} onChange={(v) => setAction(v as AuditAction | null)} />
        </Group>
        {notice && (
          <Text size="sm" c={notice.color} mt="xs" role="status">
            {notice.text}
          </Text>
        )}
        {entries === null ? (
          <Loader size="sm" mt="md" aria-label={st('audit.AuditTrailPage.loadingEntries')} />
        ) : entries.length === 0 ? (
          <Text size="sm" mt="md">
            {st('audit.AuditTrailPage.noEntriesMatch')}
          </Text>
        ) : (
          <>
            <Table.ScrollContainer minWidth={900} mt="sm">
              <Table striped highlightOnHover aria-label={st('audit.AuditTrailPage.auditEntries')} verticalSpacing={4} fz="sm">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{st('audit.AuditTrailPage.when')}</Table.Th>
                    <Table.Th>{st('audit.AuditTrailPage.person')}</Table.Th>
                    <Table.Th>{st('audit.AuditTrailPage.device3')}</Table.Th>
                    <Table.Th>{st('audit.AuditTrailPage.action')}</Table.Th>
                    <Table.Th>{st('audit.AuditTrailPage.whatHappened')}</Table.Th>
                    <Table.Th>{st('audit.AuditTrailPage.detail')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {entries.slice(0, SHOWN).map((e) => (
                    <Table.Tr key={`${e.deviceId}-${e.seq}`}>
                      <Table.Td style={NO_WRAP}>{format.instant(e.at, { seconds: true })}</Table.Td>
                      <Table.Td style={NO_WRAP}>{e.who.name || '—'}</Table.Td>
                      <Table.Td style={NO_WRAP}>
                        {e.deviceId === audit.deviceId ? st('audit.AuditTrailPage.thisDevice') : e.deviceId.slice(0, 8)} #{e.seq}
                      </Table.Td>
                      <Table.Td style={NO_WRAP}>{sharedText(AUDIT_ACTION_LABELS[e.action])}</Table.Td>
                      <Table.Td>
                        {messagesText([describeAuditEntry(e, { staff: staffNames.get(e.who.staffId), client: e.target?.clientId ? clientNames.get(e.target.clientId) : undefined })])}
                        {e.target && (
                          <Text size="xs" c="dimmed" style={{ wordBreak: 'break-all' }}>
                            {e.target.collection} · {e.target.id}
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td>{e.detail ?? ''}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            <Text size="xs" c="dimmed" mt="xs">
              {entries.length > SHOWN ? st('audit.AuditTrailPage.showingTheLatestOfEntries', { SHOWN, length: entries.length }) : entries.length === 1 ? st('audit.AuditTrailPage.oneEntryShown') : st('audit.AuditTrailPage.entriesShown', { count: entries.length })}
            </Text>
          </>
        )}
      </Card>
    </Stack>
  );
}
