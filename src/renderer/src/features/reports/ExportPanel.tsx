import { useMemo, useState } from 'react';
import { Alert, Button, Card, Checkbox, Group, List, Select, Stack, Table, Text, Title } from '@mantine/core';
import { IconAlertTriangle, IconDownload } from '@tabler/icons-react';
import { CLIENT_IDENTIFIERS, type ClientIdentifier } from '../../../../shared/exports';
import { formatHours, SERVICE_TYPES, type ServiceType } from '../../../../shared/hours';
import type { DateRange } from '../../../../shared/schedule';
import { DEFAULT_PRACTICE_SETTINGS } from '../../../../shared/settings';
import { useServices } from '../../app/services';
import { useObservable } from '../../hooks/useObservable';
import type { DisclosedInformation } from '../../../../shared/part2';
import { AudienceFields, RefusedDisclosure } from '../part2/AudienceFields';
import { checkDisclosures, DEFAULT_AUDIENCE, recordDisclosures, type Audience } from '../part2/disclosure-gate';
import { buildBillingExport, EXPORT_KINDS, part2NoticeFile, type BillingExport, type ExportKind } from './billing-export';
import { ServiceCodesForm } from './ServiceCodesForm';

/** The app has no chart numbers yet: clients are identified by their record id or their name. */
const IDENTIFIERS: ClientIdentifier[] = ['client-id', 'name'];

const utf8 = (text: string) => new TextEncoder().encode(text);

type Result = { done: BillingExport; saved: boolean; noticeSaved: boolean; recorded: number } | { refused: { name: string; message: string }[] } | { error: string };

/**
 * The billing office's CSV for the chosen dates, written through the bridge (a save dialog in the
 * app, a download in a browser). An export with a Part 2 record names who receives it: sent
 * outside the programme it is a disclosure, checked against each Part 2 client's consent and
 * refused with the reason unless every one allows it; once saved, it goes into each client's
 * disclosure ledger. The notice (and the § 2.32(b) scope) is saved beside the CSV as its own
 * file: inside the CSV it would break the billing system's import.
 */
