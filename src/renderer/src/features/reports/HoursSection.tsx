import { useMemo } from 'react';
import { Trans } from 'react-i18next';
import { Alert, Card, Group, Progress, Table, Text, Title } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { combineLatest, map } from 'rxjs';
import { addDays } from '../../../../shared/calendar';
import { formatHours, isoWeekStart, weekLedger } from '../../../../shared/hours';
import { useServices } from '../../app/services';
import { useObservable } from '../../hooks/useObservable';
import { st } from '../../i18n/staff';
import { servicesOf, weekLedgers, type ClientWeek } from './ledger';
import { WeekStatusBadge } from './WeekStatusBadge';

/** Previous weeks shown under this one. */
const WEEKS_BACK = 7;

interface Weeks {
  /** This week's ledger against the target, or only the minutes attended when no target applies. */
  current: ClientWeek | { attendedMinutes: number; weekStart: string };
  previous: ClientWeek[];
  trackName: string;
}

function hasTarget(week: Weeks['current']): week is ClientWeek {
  return 'ledger' in week;
}

/**
 * The client's hours this week against their track's weekly target, with a warning as soon as the
 * sessions left this week cannot reach it, and the weeks before. Figures come from the shared rules
 * (src/shared/hours.ts); this only gathers the records.
 */
export function HoursSection({ clientId, clientName, today }: { clientId: string; clientName: string; today: string }) {
  const { sessions, programs, episodes } = useServices();
  const thisWeek = isoWeekStart(today);
  const weeks$ = useMemo(() => {
    const range = { from: addDays(thisWeek, -7 * WEEKS_BACK), to: addDays(thisWeek, 6) };
    return combineLatest([sessions.between$(range), programs.membershipsOfClient$(clientId), episodes.forClient$(clientId), programs.tree$()]).pipe(
      map(([list, memberships, history, tree]): Weeks | null => {
        if (history.length === 0) return null;
        const services = servicesOf(list, memberships.map((m) => m.data)).filter((s) => s.clientId === clientId);
        const firstWeek = isoWeekStart(history.map((e) => e.admittedOn).sort()[0]!);
        const ledgerOf = (weekOf: string) => weekLedgers(services, history, tree.tracks, weekOf, today).find((w) => w.ledger.clientId === clientId);
        const previous: ClientWeek[] = [];
        for (let i = 1; i <= WEEKS_BACK; i++) {
          const weekOf = addDays(thisWeek, -7 * i);
          if (weekOf < firstWeek) break;
          const week = ledgerOf(weekOf);
          if (week) previous.push(week);
        }
        const current = ledgerOf(thisWeek) ?? { attendedMinutes: weekLedger(services, { clientId, weekOf: thisWeek, today, targetHours: 0 }).attendedMinutes, weekStart: thisWeek };
        const trackId = hasTarget(current) ? current.trackId : history[0]!.data.trackId;
        return { current, previous, trackName: tree.tracks.find((t) => t.id === trackId)?.data.name ?? st('reports.HoursSection.unknownTrack') };
      }),
    );
  }, [sessions, programs, episodes, clientId, thisWeek, today]);
  const weeks = useObservable<Weeks | null | undefined>(weeks$, undefined);

  return (
    <Card withBorder component="section" aria-labelledby="hours-heading">
      <Title order={3} size="h4" id="hours-heading" mb="xs">
        {st('reports.HoursSection.heading')}
      </Title>
      {weeks === undefined && (
        <Text size="sm" c="dimmed">
          {st('reports.HoursSection.addingUp')}
        </Text>
      )}
      {weeks === null && (
        <Text size="sm" c="dimmed">
          {st('reports.HoursSection.noEpisode')}
        </Text>
      )}
      {weeks && <Week weeks={weeks} clientName={clientName} />}
    </Card>
  );
}

function Week({ weeks, clientName }: { weeks: Weeks; clientName: string }) {
  const { current } = weeks;
  if (!hasTarget(current)) {
    return (
      <Text size="sm">
        {st('reports.HoursSection.noTarget', { attended: formatHours(current.attendedMinutes) })}
      </Text>
    );
  }
  const l = current.ledger;
  const pct = (minutes: number) => Math.min(100, (minutes / l.targetMinutes) * 100);
  return (
    <>
      <Group justify="space-between" align="center" mb={6}>
        <Text size="sm">
          <Trans t={st} i18nKey="reports.HoursSection.attendedOf" values={{ attended: formatHours(l.attendedMinutes), target: formatHours(l.targetMinutes), track: weeks.trackName, remaining: formatHours(l.remainingMinutes) }} components={{ b: <b /> }} />
        </Text>
        <WeekStatusBadge status={l.status} />
      </Group>
      <Progress.Root size="lg" role="group" aria-label={st('reports.HoursSection.progress', { attended: formatHours(l.attendedMinutes), remaining: formatHours(l.remainingMinutes), target: formatHours(l.targetMinutes) })}>
        <Progress.Section value={pct(l.attendedMinutes)} color="teal" aria-label={st('reports.HoursSection.attended')} />
        <Progress.Section value={Math.min(pct(l.remainingMinutes), 100 - pct(l.attendedMinutes))} color="gray.4" aria-label={st('reports.HoursSection.stillScheduled')} />
      </Progress.Root>
      {l.status === 'at-risk' && (
        <Alert mt="sm" color="orange" icon={<IconAlertTriangle aria-hidden />} title={st('reports.HoursSection.cannotReach')} role="status">
          {st('reports.HoursSection.shortBy', { clientName, reach: formatHours(l.attendedMinutes + l.remainingMinutes), target: formatHours(l.targetMinutes), short: formatHours(l.shortfallMinutes) })}
        </Alert>
      )}
      {l.unrecordedSessions > 0 && (
        <Text size="xs" c="dimmed" mt={6}>
          {st(l.unrecordedSessions === 1 ? 'reports.HoursSection.oneUnrecorded' : 'reports.HoursSection.manyUnrecorded', { count: l.unrecordedSessions })}
        </Text>
      )}
      {weeks.previous.length > 0 && (
        <Table mt="sm" aria-label={st('reports.HoursSection.previousWeeks')} verticalSpacing={2}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{st('reports.HoursSection.weekOf')}</Table.Th>
              <Table.Th scope="col">{st('reports.HoursSection.attended')}</Table.Th>
              <Table.Th scope="col">{st('reports.HoursSection.target')}</Table.Th>
              <Table.Th scope="col">{st('reports.HoursSection.status')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {weeks.previous.map(({ ledger }) => (
              <Table.Tr key={ledger.weekStart}>
                <Table.Td>{ledger.weekStart}</Table.Td>
                <Table.Td>{formatHours(ledger.attendedMinutes)}</Table.Td>
                <Table.Td>{formatHours(ledger.targetMinutes)}</Table.Td>
                <Table.Td>
                  <WeekStatusBadge status={ledger.status} unrecorded={ledger.unrecordedSessions} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </>
  );
}
