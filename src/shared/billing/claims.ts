/**
 * The billing gate: every attended service becomes a claim line that is ready, needs review, or
 * is not billable, with the reason. No service goes out without a signed note; a service outside
 * an approved authorization is flagged, never silently exported; group psychotherapy is never
 * billed on a day the payer pays per diem; codes follow the CPT time rule, the patient's presence
 * (family) and telehealth. The reasons go on screen and into the file.
 */
import { isPresent, minutesAttended } from '../attendance';
import { DAY_TIERS, SERVICE_TYPES, servicesPerDay, type DayTier, type ServiceDay } from '../hours';
import type { Modality } from '../programs';
import { toCsv, type CsvValue } from '../exports/csv';
import { CLIENT_IDENTIFIERS, type BillableService, type ClientIdentifier, type CsvExport, type ExportClient } from '../exports/billing';
import type { ServiceCodeMapping } from '../exports/service-codes';
import { AUTHORIZATION_STATUSES, consumption, isBilledService, isInForce, type Authorization } from './authorizations';
import { familyCode, placeOfService, psychotherapyAddOn, psychotherapyCode } from './cpt';
import type { Payer, PayerRules, PerDiemRule } from './payers';
import { englishText, type SharedKey } from '../messages';

export interface ClaimService extends BillableService {
  modality: Modality;
  /** A psychiatric visit's E/M code as the prescriber chose it, and minutes of psychotherapy, when recorded. */
  psychiatric?: { emCode: string; psychotherapyMinutes: number };
}

export interface ClientCoverage {
  payer: Payer;
  /** The client's authorizations with this payer, any status. */
  authorizations: readonly Authorization[];
}

export interface ClaimOptions {
  mapping: ServiceCodeMapping;
  today: string;
  /** The client's payer and authorizations; null when none is on file. */
  coverage: (clientId: string) => ClientCoverage | null;
}

export type ClaimStatus = 'ready' | 'review' | 'refused';

/** A per-diem line's kind of service: the day, not one session. */
export const PER_DIEM_SERVICE = 'per-diem';

export interface ClaimLine {
  clientId: string;
  /** '' for a per-diem line: it is for the day (its services are in `bundles`). */
  sessionId: string;
  date: string;
  start: string;
  serviceType: ClaimService['serviceType'] | typeof PER_DIEM_SERVICE;
  minutes: number;
  /** '' when refused, so a refused line cannot be billed by accident. */
  code: string;
  modifiers: string[];
  placeOfService: string;
  revenueCode: string;
  conditionCode: string;
  /** Medicare's day tier, for payers that pay by it. */
  dayTier: DayTier | null;
  authorizationNumber: string;
  payerName: string;
  status: ClaimStatus;
  reasons: string[];
  /** A per-diem line: the day's services it was earned by, in time order; empty on every other line. */
  bundles: { sessionId: string; start: string; serviceType: ClaimService['serviceType'] }[];
}

interface Base {
  service: ClaimService;
  minutes: number;
  patientAttended: boolean;
}

function servicesToClaim(services: readonly ClaimService[], today: string): Base[] {
  return services.flatMap((service): Base[] => {
    if (!isBilledService(service, today)) return [];
    const entry = service.attendance!;
    const present = isPresent(entry);
    return [{ service, minutes: present ? minutesAttended(entry, service.session) : service.session.minutes, patientAttended: present }];
  });
}

interface Reason {
  refuse: boolean;
  text: string;
}

const statusOf = (reasons: readonly Reason[]): ClaimStatus => (reasons.some((r) => r.refuse) ? 'refused' : reasons.length > 0 ? 'review' : 'ready');
const dayKey = (clientId: string, date: string) => `${clientId}\u0000${date}`;
const byStart = (a: { date: string; start: string }, b: { date: string; start: string }) => (a.date + a.start < b.date + b.start ? -1 : a.date + a.start > b.date + b.start ? 1 : 0);

