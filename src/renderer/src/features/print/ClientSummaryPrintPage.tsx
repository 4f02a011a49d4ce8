import { useMemo } from 'react';
import { Alert, Loader } from '@mantine/core';
import { useParams } from 'react-router';
import { of } from 'rxjs';
import { addDays } from '../../../../shared/calendar';
import { ageOn, CLIENT_FLAGS, displayName } from '../../../../shared/clients';
import { DISCHARGE_REASONS, LEVELS_OF_CARE } from '../../../../shared/episodes';
import { isPart2Record } from '../../../../shared/exports';
import { attendanceReport, formatHours, isoWeekStart, WEEK_STATUSES } from '../../../../shared/hours';
import { useServices } from '../../app/services';
import { useObservable } from '../../hooks/useObservable';
import { useToday } from '../../hooks/useToday';
import type { ClientRecord } from '../../repositories/clients';
import type { ContactRecord, ReleaseRecord } from '../../repositories/contacts';
import type { EpisodeRecord } from '../../repositories/episodes';
import type { MembershipRecord, ProgramTree } from '../../repositories/programs';
import type { SessionRecord } from '../../repositories/sessions';
import { servicesOf, weekLedgers } from '../reports/ledger';
import { PART2_PRINT_NOTICE } from './part2-notice';
import { PrintLayout, type PrintSection } from './PrintLayout';
import { chartTabPath } from '../clients/chart/chartPath';
import { clientStatusLabel } from '../clients/clientStatus';
import { sharedText } from '../../i18n/shared';
import { st } from '../../i18n/staff';

const EMPTY_TREE: ProgramTree = { programs: [], tracks: [], groups: [] };
/** Weeks of hours shown for the latest episode. */
const WEEKS = 4;

