import { useMemo, useState, type ReactNode } from 'react';
import { Alert, Button, Card, Group, Stack, Table, Text, Title } from '@mantine/core';
import type { ConflictKind, MergeConflict, MergeRecord } from '../../../../shared/sync/merge';
import { useServices } from '../../app/services';
import { useObservable } from '../../hooks/useObservable';
import type { ConflictRecord } from '../../repositories/conflicts';
import { PrivateNoteConflict } from './PrivateNoteConflict';
import { useRecordInWords } from './useRecordInWords';
import { st } from '../../i18n/staff';
import { errorText } from '../../i18n/shared';

const KINDS: Record<ConflictKind, string> = {
  fields: st('sync.ConflictsSection.fields'),
  'delete-edit': st('sync.ConflictsSection.deleteEdit'),
  'superseded-edits': st('sync.ConflictsSection.supersededEdits'),
  'immutable-violation': st('sync.ConflictsSection.immutableViolation'),
};

/** The value at a path like 'data.note.fields.plan' or 'plain.status', as text. */
function valueAt(record: MergeRecord, path: string): string {
  if (path === 'deleted') return record.deleted ? st('sync.ConflictsSection.deleted') : st('sync.ConflictsSection.kept');
  let value: unknown = record;
  for (const key of path.split('.')) value = value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
  if (value === undefined || value === '') return '—';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > 300 ? `${text.slice(0, 297)}…` : text;
}

function ConflictCard({ conflict, keepButtons }: { conflict: MergeConflict; keepButtons: ReactNode }) {
  const record = useRecordInWords({ collection: conflict.collection, id: conflict.id, plain: conflict.versions[0].plain });
  return (
    <Card withBorder padding="sm" component="article" aria-label={st('sync.ConflictsSection.conflictIn', { record })}>
      {/* A sentence, not a badge: a badge cuts a long name short. */}
      <Group justify="space-between" mb={4} wrap="nowrap" align="baseline">
        <Text fw={600}>{KINDS[conflict.kind]}</Text>
        <Text size="sm" c="dimmed" ta="right" maw="60%">
          {record}
        </Text>
      </Group>
      {conflict.collection === 'privateNotes' ? (
        <PrivateNoteConflict conflict={conflict} keepButtons={keepButtons} />
      ) : (
        <>
          <Table aria-label={st('sync.ConflictsSection.theTwoVersions')} layout="fixed">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{st('sync.ConflictsSection.whatDiffers')}</Table.Th>
                <Table.Th scope="col">{st('sync.ConflictsSection.versionA')}</Table.Th>
                <Table.Th scope="col">{st('sync.ConflictsSection.versionB')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {conflict.fields.map((path) => (
                <Table.Tr key={path}>
                  <Table.Td>{path.replace(/^data\.(note\.)?(fields\.)?/, '')}</Table.Td>
                  <Table.Td style={{ whiteSpace: 'pre-wrap' }}>{valueAt(conflict.versions[0], path)}</Table.Td>
                  <Table.Td style={{ whiteSpace: 'pre-wrap' }}>{valueAt(conflict.versions[1], path)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          {keepButtons}
        </>
      )}
    </Card>
  );
}

/** Sync conflicts waiting for a person: both versions side by side, and the one to keep. */
export function ConflictsSection() {
  const { conflicts, conflictResolver, vault } = useServices();
  const open = useObservable(useMemo(() => conflicts.open$(), [conflicts]), [] as ConflictRecord[]);
  const [error, setError] = useState<string | null>(null);
  if (open.length === 0) return null;
  const keep = (record: ConflictRecord, version: 0 | 1) =>
    void conflictResolver.keepVersion(record, version, vault.currentProfile().id, new Date().toISOString()).then(
      () => setError(null),
      (e: unknown) => setError(errorText(e)),
    );
  const keepButtons = (record: ConflictRecord) => (
    <Group gap="xs" mt="xs" justify="flex-end">
      <Button size="xs" variant="light" onClick={() => keep(record, 0)}>
        {st('sync.ConflictsSection.keepVersionA')}
      </Button>
      <Button size="xs" variant="light" onClick={() => keep(record, 1)}>
        {st('sync.ConflictsSection.keepVersionB')}
      </Button>
    </Group>
  );
  return (
    <Card withBorder component="section" aria-labelledby="conflicts-heading" maw={960} id="conflicts">
      <Title order={3} id="conflicts-heading" mb="xs">
        {st('sync.ConflictsSection.toResolve', { conflicts: open.length })}
      </Title>
      <Text size="sm" mb="sm">
        {st('sync.ConflictsSection.nothingLost')}
      </Text>
      <Stack gap="md">
        {open.map((record) => (
          <ConflictCard key={record.id} conflict={record.data.conflict} keepButtons={keepButtons(record)} />
        ))}
      </Stack>
      {error && (
        <Alert color="red" role="alert" mt="xs">
          {error}
        </Alert>
      )}
    </Card>
  );
}