/**
 * The claim lines of these services, in date and time order (a psychiatric add-on follows its
 * visit). A day that meets the payer's per-diem rule gets one per-diem line per client, listing
 * the services it was earned by; group psychotherapy that day is inside it when the payer bundles it.
 */
export function claimLines(services: readonly ClaimService[], options: ClaimOptions): ClaimLine[] {
  const days = new Map(servicesPerDay(services).map((d) => [dayKey(d.clientId, d.date), d]));
  // Units are used in time order across everything on file, so the lines see the same count as the authorization panel.
  const used = new Map<string, ReturnType<typeof consumption>>();
  const usage = (auth: Authorization, payer: Payer) => {
    const key = `${auth.clientId}\u0000${auth.number}\u0000${auth.startOn}`;
    let c = used.get(key);
    if (c === undefined) used.set(key, (c = consumption(auth, payer.rules, services, options.today)));
    return c;
  };
  /** The authorization a service is billed under, and why it needs review when it does. */
  const authorizationOf = (service: ClaimService, coverage: ClientCoverage | null): { number: string; review: string | null } => {
    if (coverage === null) return { number: '', review: 'No payer on file for this client' };
    const onDate = coverage.authorizations.filter((a) => a.startOn <= service.date && service.date <= a.endOn && a.covers.includes(service.serviceType));
    const inForce = onDate.filter(isInForce);
    const holding = inForce.find((a) => usage(a, coverage.payer).uses.some((u) => u.sessionIds.includes(service.sessionId)));
    if (holding !== undefined) return { number: holding.number, review: null };
    if (inForce.length > 0) {
      const auth = inForce[0]!;
      return { number: auth.number, review: `Beyond the ${auth.units} units authorized (authorization ${auth.number || 'without a number'})` };
    }
    if (onDate.length > 0) {
      const auth = onDate[0]!;
      return { number: '', review: `Authorization ${auth.number || 'without a number'} is ${englishText(AUTHORIZATION_STATUSES[auth.status]).toLowerCase()}, not approved` };
    }
    return { number: '', review: coverage.payer.rules.requiresAuthorization ? `Outside any approved authorization with ${coverage.payer.name} on ${service.date}` : null };
  };
  /** Whether this client's day earns the payer's per diem. */
  const perDiemDay = (rules: PayerRules | undefined, clientId: string, date: string) => {
    const day = days.get(dayKey(clientId, date));
    const rule = rules?.perDiem ?? null;
    return rule !== null && day !== undefined && day.services >= rule.minServices && day.minutes >= rule.minMinutes ? { rule, day } : null;
  };

  const lines: ClaimLine[] = [];
  const perDiemDays = new Map<string, { coverage: ClientCoverage; rule: PerDiemRule; day: ServiceDay; bases: Base[] }>();
  for (const base of servicesToClaim(services, options.today)) {
    const { service, minutes, patientAttended } = base;
    const coverage = options.coverage(service.clientId);
    const rules = coverage?.payer.rules;
    const reasons: Reason[] = [];
    const refuse = (text: string) => reasons.push({ refuse: true, text });
    const review = (text: string) => reasons.push({ refuse: false, text });

    if (!service.noteSigned) refuse('No signed note for this service');
    let code: string;
    let addOn: string | null = null;
    switch (service.serviceType) {
      case 'individual':
        code = psychotherapyCode(minutes) ?? '';
        if (code === '') refuse(`${minutes} minutes: individual psychotherapy under 16 minutes is not billable`);
        break;
      case 'family':
        code = familyCode(patientAttended);
        break;
      case 'psychiatric':
        code = service.psychiatric?.emCode || options.mapping.services.psychiatric;
        if (code === '') review('The E/M level of this psychiatric visit is not recorded: the billing office codes it');
        addOn = service.psychiatric ? psychotherapyAddOn(service.psychiatric.psychotherapyMinutes) : null;
        if (service.psychiatric && service.psychiatric.psychotherapyMinutes > minutes) {
          review(`${service.psychiatric.psychotherapyMinutes} minutes of psychotherapy recorded in a visit of ${minutes} minutes`);
        }
        break;
      default:
        code = options.mapping.services[service.serviceType];
    }

    const perDiem = coverage !== null && isPresent(service.attendance!) ? perDiemDay(rules, service.clientId, service.date) : null;
    if (perDiem !== null) {
      const key = dayKey(service.clientId, service.date);
      const entry = perDiemDays.get(key) ?? { coverage: coverage!, ...perDiem, bases: [] };
      entry.bases.push(base);
      perDiemDays.set(key, entry);
      if (service.serviceType === 'group' && rules!.perDiemBundlesGroup) refuse(`Group psychotherapy is part of the per diem (${perDiem.rule.code}) billed for this day`);
    }

    const authorization = authorizationOf(service, coverage);
    if (authorization.review !== null) review(authorization.review);

    const place = rules ? placeOfService(service.modality, service.attendance?.status, rules) : { placeOfService: '', modifiers: [] };
    const status = statusOf(reasons);
    const day = days.get(dayKey(service.clientId, service.date));
    const line: ClaimLine = {
      clientId: service.clientId,
      sessionId: service.sessionId,
      date: service.date,
      start: service.session.start,
      serviceType: service.serviceType,
      minutes,
      code: status === 'refused' ? '' : code,
      modifiers: place.modifiers,
      placeOfService: place.placeOfService,
      revenueCode: rules?.revenueCode ?? '',
      conditionCode: rules?.conditionCode ?? '',
      dayTier: rules?.dayTiers && day ? day.tier : null,
      authorizationNumber: authorization.number,
      payerName: coverage?.payer.name ?? '',
      status,
      reasons: reasons.map((r) => r.text),
      bundles: [],
    };
    lines.push(line);
    if (addOn !== null) lines.push({ ...line, code: status === 'refused' ? '' : addOn, minutes: service.psychiatric!.psychotherapyMinutes });
  }
  for (const { coverage, rule, day, bases } of perDiemDays.values()) lines.push(perDiemLine(coverage, rule, day, bases, authorizationOf));
  // By time, then client; a client's per-diem line follows the first service of its day.
  return lines.sort((a, b) => byStart(a, b) || (a.clientId < b.clientId ? -1 : a.clientId > b.clientId ? 1 : 0));
}

