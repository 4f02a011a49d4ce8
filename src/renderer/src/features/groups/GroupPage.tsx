import { useMemo, useState } from 'react';
import { Alert, Anchor, Badge, Button, Card, Checkbox, Group, Loader, MultiSelect, NumberInput, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { Link, useParams } from 'react-router';
import { combineLatest, map } from 'rxjs';
import { addDays } from '../../../../shared/calendar';
import { carePlanStatus, describeCarePlanStatus } from '../../../../shared/plans';
import { displayName } from '../../../../shared/clients';
import { MODALITIES } from '../../../../shared/programs';
import { isMemberOn, rosterOn, type Membership } from '../../../../shared/roster';
import { describeSchedule } from '../../../../shared/schedule';
import { useServices } from '../../app/services';
import { useObservable } from '../../hooks/useObservable';
import { useToday } from '../../hooks/useToday';
import type { ClientRecord } from '../../repositories/clients';
import type { GroupRecord, MembershipRecord, ProgramTree } from '../../repositories/programs';
import type { SessionRecord } from '../../repositories/sessions';
import { staffLabels } from '../../repositories/staff';
import { groupPath } from './programLabels';
import { GroupNoteDefaults } from './GroupNoteDefaults';
import { ScheduleEditor } from './ScheduleEditor';

const EMPTY_TREE: ProgramTree = { programs: [], tracks: [], groups: [] };

/** "A", "A and B", "A, B and C". */
function joinNames(names: string[]): string {
  return names.length < 2 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

function useAction() {
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const run = (work: () => Promise<string | void>) =>
    work().then(
      (text) => setMessage(text ? { ok: true, text } : null),
      (error: unknown) => setMessage({ ok: false, text: (error as Error).message }),
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
          map(([open, all, practice]) => new Map(open.map((e) => [e.clientId, describeCarePlanStatus(carePlanStatus(all.filter((p) => p.data.episodeId === e.id).map((p) => p.data), today, { cadenceDays: practice.planReviewCadenceDays }))]))),
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
  const [generateFrom, setGenerateFrom] = useState(today);
  const [weeks, setWeeks] = useState<number | string>(4);
  const [skipHolidays, setSkipHolidays] = useState(true);
  const [holiday, setHoliday] = useState({ date: '', reason: '' });
  const [change, setChange] = useState({ date: '', moveTo: '', start: '', end: '', reason: '' });
  const [newMembers, setNewMembers] = useState({ clientIds: [] as string[], joinedOn: today });
  const action = useAction();

  if (state === undefined) return <Loader aria-label="Loading the group" />;
  const { group, memberships } = state;
  if (group === null) return <Alert color="red">This group does not exist on this device.</Alert>;
  const g = group.data;
  const all: Membership[] = memberships.map((m) => m.data);
  const name = (clientId: string) => {
    const client = clientList.find((c) => c.id === clientId);
    return client ? displayName(client.data) : 'Unknown client';
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
          <Badge variant="light">{MODALITIES[g.modality]}</Badge>
          <Badge variant="light">Capacity {g.capacity}</Badge>
          {g.location && <Badge variant="light">{g.location}</Badge>}
        </Group>
        <Text size="sm">Facilitators: {facilitators.join('; ')}</Text>
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
            Schedule
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
              <Text size="sm">{describeSchedule(g.schedule)}</Text>
              <Text size="xs" c="dimmed">
                From {g.schedule.startsOn}
                {g.schedule.endsOn ? ` to ${g.schedule.endsOn}` : ''}
              </Text>
              <Group>
                <Button size="compact-sm" variant="default" onClick={() => setEditing(true)}>
                  Change schedule
                </Button>
              </Group>
              <Title order={4} size="h5" mt="xs">
                Holidays and cancellations
              </Title>
              {g.exceptions.length === 0 && (
                <Text size="sm" c="dimmed">
                  None.
                </Text>
              )}
              {g.exceptions.map((e) => (
                <Text size="sm" key={e.date}>
                  {e.date}:{' '}
                  {e.kind === 'cancelled' ? 'no session' : [e.moveTo && `moved to ${e.moveTo}`, (e.start || e.end) && `${e.start ?? g.schedule!.start}–${e.end ?? g.schedule!.end}`].filter(Boolean).join(', ')} —{' '}
                  {e.reason}
                </Text>
              ))}
              <form
                aria-label="Add a cancellation"
                noValidate
                onSubmit={(event) => {
                  event.preventDefault();
                  void action.run(async () => {
                    await programs.updateGroup(groupId, (current) => ({ ...current, exceptions: [...current.exceptions, { date: holiday.date, kind: 'cancelled', reason: holiday.reason }] }));
                    setHoliday({ date: '', reason: '' });
                    return `No session on ${holiday.date}. Generate sessions again to apply it to sessions already created.`;
                  });
                }}
              >
                <Group align="flex-end" gap="xs">
                  <TextInput label="Date" type="date" value={holiday.date} onChange={(e) => setHoliday({ ...holiday, date: e.currentTarget.value })} />
                  <TextInput label="Reason" placeholder="e.g. Thanksgiving" value={holiday.reason} onChange={(e) => setHoliday({ ...holiday, reason: e.currentTarget.value })} />
                  <Button type="submit" variant="light">
                    Add cancellation
                  </Button>
                </Group>
              </form>
              <form
                aria-label="Change one session"
                noValidate
                onSubmit={(event) => {
                  event.preventDefault();
                  void action.run(async () => {
                    const exception = {
                      date: change.date,
                      kind: 'changed' as const,
                      reason: change.reason,
                      ...(change.moveTo ? { moveTo: change.moveTo } : {}),
                      ...(change.start ? { start: change.start } : {}),
                      ...(change.end ? { end: change.end } : {}),
                    };
                    await programs.updateGroup(groupId, (current) => ({ ...current, exceptions: [...current.exceptions.filter((e) => e.date !== change.date), exception] }));
                    setChange({ date: '', moveTo: '', start: '', end: '', reason: '' });
                    return `The session of ${exception.date} is changed. Generate sessions again to apply it.`;
                  });
                }}
              >
                <Group align="flex-end" gap="xs">
                  <TextInput label="Session of" type="date" value={change.date} onChange={(e) => setChange({ ...change, date: e.currentTarget.value })} />
                  <TextInput label="Move to (optional)" type="date" value={change.moveTo} onChange={(e) => setChange({ ...change, moveTo: e.currentTarget.value })} />
                  <TextInput label="New start" type="time" value={change.start} onChange={(e) => setChange({ ...change, start: e.currentTarget.value })} />
                  <TextInput label="New end" type="time" value={change.end} onChange={(e) => setChange({ ...change, end: e.currentTarget.value })} />
                  <TextInput label="Reason for the change" value={change.reason} onChange={(e) => setChange({ ...change, reason: e.currentTarget.value })} />
                  <Button type="submit" variant="light">
                    Change session
                  </Button>
                </Group>
              </form>
            </Stack>
          )}
        </Card>
        <Card withBorder component="section" aria-labelledby="generate-heading">
          <Title order={3} size="h4" id="generate-heading" mb="xs">
            Sessions ahead
          </Title>
          <form
            aria-label="Generate sessions"
            noValidate
            onSubmit={(event) => {
              event.preventDefault();
              void action.run(async () => {
                const r = await sessions.generateForGroup(groupId, g, { from: generateFrom, to: addDays(generateFrom, Number(weeks) * 7 - 1) }, skipHolidays ? (await settings.get()).holidays : undefined);
                return `Sessions: ${r.created} created, ${r.updated} updated, ${r.cancelled} cancelled, ${r.unchanged} unchanged.`;
              });
            }}
          >
            <Group align="flex-end" gap="xs">
              <TextInput label="From" type="date" value={generateFrom} onChange={(e) => setGenerateFrom(e.currentTarget.value)} />
              <NumberInput label="Weeks" min={1} max={26} value={weeks} onChange={setWeeks} w={100} />
              {/* A group that meets on holidays (a crisis or alumni group) generates without skipping them. */}
              <Checkbox label="Skip practice holidays" checked={skipHolidays} onChange={(e) => setSkipHolidays(e.currentTarget.checked)} mb={8} />
              <Button type="submit" disabled={!g.schedule}>
                Generate sessions
              </Button>
            </Group>
          </form>
          <Text size="xs" c="dimmed" mt="xs">
            Safe to repeat: existing sessions are kept, changed ones updated, cancelled days and skipped practice holidays (Settings) marked.
          </Text>
        </Card>
      </SimpleGrid>

      <Card withBorder component="section" aria-labelledby="roster-heading">
        <Group justify="space-between" mb="xs">
          <Title order={3} size="h4" id="roster-heading">
            Roster ({rosterOn(all, groupId, today).length} of {g.capacity} today)
          </Title>
        </Group>
        <Table aria-label="Roster">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Client</Table.Th>
              <Table.Th scope="col">Joined</Table.Th>
              <Table.Th scope="col">Left</Table.Th>
              <Table.Th scope="col">Treatment plan</Table.Th>
              <Table.Th scope="col">Actions</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {[...memberships]
              .sort((a, b) => byName(a.clientId, b.clientId) || a.data.joinedOn.localeCompare(b.data.joinedOn))
              .map((m) => (
                <Table.Tr key={m.id}>
                  <Table.Td>{name(m.clientId)}</Table.Td>
                  <Table.Td>{m.data.joinedOn}</Table.Td>
                  <Table.Td>{m.data.leftOn ? `${m.data.leftOn}${m.data.leaveReason ? ` (${m.data.leaveReason})` : ''}` : '—'}</Table.Td>
                  <Table.Td>{planStatus.get(m.clientId) ?? '—'}</Table.Td>
                  <Table.Td>
                    {isMemberOn(m.data, today) && !m.data.leftOn && (
                      <Button size="compact-xs" variant="subtle" color="orange" onClick={() => void action.run(() => programs.endMembership(m.id, today, 'Left the group').then(() => `${name(m.clientId)} leaves the group after today.`))}>
                        End today
                      </Button>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
          </Table.Tbody>
        </Table>
        <form
          aria-label="Add members"
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            void action.run(async () => {
              if (newMembers.clientIds.length === 0) throw new Error('Choose the clients to add');
              await programs.addMembers(groupId, newMembers.clientIds, newMembers.joinedOn);
              setNewMembers({ clientIds: [], joinedOn: today });
              return `${joinNames(newMembers.clientIds.map(name))} ${newMembers.clientIds.length === 1 ? 'joins' : 'join'} from ${newMembers.joinedOn}. Earlier sessions are unchanged.`;
            });
          }}
        >
          <Group align="flex-end" gap="xs" mt="sm">
            <MultiSelect label="Clients to add" searchable data={candidates.map((c) => ({ value: c.id, label: displayName(c.data) }))} value={newMembers.clientIds} onChange={(clientIds) => setNewMembers({ ...newMembers, clientIds })} w={420} />
            <TextInput label="Joins on" type="date" value={newMembers.joinedOn} onChange={(e) => setNewMembers({ ...newMembers, joinedOn: e.currentTarget.value })} />
            <Button type="submit" variant="light">
              Add to the roster
            </Button>
          </Group>
        </form>
      </Card>

      <Card withBorder component="section" aria-labelledby="sessions-heading">
        <Title order={3} size="h4" id="sessions-heading" mb="xs">
          Sessions
        </Title>
        {groupSessions.length === 0 ? (
          <Text size="sm" c="dimmed">
            No sessions yet. Set a schedule and generate sessions.
          </Text>
        ) : (
          <Table aria-label="Group sessions" striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Date</Table.Th>
                <Table.Th scope="col">Time</Table.Th>
                <Table.Th scope="col">Status</Table.Th>
                <Table.Th scope="col">Roster on the day</Table.Th>
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
                  <Table.Td>{s.status === 'cancelled' ? `cancelled${s.data.changeReason ? ` (${s.data.changeReason})` : ''}` : s.status}</Table.Td>
                  <Table.Td>{s.status === 'cancelled' ? '—' : rosterOn(all, groupId, s.date).map((m) => name(m.clientId)).sort((a, b) => a.localeCompare(b)).join('; ') || 'nobody yet'}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Card>
    </Stack>
  );
}