function Table({ label, head, rows }: { label: string; head: readonly string[]; rows: readonly (readonly string[])[] }) {
  if (rows.length === 0) return <p>{st('print.ClientSummaryPrintPage.noneRecorded')}</p>;
  return (
    <table aria-label={label}>
      <thead>
        <tr>
          {head.map((h) => (
            <th key={h} scope="col">
              {h}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row, i) => (
          <tr key={i}>
            {row.map((cell, j) => (
              <td key={j}>{cell || '—'}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** A client's summary: identity, diagnoses, episodes of care, groups, and attendance and hours in the latest episode. */
export function ClientSummaryPrintPage() {
  const { clientId = '' } = useParams();
  const { clients, episodes, programs, contacts, sessions } = useServices();
  const today = useToday();
  const client = useObservable<ClientRecord | null | undefined>(useMemo(() => clients.get$(clientId), [clients, clientId]), undefined);
  const history = useObservable<EpisodeRecord[] | null>(useMemo(() => episodes.forClient$(clientId), [episodes, clientId]), null);
  const tree = useObservable(useMemo(() => programs.tree$(), [programs]), EMPTY_TREE);
  const memberships = useObservable<MembershipRecord[]>(useMemo(() => programs.membershipsOfClient$(clientId), [programs, clientId]), []);
  const people = useObservable<{ contacts: ContactRecord[]; releases: ReleaseRecord[] } | null>(useMemo(() => contacts.forClient$(clientId), [contacts, clientId]), null);
  const latest = history?.[0];
  const from = latest?.admittedOn ?? '';
  const to = latest ? (latest.data.discharge?.on ?? today) : '';
  const episodeSessions = useObservable<SessionRecord[] | null>(useMemo(() => (from ? sessions.between$({ from, to }) : of([])), [sessions, from, to]), null);

  if (client === undefined || history === null || people === null || episodeSessions === null) return <Loader aria-label={st('print.ClientSummaryPrintPage.loadingTheSummary')} />;
  if (client === null) return <Alert color="red">{st('print.ClientSummaryPrintPage.thisClientRecordDoesNot')}</Alert>;

  const d = client.data;
  const programName = (id: string) => tree.programs.find((p) => p.id === id)?.data.name ?? st('app.unknownNames.programme');
  const trackName = (id: string) => tree.tracks.find((t) => t.id === id)?.data.name ?? st('app.unknownNames.track');
  const groupName = (id: string) => tree.groups.find((g) => g.id === id)?.data.name ?? st('app.unknownNames.group');
  const sections: PrintSection[] = [
    {
      title: st('print.ClientSummaryPrintPage.diagnoses'),
      content: <Table label={st('print.ClientSummaryPrintPage.diagnoses')} head={[st('print.ClientSummaryPrintPage.head.code'), st('print.ClientSummaryPrintPage.head.diagnosis'), st('print.ClientSummaryPrintPage.head.primary')]} rows={d.diagnoses.map((x) => [x.code, x.label, x.primary ? st('print.ClientSummaryPrintPage.yes') : st('print.ClientSummaryPrintPage.no')])} />,
    },
    {
      title: st('print.ClientSummaryPrintPage.episodesOfCare'),
      content: (
        <Table
          label={st('print.ClientSummaryPrintPage.episodesOfCare')}
          head={[st('print.ClientSummaryPrintPage.head.programmeAndTrack'), st('print.ClientSummaryPrintPage.head.admitted'), st('print.ClientSummaryPrintPage.head.levelChanges'), st('print.ClientSummaryPrintPage.head.discharged'), st('print.ClientSummaryPrintPage.head.aftercare')]}
          rows={history.map(({ data: e }) => [
            st('print.ClientSummaryPrintPage.programmeTrack', { programme: programName(e.programId), track: trackName(e.trackId) }),
            st('print.ClientSummaryPrintPage.admittedAt', { on: e.admittedOn, level: sharedText(LEVELS_OF_CARE[e.admittedLevel]) }),
            e.levelChanges.map((c) => st('print.ClientSummaryPrintPage.levelChange', { on: c.on, level: sharedText(LEVELS_OF_CARE[c.to]) })).join('; '),
            e.discharge ? st('print.ClientSummaryPrintPage.dischargedAt', { on: e.discharge.on, reason: sharedText(DISCHARGE_REASONS[e.discharge.reason]) }) : st('print.ClientSummaryPrintPage.inCare'),
            e.discharge ? [...e.discharge.aftercare.referrals, e.discharge.aftercare.alumniGroup ? st('print.ClientSummaryPrintPage.alumniGroup') : '', e.discharge.aftercare.followUpOn ? st('print.ClientSummaryPrintPage.followUp', { on: e.discharge.aftercare.followUpOn }) : ''].filter(Boolean).join('; ') : '',
          ])}
        />
      ),
    },
    {
      title: st('print.ClientSummaryPrintPage.groups'),
      content: <Table label={st('print.ClientSummaryPrintPage.groups')} head={[st('print.ClientSummaryPrintPage.head.group'), st('print.ClientSummaryPrintPage.head.from'), st('print.ClientSummaryPrintPage.head.to')]} rows={memberships.map((m) => [groupName(m.groupId), m.data.joinedOn, m.data.leftOn ?? ''])} />,
    },
  ];
  if (latest) {
    const range = { from, to };
    const services = servicesOf(episodeSessions, memberships.map((m) => m.data)).filter((s) => s.clientId === clientId);
    const attendance = attendanceReport(services, { ...range, today }).clients[0];
    const weeks = Array.from({ length: WEEKS }, (_, i) => addDays(isoWeekStart(range.to), -7 * i))
      .filter((week) => week >= isoWeekStart(range.from))
      .flatMap((week) => weekLedgers(services, [latest], tree.tracks, week, today));
    sections.push({
      title: st('print.ClientSummaryPrintPage.attendanceFromTo', { from: range.from, to: range.to }),
      content: attendance ? (
        <Table
          label={st('print.ClientSummaryPrintPage.attendance')}
          head={[st('print.ClientSummaryPrintPage.head.rate'), st('print.ClientSummaryPrintPage.head.attended'), st('print.ClientSummaryPrintPage.head.partial'), st('print.ClientSummaryPrintPage.head.excused'), st('print.ClientSummaryPrintPage.head.unexcused'), st('print.ClientSummaryPrintPage.head.notRecorded'), st('print.ClientSummaryPrintPage.head.mostMissed')]}
          rows={[[attendance.rate === null ? '' : st('print.ClientSummaryPrintPage.ratePercent', { rate: Math.round(attendance.rate * 100) }), st('print.ClientSummaryPrintPage.attendedOf', { attended: attendance.attended, expected: attendance.expected }), String(attendance.partial), String(attendance.excused), String(attendance.unexcused), String(attendance.unrecorded), String(attendance.longestMissedStreak)]]}
        />
      ) : (
        <p>{st('print.ClientSummaryPrintPage.noSessionsInThisEpisode')}</p>
      ),
    });
    sections.push({
      title: st('print.ClientSummaryPrintPage.weeklyHours'),
      content: weeks.length ? (
        <Table label={st('print.ClientSummaryPrintPage.weeklyHours')} head={[st('print.ClientSummaryPrintPage.head.weekOf'), st('print.ClientSummaryPrintPage.head.attended'), st('print.ClientSummaryPrintPage.head.target'), st('print.ClientSummaryPrintPage.head.status')]} rows={weeks.map(({ ledger }) => [ledger.weekStart, formatHours(ledger.attendedMinutes), formatHours(ledger.targetMinutes), sharedText(WEEK_STATUSES[ledger.status])])} />
      ) : (
        <p>{st('print.ClientSummaryPrintPage.noFullWeekAtThe')}</p>
      ),
    });
  }
  const part2 = isPart2Record(d, people.releases.map((r) => r.data));
  return (
    <PrintLayout
      title={st('print.ClientSummaryPrintPage.clientSummary')}
      fileName={st('print.ClientSummaryPrintPage.fileName', { today })}
      back={{ to: chartTabPath(clientId, 'documents'), label: st('print.common.backToTheChart') }}
      notice={part2 ? PART2_PRINT_NOTICE : null}
      disclosure={part2 ? { client: { id: clientId, name: displayName(d) }, information: ['diagnosis', 'attendance', 'discharge'], description: st('print.ClientSummaryPrintPage.disclosureDescription', { today }) } : null}
      details={[
        { label: st('print.common.client'), value: displayName(d) },
        { label: st('print.common.dateOfBirth'), value: st('print.ClientSummaryPrintPage.dateOfBirthAge', { dateOfBirth: d.dateOfBirth, age: ageOn(d.dateOfBirth, today) }) },
        { label: st('print.ClientSummaryPrintPage.details.pronouns'), value: d.pronouns },
        { label: st('print.ClientSummaryPrintPage.details.record'), value: [clientStatusLabel(client.status), ...d.flags.map((f) => sharedText(CLIENT_FLAGS[f]))].join(' · ') },
      ]}
      sections={sections}
    />
  );
}
