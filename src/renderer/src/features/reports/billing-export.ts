/**
 * The billing office's CSV: the sessions in a date range as the shared export rules lay them out
 * (src/shared/exports), with who facilitated, whether each client's note is signed, and whether a
 * client's record is a Part 2 record. Reads sessions, rosters, clients, releases, staff and note
 * statuses only: psychotherapy notes (the privateNotes collection) are never read, so never exported.
 * Claim lines go through the billing gate (src/shared/billing/claims.ts) with the client's payer and
 * authorizations: no line without a signed note, none outside an approved authorization unflagged.
 */
import { firstValueFrom } from 'rxjs';
import { claimLines, claimsCsv, type ClaimLine, type ClaimOptions } from '../../../../shared/billing';
import { displayName } from '../../../../shared/clients';
import { psychiatricBilling } from '../../../../shared/notes';
import {
  billableServices,
  dailyServicesCsv,
  isPart2Record,
  PART2_NOTICE_SOURCE,
  PART2_REDISCLOSURE_NOTICE,
  servicesCsv,
  type BillableService,
  type ClientIdentifier,
  type CsvExport,
  type DisclosureCover,
  type ExportClient,
  type ServiceCodeMapping,
} from '../../../../shared/exports';
import { clientServices } from '../../../../shared/hours';
import type { DateRange } from '../../../../shared/schedule';
import type { AppServices } from '../../app/services';
import { st } from '../../i18n/staff';
import { formerStaffLabel, staffLabel } from '../../repositories/staff';
import { ledgerSession, membershipsByGroup } from './ledger';

export const EXPORT_KINDS = {
  services: st('reports.billingExport.services'),
  days: st('reports.billingExport.days'),
  claims: st('reports.billingExport.claims'),
};
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

export type Repositories = Pick<AppServices, 'sessions' | 'programs' | 'clients' | 'contacts' | 'staff' | 'notes' | 'authorizations'>;

interface Gathered {
  billable: BillableService[];
  exportClients: Map<string, ExportClient>;
  /** Claim lines in the range (claims only). */
  claims: ClaimLine[];
}

/**
 * The services of the range with their notes' status and the clients' identifiers; for claims also
 * the gate's lines, with sessions read from each authorization's start, since units are used in
 * time order from there (the same count as the chart's).
 */
