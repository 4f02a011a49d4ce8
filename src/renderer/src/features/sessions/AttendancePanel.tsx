import { useState } from 'react';
import { Alert, Button, Card, Group, NativeSelect, Table, Text, TextInput, Title } from '@mantine/core';
import { ATTENDANCE_STATUSES, minutesAttended, type AttendanceEntry, type AttendanceStatus } from '../../../../shared/attendance';
import type { SessionRecord } from '../../repositories/sessions';

const NEEDS_ARRIVAL: AttendanceStatus[] = ['late', 'late-and-left-early'];
const NEEDS_DEPARTURE: AttendanceStatus[] = ['left-early', 'late-and-left-early'];

interface Props {
  session: SessionRecord;
  members: { clientId: string; name: string }[];
  entries: AttendanceEntry[];
  onSave: (entries: AttendanceEntry[], overrideCapacity: boolean) => Promise<void>;
  capacityWarning: string | null;
  /** Confirms recording more present than the capacity. */
  onOverride: () => void;
}

/**
 * Attendance for the roster of the day: one native select per member (arrow keys or the first
 * letter pick a status), times only where the status needs them; minutes follow.
 */
export function AttendancePanel({ session, members, entries, onSave, capacityWarning, onOverride }: Props) {
  const [error, setError] = useState<string | null>(null);
  const entryOf = (clientId: string) => entries.find((e) => e.clientId === clientId) ?? { clientId, status: 'present' as const };
  const change = (clientId: string, patch: Partial<AttendanceEntry>) => {
    const current = entryOf(clientId);
    const status = patch.status ?? current.status;
    const next = {
      clientId,
      status,
      ...(NEEDS_ARRIVAL.includes(status) ? { arrivedAt: patch.arrivedAt ?? current.arrivedAt ?? session.data.start } : {}),
      ...(NEEDS_DEPARTURE.includes(status) ? { leftAt: patch.leftAt ?? current.leftAt ?? session.data.end } : {}),
    } as AttendanceEntry;
    const all = members.map((m) => (m.clientId === clientId ? next : entryOf(m.clientId)));
    onSave(all, false).then(
      () => setError(null),
      (failure: unknown) => setError((failure as Error).message),
    );
  };
  const minutes = (entry: AttendanceEntry) => {
    try {
      return String(minutesAttended(entry, session.data));
    } catch {
      return '—';
    }
  };
  return (
    <Card withBorder component="section" aria-labelledby="attendance-heading">
      <Title order={3} size="h4" id="attendance-heading" mb="xs">
        Attendance
      </Title>
      <Table aria-label="Attendance" verticalSpacing={4}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Member</Table.Th>
            <Table.Th scope="col">Status</Table.Th>
            <Table.Th scope="col">Arrived</Table.Th>
            <Table.Th scope="col">Left</Table.Th>
            <Table.Th scope="col">Minutes</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {members.map((m) => {
            const entry = entryOf(m.clientId);
            return (
              <Table.Tr key={m.clientId}>
                <Table.Td>{m.name}</Table.Td>
                <Table.Td>
                  <NativeSelect
                    size="xs"
                    aria-label={`Attendance of ${m.name}`}
                    data={Object.entries(ATTENDANCE_STATUSES).map(([value, label]) => ({ value, label }))}
                    value={entry.status}
                    onChange={(e) => change(m.clientId, { status: e.currentTarget.value as AttendanceStatus })}
                  />
                </Table.Td>
                <Table.Td>
                  {NEEDS_ARRIVAL.includes(entry.status) && (
                    <TextInput size="xs" type="time" aria-label={`Arrival of ${m.name}`} value={entry.arrivedAt ?? ''} onChange={(e) => change(m.clientId, { arrivedAt: e.currentTarget.value })} />
                  )}
                </Table.Td>
                <Table.Td>
                  {NEEDS_DEPARTURE.includes(entry.status) && (
                    <TextInput size="xs" type="time" aria-label={`Departure of ${m.name}`} value={entry.leftAt ?? ''} onChange={(e) => change(m.clientId, { leftAt: e.currentTarget.value })} />
                  )}
                </Table.Td>
                <Table.Td>{minutes(entry)}</Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
      {error && (
        <Alert color="red" role="alert" mt="xs">
          {error}
        </Alert>
      )}
      {capacityWarning && (
        <Alert color="orange" role="alert" mt="xs">
          <Group justify="space-between">
            <Text size="sm">{capacityWarning}</Text>
            <Button size="compact-sm" color="orange" onClick={onOverride}>
              Record anyway
            </Button>
          </Group>
        </Alert>
      )}
      <Text size="xs" c="dimmed" mt="xs">
        Saved as you go. Members default to present for the whole session.
      </Text>
    </Card>
  );
}
