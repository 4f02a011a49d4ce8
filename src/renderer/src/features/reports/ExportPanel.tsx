import { useMemo, useState } from 'react';
import { Alert, Button, Card, Checkbox, Group, List, Select, Stack, Table, Text, Title } from '@mantine/core';
import { IconAlertTriangle, IconDownload } from '@tabler/icons-react';
import { CLIENT_IDENTIFIERS, type ClientIdentifier } from '../../../../shared/exports';
import { formatHours, SERVICE_TYPES, type ServiceType } from '../../../../shared/hours';
import type { DateRange } from '../../../../shared/schedule';
import { DEFAULT_PRACTICE_SETTINGS } from '../../../../shared/settings';
import { useServices } from '../../app/services';
import { useObservable } from '../../hooks/useObservable';
import { st } from '../../i18n/staff';
import type { DisclosedInformation } from '../../../../shared/part2';
import { AudienceFields, RefusedDisclosure } from '../part2/AudienceFields';
import { checkDisclosures, DEFAULT_AUDIENCE, recordDisclosures, type Audience } from '../part2/disclosure-gate';
import { buildBillingExport, EXPORT_KINDS, part2NoticeFile, type BillingExport, type ExportKind } from './billing-export';
import { ServiceCodesForm } from './ServiceCodesForm';
import { errorText, sharedText } from '../../i18n/shared';

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
      const what = { information: ['attendance', 'billing'] as DisclosedInformation[], description: st('reports.ExportPanel.ledgerDescription', { kind: EXPORT_KINDS[kind], from: range.from, to: range.to, fileName: done.fileName }), path: 'export' as const };
      const gate = await checkDisclosures(services, done.part2Clients, what, audience, today);
      if (gate.refused.length > 0) return setResult({ refused: gate.refused });
      const saved = await bridge.saveFile({ suggestedName: done.fileName, mimeType: 'text/csv', data: utf8(done.csv), filters: [{ name: 'CSV', extensions: ['csv'] }] });
      // The notice goes wherever the CSV went; no CSV, no disclosure, no notice.
      const notice =
        saved.saved && done.noticeFileName !== null
          ? await bridge.saveFile({ suggestedName: done.noticeFileName, mimeType: 'text/plain', data: utf8(part2NoticeFile(done.fileName, today, gate.covers)), filters: [{ name: st('reports.ExportPanel.textFileType'), extensions: ['txt'] }] })
          : null;
      const recorded = saved.saved ? await recordDisclosures(services, gate, audience.cover) : 0;
      setResult({ done, saved: saved.saved, noticeSaved: notice?.saved ?? false, recorded });
    } catch (error) {
      setResult({ error: st('reports.ExportPanel.failed', { message: errorText(error) }) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Stack gap="sm">
      <Card withBorder component="section" aria-labelledby="export-heading">
        <Title order={3} size="h4" id="export-heading" mb="xs">
          {st('reports.ExportPanel.heading')}
        </Title>
        <Text size="sm" c="dimmed" mb="sm">
          {st('reports.ExportPanel.explained', { from: range.from, to: range.to })}
        </Text>
        <Group align="flex-end" gap="md">
          <Select label={st('reports.ExportPanel.rows')} w={380} allowDeselect={false} data={Object.entries(EXPORT_KINDS).map(([value, label]) => ({ value, label }))} value={kind} onChange={(v) => v && setKind(v as ExportKind)} />
          <Select
            label={st('reports.ExportPanel.identifyBy')}
            w={200}
            allowDeselect={false}
            data={IDENTIFIERS.map((value) => ({ value, label: sharedText(CLIENT_IDENTIFIERS[value]) }))}
            value={identifier}
            onChange={(v) => v && setIdentifier(v as ClientIdentifier)}
          />
          <Checkbox label={st('reports.ExportPanel.includeAbsences')} disabled={kind !== 'services'} checked={kind === 'services' && includeAbsences} onChange={(e) => setIncludeAbsences(e.currentTarget.checked)} mb={8} />
        </Group>
        {identifier === 'name' && (
          <Text size="xs" c="orange" mt={4}>
            {st('reports.ExportPanel.namesIdentify')}
          </Text>
        )}
        <AudienceFields value={audience} onChange={setAudience} what={st('reports.ExportPanel.thisFile')} />
        <Group mt="md">
          <Button leftSection={<IconDownload size={16} aria-hidden />} loading={busy} onClick={() => void run()}>
            {st('reports.ExportPanel.exportCsv')}
          </Button>
        </Group>
        <Outcome result={result} />
      </Card>
      <Card withBorder component="section" aria-labelledby="codes-heading">
        <Group justify="space-between" mb="xs">
          <Title order={3} size="h4" id="codes-heading">
            {st('reports.ExportPanel.codesHeading')}
          </Title>
          <Button size="compact-sm" variant="light" onClick={() => setEditing(true)}>
            {st('reports.ExportPanel.editCodes')}
          </Button>
        </Group>
        <Table aria-label={st('reports.ExportPanel.codes')} verticalSpacing={2}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{st('reports.ExportPanel.service')}</Table.Th>
              <Table.Th scope="col">{st('reports.ExportPanel.code')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(Object.keys(SERVICE_TYPES) as ServiceType[]).map((type) => (
              <Table.Tr key={type}>
                <Table.Td>{sharedText(SERVICE_TYPES[type])}</Table.Td>
                <Table.Td>{mapping.services[type] || st('reports.ExportPanel.leftToBilling')}</Table.Td>
              </Table.Tr>
            ))}
            <Table.Tr>
              <Table.Td>{st('reports.ExportPanel.perDiemDay')}</Table.Td>
              <Table.Td>{mapping.perDiem ? st('reports.ExportPanel.perDiemFrom', { code: mapping.perDiem.code, minimum: formatHours(mapping.perDiem.minimumMinutes) }) : st('reports.ExportPanel.none')}</Table.Td>
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
  if ('refused' in result) return <RefusedDisclosure refused={result.refused} action={st('reports.ExportPanel.notExported')} />;
  const { done, saved, noticeSaved, recorded } = result;
  const summary = [
    saved ? st(done.rows === 1 ? 'reports.ExportPanel.savedOneRow' : 'reports.ExportPanel.savedRows', { fileName: done.fileName, count: done.rows }) : st('reports.ExportPanel.notSaved'),
    ...(recorded > 0 ? [st(recorded === 1 ? 'reports.ExportPanel.recordedOne' : 'reports.ExportPanel.recordedMany', { count: recorded })] : []),
  ].join(' ');
  return (
    <Stack gap="xs" mt="sm">
      <Text size="sm" role="status">
        {summary}
      </Text>
      {saved && done.noticeFileName !== null && (
        <Alert color="red" icon={<IconAlertTriangle aria-hidden />} title={st('reports.ExportPanel.containsPart2')} role="alert">
          {noticeSaved
            ? st(recorded > 0 ? 'reports.ExportPanel.noticeSavedWithScope' : 'reports.ExportPanel.noticeSaved', { fileName: done.noticeFileName })
            : st('reports.ExportPanel.noticeNotSaved')}
        </Alert>
      )}
      {done.warnings.length > 0 && (
        <Alert color="yellow" title={st('reports.ExportPanel.checkBeforeSending')}>
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
