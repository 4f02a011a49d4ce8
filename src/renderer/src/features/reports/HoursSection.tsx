import { useMemo } from 'react';
import { Alert, Card, Group, Progress, Table, Text, Title } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { combineLatest, map } from 'rxjs';
import { addDays } from '../../../../shared/calendar';
import { formatHours, isoWeekStart, weekLedger } from '../../../../shared/hours';
import { useServices } from '../../app/services';
import { useObservable } from '../../hooks/useObservable';
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
        return { current, previous, trackName: tree.tracks.find((t) => t.id === trackId)?.data.name ?? 'Unknown track' };
      }),
    );
  }, [sessions, programs, episodes, clientId, thisWeek, today]);
  const weeks = useObservable<Weeks | null | undefined>(weeks$, undefined);

  return (
    <Card withBorder component="section" aria-labelledby="hours-heading">
      <Title order={3} size="h4" id="hours-heading" mb="xs">
        Hours this week
      </Title>
      {weeks === undefined && (
        <Text size="sm" c="dimmed">
          Adding up this week’s attendance…
        </Text>
      )}
      {weeks === null && (
        <Text size="sm" c="dimmed">
          No episode of care, so no weekly hours target.
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
        {formatHours(current.attendedMinutes)} attended this week. No target applies: this is not a full week in intensive outpatient care (admission, discharge or another level of care).
      </Text>
    );
  }
  const l = current.ledger;
  const pct = (minutes: number) => Math.min(100, (minutes / l.targetMinutes) * 100);
  return (
    <>
      <Group justify="space-between" align="center" mb={6}>
        <Text size="sm">
          <b>{formatHours(l.attendedMinutes)}</b> attended of the {formatHours(l.targetMinutes)} target ({weeks.trackName} track) · {formatHours(l.remainingMinutes)} still scheduled
        </Text>
        <WeekStatusBadge status={l.status} />
      </Group>
      <Progress.Root size="lg" role="group" aria-label={`Hours this week: ${formatHours(l.attendedMinutes)} attended, ${formatHours(l.remainingMinutes)} still scheduled, target ${formatHours(l.targetMinutes)}`}>
        <Progress.Section value={pct(l.attendedMinutes)} color="teal" aria-label="Attended" />
        <Progress.Section value={Math.min(pct(l.remainingMinutes), 100 - pct(l.attendedMinutes))} color="gray.4" aria-label="Still scheduled" />
      </Progress.Root>
      {l.status === 'at-risk' && (
        <Alert mt="sm" color="orange" icon={<IconAlertTriangle aria-hidden />} title="This week’s target cannot be reached" role="status">
          Even attending every session still scheduled, {clientName} would reach {formatHours(l.attendedMinutes + l.remainingMinutes)} of {formatHours(l.targetMinutes)}: {formatHours(l.shortfallMinutes)} short. Schedule a make-up session or
          record why the week falls short.
        </Alert>
      )}
      {l.unrecordedSessions > 0 && (
        <Text size="xs" c="dimmed" mt={6}>
          {l.unrecordedSessions} earlier {l.unrecordedSessions === 1 ? 'session has' : 'sessions have'} no attendance taken yet: these figures may still change.
        </Text>
      )}
      {weeks.previous.length > 0 && (
        <Table mt="sm" aria-label="Hours in previous weeks" verticalSpacing={2}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Week of</Table.Th>
              <Table.Th scope="col">Attended</Table.Th>
              <Table.Th scope="col">Target</Table.Th>
              <Table.Th scope="col">Status</Table.Th>
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
