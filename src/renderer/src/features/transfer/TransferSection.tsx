import { useFormat } from '../../i18n/useFormat';
import { useMemo, useState } from 'react';
import { Alert, Anchor, Button, Card, Group, List, Paper, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { Link } from 'react-router';
import { IconFileExport, IconFileImport } from '@tabler/icons-react';
import { MAX_FILE_BYTES } from '../../../../shared/bridge';
import type { ConflictKind } from '../../../../shared/sync/merge';
import { TRANSFER_EXTENSION, TransferError } from '../../../../shared/transfer';
import { useServices } from '../../app/services';
import { useObservable } from '../../hooks/useObservable';
import type { ImportReport } from '../../transfer/transfer-service';
import { useRecordInWords } from '../sync/useRecordInWords';
import { recordType } from '../../app/record-types';
import { st } from '../../i18n/staff';
import { errorText } from '../../i18n/shared';

/** The Select's value for a device not exchanged with yet (device ids are UUIDs, never this). */
const NEW_PEER = 'new-device';

const CONFLICT_KINDS: Readonly<Record<ConflictKind, string>> = {
  fields: st('transfer.TransferSection.conflictKinds.fields'),
  'delete-edit': st('transfer.TransferSection.conflictKinds.deleteEdit'),
  'superseded-edits': st('transfer.TransferSection.conflictKinds.supersededEdits'),
  'immutable-violation': st('transfer.TransferSection.conflictKinds.immutableViolation'),
};

/** A transfer's own refusal as it is; any other failure after what was being done (`failed`, with the error as `{{error}}`). */
function messageFor(error: unknown, failed: 'transfer.TransferSection.exportFailed' | 'transfer.TransferSection.importFailed'): string {
  return error instanceof TransferError ? errorText(error) : st(failed, { error: errorText(error) });
}

/**
 * Settings → Transfer by file: for a clinic without a connection, this device's changes go to a
 * file for another device of the practice (a USB stick), and a file from it is imported here with
 * the same merge rules as sync. The report counts records by type and names each conflict in words, never by id or content.
 */
export function TransferSection() {
  const { transfer, bridge } = useServices();
  const format = useFormat();
  const when = (at: number) => format.instant(at);
  const status = useObservable(useMemo(() => transfer.status$(), [transfer]), null);
  const [peer, setPeer] = useState<string | null>(null);
  const [busy, setBusy] = useState<'export' | 'import' | null>(null);
  const [outcome, setOutcome] = useState<{ kind: 'saved' | 'error'; text: string } | null>(null);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [renaming, setRenaming] = useState(false);
  if (status === null) return null;

  const peers = [...status.peers.map((p) => ({ value: p.id, label: p.name })), { value: NEW_PEER, label: st('transfer.TransferSection.newPeer') }];
  const chosen = peer ?? peers[0]!.value;

  const exportChanges = async () => {
    setBusy('export');
    setOutcome(null);
    try {
      const result = await transfer.exportTo(bridge, chosen === NEW_PEER ? null : chosen);
      setOutcome(result.saved ? { kind: 'saved', text: st('transfer.TransferSection.saved', { documents: result.documents, location: result.location }) } : null);
    } catch (error) {
      setOutcome({ kind: 'error', text: messageFor(error, 'transfer.TransferSection.exportFailed') });
    } finally {
      setBusy(null);
    }
  };

  const importFile = async () => {
    setOutcome(null);
    setReport(null);
    try {
      const opened = await bridge.openFile({ filters: [{ name: st('transfer.TransferSection.fileType'), extensions: [TRANSFER_EXTENSION] }], maxBytes: MAX_FILE_BYTES });
      if (!opened.opened) return;
      setBusy('import');
      setReport(await transfer.importFile(opened.data));
    } catch (error) {
      setOutcome({ kind: 'error', text: messageFor(error, 'transfer.TransferSection.importFailed') });
    } finally {
      setBusy(null);
    }
  };

  return (
    <Card withBorder component="section" aria-labelledby="transfer-heading" maw={760} id="transfer">
      <Stack gap="sm">
        <Title order={3} id="transfer-heading">
          {st('transfer.TransferSection.transferByFile')}
        </Title>
        <Text size="sm">
          {st('transfer.TransferSection.withoutAConnectionCarryChanges')}
        </Text>
        {status.deviceName === null || renaming ? (
          <DeviceNameForm initial={status.deviceName ?? ''} onDone={() => setRenaming(false)} />
        ) : (
          <Group gap="xs">
            <Text size="sm">{st('transfer.TransferSection.theOtherDeviceListsThis', { deviceName: status.deviceName })}</Text>
            <Button variant="subtle" size="compact-sm" onClick={() => setRenaming(true)}>
              {st('transfer.TransferSection.rename')}
            </Button>
          </Group>
        )}
        <Group align="end">
          <Select label={st('transfer.TransferSection.exportChangesFor')} data={peers} value={chosen} onChange={(value) => value && setPeer(value)} allowDeselect={false} w={360} />
          <Button leftSection={<IconFileExport size={16} aria-hidden />} loading={busy === 'export'} disabled={busy !== null || status.deviceName === null} onClick={() => void exportChanges()}>
            {st('transfer.TransferSection.exportChanges')}
          </Button>
          <Button variant="default" leftSection={<IconFileImport size={16} aria-hidden />} loading={busy === 'import'} disabled={busy !== null} onClick={() => void importFile()}>
            {st('transfer.TransferSection.importATransferFile')}
          </Button>
        </Group>
        {status.peers.length > 0 && (
          <Text size="sm" c="dimmed">
            {status.peers
              .map((p) => st('transfer.TransferSection.lastFileImportedLastFile', { name: p.name, imported: p.lastImportedAt ? when(p.lastImportedAt) : st('transfer.TransferSection.never'), exported: p.lastExportedAt ? when(p.lastExportedAt) : st('transfer.TransferSection.never') }))
              .join(' · ')}
          </Text>
        )}
        {outcome?.kind === 'error' ? (
          <Alert color="red" role="alert">
            {outcome.text}
          </Alert>
        ) : (
          <Text role="status" aria-live="polite" size="sm" c="teal">
            {outcome?.text ?? ''}
          </Text>
        )}
        {report && <ImportReportView report={report} />}
      </Stack>
    </Card>
  );
}

function DeviceNameForm({ initial, onDone }: { initial: string; onDone: () => void }) {
  const { transfer } = useServices();
  const [name, setName] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const save = async (event: React.FormEvent) => {
    event.preventDefault();
    if (!name.trim()) return setError(st('transfer.TransferSection.giveThisDeviceAName'));
    try {
      await transfer.setDeviceName(name);
      onDone();
    } catch (failure) {
      setError(errorText(failure));
    }
  };
  return (
    <form onSubmit={(e) => void save(e)} aria-label={st('transfer.TransferSection.nameThisDevice')} noValidate>
      <Group align="end">
        <TextInput
          label={st('transfer.TransferSection.nameOfThisDevice')}
          description={st('transfer.TransferSection.theOtherDeviceListsThis2')}
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          maxLength={64}
          error={error}
          w={360}
        />
        <Button type="submit" variant="light">
          {st('transfer.TransferSection.saveName')}
        </Button>
      </Group>
    </form>
  );
}

function ReportedConflict({ conflict }: { conflict: ImportReport['conflicts'][number] }) {
  const record = useRecordInWords(conflict);
  return <List.Item>{st('transfer.TransferSection.reportedConflict', { record, kind: CONFLICT_KINDS[conflict.kind] })}</List.Item>;
}

function ImportReportView({ report }: { report: ImportReport }) {
  const rows = Object.entries(report.collections);
  return (
    <Paper withBorder p="sm" component="section" aria-label={st('transfer.TransferSection.importReport')}>
      <Stack gap="xs">
        <Text fw={600}>{st('transfer.TransferSection.importedFrom', { name: report.from.name })}</Text>
        {rows.length === 0 ? (
          <Text size="sm">{st('transfer.TransferSection.theFileHadNoChanges')}</Text>
        ) : (
          <Table aria-label={st('transfer.TransferSection.recordsImported')} withTableBorder={false} striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{st('transfer.TransferSection.records')}</Table.Th>
                <Table.Th>{st('transfer.TransferSection.new')}</Table.Th>
                <Table.Th>{st('transfer.TransferSection.updated')}</Table.Th>
                <Table.Th>{st('transfer.TransferSection.merged')}</Table.Th>
                <Table.Th>{st('transfer.TransferSection.unchanged')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map(([collection, counts]) => (
                <Table.Tr key={collection}>
                  <Table.Td>{recordType(collection)}</Table.Td>
                  <Table.Td>{counts.new}</Table.Td>
                  <Table.Td>{counts.updated}</Table.Td>
                  <Table.Td>{counts.merged}</Table.Td>
                  <Table.Td>{counts.unchanged}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        {report.conflicts.length > 0 && (
          <>
            <List size="sm" aria-label={st('transfer.TransferSection.conflictsFoundInThisImport')}>
              {report.conflicts.map((c) => (
                <ReportedConflict key={`${c.collection}/${c.id}`} conflict={c} />
              ))}
            </List>
            <Text size="sm">
              {st('transfer.TransferSection.bothVersionsAreKept')}{' '}
              <Anchor component={Link} to="/settings#conflicts" onClick={() => document.getElementById('conflicts')?.scrollIntoView()}>
                {st('transfer.TransferSection.chooseWhichToKeepUnder')}
              </Anchor>
            </Text>
          </>
        )}
      </Stack>
    </Paper>
  );
}
