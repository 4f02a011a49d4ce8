/**
 * Runs async work one at a time per key. RxDB has no transactions, so a check-then-write (one
 * open episode per client, a group's capacity) is serialised here: a double-submit cannot slip
 * two writes between one check. Records arriving by sync are a separate matter (conflicts).
 */
export class KeyedMutex {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const next = previous.then(work, work);
    const tail = next.catch(() => undefined);
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return next;
  }
}
