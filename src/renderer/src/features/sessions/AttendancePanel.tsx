import { useEffect, useRef, useState } from 'react';
import { Trans } from 'react-i18next';
import { Alert, Badge, Button, Card, Group, NativeSelect, Select, Table, Text, TextInput, Title } from '@mantine/core';
import { ATTENDANCE_STATUSES, isPresent, minutesAttended, type AttendanceEntry, type AttendanceStatus } from '../../../../shared/attendance';
import { lateArrivalDefault, parseTypedTime } from '../../../../shared/session-time';
import { st } from '../../i18n/staff';
import type { SessionRecord } from '../../repositories/sessions';
import { errorText, labelOptions } from '../../i18n/shared';

const NEEDS_ARRIVAL: AttendanceStatus[] = ['late', 'late-and-left-early'];
const NEEDS_DEPARTURE: AttendanceStatus[] = ['left-early', 'late-and-left-early'];

interface Props {
  session: SessionRecord;
  members: { clientId: string; name: string }[];
  entries: AttendanceEntry[];
  onSave: (entries: AttendanceEntry[]) => Promise<void>;
  /** Groups and workshops: clients added to this session only (make-up, drop-in), and who could be. */
  added: {
    ids: readonly string[];
    candidates: { value: string; label: string }[];
    onAdd: (clientId: string) => Promise<void>;
    onRemove: (clientId: string) => Promise<unknown>;
  } | null;
  capacityWarning: string | null;
  /** Confirms recording more present than the capacity. */
  onOverride: () => void;
  /** A session not open yet (see shared/session-time.ts): shown, not changed. */
  readOnly: boolean;
  /** Once taken, attendance folds to one summary line so the notes come up on a small screen. */
  collapsed: boolean;
  onCollapse: (collapsed: boolean) => void;
  /** Attendance not taken yet: it is the first thing to do, so focus starts on the first row. */
  focusFirst: boolean;
}

/**
 * A time typed as digits ("0920"), one Tab stop: a native time input has a stop per part, which
 * costs a clinician a key per late arrival. Saved once it is a whole time; a wrong one is named on leaving.
 */
function TimeField({ label, value, onTime }: { label: string; value: string; onTime: (time: string) => void }) {
  const [text, setText] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  return (
    <TextInput
      size="xs"
      w={90}
      aria-label={label}
      inputMode="numeric"
      placeholder={st('sessions.AttendancePanel.timeFormat')}
      value={text ?? value}
      error={error}
      onChange={(e) => {
        const typed = e.currentTarget.value;
        setText(typed);
        const time = parseTypedTime(typed);
        if (time) {
          setError(null);
          onTime(time);
        }
      }}
      onBlur={() => {
        if (text !== null && text.trim() !== '' && !parseTypedTime(text)) return setError(st('sessions.AttendancePanel.typeTheTime'));
        setError(null);
        setText(null);
      }}
    />
  );
}

/** "9 present (2 late) · 1 absent": the summary line of attendance taken. */
function summary(entries: AttendanceEntry[]): string {
  const present = entries.filter(isPresent);
  const late = present.filter((e) => NEEDS_ARRIVAL.includes(e.status)).length;
  const early = present.filter((e) => NEEDS_DEPARTURE.includes(e.status)).length;
  const absent = entries.length - present.length;
  const notes = [late && st('sessions.AttendancePanel.late', { count: late }), early && st('sessions.AttendancePanel.leftEarly', { count: early })].filter(Boolean).join(', ');
  return notes ? st('sessions.AttendancePanel.summaryWithNotes', { present: present.length, notes, absent }) : st('sessions.AttendancePanel.summary', { present: present.length, absent });
}

/**
 * Attendance for the roster of the day: one native select per member (arrow keys or the first
 * letter pick a status), times only where the status needs them; minutes follow.
 */
