import { useMemo, useState } from 'react';
import { Trans } from 'react-i18next';
import { Alert, Badge, Card, Group, Loader, Paper, Stack, Table, Tabs, Text, TextInput, Title } from '@mantine/core';
import { combineLatest, map } from 'rxjs';
import { z } from 'zod';
import { addDays } from '../../../../shared/calendar';
import { displayName, isoDate } from '../../../../shared/clients';
import { attendanceReport, DAY_TIERS, dayTierCounts, isoWeekStart, servicesPerDay, type AttendanceCounts, type ClientService } from '../../../../shared/hours';
import type { DateRange } from '../../../../shared/schedule';
import { useSchemaForm } from '../../app/forms';
import { useServices } from '../../app/services';
import { useObservable } from '../../hooks/useObservable';
import { useToday } from '../../hooks/useToday';
import { st } from '../../i18n/staff';
import type { ClientRecord } from '../../repositories/clients';
import type { ProgramTree } from '../../repositories/programs';
import { ProgrammeOutcomesSection } from '../measures/ProgrammeOutcomes';
import { ExportPanel } from './ExportPanel';
import { AuthorizationsReport } from '../authorizations/AuthorizationsReport';
import { HoursAtRiskTable } from './HoursAtRiskTable';
import { servicesOf } from './ledger';
import { weekHours$ } from './week-hours';
import { sharedText } from '../../i18n/shared';

const EMPTY_TREE: ProgramTree = { programs: [], tracks: [], groups: [] };
const STATUS_ORDER = { 'at-risk': 0, short: 1, 'on-track': 2, met: 3 } as const;

const percent = (rate: number | null) => (rate === null ? '—' : `${Math.round(rate * 100)}%`);

function CountCells({ counts }: { counts: AttendanceCounts }) {
  return (
    <>
      <Table.Td>{counts.expected}</Table.Td>
      <Table.Td>{counts.attended}</Table.Td>
      <Table.Td>{counts.partial}</Table.Td>
      <Table.Td>{counts.excused}</Table.Td>
      <Table.Td>{counts.unexcused}</Table.Td>
      <Table.Td>{counts.unrecorded}</Table.Td>
      <Table.Td fw={600}>{percent(counts.rate)}</Table.Td>
    </>
  );
}

const COUNT_HEADERS = [st('reports.ReportsPage.expected'), st('reports.ReportsPage.attended'), st('reports.ReportsPage.partial'), st('reports.ReportsPage.excused'), st('reports.ReportsPage.unexcused'), st('reports.ReportsPage.notRecorded'), st('reports.ReportsPage.rate')];

