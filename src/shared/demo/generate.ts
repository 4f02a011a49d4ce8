/**
 * A realistic, entirely synthetic IOP practice for demos, screenshots and load tests: staff,
 * programmes, tracks, scheduled groups, a year of rolling admissions with their episodes of care
 * and group memberships, and a waitlist. Pure and deterministic (seeded PRNG, no clock, no
 * crypto), and every record is built through the app's own schemas and episode rules, so the demo
 * can never hold data the app itself would refuse.
 */
import { addDays, daysBetween } from '../calendar';
import type { ClientIdentity, ClientIdentityInput, ContactAttempt, Diagnosis, WaitlistPriority } from '../clients';
import { clientIdentitySchema } from '../clients';
import type { DischargeReason, Episode, LevelOfCare } from '../episodes';
import { admit, changeLevel, DISCHARGE_REASONS, dischargeEpisode } from '../episodes';
import { findCode } from '../icd10';
import { englishText, issuesText } from '../messages';
import type { Group, Modality, Population, Program, Track } from '../programs';
import { groupSchema, programSchema, trackSchema } from '../programs';
import type { Membership } from '../roster';
import { validateMembershipChange } from '../roster';
import type { ScheduleException, Weekday } from '../schedule';
import type { Role } from '../vault-policy';
import { DEMO_CITY, FIRST_ENDS, FIRST_STARTS, LAST_ENDS, LAST_STARTS, STREET_SUFFIXES } from './names';

export interface DemoOptions {
  seed?: number;
  /** Default 120. */
  clients?: number;
  /** YYYY-MM-DD: the practice is generated as it stands on this day. */
  today: string;
  /** Default 52. */
  weeksBack?: number;
  /** Default 4. */
  weeksAhead?: number;
  /** Default 'America/Chicago'. */
  timeZone?: string;
}

export interface DemoStaff {
  id: string;
  role: Role;
  displayName: string;
  credentials: string;
  needsCosignature: boolean;
}

export interface DemoPractice {
  staff: DemoStaff[];
  programs: { id: string; data: Program }[];
  tracks: { id: string; programId: string; data: Track }[];
  groups: { id: string; programId: string; trackId: string; data: Group }[];
  clients: { id: string; status: 'waitlist' | 'active' | 'discharged'; data: ClientIdentity }[];
  episodes: { id: string; clientId: string; programId: string; status: 'active' | 'discharged'; admittedOn: string; data: Episode }[];
  memberships: Membership[];
  /** today - weeksBack weeks .. today + weeksAhead weeks. */
  range: { from: string; to: string };
}

/** mulberry32: tiny, fast and good enough for test data (never for anything secret). */
class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Whole number from min to max inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new Error('Cannot pick from an empty list');
    return item;
  }

  /** Up to n distinct items, in random order. */
  sample<T>(items: readonly T[], n: number): T[] {
    const pool = [...items];
    const taken: T[] = [];
    while (taken.length < n && pool.length > 0) taken.push(...pool.splice(Math.floor(this.next() * pool.length), 1));
    return taken;
  }

  weighted<T extends { weight: number }>(items: readonly T[]): T {
    let roll = this.next() * items.reduce((sum, item) => sum + item.weight, 0);
    for (const item of items) {
      roll -= item.weight;
      if (roll < 0) return item;
    }
    // Floating-point rounding of fractional weights can leave a sliver of the roll unspent.
    return this.pick(items);
  }
}

// ---- Dates (YYYY-MM-DD, read in UTC so the machine's zone never matters) ----

function isoWeekday(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay() || 7;
}

/**
 * The days around the range, listed once with addDays: most date shifts are then an array lookup,
 * which matters at 2,000 clients (every addDays call parses and formats a luxon DateTime).
 */
class Days {
  private readonly dates: string[] = [];
  private readonly index = new Map<string, number>();

  constructor(from: string, to: string) {
    for (let date = from; date <= to; date = addDays(date, 1)) {
      this.index.set(date, this.dates.length);
      this.dates.push(date);
    }
  }

  shift(date: string, days: number): string {
    const i = this.index.get(date);
    return (i === undefined ? undefined : this.dates[i + days]) ?? addDays(date, days);
  }

  /** The clinic admits on weekdays: a weekend date moves on to Monday. */
  weekdayOnOrAfter(date: string): string {
    const weekday = isoWeekday(date);
    return weekday > 5 ? this.shift(date, 8 - weekday) : date;
  }

  /** Discharges and step-downs are dated on weekdays: a weekend date moves back to Friday. */
  weekdayOnOrBefore(date: string): string {
    const weekday = isoWeekday(date);
    return weekday > 5 ? this.shift(date, 5 - weekday) : date;
  }
}

/** The same month and day `years` earlier; 29 February becomes the 28th so the date always exists. */
function yearsBefore(date: string, years: number): string {
  const monthDay = date.slice(5) === '02-29' ? '02-28' : date.slice(5);
  return `${String(Number(date.slice(0, 4)) - years).padStart(4, '0')}-${monthDay}`;
}