/**
 * The day's per-diem line: earned by the services attended that day, so it waits for every one of
 * their notes to be signed, and needs review when any of them falls outside an approved authorization.
 */
function perDiemLine(coverage: ClientCoverage, rule: PerDiemRule, day: ServiceDay, bases: readonly Base[], authorizationOf: (service: ClaimService, coverage: ClientCoverage) => { number: string; review: string | null }): ClaimLine {
  const ordered = [...bases].sort((a, b) => byStart({ date: a.service.date, start: a.service.session.start }, { date: b.service.date, start: b.service.session.start }));
  const label = (b: Base) => `${englishText(SERVICE_TYPES[b.service.serviceType]).toLowerCase()} at ${b.service.session.start}`;
  const reasons: Reason[] = [];
  const unsigned = ordered.filter((b) => !b.service.noteSigned);
  if (unsigned.length > 0) reasons.push({ refuse: true, text: `No signed note for the ${unsigned.map(label).join(', ')} this per diem is billed for` });
  const authorizations = ordered.map((b) => authorizationOf(b.service, coverage));
  for (const text of new Set(authorizations.flatMap((a) => (a.review === null ? [] : [a.review])))) reasons.push({ refuse: false, text });
  const rules = coverage.payer.rules;
  // Telehealth only when every service of the day was: one in person makes it an in-person day.
  const telehealth = ordered.every((b) => placeOfService(b.service.modality, b.service.attendance?.status, rules).modifiers.length > 0);
  const place = placeOfService(telehealth ? 'telehealth' : 'in-person', undefined, rules);
  const status = statusOf(reasons);
  return {
    clientId: day.clientId,
    sessionId: '',
    date: day.date,
    start: ordered[0]!.service.session.start,
    serviceType: PER_DIEM_SERVICE,
    minutes: day.minutes,
    code: status === 'refused' ? '' : rule.code,
    modifiers: place.modifiers,
    placeOfService: place.placeOfService,
    revenueCode: rules.revenueCode,
    conditionCode: rules.conditionCode,
    dayTier: rules.dayTiers ? day.tier : null,
    authorizationNumber: authorizations.find((a) => a.number !== '')?.number ?? '',
    payerName: coverage.payer.name,
    status,
    reasons: reasons.map((r) => r.text),
    bundles: ordered.map((b) => ({ sessionId: b.service.sessionId, start: b.service.session.start, serviceType: b.service.serviceType })),
  };
}

