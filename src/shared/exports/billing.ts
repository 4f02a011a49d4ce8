/**
 * Attendance and services exports for the billing office: one row per client per service, and one
 * row per client per day (per-diem code, Medicare's 3 / 4-or-more day). The client column is the
 * practice's choice: a chart number or id keeps names out of a file that travels by email.
 *
 * Exports of a Part 2 client's services are disclosures when they leave the programme: the result
 * says so (`containsPart2`) so the caller attaches PART2_REDISCLOSURE_NOTICE (./part2.ts). It is
 * not written into the CSV, where it would break the billing system's import.
 */
import { ATTENDANCE_STATUSES, countPresent, minutesAttended } from '../attendance';
import { clientServices, DAY_TIERS, SERVICE_TYPES, serviceOutcome, servicesPerDay } from '../hours';
import type { ClientService, SessionForLedger } from '../hours';
import { toCsv } from './csv';
import type { CsvValue } from './csv';
import type { ServiceCodeMapping } from './service-codes';
import { englishText, type SharedKey } from '../messages';

export interface BillableService extends ClientService {
  /** Members present at the session: the group size 90853 documents. */
  presentCount: number;
  /** As they sign: "Jordan Lee, LCSW". */
  facilitators: readonly string[];
  /** The client's note for this session is signed or co-signed. */
  noteSigned: boolean;
}

/** A session's services with what the export adds: the number present counts the whole sheet. */
export function billableServices(session: SessionForLedger, details: { facilitators: readonly string[]; signedClientIds: ReadonlySet<string> }): BillableService[] {
  const presentCount = countPresent(session.attendance ?? []);
  return clientServices(session).map((service) => ({
    ...service,
    presentCount,
    facilitators: details.facilitators,
    noteSigned: details.signedClientIds.has(service.clientId),
  }));
}

export const CLIENT_IDENTIFIERS = {
  'chart-number': 'shared:clientIdentifiers.chartNumber',
  'client-id': 'shared:clientIdentifiers.clientId',
  name: 'shared:clientIdentifiers.name',
} as const satisfies Record<string, SharedKey>;
export type ClientIdentifier = keyof typeof CLIENT_IDENTIFIERS;

export interface ExportClient {
  id: string;
  chartNumber: string;
  /** As the practice prints it ("Lee, Jordan"). */
  name: string;
  /** A 42 CFR Part 2 (substance-use) record. */
  part2: boolean;
}

export interface CsvExport {
  csv: string;
  /** Data rows, the header excluded. */
  rows: number;
  /** A row concerns a Part 2 client: attach the redisclosure notice when it leaves the programme. */
  containsPart2: boolean;
  /** Those Part 2 clients: each one's consent is checked before the file leaves the programme. */
  part2ClientIds: string[];
  /** Sessions left out because attendance was not taken, and rows with no identifier. */
  warnings: string[];
}

