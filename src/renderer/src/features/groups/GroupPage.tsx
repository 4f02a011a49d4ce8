import { useMemo, useState } from 'react';
import { Alert, Anchor, Badge, Button, Card, Checkbox, Group, Loader, MultiSelect, NumberInput, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { Link, useParams } from 'react-router';
import { combineLatest, map } from 'rxjs';
import { z } from 'zod';
import { addDays } from '../../../../shared/calendar';
import { carePlanStatus, describeCarePlanStatus } from '../../../../shared/plans';
import { displayName, isoDate } from '../../../../shared/clients';
import { MODALITIES } from '../../../../shared/programs';
import { isMemberOn, rosterOn, type Membership } from '../../../../shared/roster';
import { describeSchedule, scheduleExceptionSchema, type ScheduleException, type WeeklySchedule } from '../../../../shared/schedule';
import { useSchemaForm } from '../../app/forms';
import { InlineForm } from '../../app/InlineForm';
import { useServices } from '../../app/services';
import { st } from '../../i18n/staff';
import { useObservable } from '../../hooks/useObservable';
import { useToday } from '../../hooks/useToday';
import type { ClientRecord } from '../../repositories/clients';
import type { GroupRecord, MembershipRecord, ProgramTree } from '../../repositories/programs';
import type { SessionRecord } from '../../repositories/sessions';
import { staffLabels } from '../../repositories/staff';
import { groupPath } from './programLabels';
import { GroupNoteDefaults } from './GroupNoteDefaults';
import { ScheduleEditor } from './ScheduleEditor';
import { useFormat } from '../../i18n/useFormat';
import { errorText, messagesText, sharedText } from '../../i18n/shared';

const EMPTY_TREE: ProgramTree = { programs: [], tracks: [], groups: [] };

/** A session's change as stored: the times and date left empty are not changed. */
/** A moved or retimed session: "moved to 2026-12-01, 10:00–11:30". */
function describeChange(e: Extract<ScheduleException, { kind: 'changed' }>, schedule: WeeklySchedule) {
  return [e.moveTo && st('groups.GroupPage.movedTo', { date: e.moveTo }), (e.start || e.end) && `${e.start ?? schedule.start}–${e.end ?? schedule.end}`].filter(Boolean).join(', ');
}

function changedException({ date, moveTo, start, end, reason }: { date: string; moveTo: string; start: string; end: string; reason: string }) {
  return { date, kind: 'changed' as const, reason, ...(moveTo ? { moveTo } : {}), ...(start ? { start } : {}), ...(end ? { end } : {}) };
}

/** A session's status in words; a cancelled one says why where it can. */
function statusLabel(session: SessionRecord): string {
  if (session.status === 'scheduled') return st('groups.GroupPage.scheduledStatus');
  if (session.status === 'completed') return st('groups.GroupPage.completedStatus');
  return session.data.changeReason ? st('groups.GroupPage.cancelledBecause', { reason: session.data.changeReason }) : st('groups.GroupPage.cancelledStatus');
}

/** How many weeks of sessions to generate, from which day. */
const generateSchema = z.object({ from: isoDate('shared:fields.from'), weeks: z.number(st('groups.GroupPage.weeksNumber')).int(st('groups.GroupPage.weeksWhole')).min(1, st('groups.GroupPage.atLeastOneWeek')).max(26, st('groups.GroupPage.atMostWeeks')) });
/** Who joins the roster, from which day (the repository then checks capacity and overlaps). */
const newMembersSchema = z.object({ clientIds: z.array(z.string()).min(1, st('groups.GroupPage.chooseClientsToAdd')), joinedOn: isoDate('shared:fields.joinsOn') });

function useAction() {
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const run = (work: () => Promise<string | void>) =>
    work().then(
      (text) => setMessage(text ? { ok: true, text } : null),
      (error: unknown) => setMessage({ ok: false, text: errorText(error) }),
    );
  return { message, run };
}

/** Each client in care's treatment plan status in words, by client id (clients without an open episode are absent). */
function usePlanStatuses(today: string): Map<string, string> {
  const { episodes, plans, settings } = useServices();
  return useObservable(
    useMemo(
      () =>
        combineLatest([episodes.open$(), plans.all$(), settings.observe()]).pipe(
          map(([open, all, practice]) => new Map(open.map((e) => [e.clientId, messagesText([describeCarePlanStatus(carePlanStatus(all.filter((p) => p.data.episodeId === e.id).map((p) => p.data), today, { cadenceDays: practice.planReviewCadenceDays }))])]))),
        ),
      [episodes, plans, settings, today],
    ),
    new Map<string, string>(),
  );
}

/** One group: its schedule and exceptions, session generation, rolling roster and sessions. */
export function GroupPage() {
  const { groupId = '' } = useParams();
  const { programs, sessions, clients, staff, settings } = useServices();
  const today = useToday();
  const state = useObservable(useMemo(() => programs.group$(groupId), [programs, groupId]), undefined as { group: GroupRecord | null; memberships: MembershipRecord[] } | undefined);
  const tree = useObservable(useMemo(() => programs.tree$(), [programs]), EMPTY_TREE);
  const groupSessions = useObservable(useMemo(() => sessions.forGroup$(groupId), [sessions, groupId]), [] as SessionRecord[]);
  const clientList = useObservable(useMemo(() => clients.list$(), [clients]), [] as ClientRecord[]);
  const staffList = useObservable(useMemo(() => staff.active$(), [staff]), []);
  const planStatus = usePlanStatuses(today);
  const [editing, setEditing] = useState(false);
  const generate = useSchemaForm(generateSchema, { from: today, weeks: 4 as number, skipHolidays: true });
  const holiday = useSchemaForm(scheduleExceptionSchema, { date: '', reason: '' }, { toInput: (v) => ({ ...v, kind: 'cancelled' }) });
  // A change names at least one of its new date or times: that message goes under the new date.
  const change = useSchemaForm(scheduleExceptionSchema, { date: '', moveTo: '', start: '', end: '', reason: '' }, { toInput: (v) => changedException(v), fields: { '': 'moveTo' } });
  const newMembers = useSchemaForm(newMembersSchema, { clientIds: [] as string[], joinedOn: today });
  const action = useAction();
  const format = useFormat();

  if (state === undefined) return <Loader aria-label={st('groups.GroupPage.loading')} />;
  const { group, memberships } = state;
  if (group === null) return <Alert color="red">{st('groups.GroupPage.notOnThisDevice')}</Alert>;
  const g = group.data;
  const all: Membership[] = memberships.map((m) => m.data);
  const name = (clientId: string) => {
    const client = clientList.find((c) => c.id === clientId);
    return client ? displayName(client.data) : st('groups.GroupPage.unknownClient');
  };
  // displayName starts with the family name, so this sorts rosters by family name.
  const byName = (a: string, b: string) => name(a).localeCompare(name(b));
  const current = memberships.filter((m) => m.data.leftOn === undefined || m.data.leftOn >= today);
  const candidates = clientList.filter((c) => (c.status === 'active' || c.status === 'waitlist') && !current.some((m) => m.clientId === c.id));
  const facilitators = staffLabels(g.facilitatorIds, staffList);

  return (
    <Stack gap="md">
      <Stack gap={4}>
        <Title order={2}>{g.name}</Title>
        <Group gap="xs">
          <Text size="sm" c="dimmed">
            {groupPath(tree, groupId)}
          </Text>
          <Badge variant="light">{sharedText(MODALITIES[g.modality])}</Badge>
          <Badge variant="light">{st('groups.GroupPage.capacity', { capacity: g.capacity })}</Badge>
          {g.location && <Badge variant="light">{g.location}</Badge>}
        </Group>
        <Text size="sm">{st('groups.GroupPage.facilitators', { names: facilitators.join('; ') })}</Text>
      </Stack>
      <GroupNoteDefaults key={groupId} goal={g.goal} plan={g.plan} onSave={(values) => programs.updateGroup(groupId, (current) => ({ ...current, ...values }))} />
      {action.message && (
        <Alert color={action.message.ok ? 'teal' : 'red'} role={action.message.ok ? 'status' : 'alert'}>
          {action.message.text}
        </Alert>
      )}
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        <Card withBorder component="section" aria-labelledby="schedule-heading">
          <Title order={3} size="h4" id="schedule-heading" mb="xs">
            {st('groups.GroupPage.schedule')}
          </Title>
          {editing || !g.schedule ? (
            <ScheduleEditor
              initial={g.schedule}
              today={today}
              onCancel={() => setEditing(false)}
              onSave={async (schedule) => {
                await programs.updateGroup(groupId, (current) => ({ ...current, schedule }));
                setEditing(false);
              }}
            />
          ) : (
            <Stack gap="xs">
              <Text size="sm">{describeSchedule(g.schedule, format)}</Text>
              <Text size="xs" c="dimmed">
                {g.schedule.endsOn ? st('groups.GroupPage.fromTo', { from: g.schedule.startsOn, to: g.schedule.endsOn }) : st('groups.GroupPage.fromOn', { from: g.schedule.startsOn })}
              </Text>
              <Group>
                <Button size="compact-sm" variant="default" onClick={() => setEditing(true)}>
                  {st('groups.GroupPage.changeSchedule')}
                </Button>
              </Group>
              <Title order={4} size="h5" mt="xs">
                {st('groups.GroupPage.holidaysAndCancellations')}
              </Title>
              {g.exceptions.length === 0 && (
                <Text size="sm" c="dimmed">
                  {st('groups.GroupPage.none')}
                </Text>
              )}
              {g.exceptions.map((e) => (
                <Text size="sm" key={e.date}>
                  {st('groups.GroupPage.exception', { date: e.date, change: e.kind === 'cancelled' ? st('groups.GroupPage.noSession') : describeChange(e, g.schedule!), reason: e.reason })}
                </Text>
              ))}
              <InlineForm
                label={st('groups.GroupPage.addACancellation')}
                form={holiday}
                onValid={({ date, reason }) =>
                  void action.run(async () => {
                    await programs.updateGroup(groupId, (current) => ({ ...current, exceptions: [...current.exceptions, { date, kind: 'cancelled', reason }] }));
                    holiday.reset();
                    return st('groups.GroupPage.cancelled', { date });
                  })
                }
              >
                <Group align="flex-start" gap="xs">
                  <TextInput label={st('groups.GroupPage.date')} type="date" {...holiday.getInputProps('date')} />
                  <TextInput label={st('groups.GroupPage.reason')} placeholder={st('groups.GroupPage.reasonExample')} {...holiday.getInputProps('reason')} />
                  <Button type="submit" variant="light" mt={25}>
                    {st('groups.GroupPage.addCancellation')}
                  </Button>
                </Group>
              </InlineForm>
              <InlineForm
                label={st('groups.GroupPage.changeOneSession')}
                form={change}
                onValid={(values) =>
                  void action.run(async () => {
                    const exception = changedException(values);
                    await programs.updateGroup(groupId, (current) => ({ ...current, exceptions: [...current.exceptions.filter((e) => e.date !== exception.date), exception] }));
                    change.reset();
                    return st('groups.GroupPage.changed', { date: exception.date });
                  })
                }
              >
                <Group align="flex-start" gap="xs">
                  <TextInput label={st('groups.GroupPage.sessionOf')} type="date" {...change.getInputProps('date')} />
                  <TextInput label={st('groups.GroupPage.moveTo')} type="date" {...change.getInputProps('moveTo')} />
                  <TextInput label={st('groups.GroupPage.newStart')} type="time" {...change.getInputProps('start')} />
                  <TextInput label={st('groups.GroupPage.newEnd')} type="time" {...change.getInputProps('end')} />
                  <TextInput label={st('groups.GroupPage.reasonForTheChange')} {...change.getInputProps('reason')} />
                  <Button type="submit" variant="light" mt={25}>
                    {st('groups.GroupPage.changeSession')}
                  </Button>
                </Group>
              </InlineForm>
            </Stack>
          )}
        </Card>
        <Card withBorder component="section" aria-labelledby="generate-heading">
          <Title order={3} size="h4" id="generate-heading" mb="xs">
            {st('groups.GroupPage.sessionsAhead')}
          </Title>
          <InlineForm
            label={st('groups.GroupPage.generateSessions')}
            form={generate}
            onValid={({ from, weeks, skipHolidays }) =>
              void action.run(async () => {
                const r = await sessions.generateForGroup(groupId, g, { from, to: addDays(from, weeks * 7 - 1) }, skipHolidays ? (await settings.get()).holidays : undefined);
                return st('groups.GroupPage.generated', { created: r.created, updated: r.updated, cancelled: r.cancelled, unchanged: r.unchanged });
              })
            }
          >
            <Group align="flex-start" gap="xs">
              <TextInput label={st('groups.GroupPage.from')} type="date" {...generate.getInputProps('from')} />
              <NumberInput label={st('groups.GroupPage.weeks')} min={1} max={26} allowDecimal={false} clampBehavior="none" w={100} {...generate.getInputProps('weeks')} onChange={(n) => generate.setFieldValue('weeks', typeof n === 'number' ? n : Number.NaN)} />
              {/* A group that meets on holidays (a crisis or alumni group) generates without skipping them. */}
              <Checkbox label={st('groups.GroupPage.skipHolidays')} mt={33} {...generate.getInputProps('skipHolidays', { type: 'checkbox' })} />
              <Button type="submit" disabled={!g.schedule} mt={25}>
                {st('groups.GroupPage.generateSessions')}
              </Button>
            </Group>
          </InlineForm>
          <Text size="xs" c="dimmed" mt="xs">
            {st('groups.GroupPage.safeToRepeat')}
          </Text>
        </Card>
      </SimpleGrid>

      <Card withBorder component="section" aria-labelledby="roster-heading">
        <Group justify="space-between" mb="xs">
          <Title order={3} size="h4" id="roster-heading">
            {st('groups.GroupPage.rosterHeading', { today: rosterOn(all, groupId, today).length, capacity: g.capacity })}
          </Title>
        </Group>
        <Table aria-label={st('groups.GroupPage.roster')}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{st('groups.GroupPage.client')}</Table.Th>
              <Table.Th scope="col">{st('groups.GroupPage.joined')}</Table.Th>
              <Table.Th scope="col">{st('groups.GroupPage.left')}</Table.Th>
              <Table.Th scope="col">{st('groups.GroupPage.treatmentPlan')}</Table.Th>
              <Table.Th scope="col">{st('groups.GroupPage.actions')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {[...memberships]
              .sort((a, b) => byName(a.clientId, b.clientId) || a.data.joinedOn.localeCompare(b.data.joinedOn))
              .map((m) => (
                <Table.Tr key={m.id}>
                  <Table.Td>{name(m.clientId)}</Table.Td>
                  <Table.Td>{m.data.joinedOn}</Table.Td>
                  <Table.Td>{m.data.leftOn ? (m.data.leaveReason ? st('groups.GroupPage.leftBecause', { date: m.data.leftOn, reason: m.data.leaveReason }) : m.data.leftOn) : '—'}</Table.Td>
                  <Table.Td>{planStatus.get(m.clientId) ?? '—'}</Table.Td>
                  <Table.Td>
                    {isMemberOn(m.data, today) && !m.data.leftOn && (
                      <Button size="compact-xs" variant="subtle" color="orange" onClick={() => void action.run(() => programs.endMembership(m.id, today, st('groups.GroupPage.leftTheGroup')).then(() => st('groups.GroupPage.leavesAfterToday', { name: name(m.clientId) })))}>
                        {st('groups.GroupPage.endToday')}
                      </Button>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
          </Table.Tbody>
        </Table>
        <InlineForm
          label={st('groups.GroupPage.addMembers')}
          form={newMembers}
          onValid={({ clientIds, joinedOn }) =>
            void action.run(async () => {
              await programs.addMembers(groupId, clientIds, joinedOn);
              newMembers.reset();
              const names = format.list(clientIds.map(name));
              return clientIds.length === 1 ? st('groups.GroupPage.joinsFrom', { name: names, date: joinedOn }) : st('groups.GroupPage.joinFrom', { names, date: joinedOn });
            })
          }
        >
          <Group align="flex-start" gap="xs" mt="sm">
            <MultiSelect label={st('groups.GroupPage.clientsToAdd')} searchable data={candidates.map((c) => ({ value: c.id, label: displayName(c.data) }))} w={420} {...newMembers.getInputProps('clientIds')} />
            <TextInput label={st('groups.GroupPage.joinsOn')} type="date" {...newMembers.getInputProps('joinedOn')} />
            <Button type="submit" variant="light" mt={25}>
              {st('groups.GroupPage.addToTheRoster')}
            </Button>
          </Group>
        </InlineForm>
      </Card>

      <Card withBorder component="section" aria-labelledby="sessions-heading">
        <Title order={3} size="h4" id="sessions-heading" mb="xs">
          {st('groups.GroupPage.sessions')}
        </Title>
        {groupSessions.length === 0 ? (
          <Text size="sm" c="dimmed">
            {st('groups.GroupPage.noSessions')}
          </Text>
        ) : (
          <Table aria-label={st('groups.GroupPage.groupSessions')} striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{st('groups.GroupPage.date')}</Table.Th>
                <Table.Th scope="col">{st('groups.GroupPage.time')}</Table.Th>
                <Table.Th scope="col">{st('groups.GroupPage.status')}</Table.Th>
                <Table.Th scope="col">{st('groups.GroupPage.rosterOnTheDay')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {groupSessions.map((s) => (
                <Table.Tr key={s.id}>
                  <Table.Td>
                    <Anchor component={Link} to={`/sessions/${s.id}`}>
                      {s.date}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>
                    {s.data.start}–{s.data.end}
                  </Table.Td>
                  <Table.Td>{statusLabel(s)}</Table.Td>
                  <Table.Td>{s.status === 'cancelled' ? '—' : rosterOn(all, groupId, s.date).map((m) => name(m.clientId)).sort((a, b) => a.localeCompare(b)).join('; ') || st('groups.GroupPage.nobodyYet')}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Card>
    </Stack>
  );
}
