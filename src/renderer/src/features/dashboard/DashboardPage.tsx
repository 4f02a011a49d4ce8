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
import { st } from '../../i18n/staff';

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
  if (session.status === 'cancelled') return st('dashboard.DashboardPage.cancelled');
  return entries ? st('dashboard.DashboardPage.presentOf', { present: countPresent(entries), total: entries.length }) : st('dashboard.DashboardPage.notTakenYet');
}

function TodaysSessions({ sessions, staff, programme }: { sessions: SessionRecord[]; staff: StaffRecord[]; programme: boolean }) {
  if (sessions.length === 0) return <Text size="sm" c="dimmed">{programme ? st('dashboard.DashboardPage.noSessionsToday') : st('dashboard.DashboardPage.youLeadNoSessionsToday')}</Text>;
  return (
    <Table aria-label={st('dashboard.DashboardPage.todaySSessions')} verticalSpacing={4}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th scope="col">{st('dashboard.DashboardPage.time')}</Table.Th>
          <Table.Th scope="col">{st('dashboard.DashboardPage.session')}</Table.Th>
          <Table.Th scope="col">{st('dashboard.DashboardPage.kind')}</Table.Th>
          {programme && <Table.Th scope="col">{st('dashboard.DashboardPage.ledBy')}</Table.Th>}
          <Table.Th scope="col">{st('dashboard.DashboardPage.attendance')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {sessions.map((s) => (
          <Table.Tr key={s.id}>
            <Table.Td style={{ whiteSpace: 'nowrap' }}>
              {s.data.start}–{s.data.end}
            </Table.Td>
            <Table.Td>
              <Anchor component={Link} to={`/sessions/${s.id}`} aria-label={st('dashboard.DashboardPage.openTheSession', { title: s.data.title, start: s.data.start })}>
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
  if (shown.length === 0) return <Text size="sm" c="dimmed">{st('dashboard.DashboardPage.everyNoteIsSigned')}</Text>;
  return (
    <Table aria-label={st('dashboard.DashboardPage.notesDue')} verticalSpacing={4}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th scope="col">{st('dashboard.DashboardPage.session')}</Table.Th>
          <Table.Th scope="col">{st('dashboard.DashboardPage.client')}</Table.Th>
          {programme && <Table.Th scope="col">{st('dashboard.DashboardPage.author')}</Table.Th>}
          <Table.Th scope="col">{st('dashboard.DashboardPage.age')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {shown.map(({ record, ageBusinessDays, overdue }) => (
          <Table.Tr key={record.id}>
            <Table.Td>
              <Anchor component={Link} to={`/sessions/${record.sessionId}`} aria-label={st('dashboard.DashboardPage.openTheNoteFor', { clientId: name(record.clientId), date: record.date })}>
                {record.date}
              </Anchor>
            </Table.Td>
            <Table.Td>
              {name(record.clientId)}
              {record.status === 'returned' && (
                <Text size="xs" c="dimmed">
                  {st('dashboard.DashboardPage.returnedForCorrection')}
                </Text>
              )}
            </Table.Td>
            {programme && <Table.Td>{staffLabels([record.authorId], staff)[0]}</Table.Td>}
            <Table.Td style={{ whiteSpace: 'nowrap' }}>
              {ageBusinessDays === 1 ? st('dashboard.DashboardPage.oneBusinessDay') : st('dashboard.DashboardPage.businessDays', { count: ageBusinessDays })}{' '}
              {overdue && (
                <Badge color="red" size="sm">
                  {st('dashboard.DashboardPage.overdue')}
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
  const name = (clientId: string) => names.get(clientId) ?? st('app.unknownNames.client');
  const programme = scope === 'programme';
  if (figures === null) return <Loader aria-label={st('dashboard.DashboardPage.loadingTheDashboard')} />;
  const overdue = figures.notesDue.filter((n) => n.overdue).length;
  const taken = figures.todaysSessions.filter((s) => s.data.attendance).length;
  const slotProps: DashboardSlotProps = { today, staffId: programme ? null : scope.staffId };
  return (
    <Stack gap="md" data-ready="true">
      <AttentionSummary />
      <SimpleGrid cols={3} spacing="sm">
        <Stat label={programme ? st('dashboard.DashboardPage.sessionsToday') : st('dashboard.DashboardPage.yourSessionsToday')} value={figures.todaysSessions.length} detail={st('dashboard.DashboardPage.withAttendanceTaken', { taken })} />
        <Stat label={programme ? st('dashboard.DashboardPage.notesDue') : st('dashboard.DashboardPage.yourNotesDue')} value={figures.notesDue.length} detail={st('dashboard.DashboardPage.pastTheDeadline', { overdue, days: figures.deadlineBusinessDays })} />
        <Stat label={st('dashboard.DashboardPage.hoursAtRiskThisWeek')} value={figures.atRisk.length} detail={`of ${figures.hours.length} ${programme ? 'clients' : 'your clients'} with a weekly target`} />
      </SimpleGrid>
      <Section id="today-heading" title={st('dashboard.DashboardPage.todaySSessions')}>
        <TodaysSessions sessions={figures.todaysSessions} staff={staffList} programme={programme} />
      </Section>
      <Section
        id="notes-due-heading"
        title={st('dashboard.DashboardPage.notesDue2', { length: figures.notesDue.length })}
        action={
          <Anchor component={Link} to="/notes" size="sm">
            {st('dashboard.DashboardPage.allNotesDue')}
          </Anchor>
        }
      >
        <NotesDue figures={figures} name={name} staff={staffList} programme={programme} />
      </Section>
      <Section id="hours-risk-heading" title={st('dashboard.DashboardPage.hoursAtRiskThisWeek2', { length: figures.atRisk.length })}>
        <HoursAtRiskTable weeks={figures.atRisk} name={name} tracks={tree.tracks} empty={programme ? st('dashboard.DashboardPage.everyClientCanReach') : st('dashboard.DashboardPage.everyOneOfYourClientsCanReach')} />
      </Section>
      <SimpleGrid cols={2} spacing="md">
        <Slot id="reviews-slot-heading" title={st('dashboard.DashboardPage.planReviewsDue')} placeholder={st('dashboard.DashboardPage.treatmentPlanReviewsDueWill')} props={slotProps} component={DASHBOARD_SLOTS.reviewsDue} />
        <Slot id="measures-slot-heading" title={st('dashboard.DashboardPage.measuresDueAndOpenAlerts')} placeholder={st('dashboard.DashboardPage.outcomeMeasuresDueAndAlerts')} props={slotProps} component={DASHBOARD_SLOTS.measures} />
      </SimpleGrid>
      <Slot id="authorization-reviews-slot-heading" title={st('dashboard.DashboardPage.authorizationReviewsDue')} placeholder={st('dashboard.DashboardPage.utilizationReviewsDueWithPayers')} props={slotProps} component={DASHBOARD_SLOTS.authorizationReviews} />
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
      <Title order={2}>{st('dashboard.DashboardPage.dashboard')}</Title>
      <GettingStarted />
      <Tabs defaultValue={profile.role === 'clinician' ? 'mine' : 'programme'} keepMounted={false}>
        <Tabs.List mb="sm">
          <Tabs.Tab value="mine">{st('dashboard.DashboardPage.myDay')}</Tabs.Tab>
          <Tabs.Tab value="programme">{st('dashboard.DashboardPage.programme')}</Tabs.Tab>
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
