import { englishIssue, englishMessages } from '../../src/shared/messages';
import { describe, expect, it } from 'vitest';
import {
  confirmSobrietyDate,
  currentSobrietyDate,
  drugScreenSchema,
  expectedMedicationsSchema,
  medicationsOn,
  screenFlags,
  screenTrend,
  sobrietyReviewSuggested,
  type DrugScreen,
  type ExpectedMedications,
  type ScreenFlag,
} from '../../src/shared/drug-screens';

const CLIENT = 'client-synthetic-1';
const screen = (collectedOn: string, results: DrugScreen['results'], changes: Partial<DrugScreen> = {}): DrugScreen =>
  drugScreenSchema.parse({ clientId: CLIENT, collectedOn, specimen: 'urine', testing: 'point-of-care', results, ...changes });

const onBuprenorphine: ExpectedMedications = expectedMedicationsSchema.parse({
  clientId: CLIENT,
  medications: { m1: { medication: 'buprenorphine', startedOn: '2026-02-01' }, m2: { medication: 'acamprosate', startedOn: '2026-02-01', endedOn: '2026-03-31' } },
});

const PANEL = { buprenorphine: 'positive', opiates: 'negative', fentanyl: 'negative', cocaine: 'negative', methadone: 'negative', alcohol: 'not-tested' } as const;
const CLINICIAN = { staffId: 'staff-synthetic-1', name: 'Synthetic Asdfgh', credentials: 'LCADC' };

/** Flags with their messages in English. */
const english = (flags: ScreenFlag[]) => flags.map((flag) => ({ ...flag, message: englishMessages([flag.message]) }));

describe('drug screen flags', () => {
  it('a screen that fits the expected medications raises nothing', () => {
    expect(screenFlags(screen('2026-02-10', PANEL), onBuprenorphine)).toEqual([]);
  });

  it('an expected medication absent', () => {
    expect(english(screenFlags(screen('2026-02-10', { ...PANEL, buprenorphine: 'negative' }), onBuprenorphine))).toEqual([
      { kind: 'expected-absent', medication: 'buprenorphine', message: 'Buprenorphine (with or without naloxone) is expected but the screen was negative for Buprenorphine' },
    ]);
  });

  it('an unexpected substance present', () => {
    expect(english(screenFlags(screen('2026-02-10', { ...PANEL, fentanyl: 'positive' }), onBuprenorphine))).toEqual([
      { kind: 'unexpected-present', substance: 'fentanyl', message: 'Fentanyl positive: not explained by an expected medication' },
    ]);
  });

  it('a medication’s substance positive before it started, or after it ended, is unexpected', () => {
    expect(screenFlags(screen('2026-01-20', PANEL), onBuprenorphine).map((f) => f.kind)).toEqual(['unexpected-present']);
    expect(medicationsOn(onBuprenorphine, '2026-04-01').map((m) => m.medication)).toEqual(['buprenorphine']);
  });

  it('a medication not tested for, or not detectable, is never "absent"', () => {
    expect(screenFlags(screen('2026-02-10', { opiates: 'negative', fentanyl: 'negative' }), onBuprenorphine)).toEqual([]);
    expect(screenFlags(screen('2026-02-10', { ...PANEL, buprenorphine: 'not-tested' }), onBuprenorphine)).toEqual([]);
  });

  it('with no expected medication, any positive is flagged', () => {
    expect(screenFlags(screen('2026-02-10', { methadone: 'positive', cannabinoids: 'positive', cocaine: 'negative' }), null).map((f) => f.kind === 'unexpected-present' && f.substance)).toEqual([
      'methadone',
      'cannabinoids',
    ]);
  });

  it('refuses a screen with no result and an unknown substance, clearly', () => {
    expect(drugScreenSchema.safeParse({ clientId: CLIENT, collectedOn: '2026-02-10', specimen: 'urine', testing: 'lab', results: { opiates: 'not-tested' } }).error?.issues.map(englishIssue)).toEqual([
      'Record at least one substance’s result',
    ]);
    expect(drugScreenSchema.safeParse({ clientId: CLIENT, collectedOn: '2026-02-10', specimen: 'urine', testing: 'lab', results: { kratom: 'positive' } }).success).toBe(false);
    expect(expectedMedicationsSchema.safeParse({ clientId: CLIENT, medications: { m: { medication: 'aspirin', startedOn: '2026-01-01' } } }).error?.issues.map(englishIssue)[0]).toBe('Not a medication on the list');
  });
});

