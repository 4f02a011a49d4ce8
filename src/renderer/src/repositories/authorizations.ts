/**
 * Payer authorizations and their utilization reviews, in the `plans` collection (kind
 * 'authorization'), and the practice's payers (the `payers` setting). The rules live in
 * src/shared/billing; this seals and reads them. Plaintext: kind, client and episode ids, the
 * start date, and `active` or `ended` (denied or expired); the payer, number, units, dates,
 * care manager and reviews are sealed. Consumption is never stored: it is computed from attendance.
 */
import { map, type Observable } from 'rxjs';
import type { RxCollection } from '../db/storage';
import { ZodError } from 'zod';
import { describeIssues, parseOrThrow } from '../../../shared/bridge';
import { authorizationSchema, certificationSchema, payerSchema, withReview, type Authorization, type Certification, type Payer, type ReviewOutcome, type UtilizationReview } from '../../../shared/billing';
import type { PlanDocType } from '../db/schemas';
import { SealedStore, type KeySource, type Opened } from '../db/sealed-store';
import type { SettingsRepository } from './settings';

type Plain = Pick<PlanDocType, 'kind' | 'clientId' | 'episodeId' | 'status' | 'date'>;
export type AuthorizationRecord = Opened<Plain, Authorization>;

export class AuthorizationError extends Error {
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

export class AuthorizationsRepository {
  private readonly store: SealedStore<Plain, Authorization>;

  constructor(
    collection: RxCollection<PlanDocType>,
    keys: KeySource,
    private readonly settings: SettingsRepository,
    now: () => number = Date.now,
  ) {
    this.store = new SealedStore(collection, keys, now);
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
        throw new AuthorizationError(error instanceof ZodError ? describeIssues(error) : (error as Error).message);
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

  // ── Payers: one practice setting, so a payer's rules sync like any setting ──────────────────

  payers$(): Observable<Payer[]> {
    return this.settings.observe().pipe(map((s) => s.payers));
  }

  async payers(): Promise<Payer[]> {
    return (await this.settings.get()).payers;
  }

  private async payer(id: string): Promise<Payer> {
    const payer = (await this.payers()).find((p) => p.id === id);
    if (payer === undefined) throw new AuthorizationError('Choose a payer from the practice’s list (Settings → Payers)');
    return payer;
  }

  /** Adds a payer (no id yet) or replaces the one with its id. */
  async savePayer(input: Omit<Payer, 'id'> & { id?: string }): Promise<Payer> {
    const parsed = payerSchema.safeParse({ ...input, id: input.id ?? `payer-${crypto.randomUUID()}` });
    // Each rule's message names its field; the path (rules.warnUnitsLeft) would only add noise on screen.
    if (!parsed.success) throw new AuthorizationError(parsed.error.issues.map((i) => i.message).join('; '));
    const payer = parsed.data;
    const list = await this.payers();
    const others = list.filter((p) => p.id !== payer.id);
    if (others.some((p) => p.name.trim().toLowerCase() === payer.name.trim().toLowerCase())) throw new AuthorizationError(`A payer named ${payer.name} is already listed`);
    await this.settings.save({ payers: list.some((p) => p.id === payer.id) ? list.map((p) => (p.id === payer.id ? payer : p)) : [...list, payer] });
    return payer;
  }
}
