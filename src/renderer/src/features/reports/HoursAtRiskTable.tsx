import { Anchor } from '@mantine/core';
import { Link } from 'react-router';
import { formatHours } from '../../../../shared/hours';
import { DataTable } from '../../app/DataTable';
import { st } from '../../i18n/staff';
import type { TrackRecord } from '../../repositories/programs';
import type { ClientWeek } from './ledger';
import { WeekStatusBadge } from './WeekStatusBadge';

/** Clients' hours this week against their targets: what is attended, what is still scheduled, how far short. */
export function HoursAtRiskTable({ weeks, name, tracks, empty, label = st('reports.HoursAtRiskTable.label') }: { weeks: readonly ClientWeek[]; name: (clientId: string) => string; tracks: readonly TrackRecord[]; empty: string; label?: string }) {
  const trackName = (id: string) => tracks.find((t) => t.id === id)?.data.name ?? st('reports.HoursAtRiskTable.unknownTrack');
  return (
    <DataTable
      label={label}
      empty={empty}
      verticalSpacing={4}
      rows={weeks}
      rowKey={({ ledger }) => ledger.clientId}
      columns={[
        {
          header: st('reports.HoursAtRiskTable.client'),
          cell: ({ ledger }) => (
            <Anchor component={Link} to={`/clients/${ledger.clientId}`}>
              {name(ledger.clientId)}
            </Anchor>
          ),
        },
        { header: st('reports.HoursAtRiskTable.track'), cell: ({ trackId }) => trackName(trackId) },
        { header: st('reports.HoursAtRiskTable.attended'), cell: ({ ledger }) => formatHours(ledger.attendedMinutes) },
        { header: st('reports.HoursAtRiskTable.stillScheduled'), cell: ({ ledger }) => formatHours(ledger.remainingMinutes) },
        { header: st('reports.HoursAtRiskTable.target'), cell: ({ ledger }) => formatHours(ledger.targetMinutes) },
        { header: st('reports.HoursAtRiskTable.shortBy'), cell: ({ ledger }) => (ledger.shortfallMinutes > 0 ? formatHours(ledger.shortfallMinutes) : '—') },
        { header: st('reports.HoursAtRiskTable.status'), cell: ({ ledger }) => <WeekStatusBadge status={ledger.status} unrecorded={ledger.unrecordedSessions} /> },
      ]}
    />
  );
}
