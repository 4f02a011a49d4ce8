/**
 * Keeps the in-memory client search index in step with the sealed clients while the vault is
 * unlocked, and empties it on lock: names exist in memory only while someone is signed in.
 */
import { BehaviorSubject, concatMap, type Subscription } from 'rxjs';
import { yieldToUi } from '../db/open-records';
import { ClientSearchIndex } from '../../../shared/client-search';
import type { ClientRecord, ClientsRepository } from '../repositories/clients';
import type { Vault } from '../vault/vault';

/** Clients indexed between two yields to the window: a few milliseconds (npm run bench). */
const SLICE = 100;

export interface ClientSearchResult {
  client: ClientRecord;
  score: number;
}

export class ClientSearchService {
  private readonly index = new ClientSearchIndex<string>();
  private readonly records = new Map<string, ClientRecord>();
  private subscription: Subscription | null = null;
  /** Which unlock the index belongs to: a slice applied after a lock is dropped. */
  private run = 0;
  /** Emits the number of indexed clients after every change (and 0 after a lock). */
  readonly size$ = new BehaviorSubject(0);
  /** Time the first full build took after the last unlock, for the benchmark. */
  lastBuildMs: number | null = null;

  constructor(
    private readonly clients: ClientsRepository,
    vault: Vault,
  ) {
    vault.state$.subscribe((state) => {
      if (state.status === 'unlocked') this.start();
    });
    vault.onLock(() => this.stop());
  }

  private start(): void {
    if (this.subscription !== null) return;
    let first = true;
    const started = performance.now();
    const run = this.run;
    // One list at a time, in order: a list applied while the previous one is being applied would index a record twice.
    this.subscription = this.clients.list$().pipe(concatMap((list) => this.apply(list, run))).subscribe(() => {
      if (first) {
        this.lastBuildMs = performance.now() - started;
        performance.mark('waypoint:client-index-built');
        first = false;
      }
    });
  }

  /**
   * Applies only what changed since the last emission (a record's rev changes on every write), a
   * slice at a time with the window given back in between: years of clients are indexed without
   * a long task. Stops if the vault locked meanwhile (`run` moved on).
   */
  private async apply(list: ClientRecord[], run: number): Promise<void> {
    const seen = new Set(list.map((client) => client.id));
    const changed = list.filter((client) => this.records.get(client.id)?.rev !== client.rev);
    for (let i = 0; i < changed.length; i += SLICE) {
      if (i > 0) await yieldToUi();
      if (run !== this.run) return;
      for (const client of changed.slice(i, i + SLICE)) {
        this.records.set(client.id, client);
        this.index.replace(client.id, { identity: client.data, status: client.status });
      }
    }
    for (const id of [...this.records.keys()]) {
      if (!seen.has(id)) {
        this.records.delete(id);
        this.index.remove(id);
      }
    }
    this.size$.next(this.records.size);
  }

  private stop(): void {
    this.run++;
    this.subscription?.unsubscribe();
    this.subscription = null;
    this.index.clear();
    this.records.clear();
    this.size$.next(0);
  }

  search(query: string, limit = 20): ClientSearchResult[] {
    if (query.trim() === '') return [];
    return this.index.search(query, { limit }).flatMap((hit) => {
      const client = this.records.get(hit.id);
      return client ? [{ client, score: hit.score }] : [];
    });
  }
}
