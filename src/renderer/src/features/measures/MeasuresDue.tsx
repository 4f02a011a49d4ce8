import { useMemo } from 'react';
import { Anchor, Badge, Card, Title } from '@mantine/core';
import { Link } from 'react-router';
import { displayName } from '../../../../shared/clients';
import { MEASURES } from '../../../../shared/measures';
import { DataTable } from '../../app/DataTable';
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
      <DataTable
        label={st('measures.MeasuresDue.measuresDue2')}
        empty={st('measures.MeasuresDue.noScheduledMeasureIsDue')}
        rows={due}
        rowKey={(o) => `${o.episodeId}-${o.instrumentId}-${o.dueOn}`}
        columns={[
          {
            header: st('measures.MeasuresDue.client'),
            cell: (o) => (
              <Anchor component={Link} to={chartTabPath(o.clientId, 'measures')}>
                {names.get(o.clientId) ?? st('measures.MeasuresDue.unknownClient')}
              </Anchor>
            ),
          },
          { header: st('measures.MeasuresDue.measure'), cell: (o) => `${MEASURES[o.instrumentId].shortName} (${o.kind})` },
          {
            header: st('measures.MeasuresDue.due'),
            cell: (o) => (
              <>
                {o.dueOn}{' '}
                {o.status === 'overdue' && (
                  <Badge size="xs" color="red">
                    {st('measures.MeasuresDue.overdue')}
                  </Badge>
                )}
              </>
            ),
          },
        ]}
      />
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
