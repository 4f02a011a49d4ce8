/**
 * The billing gate: every attended service becomes a claim line that is ready, needs review, or
 * is not billable, with the reason. No service goes out without a signed note; a service outside
 * an approved authorization is flagged, never silently exported; group psychotherapy is never
 * billed on a day the payer pays per diem; codes follow the CPT time rule, the patient's presence
 * (family) and telehealth. The reasons go on screen and into the file.
 */
import { isPresent, minutesAttended } from '../attendance';
import { DAY_TIERS, servicesPerDay, type DayTier } from '../hours';
import type { Modality } from '../programs';
import { toCsv, type CsvValue } from '../exports/csv';
import { CLIENT_IDENTIFIERS, type BillableService, type ClientIdentifier, type CsvExport, type ExportClient } from '../exports/billing';
import type { ServiceCodeMapping } from '../exports/service-codes';
import { AUTHORIZATION_STATUSES, consumption, isBilledService, isInForce, type Authorization } from './authorizations';
import { familyCode, placeOfService, psychotherapyAddOn, psychotherapyCode } from './cpt';
import type { Payer } from './payers';

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

export interface ClaimLine {
  clientId: string;
  sessionId: string;
  date: string;
  start: string;
  serviceType: ClaimService['serviceType'];
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

/** The claim lines of these services, in date and time order (a psychiatric add-on follows its visit). */
export function claimLines(services: readonly ClaimService[], options: ClaimOptions): ClaimLine[] {
  const days = new Map(servicesPerDay(services).map((d) => [`${d.clientId}\u0000${d.date}`, d]));
  // Units are used in time order across everything on file, so the lines see the same count as the authorization panel.
  const used = new Map<string, ReturnType<typeof consumption>>();
  const usage = (auth: Authorization, payer: Payer) => {
    const key = `${auth.clientId}\u0000${auth.number}\u0000${auth.startOn}`;
    let c = used.get(key);
    if (c === undefined) used.set(key, (c = consumption(auth, payer.rules, services, options.today)));
    return c;
  };
  const lines: ClaimLine[] = [];
  for (const { service, minutes, patientAttended } of servicesToClaim(services, options.today)) {
    const coverage = options.coverage(service.clientId);
    const rules = coverage?.payer.rules;
    const reasons: { refuse: boolean; text: string }[] = [];
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
        break;
      default:
        code = options.mapping.services[service.serviceType];
    }

    const day = days.get(`${service.clientId}\u0000${service.date}`);
    const perDiem = options.mapping.perDiem;
    if (service.serviceType === 'group' && rules?.perDiemBundlesGroup && perDiem !== null && day !== undefined && day.minutes >= perDiem.minimumMinutes) {
      refuse(`Group psychotherapy is part of the per diem (${perDiem.code}) billed for this day`);
    }

    let authorizationNumber = '';
    if (coverage === null) {
      review('No payer on file for this client');
    } else {
      const onDate = coverage.authorizations.filter((a) => a.startOn <= service.date && service.date <= a.endOn && a.covers.includes(service.serviceType));
      const inForce = onDate.filter(isInForce);
      const holding = inForce.find((a) => usage(a, coverage.payer).uses.some((u) => u.sessionIds.includes(service.sessionId)));
      if (holding !== undefined) {
        authorizationNumber = holding.number;
      } else if (inForce.length > 0) {
        const auth = inForce[0]!;
        authorizationNumber = auth.number;
        review(`Beyond the ${auth.units} units authorized (authorization ${auth.number || 'without a number'})`);
      } else if (onDate.length > 0) {
        const auth = onDate[0]!;
        review(`Authorization ${auth.number || 'without a number'} is ${AUTHORIZATION_STATUSES[auth.status].toLowerCase()}, not approved`);
      } else if (coverage.payer.rules.requiresAuthorization) {
        review(`Outside any approved authorization with ${coverage.payer.name} on ${service.date}`);
      }
    }

    const place = rules ? placeOfService(service.modality, service.attendance?.status, rules) : { placeOfService: '', modifiers: [] };
    const refused = reasons.some((r) => r.refuse);
    const line: ClaimLine = {
      clientId: service.clientId,
      sessionId: service.sessionId,
      date: service.date,
      start: service.session.start,
      serviceType: service.serviceType,
      minutes,
      code: refused ? '' : code,
      modifiers: place.modifiers,
      placeOfService: place.placeOfService,
      revenueCode: rules?.revenueCode ?? '',
      conditionCode: rules?.conditionCode ?? '',
      dayTier: rules?.dayTiers && day ? day.tier : null,
      authorizationNumber,
      payerName: coverage?.payer.name ?? '',
      status: refused ? 'refused' : reasons.length > 0 ? 'review' : 'ready',
      reasons: reasons.map((r) => r.text),
    };
    lines.push(line);
    if (addOn !== null) lines.push({ ...line, code: refused ? '' : addOn, minutes: service.psychiatric!.psychotherapyMinutes });
  }
  return lines.sort((a, b) => (a.date + a.start < b.date + b.start ? -1 : a.date + a.start > b.date + b.start ? 1 : 0));
}

export const CLAIM_STATUS_TEXT: Record<ClaimStatus, string> = { ready: 'Ready', review: 'Review', refused: 'Not billable' };

/** The claims file: every line with its status and reasons, so nothing is left out silently. */
export function claimsCsv(lines: readonly ClaimLine[], clients: ReadonlyMap<string, ExportClient>, identifier: ClientIdentifier): CsvExport {
  const warnings = new Set<string>();
  const part2 = new Set<string>();
  const rows = lines.map((line): CsvValue[] => {
    const client = clients.get(line.clientId);
    if (!client) throw new Error(`No client record for ${line.clientId}: the export needs every client it lists`);
    if (client.part2) part2.add(line.clientId);
    const id = identifier === 'chart-number' ? client.chartNumber : identifier === 'client-id' ? client.id : client.name;
    if (id.trim() === '') warnings.add(`Client ${client.id} has no ${CLIENT_IDENTIFIERS[identifier].toLowerCase()}: the row has no identifier`);
    if (line.status !== 'ready') warnings.add(`${line.date} ${line.start}: ${CLAIM_STATUS_TEXT[line.status]}: ${line.reasons.join('; ')}`);
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
      line.dayTier ? DAY_TIERS[line.dayTier] : '',
      line.payerName,
      line.authorizationNumber,
      CLAIM_STATUS_TEXT[line.status],
      line.reasons.join('; '),
    ];
  });
  const header = [CLIENT_IDENTIFIERS[identifier], 'Date', 'Start', 'Minutes', 'Code', 'Modifiers', 'Place of service', 'Revenue code', 'Condition code', 'Day', 'Payer', 'Authorization', 'Status', 'Reason'];
  return { csv: toCsv([header, ...rows]), rows: rows.length, containsPart2: part2.size > 0, part2ClientIds: [...part2].sort(), warnings: [...warnings] };
}
