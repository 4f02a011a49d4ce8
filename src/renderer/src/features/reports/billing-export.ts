/**
 * The billing office's CSV: the sessions in a date range as the shared export rules lay them out
 * (src/shared/exports), with who facilitated, whether each client's note is signed, and whether a
 * client's record is a Part 2 record. Reads sessions, rosters, clients, releases, staff and note
 * statuses only: psychotherapy notes (the privateNotes collection) are never read, so never exported.
 */
import { firstValueFrom } from 'rxjs';
import { displayName } from '../../../../shared/clients';
import {
  billableServices,
  dailyServicesCsv,
  isPart2Record,
  PART2_NOTICE_SOURCE,
  PART2_REDISCLOSURE_NOTICE,
  servicesCsv,
  type ClientIdentifier,
  type CsvExport,
  type DisclosureCover,
  type ExportClient,
  type ServiceCodeMapping,
} from '../../../../shared/exports';
import { clientServices } from '../../../../shared/hours';
import type { DateRange } from '../../../../shared/schedule';
import type { AppServices } from '../../app/services';
import { noteId } from '../../repositories/notes';
import { staffLabel } from '../../repositories/staff';
import { ledgerSession, membershipsByGroup } from './ledger';

export const EXPORT_KINDS = {
  services: 'One row per client per service',
  days: 'One row per client per day (per-diem code, 3 or 4+ services)',
} as const;
export type ExportKind = keyof typeof EXPORT_KINDS;

export interface BillingExportOptions {
  range: DateRange;
  kind: ExportKind;
  identifier: ClientIdentifier;
  /** Services export only: list absences too, with no code. */
  includeAbsences: boolean;
  mapping: ServiceCodeMapping;
  today: string;
}

export interface BillingExport extends CsvExport {
  fileName: string;
  /** The Part 2 clients in the rows, named for a refusal's message. */
  part2Clients: { id: string; name: string }[];
  /** Where the 42 CFR Part 2 notice is saved beside the CSV, when a row concerns a Part 2 record. */
  noticeFileName: string | null;
}

type Repositories = Pick<AppServices, 'sessions' | 'programs' | 'clients' | 'contacts' | 'staff' | 'notes'>;

export async function buildBillingExport(repos: Repositories, options: BillingExportOptions): Promise<BillingExport> {
  const [sessions, memberships, clients, releases] = await Promise.all([
    firstValueFrom(repos.sessions.between$(options.range)),
    firstValueFrom(repos.programs.allMemberships$()),
    repos.clients.all(),
    repos.contacts.allReleases(),
  ]);
  const byGroup = membershipsByGroup(memberships);
  const ledger = sessions.map((s) => ({ record: s, session: ledgerSession(s, byGroup.get(s.groupId) ?? []) }));

  // Facilitators by their record, so staff who have since left still sign as they did.
  const staffIds = [...new Set(sessions.flatMap((s) => s.data.facilitatorIds))];
  const staff = new Map((await Promise.all(staffIds.map((id) => repos.staff.get(id)))).flatMap((s) => (s ? [[s.id, staffLabel(s)] as const] : [])));
  const signed = await repos.notes.signedAmong(ledger.flatMap(({ session }) => clientServices(session).map((c) => noteId(session.sessionId, c.clientId))));

  const billable = ledger.flatMap(({ record, session }) =>
    billableServices(session, {
      facilitators: record.data.facilitatorIds.map((id) => staff.get(id) ?? 'Former staff'),
      signedClientIds: new Set(clientServices(session).map((c) => c.clientId).filter((clientId) => signed.has(noteId(session.sessionId, clientId)))),
    }),
  );
  const releasesOf = new Map<string, { scopes: readonly string[] }[]>();
  for (const r of releases) releasesOf.set(r.clientId, [...(releasesOf.get(r.clientId) ?? []), r.data]);
  const exportClients = new Map<string, ExportClient>(
    clients.map((c) => [c.id, { id: c.id, chartNumber: '', name: displayName(c.data), part2: isPart2Record(c.data, releasesOf.get(c.id) ?? []) }]),
  );

  const csv =
    options.kind === 'services'
      ? servicesCsv(billable, exportClients, { identifier: options.identifier, mapping: options.mapping, today: options.today, includeAbsences: options.includeAbsences })
      : dailyServicesCsv(billable, exportClients, { identifier: options.identifier, mapping: options.mapping });
  const base = `waypoint-${options.kind === 'services' ? 'services' : 'service-days'}-${options.range.from}-to-${options.range.to}`;
  return {
    ...csv,
    fileName: `${base}.csv`,
    part2Clients: csv.part2ClientIds.map((id) => ({ id, name: exportClients.get(id)?.name ?? id })),
    noticeFileName: csv.containsPart2 ? `${base}-42-CFR-Part-2-notice.txt` : null,
  };
}

/**
 * The notice as a text file that travels with the CSV it names: the § 2.32(a) notice, then for a
 * disclosure the § 2.32(b) copy of each client's consent or the explanation of its scope.
 */
export function part2NoticeFile(csvName: string, today: string, covers: readonly DisclosureCover[]): string {
  return [
    'NOTICE TO ACCOMPANY DISCLOSURE: 42 CFR PART 2',
    `This notice accompanies the file ${csvName}, exported on ${today}, which contains substance use disorder patient records.`,
    PART2_REDISCLOSURE_NOTICE,
    `Source: ${PART2_NOTICE_SOURCE.citation}; ${PART2_NOTICE_SOURCE.rule}; ${PART2_NOTICE_SOURCE.url}`,
    ...covers.flatMap((cover) => [cover.scope.heading, ...cover.scope.lines]),
    '',
  ].join('\r\n\r\n');
}
