import { useFormat } from '../../i18n/useFormat';
import { useMemo, useState } from 'react';
import { Anchor, Badge, Button, Card, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { IconChevronLeft, IconChevronRight, IconPlus } from '@tabler/icons-react';
import { Link } from 'react-router';
import { addDays, weekDays } from '../../../../shared/calendar';
import { MODALITIES, POPULATIONS } from '../../../../shared/programs';
import { rosterOn, type Membership } from '../../../../shared/roster';
import { describeSchedule } from '../../../../shared/schedule';
import { useServices } from '../../app/services';
import { useObservable } from '../../hooks/useObservable';
import { useToday } from '../../hooks/useToday';
import { st } from '../../i18n/staff';
import type { ProgramTree } from '../../repositories/programs';
import type { SessionRecord } from '../../repositories/sessions';
import { groupPath } from './programLabels';
import { ProgramForm, TrackForm } from './ProgramForms';
import { sharedText } from '../../i18n/shared';

const EMPTY_TREE: ProgramTree = { programs: [], tracks: [], groups: [] };

function participants(session: SessionRecord, memberships: Membership[]): number {
  return session.kind === 'group' ? rosterOn(memberships, session.groupId, session.date).length : session.data.clientIds.length;
}

function SessionLine({ session, tree, memberships }: { session: SessionRecord; tree: ProgramTree; memberships: Membership[] }) {
  const cancelled = session.status === 'cancelled';
  return (
    <Card withBorder padding="xs" bg={cancelled ? 'gray.1' : undefined} role="group" aria-label={`${session.data.start} ${session.data.title}`}>
      {session.kind === 'group' && !cancelled ? (
        <Anchor component={Link} to={`/sessions/${session.id}`} size="sm" fw={600} aria-label={st('groups.GroupsPage.openSession', { title: session.data.title, start: session.data.start, end: session.data.end })}>
          {session.data.start}–{session.data.end}
        </Anchor>
      ) : (
        <Text size="sm" fw={600} td={cancelled ? 'line-through' : undefined}>
          {session.data.start}–{session.data.end}
        </Text>
      )}
      {session.groupId ? (
        <Anchor component={Link} to={`/groups/${session.groupId}`} size="sm">
          {session.data.title}
        </Anchor>
      ) : (
        <Text size="sm">{session.data.title}</Text>
      )}
      <Text size="xs" c="dimmed">
        {cancelled
          ? session.data.changeReason
            ? st('groups.GroupsPage.cancelledBecause', { reason: session.data.changeReason })
            : st('groups.GroupsPage.cancelled')
          : session.kind === 'group'
            ? st('groups.GroupsPage.onRoster', { count: participants(session, memberships), modality: sharedText(MODALITIES[session.data.modality]) })
            : sharedText(MODALITIES[session.data.modality])}
      </Text>
      {!cancelled && session.groupId && (
        <Text size="xs" c="dimmed" lineClamp={1} title={groupPath(tree, session.groupId)}>
          {groupPath(tree, session.groupId)}
        </Text>
      )}
    </Card>
  );
}

/** Groups & Sessions: today at a glance, the week, and the programmes with their tracks and groups. */
export function GroupsPage() {
  const format = useFormat();
  const { programs, sessions } = useServices();
  const today = useToday();
  const [weekOf, setWeekOf] = useState(today);
  const [form, setForm] = useState<'program' | 'track' | null>(null);
  const days = useMemo(() => weekDays(weekOf), [weekOf]);
  const range = useMemo(() => ({ from: days[0]! < today ? days[0]! : today, to: days[6]! > today ? days[6]! : today }), [days, today]);
  const tree = useObservable(useMemo(() => programs.tree$(), [programs]), EMPTY_TREE);
  const memberships = useObservable(useMemo(() => programs.allMemberships$(), [programs]), [] as Membership[]);
  const week = useObservable(useMemo(() => sessions.between$(range), [sessions, range]), [] as SessionRecord[]);
  const todays = week.filter((s) => s.date === today);
  const short = (day: string) => format.day(day, 'short');
  const todayLong = format.day(today, 'long');

  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Title order={2}>{st('groups.GroupsPage.heading')}</Title>
        <Group gap="xs">
          <Button variant="subtle" component={Link} to="/notes">
            {st('groups.GroupsPage.notesDue')}
          </Button>
          <Button variant="default" leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setForm('program')}>
            {st('groups.GroupsPage.newProgramme')}
          </Button>
          <Button variant="default" leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setForm('track')} disabled={tree.programs.length === 0}>
            {st('groups.GroupsPage.newTrack')}
          </Button>
          <Button leftSection={<IconPlus size={16} aria-hidden />} component={Link} to="/groups/new">
            {st('groups.GroupsPage.newGroup')}
          </Button>
        </Group>
      </Group>

      <Paper withBorder p="md" component="section" aria-labelledby="today-heading">
        <Title order={3} size="h4" id="today-heading" mb="xs">
          {st('groups.GroupsPage.today', { date: todayLong })}
        </Title>
        {todays.length === 0 ? (
          <Text c="dimmed" size="sm">
            {st('groups.GroupsPage.noSessionsToday')}
          </Text>
        ) : (
          <SimpleGrid cols={{ base: 1, sm: 3, lg: 4 }} spacing="xs">
            {todays.map((s) => (
              <SessionLine key={s.id} session={s} tree={tree} memberships={memberships} />
            ))}
          </SimpleGrid>
        )}
      </Paper>

      <Paper withBorder p="md" component="section" aria-labelledby="week-heading">
        <Group justify="space-between" mb="xs">
          <Title order={3} size="h4" id="week-heading">
            {st('groups.GroupsPage.weekOf', { date: short(days[0]!) })}
          </Title>
          <Group gap="xs">
            <Button variant="default" size="compact-sm" onClick={() => setWeekOf(addDays(weekOf, -7))} leftSection={<IconChevronLeft size={14} aria-hidden />}>
              {st('groups.GroupsPage.previousWeek')}
            </Button>
            <Button variant="default" size="compact-sm" onClick={() => setWeekOf(today)}>
              {st('groups.GroupsPage.thisWeek')}
            </Button>
            <Button variant="default" size="compact-sm" onClick={() => setWeekOf(addDays(weekOf, 7))} rightSection={<IconChevronRight size={14} aria-hidden />}>
              {st('groups.GroupsPage.nextWeek')}
            </Button>
          </Group>
        </Group>
        {/* ARIA cells must sit in a row: the week is a table of one row, a cell per day. */}
        <div role="table" aria-label={st('groups.GroupsPage.week')}>
          <SimpleGrid cols={7} spacing={6} role="row">
            {days.map((day) => (
              <Stack key={day} gap={6} role="cell" aria-label={short(day)}>
                <Text size="sm" fw={day === today ? 700 : 500} c={day === today ? 'teal' : undefined}>
                  {short(day)}
                </Text>
                {week
                  .filter((s) => s.date === day)
                  .map((s) => (
                    <SessionLine key={s.id} session={s} tree={tree} memberships={memberships} />
                  ))}
              </Stack>
            ))}
          </SimpleGrid>
        </div>
      </Paper>

      <Paper withBorder p="md" component="section" aria-labelledby="programmes-heading">
        <Title order={3} size="h4" id="programmes-heading" mb="xs">
          {st('groups.GroupsPage.programmes')}
        </Title>
        {tree.programs.length === 0 && (
          <Text c="dimmed" size="sm">
            {st('groups.GroupsPage.noProgrammes')}
          </Text>
        )}
        <Stack gap="sm">
          {tree.programs.map((program) => (
            <Stack key={program.id} gap={4}>
              <Text fw={700}>{program.data.name}</Text>
              {tree.tracks
                .filter((t) => t.programId === program.id)
                .map((track) => (
                  <Stack key={track.id} gap={2} pl="md">
                    <Group gap="xs">
                      <Text fw={600} size="sm">
                        {track.data.name}
                      </Text>
                      <Badge variant="light" size="sm">
                        {st('groups.GroupsPage.track', { population: sharedText(POPULATIONS[track.data.population]), hours: track.data.weeklyHoursTarget })}
                      </Badge>
                    </Group>
                    {tree.groups
                      .filter((g) => g.trackId === track.id)
                      .map((group) => (
                        <Group key={group.id} gap="xs" pl="md">
                          <Anchor component={Link} to={`/groups/${group.id}`} size="sm">
                            {group.data.name}
                          </Anchor>
                          <Text size="xs" c="dimmed">
                            {st('groups.GroupsPage.groupLine', {
                              schedule: group.data.schedule ? describeSchedule(group.data.schedule, format) : st('groups.GroupsPage.noSchedule'),
                              members: memberships.filter((m) => m.groupId === group.id && rosterOn([m], group.id, today).length > 0).length,
                              capacity: group.data.capacity,
                            })}
                          </Text>
                        </Group>
                      ))}
                  </Stack>
                ))}
            </Stack>
          ))}
        </Stack>
      </Paper>

      {form === 'program' && <ProgramForm onClose={() => setForm(null)} onSave={(v) => programs.createProgram(v)} />}
      {form === 'track' && <TrackForm tree={tree} onClose={() => setForm(null)} onSave={(programId, v) => programs.createTrack(programId, v)} />}
    </Stack>
  );
}