function addMinutes(hhmm: string, minutes: number): string {
  const total = Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3)) + minutes;
  return `${String(Math.floor(total / 60)).padStart(2, '0')}:${String(total % 60).padStart(2, '0')}`;
}

/** US federal holidays a clinic closes for, on their observed weekday. */
function usHolidays(year: number): { date: string; name: string }[] {
  const observed = (date: string) => (isoWeekday(date) === 6 ? addDays(date, -1) : isoWeekday(date) === 7 ? addDays(date, 1) : date);
  const nth = (month: string, weekday: number, n: number) => {
    const first = `${year}-${month}-01`;
    return addDays(first, ((weekday - isoWeekday(first) + 7) % 7) + 7 * (n - 1));
  };
  const mayEnd = `${year}-05-31`;
  return [
    { date: observed(`${year}-01-01`), name: "New Year's Day" },
    { date: nth('01', 1, 3), name: 'Martin Luther King Jr. Day' },
    { date: addDays(mayEnd, -((isoWeekday(mayEnd) + 6) % 7)), name: 'Memorial Day' },
    { date: observed(`${year}-06-19`), name: 'Juneteenth' },
    { date: observed(`${year}-07-04`), name: 'Independence Day' },
    { date: nth('09', 1, 1), name: 'Labor Day' },
    { date: nth('11', 4, 4), name: 'Thanksgiving Day' },
    { date: observed(`${year}-12-25`), name: 'Christmas Day' },
  ];
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

// ---- The practice's shape ----

/** Expected stay, and how full the planned groups should run on average: room for admissions to bunch up. */
const MEAN_STAY_WEEKS = 7;
const TARGET_OCCUPANCY = 0.7;
const WAITLIST_SHARE = 0.1;

const STAFF_PLAN: readonly { role: Role; credentials: string; needsCosignature: boolean; facilitates: 'lead' | 'co' | null }[] = [
  { role: 'supervisor', credentials: 'PsyD', needsCosignature: false, facilitates: 'lead' },
  { role: 'clinician', credentials: 'LCSW', needsCosignature: false, facilitates: 'lead' },
  { role: 'clinician', credentials: 'LPC', needsCosignature: false, facilitates: 'lead' },
  { role: 'clinician', credentials: 'LMFT', needsCosignature: false, facilitates: 'lead' },
  // Prescribes and sees clients individually rather than running groups.
  { role: 'clinician', credentials: 'PMHNP-BC', needsCosignature: false, facilitates: null },
  { role: 'clinician', credentials: 'LPC-Associate', needsCosignature: true, facilitates: 'co' },
  { role: 'clinician', credentials: 'LMSW', needsCosignature: true, facilitates: 'co' },
  { role: 'administrator', credentials: 'MHA', needsCosignature: false, facilitates: null },
];
const EXTRA_STAFF: typeof STAFF_PLAN = [
  { role: 'clinician', credentials: 'CADC', needsCosignature: false, facilitates: 'co' },
  { role: 'clinician', credentials: 'LMFT-Associate', needsCosignature: true, facilitates: 'co' },
  { role: 'clinician', credentials: 'LCSW', needsCosignature: false, facilitates: 'lead' },
];

const PROGRAMS = {
  adult: {
    name: 'Adult IOP',
    description: 'Intensive outpatient treatment for adults: nine hours of group therapy a week, with individual sessions and psychiatric care.',
  },
  adolescent: { name: 'Adolescent IOP', description: 'After-school intensive outpatient programme for ages 13 to 17, with a weekly family session.' },
} as const;

type TrackKey = 'mood' | 'sud' | 'trauma' | 'adolescent';

interface TrackPlan {
  program: keyof typeof PROGRAMS;
  name: string;
  population: Population;
  description: string;
  /** Share of referrals. */
  share: number;
  /** Each pool adds one code not already chosen, with its chance; the first (chance 1) gives the primary. */
  diagnoses: readonly (readonly [pool: readonly string[], chance: number])[];
  referralReasons: readonly string[];
  referralSources: readonly string[];
  warningSigns: readonly string[];
  coping: readonly string[];
  supports: readonly string[];
  aftercare: readonly string[];
  stepUp: { reason: string; referral: string };
  outcomeMeasure: (random: Random) => string;
}

const ADULT_SOURCES = ['Primary care physician', 'Emergency department', 'Self-referral', 'Outpatient therapist', 'Psychiatrist', 'Employee assistance programme'];

const phq = (random: Random, name: string) => {
  const admission = random.int(15, 24);
  return `${name} ${admission} at admission, ${Math.max(2, admission - random.int(7, 14))} at discharge.`;
};

const TRACKS: Record<TrackKey, TrackPlan> = {
  mood: {
    program: 'adult',
    name: 'Depression & Anxiety',
    population: 'adult',
    description: 'CBT, behavioural activation and DBT skills for depression and anxiety.',
    share: 0.4,
    diagnoses: [
      [['F33.1', 'F33.1', 'F32.1', 'F33.2', 'F32.A', 'F41.1'], 1],
      [['F41.1', 'F41.0', 'F40.10'], 0.5],
      [['F41.0', 'F40.10'], 0.2],
    ],
    referralReasons: [
      'Worsening depression despite weekly outpatient therapy',
      'Panic attacks keeping them from work',
      'Passive suicidal ideation; needs more support than weekly therapy',
      'Step-down from partial hospitalisation',
      'Step-down after a brief inpatient stay',
    ],
    referralSources: [...ADULT_SOURCES, 'Inpatient unit'],
    warningSigns: ['sleeping past noon', 'skipping meals', 'withdrawing from friends', 'PHQ-9 above 15', 'stopping medication'],
    coping: ['behavioural activation schedule', 'a daily walk', 'thought records', 'calling a friend before isolating'],
    supports: ['a partner', 'a sibling', 'a close friend', 'the alumni group'],
    aftercare: ['Weekly individual therapy with a community outpatient provider', 'Psychiatric medication management every 4 to 6 weeks', 'Weekly depression peer-support group'],
    stepUp: { reason: 'Suicidal ideation with a plan: referred to inpatient care for safety', referral: 'Inpatient psychiatric admission for stabilisation' },
    outcomeMeasure: (random) => phq(random, 'PHQ-9'),
  },
  sud: {
    program: 'adult',
    name: 'Co-occurring SUD',
    population: 'adult',
    description: 'Integrated treatment for substance use with depression or anxiety: relapse prevention, MI and CBT.',
    share: 0.3,
    diagnoses: [
      [['F10.20', 'F10.20', 'F11.20'], 1],
      [['F33.1', 'F32.1', 'F41.1', 'F43.10'], 1],
      [['F11.20', 'F12.20', 'F10.20'], 0.25],
    ],
    referralReasons: [
      'Return to drinking after eight months sober',
      'Opioid use disorder, stable on buprenorphine, needs structured support',
      'Step-down from residential treatment',
      'Court-recommended treatment after a DUI',
      'Alcohol use worsening alongside depressed mood',
    ],
    referralSources: [...ADULT_SOURCES, 'Probation officer', 'Residential treatment centre'],
    warningSigns: ['cravings after work', 'skipping recovery meetings', 'contact with old using friends', 'isolating at weekends', 'payday'],
    coping: ['urge surfing', 'calling a sponsor', 'a HALT check', 'leaving high-risk places early'],
    supports: ['a sponsor', 'a partner', 'a recovery-meeting home group', 'the alumni group'],
    aftercare: ['Weekly outpatient SUD counselling', 'SMART Recovery or AA meetings three times a week', 'MAT follow-up with the prescriber', 'Sober-living referral'],
    stepUp: { reason: 'Return to daily use with withdrawal risk: referred to inpatient withdrawal management', referral: 'Medically managed inpatient withdrawal management (ASAM 3.7)' },
    outcomeMeasure: (random) => `Negative drug screens for the final ${random.int(3, 6)} weeks; ${phq(random, 'PHQ-9')}`,
  },
  trauma: {
    program: 'adult',
    name: 'Trauma',
    population: 'adult',
    description: 'Stabilisation and skills for PTSD: Seeking Safety, grounding and preparation for trauma-focused therapy.',
    share: 0.15,
    diagnoses: [
      [['F43.10', 'F43.12', 'F43.12'], 1],
      [['F33.1', 'F32.1', 'F41.1'], 0.6],
      [['F41.0', 'F40.10'], 0.2],
    ],
    referralReasons: [
      'Nightmares and hypervigilance after a car crash',
      'PTSD symptoms resurfacing after a workplace assault',
      'Avoidance and panic limiting daily life',
      'Step-down from partial hospitalisation',
    ],
    referralSources: [...ADULT_SOURCES, 'Veterans service organisation'],
    warningSigns: ['nightmares more than twice a week', 'avoiding driving', 'anniversary dates', 'drinking to get to sleep'],
    coping: ['5-4-3-2-1 grounding', 'paced breathing', 'safe-place imagery', 'a written safety plan'],
    supports: ['a partner', 'a close friend', 'a peer-support group', 'the alumni group'],
    aftercare: ['Trauma-focused therapy (CPT) with an outpatient clinician', 'Psychiatric follow-up for sleep', 'Weekly grounding-skills group'],
    stepUp: { reason: 'Dissociation and self-harm escalating: referred to inpatient care', referral: 'Inpatient trauma-informed psychiatric unit' },
    outcomeMeasure: (random) => {
      const admission = random.int(38, 65);
      return `PCL-5 ${admission} at admission, ${admission - random.int(10, 25)} at discharge.`;
    },
  },
  adolescent: {
    program: 'adolescent',
    name: 'Adolescent Skills',
    population: 'adolescent',
    description: 'DBT-informed skills groups after school, with a weekly family session.',
    share: 0.15,
    diagnoses: [
      [['F32.1', 'F32.A', 'F41.1', 'F33.1', 'F43.10'], 1],
      [['F41.1', 'F90.0', 'F40.10', 'F93.0'], 0.4],
    ],
    referralReasons: [
      'School refusal and low mood',
      'Self-harm disclosed to the school counsellor',
      'Panic attacks at school',
      'Step-down after an inpatient stay for suicidal ideation',
    ],
    referralSources: ['School counsellor', 'Paediatrician', 'Parent or guardian', 'Emergency department', 'Inpatient unit'],
    warningSigns: ['skipping school', 'staying in their room', 'urges to self-harm', 'escalating conflict at home'],
    coping: ['TIPP skills', 'texting a trusted adult', 'a distress-tolerance kit', 'a walk with the dog'],
    supports: ['a parent', 'a grandparent', 'the school counsellor', 'a coach'],
    aftercare: ['Weekly family therapy', 'School counsellor check-ins and a 504 plan review', 'Psychiatric follow-up with a paediatric prescriber'],
    stepUp: { reason: 'Suicidal ideation with intent: referred to adolescent inpatient care', referral: 'Adolescent inpatient psychiatric unit' },
    outcomeMeasure: (random) => `${phq(random, 'PHQ-A')} Back at school full time.`,
  },
};
const TRACK_KEYS = Object.keys(TRACKS) as TrackKey[];

interface GroupPlan {
  track: TrackKey;
  label: string;
  days: Weekday[];
  start: string;
  capacity: number;
  modality: Modality;
  topic: string;
  /** Included for half of the seeds, so practices differ in size. */
  optional?: true;
}

/** Session length follows the track's weekly hours target over the meeting days. */
const GROUP_PLANS: readonly GroupPlan[] = [
  { track: 'mood', label: 'Morning', days: [1, 3, 5], start: '09:00', capacity: 12, modality: 'in-person', topic: 'CBT skills and behavioural activation' },
  { track: 'mood', label: 'Evening', days: [1, 2, 4], start: '18:00', capacity: 10, modality: 'hybrid', topic: 'CBT and DBT skills for working adults' },
  { track: 'mood', label: 'Telehealth', days: [2, 3, 5], start: '12:30', capacity: 10, modality: 'telehealth', topic: 'Worry management and behavioural activation', optional: true },
  { track: 'sud', label: 'Morning', days: [1, 3, 5], start: '09:00', capacity: 12, modality: 'in-person', topic: 'Relapse prevention, MI and CBT for substance use' },
  { track: 'sud', label: 'Evening', days: [1, 2, 4], start: '18:00', capacity: 10, modality: 'in-person', topic: 'Recovery skills and relapse prevention' },
  { track: 'trauma', label: 'Afternoon', days: [2, 3, 4], start: '13:00', capacity: 8, modality: 'in-person', topic: 'Seeking Safety and grounding skills' },
  { track: 'adolescent', label: 'After school', days: [1, 2, 4], start: '15:30', capacity: 10, modality: 'in-person', topic: 'DBT skills; family session on Thursdays' },
  { track: 'adolescent', label: 'Telehealth', days: [2, 3, 4], start: '16:00', capacity: 8, modality: 'telehealth', topic: 'DBT skills by video for families further away', optional: true },
];

type OutcomeKind = DischargeReason | 'taper';
/** How episodes end, and how long they last in weeks: early leavers go sooner, completers stay 6 to 12 weeks. */
const OUTCOMES: readonly { kind: OutcomeKind; weight: number; weeks: readonly [number, number] }[] = [
  { kind: 'completed', weight: 55, weeks: [6, 12] },
  // Completes after stepping down to outpatient within the programme for the last week or two.
  { kind: 'taper', weight: 12, weeks: [6, 12] },
  { kind: 'stepped-down', weight: 6, weeks: [4, 8] },
  { kind: 'stepped-up', weight: 5, weeks: [1, 5] },
  { kind: 'left-against-advice', weight: 9, weeks: [2, 5] },
  { kind: 'no-contact', weight: 7, weeks: [2, 5] },
  { kind: 'transferred', weight: 4, weeks: [3, 8] },
  { kind: 'administrative', weight: 2, weeks: [4, 8] },
];

const PRIORITIES: readonly { priority: WaitlistPriority; weight: number }[] = [
  { priority: 'urgent', weight: 15 },
  { priority: 'high', weight: 30 },
  { priority: 'routine', weight: 55 },
];

const CONTACT_OUTCOMES: Record<ContactAttempt['method'], readonly string[]> = {
  phone: ['Left a voicemail', 'Spoke with them; still interested', 'No answer; mailbox full'],
  text: ['Sent a reminder about intake paperwork', 'They replied; still interested'],
  email: ['Emailed the intake packet'],
  letter: ['Mailed a welcome letter with clinic hours'],
  'in person': ['Met at the front desk; intake booked'],
};
const CONTACT_METHODS: readonly ContactAttempt['method'][] = ['phone', 'phone', 'phone', 'text', 'email', 'letter'];

const AREA_CODES = ['312', '512', '612', '713', '972'];
const PAYERS = ['Medicaid', 'Commercial PPO', 'Commercial HMO', 'Self-pay', 'TRICARE'];

// ---- Generation ----

export function generateDemoPractice(options: DemoOptions): DemoPractice {
  const { seed = 1, clients: clientCount = 120, today, weeksBack = 52, weeksAhead = 4, timeZone = 'America/Chicago' } = options;
  if (!Number.isInteger(clientCount) || clientCount < 0) throw new Error('clients must be a whole number, 0 or more');
  // generateOccurrences covers at most three years: keep the whole range within that.
  if (!Number.isInteger(weeksBack) || !Number.isInteger(weeksAhead) || weeksBack < 1 || weeksAhead < 0 || weeksBack + weeksAhead > 156) {
    throw new Error('weeksBack (1 or more) and weeksAhead (0 or more) must be whole numbers totalling at most 156');
  }
  const random = new Random(seed);
  const range = { from: addDays(today, -weeksBack * 7), to: addDays(today, weeksAhead * 7) };

  const staffPlans = [...STAFF_PLAN, ...random.sample(EXTRA_STAFF, random.int(0, 2))];
  const staff: DemoStaff[] = staffPlans.map((plan, i) => ({
    id: `demo-staff-${pad(i + 1, 2)}`,
    role: plan.role,
    displayName: `${firstName(random)} ${lastName(random)}`,
    credentials: plan.credentials,
    needsCosignature: plan.needsCosignature,
  }));
  const facilitators = (kind: 'lead' | 'co') => staff.filter((_, i) => staffPlans[i]?.facilitates === kind).map((member) => member.id);

  const programs = (Object.keys(PROGRAMS) as (keyof typeof PROGRAMS)[]).map((key) => ({ id: programId(key), data: programSchema.parse(PROGRAMS[key]) }));
  const tracks = TRACK_KEYS.map((key) => {
    const { program, name, population, description } = TRACKS[key];
    return { id: trackId(key), programId: programId(program), data: trackSchema.parse({ name, population, description }) };
  });

  const groups = makeGroups(random, { clientCount, weeksBack, range, timeZone, tracks, leads: facilitators('lead'), cos: facilitators('co') });
  // Stays end at most about 12 weeks after today, follow-ups 4 weeks after a discharge.
  const days = new Days(range.from, addDays(range.to, 120));
  return { staff, programs, tracks, groups, ...makeClients(random, { clientCount, today, range, groups, days }), range };
}

const programId = (key: keyof typeof PROGRAMS) => `demo-program-${key}`;
const trackId = (key: TrackKey) => `demo-track-${key}`;

function firstName(random: Random): string {
  return random.pick(FIRST_STARTS) + random.pick(FIRST_ENDS);
}

function lastName(random: Random): string {
  return random.pick(LAST_STARTS) + random.pick(LAST_ENDS);
}

type DemoGroup = DemoPractice['groups'][number];

function makeGroups(
  random: Random,
  context: { clientCount: number; weeksBack: number; range: DemoPractice['range']; timeZone: string; tracks: DemoPractice['tracks']; leads: string[]; cos: string[] },
): DemoGroup[] {
  const { range, timeZone, tracks, leads, cos } = context;
  const plans = GROUP_PLANS.filter((plan) => !plan.optional || random.chance(0.5));
  const holidays: { date: string; name: string }[] = [];
  for (let year = Number(range.from.slice(0, 4)); year <= Number(range.to.slice(0, 4)) + 1; year++) holidays.push(...usHolidays(year));

  // A larger practice runs more sections of each group, sized so each track runs near TARGET_OCCUPANCY.
  const admissionsPerWeek = (context.clientCount * (1 - WAITLIST_SHARE)) / context.weeksBack;
  const sections = new Map(
    TRACK_KEYS.map((key) => {
      const capacity = plans.filter((plan) => plan.track === key).reduce((sum, plan) => sum + plan.capacity, 0);
      const load = TRACKS[key].share * admissionsPerWeek * MEAN_STAY_WEEKS;
      return [key, Math.max(1, Math.ceil(load / (TARGET_OCCUPANCY * capacity)))];
    }),
  );

  const groups: DemoGroup[] = [];
  const mostSections = Math.max(...sections.values());
  for (let section = 1; section <= mostSections; section++) {
    for (const plan of plans) {
      const trackSections = sections.get(plan.track) ?? 1;
      if (section > trackSections) continue;
      const track = tracks.find((t) => t.id === trackId(plan.track));
      if (!track) throw new Error(`No track ${plan.track}`);
      const n = groups.length + 1;
      const minutes = Math.round((track.data.weeklyHoursTarget * 60) / plan.days.length);
      const exceptions: ScheduleException[] = holidays
        .filter((holiday) => holiday.date >= range.from && holiday.date <= range.to && plan.days.includes(isoWeekday(holiday.date) as Weekday))
        .sort((a, b) => (a.date < b.date ? -1 : 1))
        .map((holiday) => ({ date: holiday.date, kind: 'cancelled', reason: `Clinic closed: ${holiday.name}` }));
      // Leads take groups in turn; pre-licensed staff co-facilitate beside a licensed lead, never alone.
      const lead = leads[(n - 1) % leads.length];
      if (!lead) throw new Error('The demo staff has no group lead');
      const facilitatorIds = [lead, ...(cos.length > 0 && random.chance(0.6) ? [random.pick(cos)] : [])];
      groups.push({
        id: `demo-group-${pad(n, 2)}`,
        programId: track.programId,
        trackId: track.id,
        data: groupSchema.parse({
          name: `${track.data.name} – ${plan.label}${trackSections > 1 ? ` ${section}` : ''}`,
          facilitatorIds,
          capacity: plan.capacity,
          modality: plan.modality,
          location: plan.modality === 'telehealth' ? 'Telehealth (video)' : `Room ${100 + n}`,
          topic: plan.topic,
          schedule: { timeZone, days: plan.days, start: plan.start, end: addMinutes(plan.start, minutes), startsOn: range.from },
          exceptions,
        }),
      });
    }
  }
  return groups;
}

interface ClientPlan {
  track: TrackKey;
  referredOn: string;
  /** Days from referral to the intake the client is first offered. */
  intakeDays: number;
  /** Chosen for the waitlist rather than admitted. */
  waiting: boolean;
  outcome: (typeof OUTCOMES)[number];
  stayDays: number;
  /** Admitted to PHP and stepped down to IOP after this many days; null when admitted to IOP. */
  phpDays: number | null;
  /** For a taper: days before discharge the client steps down to outpatient. */
  taperDays: number;
  /** Which of the track's groups the client would rather join (a fraction, so it holds however many groups there are). */
  preference: number;
  order: number;
}

function makeClients(
  random: Random,
  context: { clientCount: number; today: string; range: DemoPractice['range']; groups: DemoGroup[]; days: Days },
): Pick<DemoPractice, 'clients' | 'episodes' | 'memberships'> {
  const { clientCount, today, range, days } = context;
  const waitingCount = Math.round(clientCount * WAITLIST_SHARE);
  const waitingIndexes = new Set(random.sample([...Array(clientCount).keys()], waitingCount));
  // Admitted clients were referred early enough to have started by today; the waitlist is recent.
  const admittableDays = Math.max(0, daysBetween(range.from, today) - 14);

  const plans: ClientPlan[] = [];
  for (let order = 0; order < clientCount; order++) {
    const waiting = waitingIndexes.has(order);
    const outcome = random.weighted(OUTCOMES);
    const stayDays = Math.max(5, random.int(outcome.weeks[0], outcome.weeks[1]) * 7 + random.int(-2, 2));
    plans.push({
      track: random.weighted(TRACK_KEYS.map((key) => ({ key, weight: TRACKS[key].share }))).key,
      referredOn: waiting ? days.shift(today, -random.int(1, 42)) : days.shift(range.from, random.int(0, admittableDays)),
      intakeDays: random.int(3, 10),
      waiting,
      outcome,
      stayDays,
      phpDays: random.chance(0.15) ? random.int(5, 10) : null,
      taperDays: random.int(7, 14),
      preference: random.next(),
      order,
    });
  }
  // Ids follow referral order, as they would in a real intake log.
  plans.sort((a, b) => (a.referredOn === b.referredOn ? a.order - b.order : a.referredOn < b.referredOn ? -1 : 1));

  const byGroup = new Map(context.groups.map((group) => [group.id, [] as Membership[]]));
  const clients: DemoPractice['clients'] = [];
  const episodes: DemoPractice['episodes'] = [];
  const memberships: Membership[] = [];
  const width = Math.max(4, String(clientCount).length);

  for (const [i, plan] of plans.entries()) {
    const clientId = `demo-client-${pad(i + 1, width)}`;
    const track = TRACKS[plan.track];
    const trackGroups = context.groups.filter((group) => group.trackId === trackId(plan.track));
    const placed = plan.waiting ? null : place(plan, { clientId, today, days, trackGroups, byGroup, membershipId: `demo-membership-${pad(memberships.length + 1, width)}` });
    const identity = makeIdentity(random, plan, { today, admittedOn: placed?.membership.joinedOn ?? today });
    if (!placed) {
      const waitlist = makeWaitlist(random, plan, { today, days });
      clients.push({ id: clientId, status: 'waitlist', data: checkedIdentity({ ...identity, waitlist }) });
      continue;
    }
    const { membership, end } = placed;
    byGroup.get(membership.groupId)?.push(membership);
    memberships.push(membership);
    const episode = makeEpisode(random, plan, { clientId, admittedOn: membership.joinedOn, end, today, days });
    const status = episode.discharge ? 'discharged' : 'active';
    clients.push({ id: clientId, status, data: checkedIdentity(identity) });
    episodes.push({ id: `demo-episode-${pad(episodes.length + 1, width)}`, clientId, programId: programId(track.program), status, admittedOn: episode.admittedOn, data: episode });
  }
  return { clients, episodes, memberships };
}

/**
 * Admits the client to a group of their track with a free seat for the whole stay, preferred group
 * first. When every group is full the client waits on the waitlist and is offered the next week;
 * null if no seat opens by today.
 */
function place(
  plan: ClientPlan,
  context: { clientId: string; today: string; days: Days; trackGroups: DemoGroup[]; byGroup: Map<string, Membership[]>; membershipId: string },
): { membership: Membership; end: string } | null {
  const { trackGroups, days } = context;
  const first = Math.floor(plan.preference * trackGroups.length);
  const ordered = [...trackGroups.slice(first), ...trackGroups.slice(0, first)];
  for (let wait = 0; ; wait += 7) {
    const joinedOn = days.weekdayOnOrAfter(days.shift(plan.referredOn, plan.intakeDays + wait));
    if (joinedOn > context.today) return null;
    const end = days.weekdayOnOrBefore(days.shift(joinedOn, plan.stayDays));
    const left = end <= context.today ? { leftOn: end, leaveReason: englishText(DISCHARGE_REASONS[dischargeReason(plan.outcome.kind)]) } : {};
    for (const group of ordered) {
      const membership: Membership = { id: context.membershipId, clientId: context.clientId, groupId: group.id, joinedOn, ...left };
      if (validateMembershipChange(context.byGroup.get(group.id) ?? [], membership, group.data.capacity).length === 0) return { membership, end };
    }
  }
}

const dischargeReason = (kind: OutcomeKind): DischargeReason => (kind === 'taper' ? 'completed' : kind);

function makeEpisode(random: Random, plan: ClientPlan, context: { clientId: string; admittedOn: string; end: string; today: string; days: Days }): Episode {
  const { admittedOn, end, today, days } = context;
  const track = TRACKS[plan.track];
  const level: LevelOfCare = plan.phpDays === null ? 'iop' : 'php';
  let episode = admit({
    clientId: context.clientId,
    programId: programId(track.program),
    trackId: trackId(plan.track),
    admittedOn,
    level,
    // A client admitted to PHP is not also a step-down from it.
    referralReason: random.pick(level === 'php' ? track.referralReasons.filter((reason) => !reason.startsWith('Step-down')) : track.referralReasons),
  });
  // Only what has happened by today is recorded: an open episode has no future step-downs.
  const change = (on: string, to: LevelOfCare, reason: string) => {
    if (on <= today) episode = changeLevel(episode, { on, to, reason });
  };
  if (plan.phpDays !== null) {
    const on = days.weekdayOnOrAfter(days.shift(admittedOn, plan.phpDays));
    if (on < end) change(on, 'iop', 'Stabilised in PHP: stepped down to IOP');
  }
  if (plan.outcome.kind === 'taper') change(days.weekdayOnOrBefore(days.shift(end, -plan.taperDays)), 'outpatient', 'Treatment goals met: stepped down to weekly outpatient before discharge');
  if (plan.outcome.kind === 'stepped-up') change(end, 'inpatient', track.stepUp.reason);
  if (end > today) return episode;

  const reason = dischargeReason(plan.outcome.kind);
  const weeks = Math.max(1, Math.round(daysBetween(admittedOn, end) / 7));
  const completed = reason === 'completed';
  return dischargeEpisode(episode, {
    on: end,
    reason,
    summary: dischargeSummary(random, plan, weeks),
    aftercare: {
      referrals:
        reason === 'stepped-up'
          ? [track.stepUp.referral]
          : completed || reason === 'stepped-down' || reason === 'transferred'
            ? random.sample(track.aftercare, random.int(1, 3))
            : ['Crisis resources (988) and an outpatient referral list mailed'],
      relapsePreventionPlan: completed || reason === 'stepped-down' ? relapsePreventionPlan(random, track) : '',
      alumniGroup: completed && random.chance(0.75),
      followUpOn: reason === 'left-against-advice' || reason === 'no-contact' ? '' : days.shift(end, random.pick([14, 28])),
    },
  });
}

function dischargeSummary(random: Random, plan: ClientPlan, weeks: number): string {
  const track = TRACKS[plan.track];
  const span = `${weeks} week${weeks === 1 ? '' : 's'}`;
  switch (plan.outcome.kind) {
    case 'completed':
      return `Completed ${span} of IOP. ${track.outcomeMeasure(random)}`;
    case 'taper':
      return `Completed ${span}, the last at weekly outpatient level. ${track.outcomeMeasure(random)}`;
    case 'stepped-down':
      return `Stepped down after ${span} to weekly therapy with a community provider.`;
    case 'stepped-up':
      return `${track.stepUp.reason} after ${span} in the programme.`;
    case 'left-against-advice':
      return `Stopped attending after ${span} and declined to re-engage despite outreach.`;
    case 'no-contact':
      return `No attendance after ${span}; three phone and letter outreach attempts went unanswered.`;
    case 'transferred':
      return random.pick(['Moved out of the area: transferred to an IOP closer to home.', 'Insurance changed: transferred to an in-network IOP.']);
    case 'administrative':
      return 'Insurance authorisation ended; outpatient referrals given.';
  }
}

function relapsePreventionPlan(random: Random, track: TrackPlan): string {
  const signs = random.sample(track.warningSigns, 2).join(', ');
  const coping = random.sample(track.coping, 2).join(', ');
  const support = random.pick(track.supports);
  return `Warning signs: ${signs}. Coping: ${coping}. Supports: ${support}. In a crisis, call or text 988.`;
}

function makeWaitlist(random: Random, plan: ClientPlan, { today, days }: { today: string; days: Days }): NonNullable<ClientIdentityInput['waitlist']> {
  const trackName = TRACKS[plan.track].name;
  const waitedDays = daysBetween(plan.referredOn, today);
  const attempts = Array.from({ length: random.int(0, 3) }, () => random.int(0, waitedDays))
    .sort((a, b) => a - b)
    .map((offset) => {
      const method = random.pick(CONTACT_METHODS);
      return { on: days.shift(plan.referredOn, offset), method, outcome: random.pick(CONTACT_OUTCOMES[method]) };
    });
  return {
    priority: random.weighted(PRIORITIES).priority,
    addedOn: plan.referredOn,
    reason: plan.waiting
      ? random.pick([`Awaiting an opening in ${trackName}`, 'Awaiting insurance authorisation', 'Intake assessment booked', 'Prefers the evening group; waiting for a seat'])
      : `Every ${trackName} group is full; offered the next opening`,
    attempts,
  };
}

function makeIdentity(random: Random, plan: ClientPlan, context: { today: string; admittedOn: string }): ClientIdentityInput {
  const { today, admittedOn } = context;
  const track = TRACKS[plan.track];
  const adolescent = track.population === 'adolescent';
  const start = random.pick(FIRST_STARTS);
  const first = start + random.pick(FIRST_ENDS);
  const last = lastName(random);
  // Old enough on admission (13 or 18), and adolescents still 17 or under today.
  const latest = yearsBefore(admittedOn, adolescent ? 13 : 18);
  const earliest = addDays(yearsBefore(today, adolescent ? 18 : 70), 1);
  const span = Math.max(0, daysBetween(earliest, latest));
  // Adults skew younger, as IOP referrals do.
  const dateOfBirth = addDays(latest, -Math.floor((adolescent ? random.next() : random.next() ** 1.5) * (span + 1)));
  const phone = () => `(${random.pick(AREA_CODES)}) 555-01${pad(random.int(0, 99), 2)}`;
  const payer = random.pick(
    adolescent ? ['Medicaid', 'CHIP', 'Commercial PPO', 'Commercial HMO'] : dateOfBirth <= yearsBefore(today, 65) ? ['Medicare', 'Medicare Advantage'] : PAYERS,
  );

  const diagnoses: Diagnosis[] = [];
  for (const [pool, chance] of track.diagnoses) {
    const fresh = pool.filter((code) => !diagnoses.some((d) => d.code === code));
    if (fresh.length === 0 || !random.chance(chance)) continue;
    const code = findCode(random.pick(fresh));
    if (!code) throw new Error('A demo diagnosis code is missing from the ICD-10 list');
    diagnoses.push({ code: code.code, label: code.label, primary: diagnoses.length === 0 });
  }

  return {
    firstName: first,
    lastName: last,
    preferredName: random.chance(0.1) ? start : '',
    dateOfBirth,
    pronouns: random.weighted([
      { value: 'she/her', weight: 46 },
      { value: 'he/him', weight: 40 },
      { value: 'they/them', weight: 8 },
      { value: '', weight: 6 },
    ]).value,
    phone: phone(),
    email: random.chance(0.8) ? `${first}.${last}${random.int(1, 99)}@example.org`.toLowerCase() : '',
    address: `${random.int(100, 9899)} ${lastName(random)} ${random.pick(STREET_SUFFIXES)}, ${DEMO_CITY}`,
    emergencyContact: {
      name: `${firstName(random)} ${random.chance(0.7) ? last : lastName(random)}`,
      relationship: random.pick(adolescent ? ['Mother', 'Father', 'Guardian', 'Grandparent'] : ['Partner', 'Spouse', 'Sibling', 'Parent', 'Friend']),
      phone: phone(),
    },
    payer,
    memberId: payer === 'Self-pay' ? '' : `DEMO${pad(random.int(0, 999_999_999), 9)}`,
    diagnoses,
    referralSource: random.pick(track.referralSources),
    flags: plan.track === 'sud' ? ['part2'] : [],
  };
}

/**
 * Parses with clientIdentitySchema, which zod compiles once. validateClientIdentity builds (and
 * compiles) a fresh refined schema on every call, which would be most of the time for 2,000 clients;
 * its two extra rules (birth not after today, one primary diagnosis) hold by construction here, and
 * the demo tests run every client through it.
 */
function checkedIdentity(input: ClientIdentityInput): ClientIdentity {
  const result = clientIdentitySchema.safeParse(input);
  if (!result.success) throw new Error(`Demo client failed validation: ${issuesText(result.error)}`);
  return result.data;
}