async function gather(repos: Repositories, options: Pick<BillingExportOptions, 'range' | 'mapping' | 'today'>, claims: boolean): Promise<Gathered> {
  const authorizations = claims ? await repos.authorizations.all() : [];
  const from = [options.range.from, ...authorizations.map((a) => a.data.startOn)].sort()[0]!;
  const [sessions, memberships, clients, releases] = await Promise.all([
    firstValueFrom(repos.sessions.between$({ from, to: options.range.to })),
    firstValueFrom(repos.programs.allMemberships$()),
    repos.clients.all(),
    repos.contacts.allReleases(),
  ]);
  const byGroup = membershipsByGroup(memberships);
  const ledger = sessions.map((s) => ({ record: s, session: ledgerSession(s, byGroup.get(s.groupId) ?? []) }));

  // Facilitators by their record, so staff who have since left still sign as they did.
  const staffIds = [...new Set(sessions.flatMap((s) => s.data.facilitatorIds))];
  const staff = new Map((await Promise.all(staffIds.map((id) => repos.staff.get(id)))).flatMap((s) => (s ? [[s.id, staffLabel(s)] as const] : [])));
  const services = ledger.flatMap(({ session }) => clientServices(session).map((c) => ({ sessionId: session.sessionId, clientId: c.clientId })));
  const noteIds = await repos.notes.idsOf(services);
  const signedIds = await repos.notes.signedAmong(noteIds);
  const signed = new Set(services.filter((_, i) => signedIds.has(noteIds[i]!)).map((s) => `${s.sessionId}/${s.clientId}`));

  const billable = ledger.flatMap(({ record, session }) =>
    billableServices(session, {
      facilitators: record.data.facilitatorIds.map((id) => staff.get(id) ?? formerStaffLabel()),
      signedClientIds: new Set(clientServices(session).map((c) => c.clientId).filter((clientId) => signed.has(`${session.sessionId}/${clientId}`))),
    }),
  );
  const releasesOf = new Map<string, { scopes: readonly string[] }[]>();
  for (const r of releases) releasesOf.set(r.clientId, [...(releasesOf.get(r.clientId) ?? []), r.data]);
  const exportClients = new Map<string, ExportClient>(
    clients.map((c) => [c.id, { id: c.id, chartNumber: '', name: displayName(c.data), part2: isPart2Record(c.data, releasesOf.get(c.id) ?? []) }]),
  );
  if (!claims) return { billable, exportClients, claims: [] };

  const payers = await repos.authorizations.payers();
  const modality = new Map(sessions.map((s) => [s.id, s.data.modality]));
  const coverage: ClaimOptions['coverage'] = (clientId) => {
    const mine = authorizations.filter((a) => a.clientId === clientId);
    // The payer of the client's latest authorization; the client's authorizations with it.
    const payer = payers.find((p) => p.id === mine.at(-1)?.data.payerId);
    return payer ? { payer, authorizations: mine.filter((a) => a.data.payerId === payer.id).map((a) => a.data) } : null;
  };
  // A signed psychiatric note's E/M code and psychotherapy minutes code the visit and its add-on (90833…).
  const psychiatricServices = billable.filter((s) => s.serviceType === 'psychiatric');
  const psychiatricIds = await repos.notes.idsOf(psychiatricServices);
  const noteOf = new Map(psychiatricServices.map((s, i) => [`${s.sessionId}/${s.clientId}`, psychiatricIds[i]!]));
  const psychiatricNotes = await repos.notes.signedPsychiatricAmong(psychiatricIds);
  const psychiatric = new Map(psychiatricNotes.flatMap((n) => {
    const billing = psychiatricBilling(n.data.note.fields);
    return billing === null ? [] : [[n.id, billing] as const];
  }));
  const lines = claimLines(
    billable.map((s) => {
      const id = noteOf.get(`${s.sessionId}/${s.clientId}`);
      const billing = id === undefined ? undefined : psychiatric.get(id);
      return { ...s, modality: modality.get(s.sessionId)!, ...(billing ? { psychiatric: billing } : {}) };
    }),
    { mapping: options.mapping, today: options.today, coverage },
  );
  return { billable: billable.filter((s) => s.date >= options.range.from), exportClients, claims: lines.filter((l) => l.date >= options.range.from) };
}

/** The gate's claim lines of the range: the Authorizations report lists those not ready (services at risk). */
export async function claimLinesIn(repos: Repositories, options: Pick<BillingExportOptions, 'range' | 'mapping' | 'today'>): Promise<ClaimLine[]> {
  return (await gather(repos, options, true)).claims;
}

export async function buildBillingExport(repos: Repositories, options: BillingExportOptions): Promise<BillingExport> {
  const { billable, exportClients, claims } = await gather(repos, options, options.kind === 'claims');
  const csv =
    options.kind === 'claims'
      ? claimsCsv(claims, exportClients, options.identifier)
      : options.kind === 'services'
        ? servicesCsv(billable, exportClients, { identifier: options.identifier, mapping: options.mapping, today: options.today, includeAbsences: options.includeAbsences })
        : dailyServicesCsv(billable, exportClients, { identifier: options.identifier, mapping: options.mapping });
  const base = `waypoint-${{ services: 'services', days: 'service-days', claims: 'claims' }[options.kind]}-${options.range.from}-to-${options.range.to}`;
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
  /* eslint-disable no-restricted-syntax -- an export file, written in English as every export is (docs/I18N.md), around the regulation's notice */
  return [
    'NOTICE TO ACCOMPANY DISCLOSURE: 42 CFR PART 2',
    `This notice accompanies the file ${csvName}, exported on ${today}, which contains substance use disorder patient records.`,
    PART2_REDISCLOSURE_NOTICE,
    `Source: ${PART2_NOTICE_SOURCE.citation}; ${PART2_NOTICE_SOURCE.rule}; ${PART2_NOTICE_SOURCE.url}`,
    ...covers.flatMap((cover) => [cover.scope.heading, ...cover.scope.lines]),
    '',
  ].join('\r\n\r\n');
  /* eslint-enable no-restricted-syntax */
}
