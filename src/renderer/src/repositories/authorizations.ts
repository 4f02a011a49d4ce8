/**
 * Payer authorizations and their utilization reviews, in the `plans` collection (kind
 * 'authorization'), and the practice's payers, each its own record in the `settings` collection
 * (id `payer-…`), so two laptops that edit different payers never conflict. The rules live in
 * src/shared/billing; this seals and reads them. Plaintext: kind, client and episode ids, the
 * start date, and `active` or `ended` (denied or expired); the payer, number, units, dates,
 * care manager and reviews are sealed. Consumption is never stored: it is computed from attendance.
 */
import { map, type Observable } from 'rxjs';
import type { RxCollection } from '../db/storage';
import { describeIssues } from '../../../shared/bridge';
import {
  authorizationSchema,
  certificationSchema,
  legacyPayersSchema,
  payerSchema,
  upgradeLegacyPayers,
  withReview,
  type Authorization,
  type Certification,
  type Payer,
  type ReviewOutcome,
  type UtilizationReview,
} from '../../../shared/billing';
import { DEFAULT_SERVICE_CODES, serviceCodeMappingSchema } from '../../../shared/exports';
import type { PlanDocType, SettingDocType } from '../db/schemas';
import { SealedStore, type KeySource, type Opened } from '../db/sealed-store';
import { issuesMessages, parseOrThrow, RuleError } from '../../../shared/messages';
import { st } from '../i18n/staff';

type Plain = Pick<PlanDocType, 'kind' | 'clientId' | 'episodeId' | 'status' | 'date'>;
export type AuthorizationRecord = Opened<Plain, Authorization>;

export class AuthorizationError extends RuleError {
  override readonly name = 'AuthorizationError';
}

function plainOf(auth: Authorization): Plain {
  return { kind: 'authorization', clientId: auth.clientId, episodeId: auth.episodeId, status: auth.status === 'denied' || auth.status === 'expired' ? 'ended' : 'active', date: auth.startOn };
}

/**
 * What the office edits: everything but the reviews and certifications, which only their own
 * methods add (so an edit form open meanwhile never drops one recorded here or synced in).
 */
export type EditableAuthorization = Omit<Authorization, 'reviews' | 'certifications'>;
export const editable = ({ reviews: _reviews, certifications: _certifications, ...rest }: Authorization): EditableAuthorization => rest;

/** Soonest start first; ids break ties so every device lists them alike. */
const byStart = (a: AuthorizationRecord, b: AuthorizationRecord) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.id < b.id ? -1 : 1);

/** Payer records' ids start so; other records of the settings collection (settings, dismissals) are not payers. */
const PAYER_PREFIX = 'payer-';
/** The setting that held every payer before each was its own record (never in a release). */
const LEGACY_PAYERS = 'payers';

/**
 * Payer records that read as payers, by name; one that does not (a newer release's shape) is left
 * out here and stays stored as it is.
 */
function payersOf(records: readonly Opened<object, unknown>[]): Payer[] {
  return records
    .flatMap((r) => {
      if (!r.id.startsWith(PAYER_PREFIX)) return [];
      const parsed = payerSchema.safeParse(r.data);
      return parsed.success && parsed.data.id === r.id ? [parsed.data] : [];
    })
    .sort((a, b) => a.name.localeCompare(b.name) || (a.id < b.id ? -1 : 1));
}

export class AuthorizationsRepository {
  private readonly store: SealedStore<Plain, Authorization>;
  private readonly payerStore: SealedStore<object, unknown>;

  constructor(collection: RxCollection<PlanDocType>, keys: KeySource, settings: RxCollection<SettingDocType>, now: () => number = Date.now) {
    this.store = new SealedStore(collection, keys, now);
    this.payerStore = new SealedStore(settings, keys, now);
  }

  async add(input: Authorization): Promise<AuthorizationRecord> {
    const auth = parseOrThrow(authorizationSchema, input, AuthorizationError);
    await this.payer(auth.payerId);
    return this.store.insert(`authorization-${crypto.randomUUID()}`, plainOf(auth), auth);
  }

  /** Replaces what the office edits; the reviews and certifications recorded stay. */
  async update(id: string, input: EditableAuthorization): Promise<AuthorizationRecord> {
    await this.payer(input.payerId);
    return this.store.update(id, (current) => {
      const { reviews, certifications, clientId } = current.data;
      const auth = parseOrThrow(authorizationSchema, { ...input, reviews, certifications, clientId }, AuthorizationError);
      return { plain: plainOf(auth), data: auth };
    });
  }

  /** Adds a utilization review and applies what it decided (status, units, end, next review). */
  async recordReview(id: string, review: UtilizationReview, outcome: ReviewOutcome): Promise<AuthorizationRecord> {
    return this.store.update(id, (current) => {
      let auth: Authorization;
      try {
        auth = withReview(current.data, `review-${crypto.randomUUID()}`, review, outcome);
      } catch (error) {
        throw error instanceof RuleError ? new AuthorizationError(error.texts) : error;
      }
      return { plain: plainOf(auth), data: auth };
    });
  }

