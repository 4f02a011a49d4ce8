import { useEffect, useState } from 'react';
import { Alert, Badge, Card, Group, Loader, Stack, Table, Text, Title } from '@mantine/core';
import { IconInfoCircle } from '@tabler/icons-react';
import { useServices, type AppServices } from '../../app/services';
import { useFormat } from '../../i18n/useFormat';
import { st } from '../../i18n/staff';
import { errorText } from '../../i18n/shared';
import { recordType } from '../../app/record-types';

type NewerRecord = Awaited<ReturnType<AppServices['newerRecords']['list']>>[number];

/** "dateOfBirth" → "Date of birth": this release has no labels for a newer record's fields. */
const fieldLabel = (name: string): string => {
  const words = name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
};

const shown = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value));

function Fields({ caption, entries }: { caption: string; entries: [string, unknown][] }) {
  if (entries.length === 0) return null;
  return (
    <Table withRowBorders={false} verticalSpacing={2} layout="fixed" captionSide="top">
      <Table.Caption style={{ textAlign: 'left' }}>{caption}</Table.Caption>
      <Table.Tbody>
        {entries.map(([name, value]) => (
          <Table.Tr key={name}>
            <Table.Th scope="row" w={200} fw={500}>
              {fieldLabel(name)}
            </Table.Th>
            <Table.Td style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{shown(value)}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function NewerRecordCard({ record }: { record: NewerRecord }) {
  const format = useFormat();
  const collection = recordType(record.collection);
  const heading = typeof record.plain['kind'] === 'string' ? st('newer-records.NewerRecordsPage.headingWithKind', { collection, kind: record.plain['kind'] }) : collection;
  const value = record.payload?.value;
  const content = value !== null && typeof value === 'object' && !Array.isArray(value) ? Object.entries(value) : value === undefined ? [] : [['content', value] as [string, unknown]];
  return (
    <Card withBorder component="article" aria-label={st('newer-records.NewerRecordsPage.readOnly', { heading })}>
      <Group justify="space-between" mb="xs">
        <Title order={3} size="h4">
          {heading}
        </Title>
        <Badge variant="light" color="gray">
          {st('newer-records.NewerRecordsPage.readOnly2')}
        </Badge>
      </Group>
      <Text size="sm" mb="xs">
        {record.payload
          ? st('newer-records.NewerRecordsPage.madeByANewerVersionOfRecord', { at: format.instant(record.updatedAt), payloadVersion: record.payload.payloadVersion })
          : st('newer-records.NewerRecordsPage.madeByANewerVersion', { at: format.instant(record.updatedAt) })}
      </Text>
      <Fields caption={st('newer-records.NewerRecordsPage.details')} entries={Object.entries(record.plain)} />
      {record.payload === null ? (
        <Text size="sm" c="dimmed">
          {st('newer-records.NewerRecordsPage.itsContentIsSealedIn')}
        </Text>
      ) : (
        <Fields caption={st('newer-records.NewerRecordsPage.content')} entries={content} />
      )}
    </Card>
  );
}

/** Records a newer release wrote, shown exactly as stored and never editable: nothing here writes. */
export function NewerRecordsPage() {
  const { newerRecords } = useServices();
  const [records, setRecords] = useState<NewerRecord[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    newerRecords.list().then(
      (list) => live && setRecords(list),
      (failure: unknown) => live && setError(errorText(failure)),
    );
    return () => {
      live = false;
    };
  }, [newerRecords]);
  return (
    <Stack maw={900}>
      <Title order={2}>{st('newer-records.NewerRecordsPage.madeByANewerVersion2')}</Title>
      <Text>
        {st('newer-records.NewerRecordsPage.theseRecordsWereMadeBy')}
      </Text>
      {error !== null && (
        <Alert color="red" icon={<IconInfoCircle aria-hidden />} title={st('newer-records.NewerRecordsPage.theRecordsCouldNotBe')}>
          {error}
        </Alert>
      )}
      {records === null && error === null && <Loader aria-label={st('newer-records.NewerRecordsPage.loadingRecords')} />}
      {records !== null && records.length === 0 && <Text c="dimmed">{st('newer-records.NewerRecordsPage.thereAreNoSuchRecords')}</Text>}
      {records?.map((record) => <NewerRecordCard key={`${record.collection}/${record.id}`} record={record} />)}
    </Stack>
  );
}
