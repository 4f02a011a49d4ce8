import { useMemo } from 'react';
import { Anchor, Badge, Card, Stack, Table, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { displayName } from '../../../../shared/clients';
import { reviewsDue } from '../../../../shared/plans';
import { DEFAULT_PRACTICE_SETTINGS } from '../../../../shared/settings';
import { useServices } from '../../app/services';
import { useObservable } from '../../hooks/useObservable';
import { useToday } from '../../hooks/useToday';
import type { ClientRecord } from '../../repositories/clients';
import type { PlanRecord } from '../../repositories/plans';
import { MeasuresOverview } from '../measures/MeasuresDue';

/** Plan reviews due across the practice, by urgency, each a link to the plan. */
export function ReviewsDueSection() {
  const { plans, clients, settings } = useServices();
  const today = useToday();
  const all = useObservable(useMemo(() => plans.all$(), [plans]), [] as PlanRecord[]);
  const clientList = useObservable(useMemo(() => clients.list$(), [clients]), [] as ClientRecord[]);
  const cadenceDays = useObservable(useMemo(() => settings.observe(), [settings]), DEFAULT_PRACTICE_SETTINGS).planReviewCadenceDays;
  const names = new Map(clientList.map((c) => [c.id, displayName(c.data)]));
  const due = reviewsDue(
    all.filter((p) => p.status !== 'superseded').map((p) => p.data),
    today,
    { cadenceDays },
  );
  const idOf = new Map(all.map((p) => [`${p.data.planId}-${p.data.version}`, p.id]));
  return (
    <Card withBorder component="section" aria-labelledby="reviews-heading">
      <Title order={3} size="h4" id="reviews-heading" mb="xs">
        Plan reviews due ({due.length})
      </Title>
      {due.length === 0 ? (
        <Text size="sm" c="dimmed">
          No plan review is due in the next week.
        </Text>
      ) : (
        <Table aria-label="Plan reviews due">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Client</Table.Th>
              <Table.Th scope="col">Due</Table.Th>
              <Table.Th scope="col">Plan</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {due.map((r) => (
              <Table.Tr key={r.planId}>
                <Table.Td>{names.get(r.clientId) ?? 'Unknown client'}</Table.Td>
                <Table.Td>
                  {r.dueOn}{' '}
                  {r.daysOverdue > 0 && (
                    <Badge size="xs" color="red">
                      {r.daysOverdue} days overdue
                    </Badge>
                  )}
                </Table.Td>
                <Table.Td>
                  <Anchor component={Link} to={`/plans/${idOf.get(`${r.planId}-${r.version}`) ?? ''}`}>
                    Version {r.version}
                  </Anchor>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Card>
  );
}

export function PlansPage() {
  return (
    <Stack gap="md" maw={980}>
      <Title order={2}>Treatment plans</Title>
      <MeasuresOverview />
      <ReviewsDueSection />
    </Stack>
  );
}
