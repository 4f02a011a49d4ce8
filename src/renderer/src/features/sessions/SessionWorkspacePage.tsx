import { useFormat } from '../../i18n/useFormat';
import { useEffect, useMemo, useRef, useState } from 'react';
import { Trans } from 'react-i18next';
import { Alert, Anchor, Badge, Button, Group, Kbd, Loader, NavLink, Paper, Stack, Text, Title } from '@mantine/core';
import { of } from 'rxjs';
import { useHotkeys } from '@mantine/hooks';
import { Link, useParams } from 'react-router';
import { defaultAttendance, isPresent, type AttendanceEntry } from '../../../../shared/attendance';
import { displayName } from '../../../../shared/clients';
import { facilitatorCheck, groupTemplate, NOTE_STATE_LABEL, NotFacilitatorError, noteState, prefillNote, signAllReview, templateFor, type NoteChange, type NoteTemplate } from '../../../../shared/notes';
import { sessionOpening } from '../../../../shared/session-time';
import { MODALITIES } from '../../../../shared/programs';
import { rosterOn } from '../../../../shared/roster';
import { DEFAULT_PRACTICE_SETTINGS } from '../../../../shared/settings';
import { useServices } from '../../app/services';
import { useObservable } from '../../hooks/useObservable';
import { st } from '../../i18n/staff';
import type { ClientRecord } from '../../repositories/clients';
import type { ContactRecord } from '../../repositories/contacts';
import { EMPTY_SHARED, type AddendumRecord, type NoteKind, type NoteRecord, type SharedRecord } from '../../repositories/notes';
import type { ObjectiveChoice } from '../../repositories/plans';
import type { GroupRecord, MembershipRecord } from '../../repositories/programs';
import { CapacityOverrideNeeded, type CapacityCheck, type SessionKind, type SessionRecord } from '../../repositories/sessions';
import { staffLabels, type StaffRecord } from '../../repositories/staff';
import { AttendancePanel } from './AttendancePanel';
import { MemberNoteEditor } from './MemberNoteEditor';
import { SignAllReview } from './SignAllReview';
import { PrivateNotePanel } from './PrivateNotePanel';
import { SharedPartPanel } from './SharedPartPanel';
import { SignInSheet } from './SignInSheet';
import { chartTabPath } from '../clients/chart/chartPath';
import { errorText, sharedText } from '../../i18n/shared';

/** Each kind of session writes its notes with its own template and record kind. */
function noteSetup(kind: SessionKind, groupFormat: Parameters<typeof groupTemplate>[0]): { template: NoteTemplate; noteKind: NoteKind } {
  return kind === 'group' ? { template: groupTemplate(groupFormat), noteKind: 'progress' } : { template: templateFor(kind), noteKind: kind };
}

/** Opens "Review and sign all" from anywhere in the workspace. */
const SIGN_ALL_KEY = 'mod+shift+Enter';

/**
 * The session workspace: attendance, the shared part of a group note, and each present
 * participant's note, all saved as typed. Groups and workshops list everyone taking part; an
 * individual, family or psychiatric session its client. Alt+↓ / Alt+↑ move between participants
 * without leaving the keyboard, into the first field still to write (from outside the notes, Alt+↓
 * goes into the current one); a group note's goal, intervention and plan start filled in
 * (shared/notes/prefill.ts), so the rest is what is this member's. Once
 * attendance is taken it folds to one line, so at 1366×768 the note is on screen. A session that
 * has not started yet is read-only (shared/session-time.ts).
 */
