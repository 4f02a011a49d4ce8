import { useMemo } from 'react';
import { Anchor, Badge, Card, Table, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { displayName } from '../../../../shared/clients';
import { MEASURES } from '../../../../shared/measures';
import { useServices } from '../../app/services';
import { useObservable } from '../../hooks/useObservable';
import { useToday } from '../../hooks/useToday';
import type { ClientRecord } from '../../repositories/clients';
import type { EpisodeRecord } from '../../repositories/episodes';
import { OpenAlertsSection } from './MeasureAlerts';
import { chartTabPath } from '../clients/chart/chartPath';
import { st } from '../../i18n/staff';

/** Outcome measures due or overdue across the practice's open episodes, from each episode's schedule. */
export function MeasuresDueSection() {
  const { measures, episodes, clients } = useServices();
  const today = useToday();
  const open = useObservable(useMemo(() => episodes.active$(), [episodes]), [] as EpisodeRecord[]);
  const clientList = useObservable(useMemo(() => clients.list$(), [clients]), [] as ClientRecord[]);
  const scheduled = useMemo(() => open.map((e) => ({ id: e.id, admittedOn: e.admittedOn, dischargedOn: null })), [open]);
  const due = useObservable(useMemo(() => measures.dueAcross$(scheduled, today), [measures, scheduled, today]), []);
  const names = new Map(clientList.map((c) => [c.id, displayName(c.data)]));
  return (
    <Card withBorder component="section" aria-labelledby="measures-due-heading">
      <Title order={3} size="h4" id="measures-due-heading" mb="xs">{st('measures.MeasuresDue.measuresDue', { length: due.length })}</Title>
      {due.length === 0 ? (
        <Text size="sm" c="dimmed">
          {st('measures.MeasuresDue.noScheduledMeasureIsDue')}
        </Text>
      ) : (
        <Table aria-label={st('measures.MeasuresDue.measuresDue2')}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{st('measures.MeasuresDue.client')}</Table.Th>
              <Table.Th scope="col">{st('measures.MeasuresDue.measure')}</Table.Th>
              <Table.Th scope="col">{st('measures.MeasuresDue.due')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {due.map((o) => (
              <Table.Tr key={`${o.episodeId}-${o.instrumentId}-${o.dueOn}`}>
                <Table.Td>
                  <Anchor component={Link} to={chartTabPath(o.clientId, 'measures')}>
                    {names.get(o.clientId) ?? st('measures.MeasuresDue.unknownClient')}
                  </Anchor>
                </Table.Td>
                <Table.Td>
                  {MEASURES[o.instrumentId].shortName} ({o.kind})
                </Table.Td>
                <Table.Td>
                  {o.dueOn}{' '}
                  {o.status === 'overdue' && (
                    <Badge size="xs" color="red">
                      {st('measures.MeasuresDue.overdue')}
                    </Badge>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Card>
  );
}

/** Open alerts first (they need action today), then what is due. */
export function MeasuresOverview() {
  return (
    <>
      <OpenAlertsSection />
      <MeasuresDueSection />
    </>
  );
}