export function AttendancePanel({ session, members, entries, onSave, added, capacityWarning, onOverride, readOnly, collapsed, onCollapse, focusFirst }: Props) {
  const firstRow = useRef<HTMLSelectElement>(null);
  useEffect(() => {
    if (focusFirst) firstRow.current?.focus();
  }, [focusFirst]);
  const [error, setError] = useState<string | null>(null);
  const report = (work: Promise<unknown>) =>
    work.then(
      () => setError(null),
      (failure: unknown) => setError(errorText(failure)),
    );
  // What was just chosen or typed stays on screen until the saved session catches up: a controlled
  // select or time field waiting on the sealed write snapped back between keys, losing arrow presses
  // and digits. `waiting` lists what the session may still show on the way (what it held, then each
  // value sent); anything else there is a newer change from elsewhere, and wins.
  const [typed, setTyped] = useState<Record<string, { entry: AttendanceEntry; waiting: string[] }>>({});
  const savedOf = (clientId: string): AttendanceEntry => entries.find((e) => e.clientId === clientId) ?? { clientId, status: 'present' };
  const keyOf = (e: AttendanceEntry) => `${e.status} ${e.arrivedAt ?? ''} ${e.leftAt ?? ''}`;
  const entryOf = (clientId: string) => {
    const saved = savedOf(clientId);
    const mine = typed[clientId];
    return mine && mine.waiting.includes(keyOf(saved)) ? mine.entry : saved;
  };
  const change = (clientId: string, patch: Partial<AttendanceEntry>) => {
    const current = entryOf(clientId);
    const status = patch.status ?? current.status;
    const next = {
      clientId,
      status,
      ...(NEEDS_ARRIVAL.includes(status) ? { arrivedAt: patch.arrivedAt ?? current.arrivedAt ?? lateArrivalDefault(session.data, Date.now()) } : {}),
      ...(NEEDS_DEPARTURE.includes(status) ? { leftAt: patch.leftAt ?? current.leftAt ?? session.data.end } : {}),
    } as AttendanceEntry;
    const all = members.map((m) => (m.clientId === clientId ? next : entryOf(m.clientId)));
    const saved = keyOf(savedOf(clientId));
    setTyped((t) => {
      const mine = t[clientId];
      return { ...t, [clientId]: { entry: next, waiting: [...(mine?.waiting.includes(saved) ? mine.waiting : [saved]), keyOf(next)] } };
    });
    void report(
      onSave(all).catch((failure: unknown) => {
        // Not saved: show what is stored again, beside the error.
        setTyped((t) => (t[clientId]?.entry === next ? Object.fromEntries(Object.entries(t).filter(([id]) => id !== clientId)) : t));
        throw failure;
      }),
    );
  };
  // Everyone left present is recorded too: "taken" means every row was looked at.
  const take = () =>
    void onSave(members.map((m) => entryOf(m.clientId))).then(
      () => {
        setError(null);
        onCollapse(true);
      },
      (failure: unknown) => setError(errorText(failure)),
    );
  const minutes = (entry: AttendanceEntry) => {
    try {
      return String(minutesAttended(entry, session.data));
    } catch {
      return '—';
    }
  };
  const capacityAlert = capacityWarning && (
    <Alert color="orange" role="alert" mt="xs">
      <Group justify="space-between">
        <Text size="sm">{capacityWarning}</Text>
        <Button size="compact-sm" color="orange" onClick={onOverride}>
          {st('sessions.AttendancePanel.recordAnyway')}
        </Button>
      </Group>
    </Alert>
  );
  if (collapsed) {
    return (
      <Card withBorder component="section" aria-labelledby="attendance-heading" py={6}>
        <Group justify="space-between" wrap="nowrap">
          <Text size="sm">
            <Trans t={st} i18nKey="sessions.AttendancePanel.taken" values={{ summary: summary(members.map((m) => entryOf(m.clientId))) }} components={{ title: <Title order={3} size="h5" id="attendance-heading" component="span" /> }} />
          </Text>
          {!readOnly && (
            <Button size="compact-sm" variant="subtle" onClick={() => onCollapse(false)}>
              {st('sessions.AttendancePanel.change')}
            </Button>
          )}
        </Group>
        {capacityAlert}
      </Card>
    );
  }
  return (
    <Card withBorder component="section" aria-labelledby="attendance-heading">
      <Title order={3} size="h4" id="attendance-heading" mb="xs">
        {st('sessions.AttendancePanel.heading')}
      </Title>
      <Table
        aria-label={st('sessions.AttendancePanel.heading')}
        verticalSpacing={4}
        // Enter in any row: attendance taken, on to the shared part (a native select does nothing with Enter).
        onKeyDown={(e) => {
          if (e.key !== 'Enter' || readOnly || e.altKey || e.ctrlKey || e.metaKey || e.shiftKey || !(e.target instanceof HTMLSelectElement || e.target instanceof HTMLInputElement)) return;
          e.preventDefault();
          take();
        }}
      >
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{st('sessions.AttendancePanel.member')}</Table.Th>
            <Table.Th scope="col">{st('sessions.AttendancePanel.status')}</Table.Th>
            <Table.Th scope="col">{st('sessions.AttendancePanel.arrived')}</Table.Th>
            <Table.Th scope="col">{st('sessions.AttendancePanel.left')}</Table.Th>
            <Table.Th scope="col">{st('sessions.AttendancePanel.minutes')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {members.map((m, i) => {
            const entry = entryOf(m.clientId);
            return (
              <Table.Tr key={m.clientId}>
                <Table.Td>
                  {m.name}
                  {added?.ids.includes(m.clientId) && (
                    <>
                      {' '}
                      <Badge size="xs" variant="light" color="grape">
                        {st('sessions.AttendancePanel.thisSessionOnly')}
                      </Badge>{' '}
                      <Button size="compact-xs" variant="subtle" color="gray" aria-label={st('sessions.AttendancePanel.removeFrom', { name: m.name })} onClick={() => void report(added.onRemove(m.clientId))}>
                        {st('sessions.AttendancePanel.remove')}
                      </Button>
                    </>
                  )}
                </Table.Td>
                <Table.Td>
                  <NativeSelect
                    size="xs"
                    aria-label={st('sessions.AttendancePanel.attendanceOf', { name: m.name })}
                    ref={i === 0 ? firstRow : undefined}
                    data={labelOptions(ATTENDANCE_STATUSES)}
                    value={entry.status}
                    disabled={readOnly}
                    onChange={(e) => change(m.clientId, { status: e.currentTarget.value as AttendanceStatus })}
                  />
                </Table.Td>
                <Table.Td>
                  {NEEDS_ARRIVAL.includes(entry.status) && (
                    <TimeField label={st('sessions.AttendancePanel.arrivalOf', { name: m.name })} value={entry.arrivedAt ?? ''} onTime={(arrivedAt) => change(m.clientId, { arrivedAt })} />
                  )}
                </Table.Td>
                <Table.Td>
                  {NEEDS_DEPARTURE.includes(entry.status) && (
                    <TimeField label={st('sessions.AttendancePanel.departureOf', { name: m.name })} value={entry.leftAt ?? ''} onTime={(leftAt) => change(m.clientId, { leftAt })} />
                  )}
                </Table.Td>
                <Table.Td>{minutes(entry)}</Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
      {added && !readOnly && (
        <Select
          mt="xs"
          size="xs"
          w={320}
          label={st('sessions.AttendancePanel.addParticipant')}
          description={st('sessions.AttendancePanel.addParticipantHelp')}
          placeholder={st('sessions.AttendancePanel.searchClients')}
          searchable
          data={added.candidates}
          value={null}
          onChange={(clientId) => {
            if (clientId) void report(added.onAdd(clientId));
          }}
          nothingFoundMessage={st('sessions.AttendancePanel.noOtherClient')}
        />
      )}
      {error && (
        <Alert color="red" role="alert" mt="xs">
          {error}
        </Alert>
      )}
      {capacityAlert}
      <Group justify="space-between" mt="xs">
        <Text size="xs" c="dimmed">
          {st('sessions.AttendancePanel.savedAsYouGo')}
        </Text>
        {!readOnly && (
          <Button size="compact-sm" onClick={take} aria-keyshortcuts="Enter">
            {st('sessions.AttendancePanel.attendanceTaken')}
          </Button>
        )}
      </Group>
    </Card>
  );
}