describe('the sobriety date', () => {
  const confirmation = (sobrietyDate: string, confirmedAt: string) => confirmSobrietyDate({ clientId: CLIENT, sobrietyDate, confirmedBy: CLINICIAN, confirmedAt, reason: 'Synthetic: reviewed with the client' });

  it('is set only by a clinician’s confirmation with a reason, and the latest confirmation holds', () => {
    expect(currentSobrietyDate([], CLIENT)).toBeNull();
    const first = confirmation('2026-01-15', '2026-02-02T10:00:00.000-05:00');
    const reset = confirmation('2026-03-05', '2026-03-06T09:00:00.000-05:00');
    expect(currentSobrietyDate([reset, first], CLIENT)?.sobrietyDate).toBe('2026-03-05');
    expect(() => confirmSobrietyDate({ clientId: CLIENT, sobrietyDate: '2026-01-15', confirmedBy: CLINICIAN, confirmedAt: '2026-02-02T10:00:00.000-05:00', reason: '' })).toThrow(
      'Say why the sobriety date is set or changed',
    );
    expect(() => confirmSobrietyDate({ clientId: CLIENT, sobrietyDate: '2026-01-15', confirmedBy: { ...CLINICIAN, credentials: '' }, confirmedAt: '2026-02-02T10:00:00.000-05:00', reason: 'x' })).toThrow(
      'A confirmation needs the clinician’s credentials',
    );
    expect(() => confirmation('2026-02-03', '2026-02-02T10:00:00.000-05:00')).toThrow('The sobriety date cannot be in the future');
  });

  it('an unexpected positive since the date suggests a review and changes nothing', () => {
    const sobriety = confirmation('2026-02-01', '2026-02-02T10:00:00.000-05:00');
    const screens = [
      { id: 's-old', screen: screen('2026-01-20', { cocaine: 'positive' }) },
      { id: 's-fits', screen: screen('2026-02-10', PANEL) },
      { id: 's-fentanyl', screen: screen('2026-02-24', { ...PANEL, fentanyl: 'positive' }) },
    ];
    expect(sobrietyReviewSuggested(screens, onBuprenorphine, sobriety)).toEqual(['s-fentanyl']);
    expect(currentSobrietyDate([sobriety], CLIENT)?.sobrietyDate).toBe('2026-02-01');
  });
});

describe('the trend per client', () => {
  it('a series per substance tested, by date, leaving out untested substances and other clients', () => {
    const screens = [
      { id: 's2', screen: screen('2026-02-24', { fentanyl: 'positive', opiates: 'negative' }, { testing: 'lab' }) },
      { id: 's1', screen: screen('2026-02-10', { fentanyl: 'negative', opiates: 'not-tested' }, { specimen: 'oral-fluid' }) },
      { id: 'other', screen: screen('2026-02-11', { cocaine: 'positive' }, { clientId: 'client-synthetic-2' }) },
    ];
    expect(screenTrend(screens, CLIENT)).toEqual([
      { substance: 'opiates', label: 'shared:substances.opiates', points: [{ screenId: 's2', on: '2026-02-24', result: 'negative', specimen: 'urine', testing: 'lab' }] },
      {
        substance: 'fentanyl',
        label: 'shared:substances.fentanyl',
        points: [
          { screenId: 's1', on: '2026-02-10', result: 'negative', specimen: 'oral-fluid', testing: 'point-of-care' },
          { screenId: 's2', on: '2026-02-24', result: 'positive', specimen: 'urine', testing: 'lab' },
        ],
      },
    ]);
  });
});