export function ExportPanel({ range, today }: { range: DateRange; today: string }) {
  const services = useServices();
  const { bridge, settings } = services;
  const mapping = useObservable(useMemo(() => settings.observe(), [settings]), DEFAULT_PRACTICE_SETTINGS).serviceCodes;
  const [kind, setKind] = useState<ExportKind>('services');
  const [identifier, setIdentifier] = useState<ClientIdentifier>('client-id');
  const [includeAbsences, setIncludeAbsences] = useState(false);
  const [audience, setAudience] = useState<Audience>(DEFAULT_AUDIENCE);
  const [editing, setEditing] = useState(false);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<Result | null>(null);

  const run = async () => {
    setBusy(true);
    setResult(null);
    try {
      const done = await buildBillingExport(services, { range, kind, identifier, includeAbsences, mapping, today });
      const what = { information: ['attendance', 'billing'] as DisclosedInformation[], description: `${EXPORT_KINDS[kind]}, ${range.from} to ${range.to} (${done.fileName})`, path: 'export' as const };
      const gate = await checkDisclosures(services, done.part2Clients, what, audience, today);
      if (gate.refused.length > 0) return setResult({ refused: gate.refused });
      const saved = await bridge.saveFile({ suggestedName: done.fileName, mimeType: 'text/csv', data: utf8(done.csv), filters: [{ name: 'CSV', extensions: ['csv'] }] });
      // The notice goes wherever the CSV went; no CSV, no disclosure, no notice.
      const notice =
        saved.saved && done.noticeFileName !== null
          ? await bridge.saveFile({ suggestedName: done.noticeFileName, mimeType: 'text/plain', data: utf8(part2NoticeFile(done.fileName, today, gate.covers)), filters: [{ name: 'Text', extensions: ['txt'] }] })
          : null;
      const recorded = saved.saved ? await recordDisclosures(services, gate, audience.cover) : 0;
      setResult({ done, saved: saved.saved, noticeSaved: notice?.saved ?? false, recorded });
    } catch (error) {
      setResult({ error: `The export failed: ${(error as Error).message}` });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Stack gap="sm">
      <Card withBorder component="section" aria-labelledby="export-heading">
        <Title order={3} size="h4" id="export-heading" mb="xs">
          Attendance and services for the billing office
        </Title>
        <Text size="sm" c="dimmed" mb="sm">
          Sessions from {range.from} to {range.to}. Only attendance is exported: no note text, and never psychotherapy notes.
        </Text>
        <Group align="flex-end" gap="md">
          <Select label="Rows" w={380} allowDeselect={false} data={Object.entries(EXPORT_KINDS).map(([value, label]) => ({ value, label }))} value={kind} onChange={(v) => v && setKind(v as ExportKind)} />
          <Select
            label="Identify clients by"
            w={200}
            allowDeselect={false}
            data={IDENTIFIERS.map((value) => ({ value, label: CLIENT_IDENTIFIERS[value] }))}
            value={identifier}
            onChange={(v) => v && setIdentifier(v as ClientIdentifier)}
          />
          <Checkbox label="Include absences (no code)" disabled={kind !== 'services'} checked={kind === 'services' && includeAbsences} onChange={(e) => setIncludeAbsences(e.currentTarget.checked)} mb={8} />
        </Group>
        {identifier === 'name' && (
          <Text size="xs" c="orange" mt={4}>
            Names make the file identifying wherever it travels; a client id keeps them out.
          </Text>
        )}
        <AudienceFields value={audience} onChange={setAudience} what="this file" />
        <Group mt="md">
          <Button leftSection={<IconDownload size={16} aria-hidden />} loading={busy} onClick={() => void run()}>
            Export CSV
          </Button>
        </Group>
        <Outcome result={result} />
      </Card>
      <Card withBorder component="section" aria-labelledby="codes-heading">
        <Group justify="space-between" mb="xs">
          <Title order={3} size="h4" id="codes-heading">
            Service codes (practice setting)
          </Title>
          <Button size="compact-sm" variant="light" onClick={() => setEditing(true)}>
            Edit service codes
          </Button>
        </Group>
        <Table aria-label="Service codes" verticalSpacing={2}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Service</Table.Th>
              <Table.Th scope="col">Code</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(Object.keys(SERVICE_TYPES) as ServiceType[]).map((type) => (
              <Table.Tr key={type}>
                <Table.Td>{SERVICE_TYPES[type]}</Table.Td>
                <Table.Td>{mapping.services[type] || 'left to the billing office'}</Table.Td>
              </Table.Tr>
            ))}
            <Table.Tr>
              <Table.Td>IOP day (per diem)</Table.Td>
              <Table.Td>{mapping.perDiem ? `${mapping.perDiem.code}, from ${formatHours(mapping.perDiem.minimumMinutes)} attended` : 'none'}</Table.Td>
            </Table.Tr>
          </Table.Tbody>
        </Table>
      </Card>
      {editing && <ServiceCodesForm initial={mapping} onClose={() => setEditing(false)} />}
    </Stack>
  );
}

function Outcome({ result }: { result: Result | null }) {
  if (result === null) return null;
  if ('error' in result) {
    return (
      <Alert color="red" role="alert" mt="sm">
        {result.error}
      </Alert>
    );
  }
  if ('refused' in result) return <RefusedDisclosure refused={result.refused} action="Not exported" />;
  const { done, saved, noticeSaved, recorded } = result;
  return (
    <Stack gap="xs" mt="sm">
      <Text size="sm" role="status">
        {saved ? `Saved ${done.fileName}: ${done.rows} ${done.rows === 1 ? 'row' : 'rows'}.` : 'Not saved.'}
        {recorded > 0 && ` Recorded in the disclosure ledger of ${recorded} ${recorded === 1 ? 'client' : 'clients'}.`}
      </Text>
      {saved && done.noticeFileName !== null && (
        <Alert color="red" icon={<IconAlertTriangle aria-hidden />} title="This export contains 42 CFR Part 2 records" role="alert">
          {noticeSaved
            ? `The redisclosure notice${recorded > 0 ? ', with what was disclosed under which consent (42 CFR 2.32(b)),' : ''} was saved beside it as ${done.noticeFileName}: send the two together.`
            : 'The redisclosure notice was not saved: the CSV must not be sent without it. Export again and save both files.'}
        </Alert>
      )}
      {done.warnings.length > 0 && (
        <Alert color="yellow" title="Check before sending">
          <List size="sm">
            {done.warnings.map((w) => (
              <List.Item key={w}>{w}</List.Item>
            ))}
          </List>
        </Alert>
      )}
    </Stack>
  );
}