export function SessionWorkspacePage() {
  const formatting = useFormat();
  const { sessionId = '' } = useParams();
  const { sessions, programs, clients, contacts, notes, plans, settings, staff, vault, bridge } = useServices();
  const session = useObservable(useMemo(() => sessions.get$(sessionId), [sessions, sessionId]), undefined as SessionRecord | null | undefined);
  const groupId = session?.groupId ?? '';
  const group = useObservable(useMemo(() => programs.group$(groupId), [programs, groupId]), { group: null as GroupRecord | null, memberships: [] as MembershipRecord[] });
  const clientList = useObservable(useMemo(() => clients.list$(), [clients]), [] as ClientRecord[]);
  // null until the first emission: editors start from what is stored, never from a blank that would overwrite it.
  const loadedNotes = useObservable(useMemo(() => notes.session$(sessionId), [notes, sessionId]), null as { shared: SharedRecord | null; notes: NoteRecord[]; addenda: AddendumRecord[] } | null);
  const written = loadedNotes ?? { shared: null, notes: [], addenda: [] };
  const prefs = useObservable(useMemo(() => settings.observe(), [settings]), DEFAULT_PRACTICE_SETTINGS);
  const format = prefs.defaultNoteFormat;
  const staffList = useObservable(useMemo(() => staff.active$(), [staff]), [] as StaffRecord[]);
  const [selected, setSelected] = useState(0);
  const [pending, setPending] = useState<{ retry: () => Promise<void>; warning: string } | null>(null);
  const [me, setMe] = useState<StaffRecord | null>(null);
  useEffect(() => {
    void staff.get(vault.currentProfile().id).then(setMe);
  }, [staff, vault]);
  // A session not open yet becomes writable at its opening time without a reload.
  const [now, setNow] = useState(() => Date.now());
  const opening = session ? sessionOpening(session.data, now, prefs.sessionOpensMinutesBefore) : ({ open: true } as const);
  const opensAt = opening.open ? null : opening.opensAt;
  useEffect(() => {
    if (opensAt === null) return;
    const timer = setTimeout(() => setNow(Date.now()), Math.min(Date.parse(opensAt) - Date.now() + 50, 2 ** 31 - 1));
    return () => clearTimeout(timer);
  }, [opensAt]);
  // Attendance taken before (or just now) shows as its summary line; decided once per visit.
  const [collapsed, setCollapsed] = useState<boolean | null>(null);
  const hasAttendance = session ? session.data.attendance !== undefined : null;
  if (collapsed === null && hasAttendance !== null) setCollapsed(hasAttendance);
  // After "Attendance taken": back to the top, where the summary, shared part and note now fit,
  // and on to the shared part of a group (else the note).
  const folded = useRef(false);
  const noteArea = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!collapsed || !folded.current) return;
    folded.current = false;
    window.scrollTo({ top: 0 });
    const next = document.querySelector<HTMLElement>('section[aria-labelledby="shared-heading"] input:not([readonly])') ?? noteArea.current?.querySelector<HTMLElement>('[data-note-field]');
    next?.focus({ preventScroll: true });
  }, [collapsed]);
  const [reviewing, setReviewing] = useState(false);
  // The shared part as typed: a note opened straight after it starts from it, not from the last save.
  const [sharedTyped, setSharedTyped] = useState<{ sessionId: string; value: SharedRecord['data'] } | null>(null);
  const flushNote = useRef<(() => Promise<void>) | null>(null);

  const date = session?.date ?? '';
  const addedIds = session?.data.clientIds;
  const rosterIds = useMemo(() => (groupId ? rosterOn(group.memberships.map((m) => m.data), groupId, date).map((m) => m.clientId) : []), [group.memberships, groupId, date]);
  const roster = useMemo(() => {
    const names = new Map(clientList.map((c) => [c.id, c]));
    return [...new Set([...rosterIds, ...(addedIds ?? [])])].flatMap((id) => {
      const client = names.get(id);
      return client ? [{ clientId: client.id, name: displayName(client.data), firstName: client.data.firstName, lastName: client.data.lastName, preferredName: client.data.preferredName }] : [];
    }).sort((a, b) => a.name.localeCompare(b.name)); // the order of the sign-in sheet
  }, [rosterIds, addedIds, clientList]);
  // Family members taking part (family sessions): shown by name and relationship, never in the note text.
  const familyClientId = session?.kind === 'family' ? (addedIds?.[0] ?? '') : '';
  const family = useObservable(
    useMemo(() => (familyClientId ? contacts.forClient$(familyClientId) : of({ contacts: [] as ContactRecord[] })), [contacts, familyClientId]),
    { contacts: [] as ContactRecord[] },
  ).contacts.filter((c) => session?.data.contactIds.includes(c.id));
  const attendance = session?.data.attendance ?? [];
  const entryOf = (clientId: string) => attendance.find((e) => e.clientId === clientId) ?? defaultAttendance(clientId);
  const present = roster.filter((m) => isPresent(entryOf(m.clientId)));
  const currentIndex = Math.min(selected, Math.max(present.length - 1, 0));
  const current = present[currentIndex];
  // Alt+↓/↑ take focus into the next note (its first field, or the note once signed): the editor
  // that had focus is gone, and focus went with it to the top of the page.
  const focusNote = useRef(false);
  // The first field still empty (the goal, intervention and plan are usually started already), else the first.
  const focusCurrentNote = () => {
    const note = noteArea.current?.querySelector<HTMLElement>(':scope > section');
    const fields = [...(note?.querySelectorAll<HTMLTextAreaElement>('[data-note-field]') ?? [])];
    (fields.find((f) => f.value.trim() === '') ?? fields[0] ?? note)?.focus();
  };
  const move = (step: number) => {
    if (step > 0 && !noteArea.current?.contains(document.activeElement)) return focusCurrentNote();
    const next = Math.max(0, Math.min(present.length - 1, currentIndex + step));
    if (next === currentIndex) return;
    focusNote.current = true;
    setSelected(next);
  };
  useEffect(() => {
    if (!focusNote.current) return;
    focusNote.current = false;
    focusCurrentNote();
  }, [current?.clientId]);
  // The current member's plan objectives, for the note's golden-thread links.
  const currentId = current?.clientId ?? '';
  const [objectives, setObjectives] = useState<{ clientId: string; list: ObjectiveChoice[] }>({ clientId: '', list: [] });
  useEffect(() => {
    if (!currentId) return;
    let live = true;
    void plans.objectivesFor(currentId).then((list) => live && setObjectives({ clientId: currentId, list }));
    return () => {
      live = false;
    };
  }, [plans, currentId]);
  const reviewOpener = useRef<HTMLElement | null>(null);
  const openReview = () => {
    reviewOpener.current = document.activeElement as HTMLElement | null;
    // A note that could not be saved keeps the review closed; its save status says why.
    void (flushNote.current?.() ?? Promise.resolve()).then(
      () => setReviewing(true),
      () => undefined,
    );
  };
  useHotkeys(
    [
      ['alt+ArrowDown', () => move(1)],
      ['alt+ArrowUp', () => move(-1)],
      [SIGN_ALL_KEY, () => present.length > 1 && opening.open && openReview()],
    ],
    [],
  );

  if (session === undefined) return <Loader aria-label={st('sessions.SessionWorkspacePage.loading')} />;
  if (session === null) return <Alert color="red">{st('sessions.SessionWorkspacePage.notOnThisDevice')}</Alert>;
  if ((groupId && !group.group) || loadedNotes === null) return <Loader aria-label={st('sessions.SessionWorkspacePage.loading')} />;
  const { template, noteKind } = noteSetup(session.kind, format);
  const isGroup = session.kind === 'group';
  const takesAdded = isGroup || session.kind === 'workshop';
  const facilitators = staffLabels(session.data.facilitatorIds, staffList);
  const shared = written.shared?.data ?? EMPTY_SHARED;
  const anySigned = written.notes.some((n) => n.status !== 'draft');

  /** Runs a change that may go over the group's capacity; over it, asks first and records who confirmed. */
  const withCapacity = async (change: (check: CapacityCheck) => Promise<unknown>) => {
    const capacity = group.group?.data.capacity ?? Number.POSITIVE_INFINITY;
    try {
      await change({ capacity });
      setPending(null);
    } catch (error) {
      if (!(error instanceof CapacityOverrideNeeded)) throw error;
      setPending({
        warning: errorText(error),
        retry: async () => {
          await change({ capacity, override: { by: vault.currentProfile().id, at: new Date().toISOString() } });
          setPending(null);
        },
      });
    }
  };
  const target = (clientId: string) => ({ sessionId, clientId, date, kind: noteKind, templateId: template.id, authorId: vault.currentProfile().id });
  const facilitator = facilitatorCheck(vault.currentProfile().id, session.data.facilitatorIds, prefs.nonFacilitatorSigning);
  const signer = () => {
    if (!me) throw new Error(st('sessions.SessionWorkspacePage.staffLoading'));
    if (facilitator.kind === 'refuse') throw new NotFacilitatorError(facilitator.message);
    return { staffId: me.id, name: me.data.displayName, credentials: me.data.credentials, needsCosignature: me.data.needsCosignature };
  };
  const noteOf = (clientId: string) => written.notes.find((n) => n.clientId === clientId);
  /** Signs a member's note (made if nothing was saved yet) with `change` applied: one write. */
  const signOne = (clientId: string, change: NoteChange = {}) => notes.signDraft(target(clientId), change, signer(), new Date().toISOString(), isGroup ? shared : undefined);
  const review = signAllReview(
    present.map((m) => ({ key: m.clientId, note: noteOf(m.clientId)?.data.note })),
    template,
  );
  const readOnly = !opening.open;
  const when = { date: formatting.day(session.date, 'long'), start: session.data.start, end: session.data.end, modality: sharedText(MODALITIES[session.data.modality]) };

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-start">
        <Stack gap={2}>
          <Title order={2}>{session.data.title}</Title>
          <Text size="sm" c="dimmed">
            {session.data.location ? st('sessions.SessionWorkspacePage.whenAt', { ...when, location: session.data.location }) : st('sessions.SessionWorkspacePage.when', when)}
          </Text>
          {family.length > 0 && (
            <Text size="sm">
              {st('sessions.SessionWorkspacePage.with', { people: family.map((c) => st('sessions.SessionWorkspacePage.familyMember', { name: c.data.name, relationship: c.data.relationship })).join(', ') })}
            </Text>
          )}
          {session.data.capacityOverride && (
            <Text size="xs" c="orange">
              {st('sessions.SessionWorkspacePage.overCapacity', {
                present: session.data.capacityOverride.present,
                capacity: session.data.capacityOverride.capacity,
                at: session.data.capacityOverride.at.slice(0, 16).replace('T', ' '),
                by: staffLabels([session.data.capacityOverride.by], staffList).join(''),
              })}
            </Text>
          )}
        </Stack>
        <Group gap="sm">
          {present.length > 1 && !readOnly && (
            <Button size="xs" variant="light" onClick={openReview} aria-keyshortcuts="Control+Shift+Enter">
              {st('sessions.SessionWorkspacePage.reviewAndSignAll')}
            </Button>
          )}
          {takesAdded && (
            <Button variant="default" size="xs" onClick={() => void bridge.printToPdf({ suggestedName: st('sessions.SessionWorkspacePage.signInSheetFile', { date: session.date }) })}>
              {st('sessions.SessionWorkspacePage.printSignInSheet')}
            </Button>
          )}
          {isGroup ? (
            <Anchor component={Link} to={`/groups/${groupId}`} size="sm">
              {st('sessions.SessionWorkspacePage.backToGroup')}
            </Anchor>
          ) : (
            roster[0] && (
              <Anchor component={Link} to={chartTabPath(roster[0].clientId, 'sessions')} size="sm">
                {st('sessions.SessionWorkspacePage.openChart')}
              </Anchor>
            )
          )}
        </Group>
      </Group>
      {!opening.open && (
        <Alert color="blue" role="status" title={st('sessions.SessionWorkspacePage.readOnly')}>
          {opening.reason}
        </Alert>
      )}
      {takesAdded && <SignInSheet session={session} facilitators={facilitators.join('; ')} members={roster} entryOf={entryOf} />}
      <AttendancePanel
        session={session}
        members={roster}
        entries={roster.map((m) => entryOf(m.clientId))}
        onSave={(entries: AttendanceEntry[]) => withCapacity((check) => sessions.recordAttendance(sessionId, entries, check))}
        added={
          takesAdded
            ? {
                ids: addedIds ?? [],
                candidates: clientList.filter((c) => c.status === 'active' && !roster.some((m) => m.clientId === c.id)).map((c) => ({ value: c.id, label: displayName(c.data) })),
                onAdd: (clientId) => withCapacity((check) => sessions.addParticipant(sessionId, clientId, rosterIds, check)),
                onRemove: (clientId) => sessions.removeParticipant(sessionId, clientId),
              }
            : null
        }
        capacityWarning={pending?.warning ?? null}
        onOverride={() => void pending?.retry()}
        readOnly={readOnly}
        collapsed={!readOnly && collapsed === true}
        focusFirst={!readOnly && collapsed === false && !session.data.attendance}
        onCollapse={(fold) => {
          folded.current = fold;
          setCollapsed(fold);
        }}
      />
      {isGroup && (
        <SharedPartPanel
          initial={shared}
          roster={roster}
          presentCount={present.length}
          facilitators={facilitators.join('; ')}
          modality={sharedText(MODALITIES[session.data.modality])}
          editable={!anySigned && !readOnly}
          onSave={(next) => notes.saveShared(sessionId, date, vault.currentProfile().id, next)}
          onChange={(value) => setSharedTyped({ sessionId, value })}
        />
      )}
      <Group align="flex-start" wrap="nowrap" gap="md">
        <Paper withBorder p="xs" component="nav" aria-label={st('sessions.SessionWorkspacePage.members')} w={300} style={{ flexShrink: 0, position: 'sticky', top: 64 }}>
          <Text size="xs" c="dimmed" mb={4}>
            <Trans t={st} i18nKey="sessions.SessionWorkspacePage.present" components={{ kbd: <Kbd size="xs" /> }} />
          </Text>
          {/* One Tab stop for the list (arrow keys move within it), so Tab goes on to the note. */}
          <div
            onKeyDown={(e) => {
              if ((e.key !== 'ArrowDown' && e.key !== 'ArrowUp') || e.altKey) return; // Alt+↓/↑ move between notes
              const buttons = [...e.currentTarget.querySelectorAll<HTMLElement>('button')];
              const at = buttons.indexOf(document.activeElement as HTMLElement);
              buttons[Math.max(0, Math.min(buttons.length - 1, at + (e.key === 'ArrowDown' ? 1 : -1)))]?.focus();
              e.preventDefault();
            }}
          >
            {present.map((m, i) => {
              const state = noteState(noteOf(m.clientId)?.data.note, template);
              const isCurrent = current?.clientId === m.clientId;
              return (
                <NavLink
                  key={m.clientId}
                  component="button"
                  type="button"
                  label={m.name}
                  tabIndex={isCurrent ? 0 : -1}
                  active={isCurrent}
                  onClick={() => setSelected(i)}
                  rightSection={
                    <Badge size="xs" variant={state === 'signed' ? 'filled' : 'light'} color={state === 'not-started' ? 'gray' : state === 'draft' ? 'yellow' : state === 'ready' ? 'blue' : 'teal'}>
                      {sharedText(NOTE_STATE_LABEL[state])}
                    </Badge>
                  }
                  aria-current={isCurrent ? 'true' : undefined}
                />
              );
            })}
          </div>
          {roster.length > present.length && (
            <Text size="xs" c="dimmed" mt={4}>
              {st('sessions.SessionWorkspacePage.absentNoNote')}
            </Text>
          )}
        </Paper>
        <Stack gap="xs" style={{ flex: 1, minWidth: 0 }} ref={noteArea}>
          {current ? (
            <>
              <MemberNoteEditor
                key={current.clientId}
                memberName={current.name}
                template={template}
                record={noteOf(current.clientId) ?? null}
                addenda={written.addenda.filter((a) => a.parentId === noteOf(current.clientId)?.id)}
                onSave={(change) => notes.saveDraft(target(current.clientId), change)}
                onSign={(change) => signOne(current.clientId, change)}
                readOnly={readOnly}
                facilitator={facilitator}
                flushRef={flushNote}
                onCopyForward={async () => {
                  const last = (await notes.lastNoteBefore(current.clientId, noteKind, date))?.data.note;
                  return last ? { fields: last.fields, ...(last.medications ? { medications: last.medications } : {}) } : null;
                }}
                onAddendum={(text) => {
                  const note = noteOf(current.clientId);
                  if (!note) throw new Error(st('sessions.SessionWorkspacePage.noSuchNote'));
                  return notes.addAddendum(note.id, text, signer(), new Date().toISOString());
                }}
                objectives={objectives.clientId === current.clientId ? objectives.list : []}
                prefill={prefillNote(template, {
                  objectives: objectives.clientId === current.clientId ? objectives.list : [],
                  groupGoal: group.group?.data.goal ?? '',
                  groupPlan: group.group?.data.plan ?? '',
                  interventions: isGroup ? (sharedTyped?.sessionId === sessionId ? sharedTyped.value : shared).interventions : '',
                })}
              />
              <PrivateNotePanel key={`private-${current.clientId}`} sessionId={sessionId} clientId={current.clientId} date={date} memberName={current.name} />
            </>
          ) : (
            <Text c="dimmed">{st('sessions.SessionWorkspacePage.nobodyPresent')}</Text>
          )}
        </Stack>
      </Group>
      {reviewing && (
        <SignAllReview
          onClose={() => {
            setReviewing(false);
            // Unmounted on close: focus goes back where it was, or to the note if that was signed away.
            setTimeout(() => (reviewOpener.current?.isConnected ? reviewOpener.current : noteArea.current?.querySelector<HTMLElement>(':scope > section'))?.focus());
          }}
          rows={review.rows.map((r) => ({ ...r, name: present.find((m) => m.clientId === r.key)?.name ?? '' }))}
          facilitator={facilitator}
          onSign={async (clientIds) => {
            const failed: { clientId: string; error: string }[] = [];
            for (const clientId of clientIds) await signOne(clientId).catch((e: unknown) => failed.push({ clientId, error: errorText(e) }));
            return failed;
          }}
        />
      )}
      {anySigned && (
        <Button component={Link} to="/notes" variant="subtle" size="xs" w="fit-content">
          {st('sessions.SessionWorkspacePage.notesDue')}
        </Button>
      )}
    </Stack>
  );
}
