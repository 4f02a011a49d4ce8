import { useEffect, useMemo, useState } from 'react';
import { Alert, Anchor, Badge, Box, Button, Group, Kbd, Loader, NavLink, Paper, Stack, Text, Title } from '@mantine/core';
import { useHotkeys } from '@mantine/hooks';
import { Link, useParams } from 'react-router';
import { defaultAttendance, isPresent, type AttendanceEntry } from '../../../../shared/attendance';
import { longDayLabel } from '../../../../shared/calendar';
import { displayName } from '../../../../shared/clients';
import { groupTemplate } from '../../../../shared/notes';
import { MODALITIES } from '../../../../shared/programs';
import { rosterOn } from '../../../../shared/roster';
import { DEFAULT_PRACTICE_SETTINGS } from '../../../../shared/settings';
import { useServices } from '../../app/services';
import { useObservable } from '../../hooks/useObservable';
import type { ClientRecord } from '../../repositories/clients';
import { EMPTY_SHARED, noteId, type AddendumRecord, type NoteRecord, type SharedRecord } from '../../repositories/notes';
import type { GroupRecord, MembershipRecord } from '../../repositories/programs';
import { CapacityOverrideNeeded, type SessionRecord } from '../../repositories/sessions';
import { staffLabels, type StaffRecord } from '../../repositories/staff';
import { AttendancePanel } from './AttendancePanel';
import { MemberNoteEditor } from './MemberNoteEditor';
import { SharedPartPanel } from './SharedPartPanel';
import { SignInSheet } from './SignInSheet';

/**
 * The group session workspace: attendance, the shared part of the note, and each present member's
 * note, all saved as typed. Alt+↓ / Alt+↑ move between members without leaving the keyboard.
 */
