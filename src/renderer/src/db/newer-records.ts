/**
 * Records this device holds that a newer release of Waypoint wrote: kept byte for byte, left out of
 * lists and refused for editing. The app says how many there are and that updating opens them.
 */
import { BehaviorSubject, distinctUntilChanged, map, type Observable } from 'rxjs';

interface Place {
  name: string;
  database: { name: string };
}

class NewerRecords {
  private readonly held = new BehaviorSubject<ReadonlySet<string>>(new Set());

  private key(collection: Place, id: string): string {
    return JSON.stringify([collection.database.name, collection.name, id]);
  }

  note(collection: Place, id: string): void {
    const key = this.key(collection, id);
    if (!this.held.value.has(key)) this.held.next(new Set([...this.held.value, key]));
  }

  /** The record opened after all (replaced by a version this release knows). */
  forget(collection: Place, id: string): void {
    const key = this.key(collection, id);
    if (!this.held.value.has(key)) return;
    const next = new Set(this.held.value);
    next.delete(key);
    this.held.next(next);
  }

  /** How many such records have been met since the app started. */
  count$(): Observable<number> {
    return this.held.pipe(
      map((held) => held.size),
      distinctUntilChanged(),
    );
  }
}

export const newerRecords = new NewerRecords();