function AttendancePanel({ services, range, today, name, tree }: { services: ClientService[]; range: DateRange; today: string; name: (id: string) => string; tree: ProgramTree }) {
  const report = useMemo(() => attendanceReport(services, { ...range, today }), [services, range, today]);
  const groupName = (id: string) => tree.groups.find((g) => g.id === id)?.data.name ?? st('reports.ReportsPage.unknownGroup');
  const o = report.overall;
  return (
    <Stack gap="md">
      <Text size="sm" role="group" aria-label={st('reports.ReportsPage.attendanceOverall')}>
        <Trans
          t={st}
          i18nKey="reports.ReportsPage.overall"
          values={{ rate: percent(o.rate), attended: o.attended, expected: o.expected, partial: o.partial, excused: o.excused, unexcused: o.unexcused, cancelled: o.cancelled, unrecorded: o.unrecorded }}
          components={{ b: <b /> }}
        />
      </Text>
      <Card withBorder component="section" aria-labelledby="groups-attendance-heading">
        <Title order={3} size="h4" id="groups-attendance-heading" mb="xs">
          {st('reports.ReportsPage.byGroup')}
        </Title>
        {report.groups.length === 0 ? (
          <Text size="sm" c="dimmed">
            {st('reports.ReportsPage.noGroupSessions')}
          </Text>
        ) : (
          <Table aria-label={st('reports.ReportsPage.attendanceByGroup')} verticalSpacing={4}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{st('reports.ReportsPage.group')}</Table.Th>
                <Table.Th scope="col">{st('reports.ReportsPage.sessionsHeld')}</Table.Th>
                <Table.Th scope="col">{st('reports.ReportsPage.cancelled')}</Table.Th>
                {COUNT_HEADERS.map((h) => (
                  <Table.Th scope="col" key={h}>
                    {h}
                  </Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {report.groups.map((g) => (
                <Table.Tr key={g.groupId}>
                  <Table.Th scope="row" fw={400}>
                    {groupName(g.groupId)}
                  </Table.Th>
                  <Table.Td>{g.sessionsHeld}</Table.Td>
                  <Table.Td>{g.sessionsCancelled}</Table.Td>
                  <CountCells counts={g} />
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Card>
      <Card withBorder component="section" aria-labelledby="clients-attendance-heading">
        <Title order={3} size="h4" id="clients-attendance-heading" mb="xs">
          {st('reports.ReportsPage.byClient')}
        </Title>
        {report.clients.length === 0 ? (
          <Text size="sm" c="dimmed">
            {st('reports.ReportsPage.nobodyExpected')}
          </Text>
        ) : (
          <Table aria-label={st('reports.ReportsPage.attendanceByClient')} verticalSpacing={4}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{st('reports.ReportsPage.client')}</Table.Th>
                {COUNT_HEADERS.map((h) => (
                  <Table.Th scope="col" key={h}>
                    {h}
                  </Table.Th>
                ))}
                <Table.Th scope="col">{st('reports.ReportsPage.missedInARow')}</Table.Th>
                <Table.Th scope="col">{st('reports.ReportsPage.longestMissed')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {[...report.clients]
                .sort((a, b) => name(a.clientId).localeCompare(name(b.clientId)))
                .map((c) => (
                  <Table.Tr key={c.clientId}>
                    <Table.Th scope="row" fw={400}>
                      {name(c.clientId)}
                    </Table.Th>
                    <CountCells counts={c} />
                    <Table.Td>
                      {c.currentMissedStreak}
                      {c.currentMissedStreak >= 2 && (
                        <Badge ml={6} size="sm" color="orange" variant="light">
                          {st('reports.ReportsPage.followUp')}
                        </Badge>
                      )}
                    </Table.Td>
                    <Table.Td>{c.longestMissedStreak}</Table.Td>
                  </Table.Tr>
                ))}
            </Table.Tbody>
          </Table>
        )}
      </Card>
    </Stack>
  );
}

function ServiceDaysPanel({ services, name }: { services: ClientService[]; name: (id: string) => string }) {
  const days = useMemo(() => servicesPerDay(services), [services]);
  const totals = dayTierCounts(days);
  const perClient = new Map<string, ReturnType<typeof dayTierCounts>>();
  for (const day of days) {
    const counts = perClient.get(day.clientId) ?? dayTierCounts([]);
    counts[day.tier] += 1;
    perClient.set(day.clientId, counts);
  }
  return (
    <Stack gap="sm">
      <Text size="sm">
        <Trans t={st} i18nKey="reports.ReportsPage.dayTiers" values={{ three: totals.three, fourPlus: totals['four-plus'], under3: totals['under-3'] }} components={{ b: <b /> }} />
      </Text>
      {perClient.size === 0 ? (
        <Text size="sm" c="dimmed">
          {st('reports.ReportsPage.noServices')}
        </Text>
      ) : (
        <Table aria-label={st('reports.ReportsPage.serviceDaysByClient')} verticalSpacing={4}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{st('reports.ReportsPage.client')}</Table.Th>
              <Table.Th scope="col">{sharedText(DAY_TIERS['under-3'])}</Table.Th>
              <Table.Th scope="col">{sharedText(DAY_TIERS.three)}</Table.Th>
              <Table.Th scope="col">{sharedText(DAY_TIERS['four-plus'])}</Table.Th>
              <Table.Th scope="col">{st('reports.ReportsPage.daysAttended')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {[...perClient]
              .sort(([a], [b]) => name(a).localeCompare(name(b)))
              .map(([clientId, c]) => (
                <Table.Tr key={clientId}>
                  <Table.Th scope="row" fw={400}>
                    {name(clientId)}
                  </Table.Th>
                  <Table.Td>{c['under-3']}</Table.Td>
                  <Table.Td>{c.three}</Table.Td>
                  <Table.Td>{c['four-plus']}</Table.Td>
                  <Table.Td>{c['under-3'] + c.three + c['four-plus']}</Table.Td>
                </Table.Tr>
              ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}

function HoursPanel({ today, name, tree }: { today: string; name: (id: string) => string; tree: ProgramTree }) {
  const services = useServices();
  const week = useObservable(useMemo(() => weekHours$(services, today), [services, today]), null);
  if (week === null) return <Loader aria-label={st('reports.ReportsPage.addingUp')} />;
  const sorted = [...week.hours].sort((a, b) => STATUS_ORDER[a.ledger.status] - STATUS_ORDER[b.ledger.status] || b.ledger.shortfallMinutes - a.ledger.shortfallMinutes);
  const count = (status: keyof typeof STATUS_ORDER) => week.hours.filter((w) => w.ledger.status === status).length;
  return (
    <Stack gap="sm">
      <Text size="sm">
        <Trans t={st} i18nKey="reports.ReportsPage.hoursSummary" values={{ week: isoWeekStart(today), atRisk: count('at-risk'), onTrack: count('on-track'), met: count('met') }} components={{ b: <b /> }} />
      </Text>
      <HoursAtRiskTable weeks={sorted} name={name} tracks={tree.tracks} empty={st('reports.ReportsPage.noWeeklyTarget')} label={st('reports.ReportsPage.hoursThisWeek')} />
    </Stack>
  );
}

/** The dates every report reads; the message for a range backwards goes under "To". */
const rangeSchema = z
  .object({ from: isoDate('shared:fields.from'), to: isoDate('shared:fields.to') })
  .refine((range) => range.from <= range.to, { path: ['to'], message: st('reports.ReportsPage.lastBeforeFirst') });

/** Attendance, hours and services per day for the programme, and the billing office's export. */
export function ReportsPage() {
  const { sessions, programs, clients } = useServices();
  const today = useToday();
  const [applied, setApplied] = useState<DateRange>(() => ({ from: addDays(isoWeekStart(today), -21), to: today }));
  // The reports follow the last valid range while a date is being typed; each message shows under its date.
  const form = useSchemaForm<{ from: string; to: string }>(rangeSchema, applied);
  form.watch('from', () => applyIfValid());
  form.watch('to', () => applyIfValid());
  function applyIfValid() {
    if (!form.validate().hasErrors) setApplied(form.getValues());
  }
  const problem = form.isValid() ? null : st('reports.ReportsPage.correctTheDates');
  const services$ = useMemo(
    () => combineLatest([sessions.between$(applied), programs.allMemberships$()]).pipe(map(([list, memberships]) => servicesOf(list, memberships))),
    [sessions, programs, applied],
  );
  const services = useObservable<ClientService[] | null>(services$, null);
  const clientList = useObservable(useMemo(() => clients.list$(), [clients]), [] as ClientRecord[]);
  const tree = useObservable(useMemo(() => programs.tree$(), [programs]), EMPTY_TREE);
  const names = useMemo(() => new Map(clientList.map((c) => [c.id, displayName(c.data)])), [clientList]);
  const name = (id: string) => names.get(id) ?? st('reports.ReportsPage.unknownClient');

  return (
    <Stack gap="sm">
      <Title order={2}>{st('reports.ReportsPage.heading')}</Title>
      <Paper withBorder p="sm" component="form" aria-label={st('reports.ReportsPage.dates')} noValidate onSubmit={(e) => e.preventDefault()}>
        <Group align="flex-start" gap="sm">
          <TextInput type="date" label={st('reports.ReportsPage.from')} {...form.getInputProps('from')} />
          <TextInput type="date" label={st('reports.ReportsPage.to')} {...form.getInputProps('to')} />
          <Text size="xs" c="dimmed" pt={30}>
            {st('reports.ReportsPage.datesFor')}
          </Text>
        </Group>
      </Paper>
      <Tabs defaultValue="attendance" keepMounted={false}>
        <Tabs.List mb="sm">
          <Tabs.Tab value="attendance">{st('reports.ReportsPage.attendance')}</Tabs.Tab>
          <Tabs.Tab value="hours">{st('reports.ReportsPage.hoursThisWeek')}</Tabs.Tab>
          <Tabs.Tab value="days">{st('reports.ReportsPage.servicesPerDay')}</Tabs.Tab>
          <Tabs.Tab value="export">{st('reports.ReportsPage.billingExport')}</Tabs.Tab>
          <Tabs.Tab value="authorizations">{st('reports.ReportsPage.authorizations')}</Tabs.Tab>
          <Tabs.Tab value="outcomes">{st('reports.ReportsPage.outcomes')}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="attendance">{services ? <AttendancePanel services={services} range={applied} today={today} name={name} tree={tree} /> : <Loader aria-label={st('reports.ReportsPage.loadingAttendance')} />}</Tabs.Panel>
        <Tabs.Panel value="hours">
          <HoursPanel today={today} name={name} tree={tree} />
        </Tabs.Panel>
        <Tabs.Panel value="days">{services ? <ServiceDaysPanel services={services} name={name} /> : <Loader aria-label={st('reports.ReportsPage.loadingServices')} />}</Tabs.Panel>
        <Tabs.Panel value="export">
          {problem ? (
            <Alert color="orange">{problem}</Alert>
          ) : (
            <ExportPanel range={applied} today={today} />
          )}
        </Tabs.Panel>
        <Tabs.Panel value="authorizations">{problem ? <Alert color="orange">{problem}</Alert> : <AuthorizationsReport range={applied} today={today} name={name} />}</Tabs.Panel>
        <Tabs.Panel value="outcomes">
          <ProgrammeOutcomesSection />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
