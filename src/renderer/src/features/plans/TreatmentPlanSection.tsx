import { useMemo, useState } from 'react';
import { Alert, Anchor, Badge, Button, Card, Group, Table, Text, Title } from '@mantine/core';
import { Link, useNavigate } from 'react-router';
import { reviewDueOn } from '../../../../shared/plans';
import { DEFAULT_PRACTICE_SETTINGS } from '../../../../shared/settings';
import { useServices } from '../../app/services';
import { useObservable } from '../../hooks/useObservable';
import type { PlanRecord } from '../../repositories/plans';

const STATUS = { draft: 'Draft', signed: 'Signed', superseded: 'Superseded' } as Record<string, string>;

/** The client's treatment plan in the chart: its versions, when the next review is due, and a way to write one. */
export function TreatmentPlanSection({ clientId, openEpisodeId, today }: { clientId: string; openEpisodeId: string | null; today: string }) {
  const { plans, settings } = useServices();
  const navigate = useNavigate();
  const versions = useObservable(useMemo(() => plans.forClient$(clientId), [plans, clientId]), [] as PlanRecord[]);
  const cadence = useObservable(useMemo(() => settings.observe(), [settings]), DEFAULT_PRACTICE_SETTINGS).planReviewCadenceDays;
  const [error, setError] = useState<string | null>(null);
  const current = versions.find((v) => v.status === 'signed');
  const due = current ? reviewDueOn(current.data, cadence) : null;
  const hasPlanForEpisode = openEpisodeId !== null && versions.some((v) => v.episodeId === openEpisodeId);
  return (
    <Card withBorder component="section" aria-labelledby="plan-heading">
      <Group justify="space-between" mb="xs">
        <Title order={3} size="h4" id="plan-heading">
          Treatment plan
        </Title>
        {openEpisodeId && !hasPlanForEpisode && (
          <Button
            size="compact-sm"
            variant="light"
            onClick={() =>
              void plans.create(clientId, openEpisodeId, today).then(
                (plan) => void navigate(`/plans/${plan.id}`),
                (e: unknown) => setError((e as Error).message),
              )
            }
          >
            Write a treatment plan
          </Button>
        )}
      </Group>
      {due && (
        <Text size="sm" mb="xs" c={due <= today ? 'red' : undefined}>
          {due < today ? `Review overdue since ${due}` : due === today ? 'Review due today' : `Next review due ${due}`}
        </Text>
      )}
      {versions.length === 0 ? (
        <Text size="sm" c="dimmed">
          {openEpisodeId ? 'No plan yet for this episode.' : 'A plan is written once the client is admitted.'}
        </Text>
      ) : (
        <Table aria-label="Treatment plan versions">
          <Table.Tbody>
            {versions.map((v) => (
              <Table.Tr key={v.id}>
                <Table.Td>
                  <Anchor component={Link} to={`/plans/${v.id}`}>
                    Version {v.data.version}
                  </Anchor>
                </Table.Td>
                <Table.Td>{v.data.effectiveOn}</Table.Td>
                <Table.Td>
                  <Badge size="sm" variant="light" color={v.status === 'signed' ? 'teal' : 'gray'}>
                    {STATUS[v.status]}
                  </Badge>
                </Table.Td>
                <Table.Td>{v.data.participation.signature ? 'client signed' : 'no client signature yet'}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {error && (
        <Alert color="red" role="alert" mt="xs">
          {error}
        </Alert>
      )}
    </Card>
  );
}
