/**
 * Drug screens and medications for addiction treatment: results per specimen and substance, the
 * client's expected medications and what each shows on a screen, flags for results that do not
 * fit (an expected medication absent, an unexpected substance present), the sobriety date, and a
 * trend per substance.
 *
 * A screen never moves the sobriety date: only a clinician's confirmation does
 * (`confirmSobrietyDate`), each kept as its own record, so the date's history is the list of
 * confirmations. A result that does not fit is a question for the clinician, not a conclusion:
 * point-of-care tests give false positives, and a lab confirms.
 */
import { z } from 'zod';
import { isoDate } from './clients';
import { message, parseOrThrow, RuleError, type Message, type SharedKey } from './messages';

export const DRUG_SCREEN_KIND = 'drug-screen';
export const EXPECTED_MEDICATIONS_KIND = 'expected-medications';
export const SOBRIETY_CONFIRMATION_KIND = 'sobriety-confirmation';

export const SUBSTANCES = {
  alcohol: 'shared:substances.alcohol',
  amphetamines: 'shared:substances.amphetamines',
  methamphetamine: 'shared:substances.methamphetamine',
  mdma: 'shared:substances.mdma',
  cocaine: 'shared:substances.cocaine',
  opiates: 'shared:substances.opiates',
  oxycodone: 'shared:substances.oxycodone',
  fentanyl: 'shared:substances.fentanyl',
  tramadol: 'shared:substances.tramadol',
  buprenorphine: 'shared:substances.buprenorphine',
  methadone: 'shared:substances.methadone',
  naltrexone: 'shared:substances.naltrexone',
  benzodiazepines: 'shared:substances.benzodiazepines',
  barbiturates: 'shared:substances.barbiturates',
  cannabinoids: 'shared:substances.cannabinoids',
  pcp: 'shared:substances.pcp',
  xylazine: 'shared:substances.xylazine',
} as const satisfies Record<string, SharedKey>;
export type Substance = keyof typeof SUBSTANCES;
const SUBSTANCE_IDS = Object.keys(SUBSTANCES) as [Substance, ...Substance[]];
const substanceSchema = z.enum(SUBSTANCE_IDS, message('shared:drugScreens.notSubstanceOnList'));

/**
 * Medications a client may be expected to take, and the substances a screen would then show.
 * Acamprosate and disulfiram are not detected by usual panels: they can never be "absent".
 */
export const MEDICATIONS: Readonly<Record<string, { label: SharedKey; shows: readonly Substance[] }>> = {
  buprenorphine: { label: 'shared:medications.buprenorphine', shows: ['buprenorphine'] },
  methadone: { label: 'shared:medications.methadone', shows: ['methadone'] },
  naltrexone: { label: 'shared:medications.naltrexone', shows: ['naltrexone'] },
  acamprosate: { label: 'shared:medications.acamprosate', shows: [] },
  disulfiram: { label: 'shared:medications.disulfiram', shows: [] },
  'prescribed-benzodiazepine': { label: 'shared:medications.prescribedBenzodiazepine', shows: ['benzodiazepines'] },
  'prescribed-stimulant': { label: 'shared:medications.prescribedStimulant', shows: ['amphetamines'] },
  'prescribed-opioid': { label: 'shared:medications.prescribedOpioid', shows: ['opiates', 'oxycodone', 'tramadol'] },
};
const medicationSchema = z.string().refine((id) => Object.hasOwn(MEDICATIONS, id), message('shared:drugScreens.notMedicationOnList'));

export const SPECIMENS = {
  urine: 'shared:specimens.urine',
  'oral-fluid': 'shared:specimens.oralFluid',
  blood: 'shared:specimens.blood',
  breath: 'shared:specimens.breath',
  hair: 'shared:specimens.hair',
  sweat: 'shared:specimens.sweat',
} as const satisfies Record<string, SharedKey>;
export type Specimen = keyof typeof SPECIMENS;
export const TESTING = {
  'point-of-care': 'shared:testing.pointOfCare',
  lab: 'shared:testing.lab',
} as const satisfies Record<string, SharedKey>;
export const SCREEN_RESULTS = {
  positive: 'shared:screenResults.positive',
  negative: 'shared:screenResults.negative',
  'not-tested': 'shared:screenResults.notTested',
} as const satisfies Record<string, SharedKey>;
export type ScreenResult = keyof typeof SCREEN_RESULTS;

