/**
 * Treatment plans: every version of a client's plan is its own sealed record in the `plans`
 * collection (kind 'plan'), `plan-<planId>-v<n>`. The rules (editing drafts only, signing checks,
 * reviews, diffs) are src/shared/plans; this stores their results and refuses what they refuse.
 * Plaintext: client, episode, status and the version's date, for "reviews due" and the chart.
 */
import { map, type Observable } from 'rxjs';
import type { RxCollection } from '../db/storage';
import type { StaffIdentity } from '../../../shared/notes';
import {
  createPlan,
  editPlan,
  planOutline,
  planVersionSchema,
  PlanRuleError,
  recordClientSignature,
  reviewPlan,
  signPlan,
  type ClientSignature,
  type PlanEdit,
  type PlanReview,
  type PlanVersion,
} from '../../../shared/plans';
import { KeyedMutex } from '../db/keyed-mutex';
import type { PlanDocType } from '../db/schemas';
import { SealedStore, type KeySource, type Opened } from '../db/sealed-store';
import { type Message, parseOrThrow } from '../../../shared/messages';
import { st } from '../i18n/staff';

type Plain = Pick<PlanDocType, 'kind' | 'clientId' | 'episodeId' | 'status' | 'date'>;
export type PlanRecord = Opened<Plain, PlanVersion>;

export const planRecordId = (planId: string, version: number) => `plan-${planId}-v${version}`;

/** An objective a note can address, labelled as on the plan ("Objective 2.1: …"). */
export interface ObjectiveChoice {
  id: string;
  label: Message;
  statement: string;
}

const newest = (a: PlanRecord, b: PlanRecord) => b.data.version - a.data.version;

export class PlansRepository {
  private readonly store: SealedStore<Plain, PlanVersion>;
  /** Autosaves and signing of one version are applied in order. */
  private readonly perVersion = new KeyedMutex();

  constructor(collection: RxCollection<PlanDocType>, keys: KeySource, now?: () => number) {
    this.store = new SealedStore(collection, keys, now);
  }

  private plain(plan: PlanVersion, status: Plain['status'] = plan.status): Plain {
    return { kind: 'plan', clientId: plan.clientId, episodeId: plan.episodeId, status, date: plan.effectiveOn };
  }

  private async require(id: string): Promise<PlanRecord> {
    const record = (await this.store.get(id)) as PlanRecord | null;
    if (record === null || record.kind !== 'plan') throw new PlanRuleError(st('repositories.plans.noSuchPlan'));
    parseOrThrow(planVersionSchema, record.data, PlanRuleError);
    return record;
  }

  /** Version 1 of a new plan for the client's episode, as a draft. One plan per episode. */
  async create(clientId: string, episodeId: string, effectiveOn: string): Promise<PlanRecord> {
    const existing = await this.store.find({ kind: 'plan', clientId, episodeId });
    if (existing.length > 0) throw new PlanRuleError(st('repositories.plans.alreadyHasPlan'));
    const plan = createPlan({ planId: crypto.randomUUID(), clientId, episodeId, effectiveOn });
    return this.store.insert(planRecordId(plan.planId, 1), this.plain(plan), plan);
  }

  /** Stores many plan versions in one write (the benchmark's practice), each checked against the plan schema first. */
  async importMany(plans: readonly PlanVersion[]): Promise<number> {
    const result = await this.store.bulkInsert(plans.map((plan) => parseOrThrow(planVersionSchema, plan, PlanRuleError)).map((plan) => ({ id: planRecordId(plan.planId, plan.version), plain: this.plain(plan), data: plan })));
    if (result.failed.length > 0) throw new Error(st('repositories.plans.notStored', { failed: result.failed.length }));
    return result.inserted;
  }

  /** Saves the editor's changes to a draft (autosave). */
  saveDraft(id: string, edit: PlanEdit): Promise<PlanRecord> {
    return this.perVersion.run(id, async () => {
      await this.require(id);
      return this.store.update(id, (current) => {
        const plan = editPlan(current.data, edit);
        return { plain: { date: plan.effectiveOn }, data: plan };
      });
    });
  }

  /** Signs a draft; the version it reviewed becomes superseded. */
  sign(id: string, clinician: StaffIdentity, at: string): Promise<PlanRecord> {
    return this.perVersion.run(id, async () => {
      const signed = await this.store.update(id, (current) => {
        const plan = signPlan(current.data, clinician, at);
        return { plain: { status: 'signed' }, data: plan };
      });
      if (signed.data.version > 1) {
        const previous = planRecordId(signed.data.planId, signed.data.version - 1);
        await this.store.update(previous, () => ({ plain: { status: 'superseded' } }));
      }
      return signed;
    });
  }

  recordClientSignature(id: string, signature: ClientSignature): Promise<PlanRecord> {
    return this.perVersion.run(id, () => this.store.update(id, (current) => ({ data: recordClientSignature(current.data, signature) })));
  }

  /** Starts the review of a signed version: version n + 1 as a draft, the tree carried forward. */
  async review(id: string, review: PlanReview): Promise<PlanRecord> {
    const current = await this.require(id);
    const next = reviewPlan(current.data, review);
    const nextId = planRecordId(next.planId, next.version);
    if ((await this.store.get(nextId)) !== null) throw new PlanRuleError(st('repositories.plans.versionBeingWritten', { version: next.version }));
    return this.store.insert(nextId, this.plain(next), next);
  }

  get(id: string): Promise<PlanRecord | null> {
    return this.store.get(id) as Promise<PlanRecord | null>;
  }

  get$(id: string): Observable<PlanRecord | null> {
    return this.store.find$({ id }).pipe(map((found) => (found[0] as PlanRecord | undefined) ?? null));
  }

  /** Every version of every plan of the client, newest first. */
  forClient$(clientId: string): Observable<PlanRecord[]> {
    return this.store.find$({ kind: 'plan', clientId }).pipe(map((records) => (records as PlanRecord[]).sort(newest)));
  }

  /** Every plan version in the practice (for "reviews due"). */
  all$(): Observable<PlanRecord[]> {
    return this.store.find$({ kind: 'plan' }).pipe(map((records) => records as PlanRecord[]));
  }

  /**
   * The objectives a note can link to: the client's newest signed plan version, or the draft when
   * nothing is signed yet (early in treatment the plan is still being written).
   */
  async objectivesFor(clientId: string): Promise<ObjectiveChoice[]> {
    const versions = ((await this.store.find({ kind: 'plan', clientId, status: { $in: ['signed', 'draft'] } })) as PlanRecord[]).sort(newest);
    const plan = versions.find((v) => v.status === 'signed') ?? versions[0];
    if (!plan) return [];
    return planOutline(plan.data)
      .filter((node) => node.level === 'objective')
      .map((node) => ({ id: node.id, label: node.label, statement: node.statement }));
  }
}
