import { useMemo, type ComponentType, type ReactNode } from 'react';
import { Anchor, Badge, Card, Group, Loader, Paper, SimpleGrid, Stack, Table, Tabs, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { countPresent } from '../../../../shared/attendance';
import { displayName } from '../../../../shared/clients';
import { useServices } from '../../app/services';
import { useObservable } from '../../hooks/useObservable';
import { useToday } from '../../hooks/useToday';
import type { ClientRecord } from '../../repositories/clients';
import type { ProgramTree } from '../../repositories/programs';
import type { SessionRecord } from '../../repositories/sessions';
import { staffLabels, type StaffRecord } from '../../repositories/staff';
import { AttentionSummary } from '../attention/AttentionPage';
import { HoursAtRiskTable } from '../reports/HoursAtRiskTable';
import { SESSION_KIND_LABELS } from '../sessions/sessionKinds';
import { dashboard$, type DashboardFigures, type DashboardScope } from './figures';
import { GettingStarted } from './GettingStarted';
import { DASHBOARD_SLOTS, type DashboardSlotProps } from './slots';

/** Notes due listed here; the rest are on the Notes page. */
const NOTES_SHOWN = 8;

function Stat({ label, value, detail }: { label: string; value: number; detail: string }) {
  return (
    <Paper withBorder p="sm" component="section" aria-label={label}>
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      <Text fz={28} fw={700} lh={1.2}>
        {value}
      </Text>
      <Text size="xs" c="dimmed">
        {detail}
      </Text>
    </Paper>
  );
}

function Section({ id, title, children, action }: { id: string; title: string; children: ReactNode; action?: ReactNode }) {
  return (
    <Card withBorder component="section" aria-labelledby={id}>
      <Group justify="space-between" mb="xs">
        <Title order={3} size="h4" id={id}>
          {title}
        </Title>
        {action}
      </Group>
      {children}
    </Card>
  );
}

function attendanceText(session: SessionRecord): string {
  const entries = session.data.attendance;
  if (session.status === 'cancelled') return 'Cancelled';
  return entries ? `${countPresent(entries)} of ${entries.length} present` : 'Not taken yet';
}

function TodaysSessions({ sessions, staff, programme }: { sessions: SessionRecord[]; staff: StaffRecord[]; programme: boolean }) {
  if (sessions.length === 0) return <Text size="sm" c="dimmed">{programme ? 'No sessions today.' : 'You lead no sessions today.'}</Text>;
  return (
    <Table aria-label="Today's sessions" verticalSpacing={4}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th scope="col">Time</Table.Th>
          <Table.Th scope="col">Session</Table.Th>
          <Table.Th scope="col">Kind</Table.Th>
          {programme && <Table.Th scope="col">Led by</Table.Th>}
          <Table.Th scope="col">Attendance</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {sessions.map((s) => (
          <Table.Tr key={s.id}>
            <Table.Td style={{ whiteSpace: 'nowrap' }}>
              {s.data.start}–{s.data.end}
            </Table.Td>
            <Table.Td>
              <Anchor component={Link} to={`/sessions/${s.id}`} aria-label={`Open the session ${s.data.title}, ${s.data.start}`}>
                {s.data.title}
              </Anchor>
            </Table.Td>
            <Table.Td>{SESSION_KIND_LABELS[s.kind]}</Table.Td>
            {programme && <Table.Td>{staffLabels(s.data.facilitatorIds, staff).join('; ')}</Table.Td>}
            <Table.Td>{attendanceText(s)}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function NotesDue({ figures, name, staff, programme }: { figures: DashboardFigures; name: (clientId: string) => string; staff: StaffRecord[]; programme: boolean }) {
  const shown = figures.notesDue.slice(0, NOTES_SHOWN);
  if (shown.length === 0) return <Text size="sm" c="dimmed">Every note is signed.</Text>;
  return (
    <Table aria-label="Notes due" verticalSpacing={4}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th scope="col">Session</Table.Th>
          <Table.Th scope="col">Client</Table.Th>
          {programme && <Table.Th scope="col">Author</Table.Th>}
          <Table.Th scope="col">Age</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {shown.map(({ record, ageBusinessDays, overdue }) => (
          <Table.Tr key={record.id}>
            <Table.Td>
              <Anchor component={Link} to={`/sessions/${record.sessionId}`} aria-label={`Open the note for ${name(record.clientId)}, ${record.date}`}>
                {record.date}
              </Anchor>
            </Table.Td>
            <Table.Td>
              {name(record.clientId)}
              {record.status === 'returned' && (
                <Text size="xs" c="dimmed">
                  returned for correction
                </Text>
              )}
            </Table.Td>
            {programme && <Table.Td>{staffLabels([record.authorId], staff)[0]}</Table.Td>}
            <Table.Td style={{ whiteSpace: 'nowrap' }}>
              {ageBusinessDays} business {ageBusinessDays === 1 ? 'day' : 'days'}{' '}
              {overdue && (
                <Badge color="red" size="sm">
                  overdue
                </Badge>
              )}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function Slot({ id, title, placeholder, props, component: Component }: { id: string; title: string; placeholder: string; props: DashboardSlotProps; component: ComponentType<DashboardSlotProps> | null }) {
  if (Component) return <Component {...props} />;
  return (
    <Section id={id} title={title}>
      <Text size="sm" c="dimmed">
        {placeholder}
      </Text>
    </Section>
  );
}

const EMPTY_TREE: ProgramTree = { programs: [], tracks: [], groups: [] };

function DashboardView({ scope, today }: { scope: DashboardScope; today: string }) {
  const services = useServices();
  const { clients, staff, programs } = services;
  const figures = useObservable<DashboardFigures | null>(
    useMemo(() => dashboard$(services, today, scope), [services, today, scope]),
    null,
  );
  const clientList = useObservable(useMemo(() => clients.list$(), [clients]), [] as ClientRecord[]);
  const staffList = useObservable(useMemo(() => staff.active$(), [staff]), [] as StaffRecord[]);
  const tree = useObservable(useMemo(() => programs.tree$(), [programs]), EMPTY_TREE);
  const names = useMemo(() => new Map(clientList.map((c) => [c.id, displayName(c.data)])), [clientList]);
  const name = (clientId: string) => names.get(clientId) ?? 'Unknown client';
  const programme = scope === 'programme';
  if (figures === null) return <Loader aria-label="Loading the dashboard" />;
  const overdue = figures.notesDue.filter((n) => n.overdue).length;
  const taken = figures.todaysSessions.filter((s) => s.data.attendance).length;
  const slotProps: DashboardSlotProps = { today, staffId: programme ? null : scope.staffId };
  return (
    <Stack gap="md" data-ready="true">
      <AttentionSummary />
      <SimpleGrid cols={3} spacing="sm">
        <Stat label={programme ? 'Sessions today' : 'Your sessions today'} value={figures.todaysSessions.length} detail={`${taken} with attendance taken`} />
        <Stat label={programme ? 'Notes due' : 'Your notes due'} value={figures.notesDue.length} detail={`${overdue} past the ${figures.deadlineBusinessDays}-business-day deadline`} />
        <Stat label="Hours at risk this week" value={figures.atRisk.length} detail={`of ${figures.hours.length} ${programme ? 'clients' : 'your clients'} with a weekly target`} />
      </SimpleGrid>
      <Section id="today-heading" title="Today's sessions">
        <TodaysSessions sessions={figures.todaysSessions} staff={staffList} programme={programme} />
      </Section>
      <Section
        id="notes-due-heading"
        title={`Notes due (${figures.notesDue.length})`}
        action={
          <Anchor component={Link} to="/notes" size="sm">
            All notes due and the review queue
          </Anchor>
        }
      >
        <NotesDue figures={figures} name={name} staff={staffList} programme={programme} />
      </Section>
      <Section id="hours-risk-heading" title={`Hours at risk this week (${figures.atRisk.length})`}>
        <HoursAtRiskTable weeks={figures.atRisk} name={name} tracks={tree.tracks} empty={`Every ${programme ? 'client' : 'one of your clients'} with a target can still reach it this week.`} />
      </Section>
      <SimpleGrid cols={2} spacing="md">
        <Slot id="reviews-slot-heading" title="Plan reviews due" placeholder="Treatment plan reviews due will appear here." props={slotProps} component={DASHBOARD_SLOTS.reviewsDue} />
        <Slot id="measures-slot-heading" title="Measures due and open alerts" placeholder="Outcome measures due and alerts awaiting follow-up will appear here." props={slotProps} component={DASHBOARD_SLOTS.measures} />
      </SimpleGrid>
      <Slot id="authorization-reviews-slot-heading" title="Authorization reviews due" placeholder="Utilization reviews due with payers will appear here." props={slotProps} component={DASHBOARD_SLOTS.authorizationReviews} />
    </Stack>
  );
}

/**
 * The landing page after unlock: a clinician's day (their sessions, notes and clients) or the
 * programme's, as a programme director sees it. The view follows the role; both stay one tab away.
 */
export function DashboardPage() {
  const { vault } = useServices();
  const today = useToday();
  const profile = vault.currentProfile();
  const mine = useMemo<DashboardScope>(() => ({ staffId: profile.id }), [profile.id]);
  return (
    <Stack gap="sm">
      <Title order={2}>Dashboard</Title>
      <GettingStarted />
      <Tabs defaultValue={profile.role === 'clinician' ? 'mine' : 'programme'} keepMounted={false}>
        <Tabs.List mb="sm">
          <Tabs.Tab value="mine">My day</Tabs.Tab>
          <Tabs.Tab value="programme">Programme</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="mine">
          <DashboardView scope={mine} today={today} />
        </Tabs.Panel>
        <Tabs.Panel value="programme">
          <DashboardView scope="programme" today={today} />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