export const drugScreenSchema = z
  .object({
    clientId: z.string().min(1),
    collectedOn: isoDate('shared:fields.collectionDate'),
    specimen: z.enum(Object.keys(SPECIMENS) as [Specimen, ...Specimen[]], message('shared:drugScreens.chooseSpecimenType')),
    testing: z.enum(Object.keys(TESTING) as ['point-of-care', 'lab'], message('shared:drugScreens.pointCareOrLaboratory')),
    /** Keyed by substance (a missing one was not tested): a lab adding results merges field by field. */
    results: z.partialRecord(substanceSchema, z.enum(Object.keys(SCREEN_RESULTS) as [ScreenResult, ...ScreenResult[]], message('shared:drugScreens.positiveNegativeOrNot'))),
    notes: z.string().trim().max(2000, message('shared:validation.atMostCharacters')).default(''),
  })
  .strict()
  .refine((s) => Object.values(s.results).some((result) => result !== 'not-tested'), { ...message('shared:drugScreens.recordAtLeastOne'), path: ['results'] });
export type DrugScreen = z.infer<typeof drugScreenSchema>;

export const expectedMedicationSchema = z
  .object({
    medication: medicationSchema,
    startedOn: isoDate('shared:fields.startDateLabel'),
    endedOn: isoDate('shared:fields.endDateLabel').optional(),
    note: z.string().trim().max(500, message('shared:validation.atMostCharacters')).default(''),
  })
  .strict()
  .refine((m) => m.endedOn === undefined || m.endedOn >= m.startedOn, { ...message('shared:drugScreens.medicationCannotEndBefore'), path: ['endedOn'] });
export type ExpectedMedication = z.infer<typeof expectedMedicationSchema>;

/** One record per client; medications keyed by id, so entries added on two devices both stay. */
export const expectedMedicationsSchema = z.object({ clientId: z.string().min(1), medications: z.record(z.string().min(1), expectedMedicationSchema) }).strict();
export type ExpectedMedications = z.infer<typeof expectedMedicationsSchema>;

export function medicationsOn(expected: ExpectedMedications | null, date: string): ExpectedMedication[] {
  return Object.values(expected?.medications ?? {}).filter((m) => m.startedOn <= date && (m.endedOn === undefined || date <= m.endedOn));
}

export type ScreenFlag = { kind: 'expected-absent'; medication: string; message: Message } | { kind: 'unexpected-present'; substance: Substance; message: Message };

/**
 * What in a screen does not fit the medications expected on its collection date: a medication
 * whose substances were tested and all negative, and a positive substance no medication explains.
 */
export function screenFlags(screen: DrugScreen, expected: ExpectedMedications | null): ScreenFlag[] {
  const active = medicationsOn(expected, screen.collectedOn);
  const result = (substance: Substance) => screen.results[substance] ?? 'not-tested';
  const flags: ScreenFlag[] = [];
  for (const { medication } of active) {
    const shows = MEDICATIONS[medication]!.shows;
    const tested = shows.filter((substance) => result(substance) !== 'not-tested');
    if (tested.length > 0 && tested.every((substance) => result(substance) === 'negative'))
      flags.push({ kind: 'expected-absent', medication, message: { key: 'shared:drugScreens.flags.expectedAbsent', values: { medication: MEDICATIONS[medication]!.label, substances: tested.map((s) => ({ key: SUBSTANCES[s] })) } } });
  }
  const explained = new Set(active.flatMap(({ medication }) => MEDICATIONS[medication]!.shows));
  for (const substance of SUBSTANCE_IDS)
    if (result(substance) === 'positive' && !explained.has(substance))
      flags.push({ kind: 'unexpected-present', substance, message: { key: 'shared:drugScreens.flags.unexpectedPresent', values: { substance: SUBSTANCES[substance] } } });
  return flags;
}

