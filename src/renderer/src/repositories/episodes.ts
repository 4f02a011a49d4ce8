/** Episodes of care: the rules live in src/shared/episodes.ts; this seals and stores their results. */
import { map, type Observable } from 'rxjs';
import type { RxCollection } from '../db/storage';
import { admit, changeLevel, dischargeEpisode, type Admission, type Episode } from '../../../shared/episodes';
import type { EpisodeDocType } from '../db/schemas';
import { KeyedMutex } from '../db/keyed-mutex';
import { SealedStore, type KeySource, type Opened } from '../db/sealed-store';
import { st } from '../i18n/staff';

type EpisodePlain = Pick<EpisodeDocType, 'clientId' | 'programId' | 'status' | 'admittedOn'>;
export type EpisodeRecord = Opened<EpisodePlain, Episode>;

export class EpisodesRepository {
  private readonly store: SealedStore<EpisodePlain, Episode>;
  private readonly perClient = new KeyedMutex();

  constructor(collection: RxCollection<EpisodeDocType>, keys: KeySource, now?: () => number) {
    this.store = new SealedStore(collection, keys, now);
  }

  async admit(input: Admission): Promise<EpisodeRecord> {
    const episode = admit(input);
    return this.perClient.run(episode.clientId, async () => {
      const open = await this.store.find({ clientId: episode.clientId, status: 'active' });
      if (open.length > 0) throw new Error(st('repositories.episodes.alreadyOpen'));
      return this.store.insert(`episode-${crypto.randomUUID()}`, { clientId: episode.clientId, programId: episode.programId, status: 'active', admittedOn: episode.admittedOn }, episode);
    });
  }

  /** Stores many episodes in one write (the demo practice); the shared rules built them. */
  async importMany(records: readonly { id: string; data: Episode }[]): Promise<number> {
    const result = await this.store.bulkInsert(
      records.map(({ id, data }) => ({ id, plain: { clientId: data.clientId, programId: data.programId, status: data.discharge ? ('discharged' as const) : ('active' as const), admittedOn: data.admittedOn }, data })),
    );
    if (result.failed.length > 0) throw new Error(st('repositories.episodes.notStored', { failed: result.failed.length }));
    return result.inserted;
  }

  changeLevel(id: string, change: Parameters<typeof changeLevel>[1]): Promise<EpisodeRecord> {
    return this.store.update(id, (current) => ({ data: changeLevel(current.data, change) }));
  }

  discharge(id: string, discharge: Parameters<typeof dischargeEpisode>[1]): Promise<EpisodeRecord> {
    return this.store.update(id, (current) => ({ data: dischargeEpisode(current.data, discharge), plain: { status: 'discharged' } }));
  }

  /** After a merge: the duplicate's episodes now belong to the surviving record. */
  async reassignClient(fromClientId: string, toClientId: string): Promise<number> {
    const episodes = await this.store.find({ clientId: fromClientId });
    for (const e of episodes) await this.store.update(e.id, (current) => ({ plain: { clientId: toClientId }, data: { ...current.data, clientId: toClientId } }));
    return episodes.length;
  }

  /** A client's episodes, newest admission first. */
  forClient$(clientId: string): Observable<EpisodeRecord[]> {
    return this.store.find$({ clientId }).pipe(map((episodes) => [...episodes].sort((a, b) => b.admittedOn.localeCompare(a.admittedOn))));
  }

  /** Every open episode in the practice: the clients in care. */
  open$(): Observable<EpisodeRecord[]> {
    return this.store.find$({ status: 'active' });
  }

  forClient(clientId: string): Promise<EpisodeRecord[]> {
    return this.store.find({ clientId });
  }

  active$(): Observable<EpisodeRecord[]> {
    return this.store.find$({ status: 'active' });
  }

  /** Discharged episodes: programme outcomes compare admission with discharge. */
  discharged$(): Observable<EpisodeRecord[]> {
    return this.store.find$({ status: 'discharged' });
  }
}
