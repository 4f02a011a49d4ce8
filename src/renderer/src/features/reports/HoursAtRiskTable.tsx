import { Anchor, Table, Text } from '@mantine/core';
import { Link } from 'react-router';
import { formatHours } from '../../../../shared/hours';
import { st } from '../../i18n/staff';
import type { TrackRecord } from '../../repositories/programs';
import type { ClientWeek } from './ledger';
import { WeekStatusBadge } from './WeekStatusBadge';

/** Clients' hours this week against their targets: what is attended, what is still scheduled, how far short. */
export function HoursAtRiskTable({ weeks, name, tracks, empty, label = st('reports.HoursAtRiskTable.label') }: { weeks: readonly ClientWeek[]; name: (clientId: string) => string; tracks: readonly TrackRecord[]; empty: string; label?: string }) {
  if (weeks.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        {empty}
      </Text>
    );
  }
  const trackName = (id: string) => tracks.find((t) => t.id === id)?.data.name ?? st('reports.HoursAtRiskTable.unknownTrack');
  return (
    <Table aria-label={label} verticalSpacing={4}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th scope="col">{st('reports.HoursAtRiskTable.client')}</Table.Th>
          <Table.Th scope="col">{st('reports.HoursAtRiskTable.track')}</Table.Th>
          <Table.Th scope="col">{st('reports.HoursAtRiskTable.attended')}</Table.Th>
          <Table.Th scope="col">{st('reports.HoursAtRiskTable.stillScheduled')}</Table.Th>
          <Table.Th scope="col">{st('reports.HoursAtRiskTable.target')}</Table.Th>
          <Table.Th scope="col">{st('reports.HoursAtRiskTable.shortBy')}</Table.Th>
          <Table.Th scope="col">{st('reports.HoursAtRiskTable.status')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {weeks.map(({ ledger, trackId }) => (
          <Table.Tr key={ledger.clientId}>
            <Table.Td>
              <Anchor component={Link} to={`/clients/${ledger.clientId}`}>
                {name(ledger.clientId)}
              </Anchor>
            </Table.Td>
            <Table.Td>{trackName(trackId)}</Table.Td>
            <Table.Td>{formatHours(ledger.attendedMinutes)}</Table.Td>
            <Table.Td>{formatHours(ledger.remainingMinutes)}</Table.Td>
            <Table.Td>{formatHours(ledger.targetMinutes)}</Table.Td>
            <Table.Td>{ledger.shortfallMinutes > 0 ? formatHours(ledger.shortfallMinutes) : '—'}</Table.Td>
            <Table.Td>
              <WeekStatusBadge status={ledger.status} unrecorded={ledger.unrecordedSessions} />
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