  /** Records a physician's certification or recertification (kept by id, like reviews). */
  async recordCertification(id: string, input: Certification): Promise<AuthorizationRecord> {
    const certification = parseOrThrow(certificationSchema, input, AuthorizationError);
    return this.store.update(id, (current) => {
      const auth = parseOrThrow(authorizationSchema, { ...current.data, certifications: { ...current.data.certifications, [`certification-${crypto.randomUUID()}`]: certification } }, AuthorizationError);
      return { plain: plainOf(auth), data: auth };
    });
  }

  forClient$(clientId: string): Observable<AuthorizationRecord[]> {
    return this.store.find$({ kind: 'authorization', clientId }).pipe(map((list) => list.sort(byStart)));
  }

  /** Every authorization still requested or approved, for reviews due across the practice. */
  active$(): Observable<AuthorizationRecord[]> {
    return this.store.find$({ kind: 'authorization', status: 'active' }).pipe(map((list) => list.sort(byStart)));
  }

  all$(): Observable<AuthorizationRecord[]> {
    return this.store.find$({ kind: 'authorization' }).pipe(map((list) => list.sort(byStart)));
  }

  async forClient(clientId: string): Promise<AuthorizationRecord[]> {
    return (await this.store.find({ kind: 'authorization', clientId })).sort(byStart);
  }

  async all(): Promise<AuthorizationRecord[]> {
    return (await this.store.find({ kind: 'authorization' })).sort(byStart);
  }

  // ── Payers: one record each in the settings collection ─────────────────────────────────────

  payers$(): Observable<Payer[]> {
    return this.payerStore.find$({ id: { $regex: `^${PAYER_PREFIX}` } }).pipe(map(payersOf));
  }

  async payers(): Promise<Payer[]> {
    return payersOf(await this.payerStore.find({ id: { $regex: `^${PAYER_PREFIX}` } }));
  }

  private async payer(id: string): Promise<Payer> {
    const payer = (await this.payers()).find((p) => p.id === id);
    if (payer === undefined) throw new AuthorizationError(st('repositories.authorizations.choosePayer'));
    return payer;
  }

  /** Adds a payer (no id yet) or replaces the one with its id; only that payer's record is written. */
  async savePayer(input: Omit<Payer, 'id'> & { id?: string }): Promise<Payer> {
    const parsed = payerSchema.safeParse({ ...input, id: input.id ?? `${PAYER_PREFIX}${crypto.randomUUID()}` });
    // Each rule's message names its field; the path (rules.warnUnitsLeft) would only add noise on screen.
    if (!parsed.success) throw new AuthorizationError(issuesMessages(parsed.error));
    const payer = parsed.data;
    const others = (await this.payers()).filter((p) => p.id !== payer.id);
    if (others.some((p) => p.name.trim().toLowerCase() === payer.name.trim().toLowerCase())) throw new AuthorizationError(st('repositories.authorizations.payerListed', { name: payer.name }));
    if ((await this.payerStore.get(payer.id)) === null) await this.payerStore.insert(payer.id, {}, payer);
    else await this.payerStore.update(payer.id, () => ({ data: payer }));
    return payer;
  }

  /**
   * One-time migration after unlock: payers kept as one `payers` setting (before each was its own
   * record) become payer records with the same ids, with the per-diem line the practice's service
   * codes gave them; then that setting is removed. A payer already stored as a record is left as
   * it is, so two laptops that both migrate write the same records and converge. Returns how many
   * payers it wrote.
   */
  async migrateLegacyPayers(): Promise<number> {
    const legacy = await this.payerStore.get(LEGACY_PAYERS);
    if (legacy === null) return 0;
    const parsed = legacyPayersSchema.safeParse(legacy.data);
    // Kept, not removed, when it cannot be read: nothing is lost, and the next release may read it.
    if (!parsed.success) throw new AuthorizationError(st('repositories.authorizations.payersUnreadable', { problems: describeIssues(parsed.error) }));
    const codes = serviceCodeMappingSchema.safeParse((await this.payerStore.get('serviceCodes'))?.data ?? DEFAULT_SERVICE_CODES);
    const payers = upgradeLegacyPayers(parsed.data, (codes.success ? codes.data : DEFAULT_SERVICE_CODES).perDiem);
    let written = 0;
    for (const payer of payers) {
      if ((await this.payerStore.get(payer.id)) !== null) continue;
      try {
        await this.payerStore.insert(payer.id, {}, payer);
        written++;
      } catch (error) {
        // The other laptop's copy arrived between the read and the insert: it is the same payer.
        if ((error as { code?: unknown }).code !== 'CONFLICT') throw error;
      }
    }
    await this.payerStore.remove(LEGACY_PAYERS);
    return written;
  }
}