export function SessionWorkspacePage() {
  const { sessionId = '' } = useParams();
  const { sessions, programs, clients, notes, settings, staff, vault, bridge } = useServices();
  const session = useObservable(useMemo(() => sessions.get$(sessionId), [sessions, sessionId]), undefined as SessionRecord | null | undefined);
  const groupId = session?.groupId ?? '';
  const group = useObservable(useMemo(() => programs.group$(groupId), [programs, groupId]), { group: null as GroupRecord | null, memberships: [] as MembershipRecord[] });
  const clientList = useObservable(useMemo(() => clients.list$(), [clients]), [] as ClientRecord[]);
  // null until the first emission: editors start from what is stored, never from a blank that would overwrite it.
  const loadedNotes = useObservable(useMemo(() => notes.session$(sessionId), [notes, sessionId]), null as { shared: SharedRecord | null; notes: NoteRecord[]; addenda: AddendumRecord[] } | null);
  const written = loadedNotes ?? { shared: null, notes: [], addenda: [] };
  const format = useObservable(useMemo(() => settings.observe(), [settings]), DEFAULT_PRACTICE_SETTINGS).defaultNoteFormat;
  const staffList = useObservable(useMemo(() => staff.active$(), [staff]), [] as StaffRecord[]);
  const [selected, setSelected] = useState(0);
  const [pending, setPending] = useState<{ entries: AttendanceEntry[]; warning: string } | null>(null);
  const [me, setMe] = useState<StaffRecord | null>(null);
  useEffect(() => {
    void staff.get(vault.currentProfile().id).then(setMe);
  }, [staff, vault]);

  const date = session?.date ?? '';
  const roster = useMemo(() => {
    const names = new Map(clientList.map((c) => [c.id, c]));
    return rosterOn(
      group.memberships.map((m) => m.data),
      groupId,
      date,
    ).flatMap((m) => {
      const client = names.get(m.clientId);
      return client ? [{ clientId: client.id, name: displayName(client.data), firstName: client.data.firstName, lastName: client.data.lastName, preferredName: client.data.preferredName }] : [];
    }).sort((a, b) => a.name.localeCompare(b.name)); // the order of the sign-in sheet
  }, [group.memberships, clientList, groupId, date]);
  const attendance = session?.data.attendance ?? [];
  const entryOf = (clientId: string) => attendance.find((e) => e.clientId === clientId) ?? defaultAttendance(clientId);
  const present = roster.filter((m) => isPresent(entryOf(m.clientId)));
  const current = present[Math.min(selected, Math.max(present.length - 1, 0))];
  const move = (step: number) => setSelected((i) => Math.max(0, Math.min(present.length - 1, i + step)));
  useHotkeys(
    [
      ['alt+ArrowDown', () => move(1)],
      ['alt+ArrowUp', () => move(-1)],
    ],
    [],
  );

  if (session === undefined) return <Loader aria-label="Loading the session" />;
  if (session === null) return <Alert color="red">This session does not exist on this device.</Alert>;
  if (!group.group || loadedNotes === null) return <Loader aria-label="Loading the session" />;
  const template = groupTemplate(format);
  const facilitators = staffLabels(session.data.facilitatorIds, staffList);
  const shared = written.shared?.data ?? EMPTY_SHARED;
  const anySigned = written.notes.some((n) => n.status !== 'draft');

  const saveAttendance = async (entries: AttendanceEntry[], overrideCapacity: boolean) => {
    try {
      await sessions.recordAttendance(sessionId, entries, { capacity: group.group!.data.capacity, overrideCapacity });
      setPending(null);
    } catch (error) {
      if (error instanceof CapacityOverrideNeeded) setPending({ entries, warning: error.message });
      else throw error;
    }
  };
  const target = (clientId: string) => ({ sessionId, clientId, date, kind: 'progress' as const, templateId: template.id, authorId: vault.currentProfile().id });
  const signer = () => {
    if (!me) throw new Error('Your staff record is still loading');
    return { staffId: me.id, name: me.data.displayName, credentials: me.data.credentials, needsCosignature: me.data.needsCosignature };
  };

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-start">
        <Stack gap={2}>
          <Title order={2}>{session.data.title}</Title>
          <Text size="sm" c="dimmed">
            {longDayLabel(session.date)} · {session.data.start}–{session.data.end} · {MODALITIES[session.data.modality]}
            {session.data.location ? ` · ${session.data.location}` : ''}
          </Text>
        </Stack>
        <Group gap="sm">
          <Button variant="default" size="xs" onClick={() => void bridge.printToPdf({ suggestedName: `Sign-in sheet ${session.date}` })}>
            Print sign-in sheet
          </Button>
          <Anchor component={Link} to={`/groups/${groupId}`} size="sm">
            Back to the group
          </Anchor>
        </Group>
      </Group>
      <SignInSheet session={session} facilitators={facilitators.join('; ')} members={roster} entryOf={entryOf} />
      <AttendancePanel
        session={session}
        members={roster}
        entries={roster.map((m) => entryOf(m.clientId))}
        onSave={saveAttendance}
        capacityWarning={pending?.warning ?? null}
        onOverride={() => void saveAttendance(pending!.entries, true)}
      />
      <SharedPartPanel
        initial={shared}
        roster={roster}
        presentCount={present.length}
        facilitators={facilitators.join('; ')}
        modality={MODALITIES[session.data.modality]}
        editable={!anySigned}
        onSave={(next) => notes.saveShared(sessionId, date, vault.currentProfile().id, next)}
      />
      <Group align="flex-start" wrap="nowrap" gap="md">
        <Paper withBorder p="xs" component="nav" aria-label="Members" w={260} style={{ flexShrink: 0, position: "sticky", top: 64 }}>
          <Text size="xs" c="dimmed" mb={4}>
            Present members · <Kbd size="xs">Alt</Kbd>+<Kbd size="xs">↑</Kbd>/<Kbd size="xs">↓</Kbd>
          </Text>
          {present.map((m, i) => {
            const status = written.notes.find((n) => n.clientId === m.clientId)?.status;
            return (
              <NavLink
                key={m.clientId}
                label={m.name}
                active={current?.clientId === m.clientId}
                onClick={() => setSelected(i)}
                rightSection={status && status !== 'draft' ? <Badge size="xs">{status === 'pending-cosign' ? 'review' : status}</Badge> : undefined}
                aria-current={current?.clientId === m.clientId ? 'true' : undefined}
              />
            );
          })}
          {roster.length > present.length && (
            <Text size="xs" c="dimmed" mt={4}>
              Absent members get no progress note.
            </Text>
          )}
        </Paper>
        <Box style={{ flex: 1, minWidth: 0 }}>
        {current ? (
          <MemberNoteEditor
            key={current.clientId}
            memberName={current.name}
            template={template}
            record={written.notes.find((n) => n.id === noteId(sessionId, current.clientId)) ?? null}
            addenda={written.addenda.filter((a) => a.parentId === noteId(sessionId, current.clientId))}
            onSaveFields={(fields) => notes.saveDraft(target(current.clientId), { fields })}
            onSign={async () => {
              await notes.saveDraft(target(current.clientId), {});
              await notes.sign(noteId(sessionId, current.clientId), signer(), new Date().toISOString(), shared);
            }}
            onCopyForward={async () => (await notes.lastNoteBefore(current.clientId, 'progress', date))?.data.note.fields ?? null}
            onAddendum={(text) => notes.addAddendum(noteId(sessionId, current.clientId), text, signer(), new Date().toISOString())}
          />
        ) : (
          <Text c="dimmed">Nobody is marked present.</Text>
        )}
        </Box>
      </Group>
      {anySigned && (
        <Button component={Link} to="/notes" variant="subtle" size="xs" w="fit-content">
          Notes due and review queue
        </Button>
      )}
    </Stack>
  );
}