// ── Sobriety date ──────────────────────────────────────────────────────────────────────────────

export const sobrietyConfirmationSchema = z
  .object({
    clientId: z.string().min(1),
    sobrietyDate: isoDate('shared:fields.sobrietyDate'),
    confirmedBy: z.object({ staffId: z.string().min(1), name: z.string().trim().min(1), credentials: z.string().trim().min(1, message('shared:drugScreens.confirmationNeedsCliniciansCredentials')) }).strict(),
    confirmedAt: z.iso.datetime({ offset: true, ...message('shared:validation.isoDateTime') }),
    reason: z.string().trim().min(1, message('shared:drugScreens.sayWhySobrietyDate')).max(1000, message('shared:validation.atMostCharacters')),
    /** The screen that prompted it, if any. */
    screenId: z.string().optional(),
  })
  .strict()
  .refine((c) => c.sobrietyDate <= c.confirmedAt.slice(0, 10), { ...message('shared:drugScreens.sobrietyDateCannotIn'), path: ['sobrietyDate'] });
export type SobrietyConfirmation = z.infer<typeof sobrietyConfirmationSchema>;

export class DrugScreenRuleError extends RuleError {
  override readonly name = 'DrugScreenRuleError';
}

/** The only way a sobriety date is set or changed: a clinician confirms it, with the reason. */
export function confirmSobrietyDate(input: z.input<typeof sobrietyConfirmationSchema>): SobrietyConfirmation {
  return parseOrThrow(sobrietyConfirmationSchema, input, DrugScreenRuleError);
}

/** The client's sobriety date: the latest confirmation's, or null when none was confirmed. */
export function currentSobrietyDate(confirmations: readonly SobrietyConfirmation[], clientId: string): SobrietyConfirmation | null {
  const own = confirmations.filter((c) => c.clientId === clientId);
  return own.reduce<SobrietyConfirmation | null>((latest, c) => (latest === null || Date.parse(c.confirmedAt) > Date.parse(latest.confirmedAt) ? c : latest), null);
}

/**
 * Screens since the sobriety date with an unexpected substance: for the clinician to look at.
 * This suggests a review; it changes nothing.
 */
export function sobrietyReviewSuggested(screens: readonly { id: string; screen: DrugScreen }[], expected: ExpectedMedications | null, sobriety: SobrietyConfirmation | null): string[] {
  if (sobriety === null) return [];
  return screens
    .filter(({ screen }) => screen.clientId === sobriety.clientId && screen.collectedOn >= sobriety.sobrietyDate && screenFlags(screen, expected).some((f) => f.kind === 'unexpected-present'))
    .map(({ id }) => id);
}

// ── Trend ──────────────────────────────────────────────────────────────────────────────────────

export interface TrendPoint {
  screenId: string;
  on: string;
  result: Exclude<ScreenResult, 'not-tested'>;
  specimen: Specimen;
  testing: keyof typeof TESTING;
}

/** Per substance ever tested for the client, its results by date (then screen id), in the table's order of substances. */
export function screenTrend(screens: readonly { id: string; screen: DrugScreen }[], clientId: string): { substance: Substance; label: SharedKey; points: TrendPoint[] }[] {
  const own = screens.filter(({ screen }) => screen.clientId === clientId).sort((a, b) => a.screen.collectedOn.localeCompare(b.screen.collectedOn) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return SUBSTANCE_IDS.map((substance) => ({
    substance,
    label: SUBSTANCES[substance],
    points: own.flatMap(({ id, screen }) => {
      const result = screen.results[substance];
      return result === undefined || result === 'not-tested' ? [] : [{ screenId: id, on: screen.collectedOn, result, specimen: screen.specimen, testing: screen.testing }];
    }),
  })).filter((series) => series.points.length > 0);
}
