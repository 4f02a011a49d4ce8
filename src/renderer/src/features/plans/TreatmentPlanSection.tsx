import { useMemo, useState } from 'react';
import { Alert, Anchor, Badge, Button, Card, Group, Table, Text, Title } from '@mantine/core';
import { Link, useNavigate } from 'react-router';
import { reviewDueOn } from '../../../../shared/plans';
import { DEFAULT_PRACTICE_SETTINGS } from '../../../../shared/settings';
import { useServices } from '../../app/services';
import { useObservable } from '../../hooks/useObservable';
import type { PlanRecord } from '../../repositories/plans';
import { st } from '../../i18n/staff';
import { errorText } from '../../i18n/shared';

const STATUS = { draft: st('plans.TreatmentPlanSection.draft'), signed: st('plans.TreatmentPlanSection.signed'), superseded: st('plans.TreatmentPlanSection.superseded') } as Record<string, string>;

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
          {st('plans.TreatmentPlanSection.treatmentPlan')}
        </Title>
        {openEpisodeId && !hasPlanForEpisode && (
          <Button
            size="compact-sm"
            variant="light"
            onClick={() =>
              void plans.create(clientId, openEpisodeId, today).then(
                (plan) => void navigate(`/plans/${plan.id}`),
                (e: unknown) => setError(errorText(e)),
              )
            }
          >
            {st('plans.TreatmentPlanSection.writeATreatmentPlan')}
          </Button>
        )}
      </Group>
      {due && (
        <Text size="sm" mb="xs" c={due <= today ? 'red' : undefined}>
          {due < today ? st('plans.TreatmentPlanSection.reviewOverdueSince', { due }) : due === today ? st('plans.TreatmentPlanSection.reviewDueToday') : st('plans.TreatmentPlanSection.nextReviewDue', { due })}
        </Text>
      )}
      {versions.length === 0 ? (
        <Text size="sm" c="dimmed">
          {openEpisodeId ? st('plans.TreatmentPlanSection.noPlanYetForThis') : st('plans.TreatmentPlanSection.aPlanIsWrittenOnce')}
        </Text>
      ) : (
        <Table aria-label={st('plans.TreatmentPlanSection.treatmentPlanVersions')}>
          <Table.Tbody>
            {versions.map((v) => (
              <Table.Tr key={v.id}>
                <Table.Td>
                  <Anchor component={Link} to={`/plans/${v.id}`}>{st('plans.TreatmentPlanSection.version', { version: v.data.version })}</Anchor>
                </Table.Td>
                <Table.Td>{v.data.effectiveOn}</Table.Td>
                <Table.Td>
                  <Badge size="sm" variant="light" color={v.status === 'signed' ? 'teal' : 'gray'}>
                    {STATUS[v.status]}
                  </Badge>
                </Table.Td>
                <Table.Td>{v.data.participation.signature ? st('plans.TreatmentPlanSection.clientSigned') : st('plans.TreatmentPlanSection.noClientSignatureYet')}</Table.Td>
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
