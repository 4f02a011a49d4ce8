/**
 * ASAM placement assessments, drug screens, expected medications and sobriety-date confirmations,
 * kept in the plans collection (the client's clinical-progress aggregate). The rules are
 * src/shared/asam.ts and src/shared/drug-screens.ts (docs/PART2.md); this stores their results.
 * Plaintext: client, episode ('' when none), status and the record's date.
 */
import { combineLatest, map, type Observable } from 'rxjs';
import type { RxCollection } from '../db/storage';
import { ASAM_ASSESSMENT_KIND, completeAssessment, type AsamAssessment, type AssessmentInput, type PlacementRules } from '../../../shared/asam';
import { parseOrThrow } from '../../../shared/messages';
import {
  confirmSobrietyDate,
  currentSobrietyDate,
  DRUG_SCREEN_KIND,
  drugScreenSchema,
  DrugScreenRuleError,
  EXPECTED_MEDICATIONS_KIND,
  expectedMedicationSchema,
  expectedMedicationsSchema,
  SOBRIETY_CONFIRMATION_KIND,
  type DrugScreen,
  type ExpectedMedications,
  type SobrietyConfirmation,
} from '../../../shared/drug-screens';
import type { z } from 'zod';
import type { PlanDocType } from '../db/schemas';
import { SealedStore, type KeySource, type Opened } from '../db/sealed-store';

type Plain = Pick<PlanDocType, 'kind' | 'clientId' | 'episodeId' | 'status' | 'date'>;
type Secret = AsamAssessment | DrugScreen | ExpectedMedications | SobrietyConfirmation;
export type AssessmentRecord = Opened<Plain, AsamAssessment>;
export type ScreenRecord = Opened<Plain, DrugScreen>;

/** By the record's date, then in the order they were written (an admission and a review on one day). */
const byDate = <T extends { date: string; updatedAt: number; id: string }>(a: T, b: T) => a.date.localeCompare(b.date) || a.updatedAt - b.updatedAt || (a.id < b.id ? -1 : 1);

/** Ids that name no kind: an id prefix such as `drug-screen-` would tell the server of substance-use care (docs/ARCHITECTURE.md: Record ids). */
const recordId = () => `record-${crypto.randomUUID()}`;

export interface SubstanceUseState {
  assessments: AssessmentRecord[];
  screens: ScreenRecord[];
  expected: ExpectedMedications | null;
  sobriety: SobrietyConfirmation | null;
}

export class SubstanceUseRepository {
  private readonly store: SealedStore<Plain, Secret>;

  constructor(collection: RxCollection<PlanDocType>, keys: KeySource, now?: () => number) {
    this.store = new SealedStore(collection, keys, now);
  }

  /** The recommendation comes from `rules`, never from the form; the record keeps the rules' name. */
  async recordAssessment(input: AssessmentInput, rules: PlacementRules): Promise<AssessmentRecord> {
    const assessment = completeAssessment(input, rules);
    const plain: Plain = { kind: ASAM_ASSESSMENT_KIND, clientId: assessment.clientId, episodeId: assessment.episodeId, status: 'complete', date: assessment.on };
    return (await this.store.insert(recordId(), plain, assessment)) as AssessmentRecord;
  }

  async recordScreen(input: unknown, episodeId: string | null): Promise<ScreenRecord> {
    const screen = parseOrThrow(drugScreenSchema, input, DrugScreenRuleError);
    const plain: Plain = { kind: DRUG_SCREEN_KIND, clientId: screen.clientId, episodeId: episodeId ?? '', status: 'complete', date: screen.collectedOn };
    return (await this.store.insert(recordId(), plain, screen)) as ScreenRecord;
  }

  /** Adds an expected medication to the client's one list; keyed by a new id, so two devices' additions both stay. */
  async addMedication(clientId: string, input: z.input<typeof expectedMedicationSchema>): Promise<void> {
    const medication = parseOrThrow(expectedMedicationSchema, input, DrugScreenRuleError);
    const key = crypto.randomUUID();
    // One list per client on every device; an earlier `expected-medications-<client>` stays its id.
    const id = await this.store.stableId('record', [EXPECTED_MEDICATIONS_KIND, clientId], `expected-medications-${clientId}`);
    if ((await this.store.get(id)) === null) {
      const list = parseOrThrow(expectedMedicationsSchema, { clientId, medications: { [key]: medication } }, DrugScreenRuleError);
      await this.store.insert(id, { kind: EXPECTED_MEDICATIONS_KIND, clientId, episodeId: '', status: 'active', date: medication.startedOn }, list);
      return;
    }
    await this.store.update(id, (current) => ({ data: parseOrThrow(expectedMedicationsSchema, { ...current.data, medications: { ...(current.data as ExpectedMedications).medications, [key]: medication } }, DrugScreenRuleError) }));
  }

  /** The only way the sobriety date changes: a clinician's confirmation, stored as its own record. */
  async confirmSobriety(input: Parameters<typeof confirmSobrietyDate>[0]): Promise<void> {
    const confirmation = confirmSobrietyDate(input);
    const plain: Plain = { kind: SOBRIETY_CONFIRMATION_KIND, clientId: confirmation.clientId, episodeId: '', status: 'complete', date: confirmation.sobrietyDate };
    await this.store.insert(recordId(), plain, confirmation);
  }

  /** Everything on the chart's substance-use sections, live. */
  forClient$(clientId: string): Observable<SubstanceUseState> {
    const of = (kind: Plain['kind']) => this.store.find$({ clientId, kind });
    return combineLatest([of(ASAM_ASSESSMENT_KIND), of(DRUG_SCREEN_KIND), of(EXPECTED_MEDICATIONS_KIND), of(SOBRIETY_CONFIRMATION_KIND)]).pipe(
      map(([assessments, screens, expected, confirmations]) => ({
        assessments: (assessments as AssessmentRecord[]).sort(byDate),
        screens: (screens as ScreenRecord[]).sort(byDate),
        expected: (expected[0]?.data as ExpectedMedications | undefined) ?? null,
        sobriety: currentSobrietyDate(
          confirmations.map((c) => c.data as SobrietyConfirmation),
          clientId,
        ),
      })),
    );
  }
}
