import { useMemo } from 'react';
import { Anchor, Badge, Card, Stack, Table, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { chartTabPath } from '../clients/chart/chartPath';
import { combineLatest, map } from 'rxjs';
import { displayName } from '../../../../shared/clients';
import { REVIEW_BUCKETS, REVIEW_TYPES, reviewsDue, type ReviewBucket } from '../../../../shared/billing';
import { useServices } from '../../app/services';
import { useObservable } from '../../hooks/useObservable';
import { useToday } from '../../hooks/useToday';
import type { AuthorizationRecord } from '../../repositories/authorizations';
import { st } from '../../i18n/staff';
import { sharedText } from '../../i18n/shared';

interface DueRow {
  bucket: ReviewBucket;
  record: AuthorizationRecord;
  clientName: string;
  payerName: string;
}

/** Utilization reviews due across the practice (overdue, today, tomorrow, later this week), soonest first. */
function useReviewsDue(today: string): DueRow[] | null {
  const { authorizations, clients } = useServices();
  const rows$ = useMemo(
    () =>
      combineLatest([authorizations.active$(), authorizations.payers$(), clients.list$()]).pipe(
        map(([records, payers, clientList]) => {
          const names = new Map(clientList.map((c) => [c.id, displayName(c.data)]));
          return reviewsDue(records.map((record) => ({ ...record.data, record })), today).map(({ bucket, auth }) => ({
            bucket,
            record: auth.record,
            clientName: names.get(auth.clientId) ?? st('authorizations.ReviewsDuePage.unknownClient'),
            payerName: payers.find((p) => p.id === auth.payerId)?.name ?? st('authorizations.AuthorizationsSection.payerGone'),
          }));
        }),
      ),
    [authorizations, clients, today],
  );
  return useObservable<DueRow[] | null>(rows$, null);
}

function DueTable({ rows }: { rows: DueRow[] }) {
  return (
    <Table aria-label={st('authorizations.ReviewsDuePage.heading')}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th scope="col">{st('authorizations.ReviewsDuePage.when')}</Table.Th>
          <Table.Th scope="col">{st('authorizations.ReviewsDuePage.client')}</Table.Th>
          <Table.Th scope="col">{st('authorizations.ReviewsDuePage.payerAndAuthorization')}</Table.Th>
          <Table.Th scope="col">{st('authorizations.ReviewsDuePage.review')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map(({ bucket, record, clientName, payerName }) => (
          <Table.Tr key={record.id}>
            <Table.Td>
              <Badge color={bucket === 'overdue' ? 'red' : bucket === 'today' ? 'orange' : 'blue'}>{sharedText(REVIEW_BUCKETS[bucket])}</Badge> {record.data.nextReviewOn}
            </Table.Td>
            <Table.Td>
              <Anchor component={Link} to={chartTabPath(record.clientId, 'authorizations')}>
                {clientName}
              </Anchor>
            </Table.Td>
            <Table.Td>
              {payerName}
              {record.data.number ? ` · ${record.data.number}` : ''}
            </Table.Td>
            <Table.Td>
              {sharedText(REVIEW_TYPES[record.data.reviewType])}
              {record.data.careManager.name ? ` ${st('authorizations.ReviewsDuePage.withCareManager', { name: record.data.careManager.name })}` : ''}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/** The dashboard's card: the same list, with a link to the page. */
export function AuthorizationReviewsOverview({ today }: { today: string }) {
  const rows = useReviewsDue(today);
  return (
    <Card withBorder component="section" aria-labelledby="authorization-reviews-heading">
      <Title order={3} size="h4" id="authorization-reviews-heading" mb="xs">
        {st('authorizations.ReviewsDuePage.headingCount', { count: rows?.length ?? 0 })}
      </Title>
      {rows !== null && rows.length === 0 ? (
        <Text size="sm" c="dimmed">
          {st('authorizations.ReviewsDuePage.noneDue')}
        </Text>
      ) : (
        rows !== null && <DueTable rows={rows} />
      )}
      <Anchor component={Link} to="/authorizations" size="sm" mt="xs" display="block">
        {st('authorizations.ReviewsDuePage.all')}
      </Anchor>
    </Card>
  );
}

export function ReviewsDuePage() {
  const today = useToday();
  const rows = useReviewsDue(today);
  return (
    <Stack gap="md">
      <Title order={2}>{st('authorizations.ReviewsDuePage.heading')}</Title>
      <Text size="sm" c="dimmed">
        {st('authorizations.ReviewsDuePage.explained')}
      </Text>
      {rows !== null && rows.length === 0 ? <Text>{st('authorizations.ReviewsDuePage.noneDue')}</Text> : rows !== null && <DueTable rows={rows} />}
    </Stack>
  );
}