export const CLAIM_STATUS_TEXT: Record<ClaimStatus, SharedKey> = {
  ready: 'shared:claimStatuses.ready',
  review: 'shared:claimStatuses.review',
  refused: 'shared:claimStatuses.refused',
};

/** The line's service as the office reads it. */
export function claimServiceText(line: Pick<ClaimLine, 'serviceType'>): string {
  return line.serviceType === PER_DIEM_SERVICE ? 'Per diem' : englishText(SERVICE_TYPES[line.serviceType]);
}

/** What a per-diem line was earned by, e.g. "Group psychotherapy 09:00; Individual therapy 13:00"; '' for any other line. */
export function bundlesText(line: Pick<ClaimLine, 'bundles'>): string {
  return line.bundles.map((b) => `${englishText(SERVICE_TYPES[b.serviceType])} ${b.start}`).join('; ');
}

/** The claims file: every line with its status and reasons, so nothing is left out silently. */
export function claimsCsv(lines: readonly ClaimLine[], clients: ReadonlyMap<string, ExportClient>, identifier: ClientIdentifier): CsvExport {
  const warnings = new Set<string>();
  const part2 = new Set<string>();
  const rows = lines.map((line): CsvValue[] => {
    const client = clients.get(line.clientId);
    if (!client) throw new Error(`No client record for ${line.clientId}: the export needs every client it lists`);
    if (client.part2) part2.add(line.clientId);
    const id = identifier === 'chart-number' ? client.chartNumber : identifier === 'client-id' ? client.id : client.name;
    if (id.trim() === '') warnings.add(`Client ${client.id} has no ${englishText(CLIENT_IDENTIFIERS[identifier]).toLowerCase()}: the row has no identifier`);
    if (line.status !== 'ready') warnings.add(`${line.date} ${line.start}: ${englishText(CLAIM_STATUS_TEXT[line.status])}: ${line.reasons.join('; ')}`);
    return [
      id,
      line.date,
      line.start,
      line.minutes,
      line.code,
      line.modifiers.join(' '),
      line.placeOfService,
      line.revenueCode,
      line.conditionCode,
      line.dayTier ? englishText(DAY_TIERS[line.dayTier]) : '',
      bundlesText(line),
      line.payerName,
      line.authorizationNumber,
      englishText(CLAIM_STATUS_TEXT[line.status]),
      line.reasons.join('; '),
    ];
  });
  const header = [englishText(CLIENT_IDENTIFIERS[identifier]), 'Date', 'Start', 'Minutes', 'Code', 'Modifiers', 'Place of service', 'Revenue code', 'Condition code', 'Day', 'Per diem for', 'Payer', 'Authorization', 'Status', 'Reason'];
  return { csv: toCsv([header, ...rows]), rows: rows.length, containsPart2: part2.size > 0, part2ClientIds: [...part2].sort(), warnings: [...warnings] };
}