export interface ServicesCsvOptions {
  identifier: ClientIdentifier;
  mapping: ServiceCodeMapping;
  /** For what is still to come and what is unrecorded (YYYY-MM-DD). */
  today: string;
  /** Also list absences (0 minutes, no code), for a full attendance record. */
  includeAbsences?: boolean;
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const bySortKeys = (a: { sort: string[] }, b: { sort: string[] }) => a.sort.reduce((order, key, i) => order || compare(key, b.sort[i]!), 0);

function identify(clients: ReadonlyMap<string, ExportClient>, identifier: ClientIdentifier, clientId: string, warnings: Set<string>): { value: string; part2: boolean } {
  const client = clients.get(clientId);
  if (!client) throw new Error(`No client record for ${clientId}: the export needs every client it lists`);
  const value = identifier === 'chart-number' ? client.chartNumber : identifier === 'client-id' ? client.id : client.name;
  if (value.trim() === '') warnings.add(`Client ${client.id} has no ${englishText(CLIENT_IDENTIFIERS[identifier]).toLowerCase()}: the row has no identifier`);
  return { value, part2: client.part2 };
}

/** One row per client per service attended (and per absence if asked), by date and time. */
export function servicesCsv(services: readonly BillableService[], clients: ReadonlyMap<string, ExportClient>, options: ServicesCsvOptions): CsvExport {
  const warnings = new Set<string>();
  const unrecorded = new Set<string>();
  const part2 = new Set<string>();
  const rows: { sort: string[]; cells: CsvValue[] }[] = [];
  for (const service of services) {
    const outcome = serviceOutcome(service, options.today);
    if (outcome === 'unrecorded') unrecorded.add(`${service.date} ${service.session.start} ${englishText(SERVICE_TYPES[service.serviceType])} (session ${service.sessionId})`);
    const absent = outcome === 'absent-excused' || outcome === 'absent-unexcused';
    if (outcome !== 'attended' && !(absent && options.includeAbsences)) continue;
    const entry = service.attendance!;
    const client = identify(clients, options.identifier, service.clientId, warnings);
    if (client.part2) part2.add(service.clientId);
    rows.push({
      sort: [service.date, service.session.start, service.sessionId, client.value],
      cells: [
        client.value,
        service.date,
        service.session.start,
        service.session.end,
        minutesAttended(entry, service.session),
        service.session.minutes,
        englishText(SERVICE_TYPES[service.serviceType]),
        absent ? '' : options.mapping.services[service.serviceType],
        service.presentCount,
        service.facilitators.join('; '),
        englishText(ATTENDANCE_STATUSES[entry.status]),
        service.noteSigned ? 'Yes' : 'No',
      ],
    });
  }
  for (const session of [...unrecorded].sort()) warnings.add(`Attendance not taken, not exported: ${session}`);
  rows.sort(bySortKeys);
  const header = [
    englishText(CLIENT_IDENTIFIERS[options.identifier]),
    'Date',
    'Start',
    'End',
    'Minutes attended',
    'Session minutes',
    'Service type',
    'Service code',
    'Group size',
    'Facilitators',
    'Attendance',
    'Note signed',
  ];
  return { csv: toCsv([header, ...rows.map((row) => row.cells)]), rows: rows.length, containsPart2: part2.size > 0, part2ClientIds: [...part2].sort(), warnings: [...warnings] };
}

export interface DailyCsvOptions {
  identifier: ClientIdentifier;
  mapping: ServiceCodeMapping;
}

/**
 * One row per client per day attended: services, minutes, Medicare's day tier, and the per-diem
 * code when the day reaches its minimum minutes. (H0015's 3 days a week is the programme's
 * schedule, not something one day can show.)
 */
export function dailyServicesCsv(services: readonly BillableService[], clients: ReadonlyMap<string, ExportClient>, options: DailyCsvOptions): CsvExport {
  const warnings = new Set<string>();
  const part2 = new Set<string>();
  const perDiem = options.mapping.perDiem;
  const rows = servicesPerDay(services).map((day) => {
    const client = identify(clients, options.identifier, day.clientId, warnings);
    if (client.part2) part2.add(day.clientId);
    return {
      sort: [day.date, client.value],
      cells: [
        client.value,
        day.date,
        day.services,
        day.minutes,
        day.serviceTypes.map((type) => englishText(SERVICE_TYPES[type])).join('; '),
        englishText(DAY_TIERS[day.tier]),
        perDiem && day.minutes >= perDiem.minimumMinutes ? perDiem.code : '',
      ] as CsvValue[],
    };
  });
  rows.sort(bySortKeys);
  const header = [englishText(CLIENT_IDENTIFIERS[options.identifier]), 'Date', 'Services', 'Minutes attended', 'Service types', 'Day', 'Per-diem code'];
  return { csv: toCsv([header, ...rows.map((row) => row.cells)]), rows: rows.length, containsPart2: part2.size > 0, part2ClientIds: [...part2].sort(), warnings: [...warnings] };
}
