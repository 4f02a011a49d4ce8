import { useMemo, useState } from 'react';
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
import type { ClientRecord } from '../../repositories/clients';
import type { ProgramTree } from '../../repositories/programs';
import { ProgrammeOutcomesSection } from '../measures/ProgrammeOutcomes';
import { ExportPanel } from './ExportPanel';
import { AuthorizationsReport } from '../authorizations/AuthorizationsReport';
import { HoursAtRiskTable } from './HoursAtRiskTable';
import { servicesOf } from './ledger';
import { weekHours$ } from './week-hours';

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

const COUNT_HEADERS = ['Expected', 'Attended', 'Partial', 'Excused', 'Unexcused', 'Not recorded', 'Rate'];

function AttendancePanel({ services, range, today, name, tree }: { services: ClientService[]; range: DateRange; today: string; name: (id: string) => string; tree: ProgramTree }) {
  const report = useMemo(() => attendanceReport(services, { ...range, today }), [services, range, today]);
  const groupName = (id: string) => tree.groups.find((g) => g.id === id)?.data.name ?? 'Unknown group';
  const o = report.overall;
  return (
    <Stack gap="md">
      <Text size="sm" role="group" aria-label="Attendance overall">
        Attendance rate <b>{percent(o.rate)}</b> ({o.attended} of {o.expected} expected) · {o.partial} partial · {o.excused} excused and {o.unexcused} unexcused absences · {o.cancelled} cancelled ·{' '}
        {o.unrecorded} with attendance not taken
      </Text>
      <Card withBorder component="section" aria-labelledby="groups-attendance-heading">
        <Title order={3} size="h4" id="groups-attendance-heading" mb="xs">
          By group
        </Title>
        {report.groups.length === 0 ? (
          <Text size="sm" c="dimmed">
            No group sessions in these dates.
          </Text>
        ) : (
          <Table aria-label="Attendance by group" verticalSpacing={4}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Group</Table.Th>
                <Table.Th scope="col">Sessions held</Table.Th>
                <Table.Th scope="col">Cancelled</Table.Th>
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
          By client
        </Title>
        {report.clients.length === 0 ? (
          <Text size="sm" c="dimmed">
            Nobody was expected at a session in these dates.
          </Text>
        ) : (
          <Table aria-label="Attendance by client" verticalSpacing={4}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Client</Table.Th>
                {COUNT_HEADERS.map((h) => (
                  <Table.Th scope="col" key={h}>
                    {h}
                  </Table.Th>
                ))}
                <Table.Th scope="col">Missed in a row now</Table.Th>
                <Table.Th scope="col">Longest run missed</Table.Th>
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
                          follow up
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
        Days attended, counted by services that day (Medicare pays a day of 3 services and a day of 4 or more differently): <b>{totals.three}</b> with 3, <b>{totals['four-plus']}</b> with 4 or more,{' '}
        {totals['under-3']} with fewer than 3.
      </Text>
      {perClient.size === 0 ? (
        <Text size="sm" c="dimmed">
          No services attended in these dates.
        </Text>
      ) : (
        <Table aria-label="Service days by client" verticalSpacing={4}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Client</Table.Th>
              <Table.Th scope="col">{DAY_TIERS['under-3']}</Table.Th>
              <Table.Th scope="col">{DAY_TIERS.three}</Table.Th>
              <Table.Th scope="col">{DAY_TIERS['four-plus']}</Table.Th>
              <Table.Th scope="col">Days attended</Table.Th>
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
  if (week === null) return <Loader aria-label="Adding up this week's hours" />;
  const sorted = [...week.hours].sort((a, b) => STATUS_ORDER[a.ledger.status] - STATUS_ORDER[b.ledger.status] || b.ledger.shortfallMinutes - a.ledger.shortfallMinutes);
  const count = (status: keyof typeof STATUS_ORDER) => week.hours.filter((w) => w.ledger.status === status).length;
  return (
    <Stack gap="sm">
      <Text size="sm">
        Week of {isoWeekStart(today)}: <b>{count('at-risk')}</b> at risk (the sessions left cannot reach the target), {count('on-track')} on track, {count('met')} met. Clients in a partial week
        (admission, discharge, another level of care) have no target and are not listed.
      </Text>
      <HoursAtRiskTable weeks={sorted} name={name} tracks={tree.tracks} empty="No client has a weekly target this week." label="Hours this week" />
    </Stack>
  );
}

/** The dates every report reads; the message for a range backwards goes under "To". */
const rangeSchema = z
  .object({ from: isoDate('From'), to: isoDate('To') })
  .refine((range) => range.from <= range.to, { path: ['to'], message: 'The last date is before the first' });

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
  const problem = form.isValid() ? null : 'Correct the dates above to see this report.';
  const services$ = useMemo(
    () => combineLatest([sessions.between$(applied), programs.allMemberships$()]).pipe(map(([list, memberships]) => servicesOf(list, memberships))),
    [sessions, programs, applied],
  );
  const services = useObservable<ClientService[] | null>(services$, null);
  const clientList = useObservable(useMemo(() => clients.list$(), [clients]), [] as ClientRecord[]);
  const tree = useObservable(useMemo(() => programs.tree$(), [programs]), EMPTY_TREE);
  const names = useMemo(() => new Map(clientList.map((c) => [c.id, displayName(c.data)])), [clientList]);
  const name = (id: string) => names.get(id) ?? 'Unknown client';

  return (
    <Stack gap="sm">
      <Title order={2}>Reports</Title>
      <Paper withBorder p="sm" component="form" aria-label="Dates" noValidate onSubmit={(e) => e.preventDefault()}>
        <Group align="flex-start" gap="sm">
          <TextInput type="date" label="From" {...form.getInputProps('from')} />
          <TextInput type="date" label="To" {...form.getInputProps('to')} />
          <Text size="xs" c="dimmed" pt={30}>
            For attendance, services per day, the billing export and services at risk. Hours are this week’s.
          </Text>
        </Group>
      </Paper>
      <Tabs defaultValue="attendance" keepMounted={false}>
        <Tabs.List mb="sm">
          <Tabs.Tab value="attendance">Attendance</Tabs.Tab>
          <Tabs.Tab value="hours">Hours this week</Tabs.Tab>
          <Tabs.Tab value="days">Services per day</Tabs.Tab>
          <Tabs.Tab value="export">Billing export</Tabs.Tab>
          <Tabs.Tab value="authorizations">Authorizations</Tabs.Tab>
          <Tabs.Tab value="outcomes">Outcomes</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="attendance">{services ? <AttendancePanel services={services} range={applied} today={today} name={name} tree={tree} /> : <Loader aria-label="Loading attendance" />}</Tabs.Panel>
        <Tabs.Panel value="hours">
          <HoursPanel today={today} name={name} tree={tree} />
        </Tabs.Panel>
        <Tabs.Panel value="days">{services ? <ServiceDaysPanel services={services} name={name} /> : <Loader aria-label="Loading services" />}</Tabs.Panel>
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
