/**
 * Keeps the in-memory client search index in step with the sealed clients while the vault is
 * unlocked, and empties it on lock: names exist in memory only while someone is signed in.
 */
import { BehaviorSubject, type Subscription } from 'rxjs';
import { ClientSearchIndex } from '../../../shared/client-search';
import type { ClientRecord, ClientsRepository } from '../repositories/clients';
import type { Vault } from '../vault/vault';

export interface ClientSearchResult {
  client: ClientRecord;
  score: number;
}

export class ClientSearchService {
  private readonly index = new ClientSearchIndex<string>();
  private readonly records = new Map<string, ClientRecord>();
  private subscription: Subscription | null = null;
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
    this.subscription = this.clients.list$().subscribe((list) => {
      this.apply(list);
      if (first) {
        this.lastBuildMs = performance.now() - started;
        performance.mark('waypoint:client-index-built');
        first = false;
      }
    });
  }

  /** Applies only what changed since the last emission (a record's rev changes on every write). */
  private apply(list: ClientRecord[]): void {
    const seen = new Set<string>();
    for (const client of list) {
      seen.add(client.id);
      const known = this.records.get(client.id);
      if (known?.rev === client.rev) continue;
      this.records.set(client.id, client);
      this.index.replace(client.id, { identity: client.data, status: client.status });
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
