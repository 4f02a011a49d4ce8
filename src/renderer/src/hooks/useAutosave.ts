import { useCallback, useEffect, useRef, useState } from 'react';
import { useServices } from '../app/services';
import { errorText } from '../i18n/shared';

/** A pause in typing this long starts a save. */
export const AUTOSAVE_DELAY_MS = 300;
/**
 * The oldest unsaved keystroke waits at most this long before its save starts, however steadily the
 * typing goes on: sealing and writing a note takes tens of milliseconds, so what is typed is on disk
 * within a second. A debounce alone never fires while someone types without pausing (issue 13: a
 * crash after 30 s of steady typing lost all of it).
 */
export const AUTOSAVE_MAX_WAIT_MS = 600;

export type SaveState =
  | { kind: 'idle' }
  | { kind: 'pending' }
  | { kind: 'saving' }
  | { kind: 'saved'; at: number }
  | { kind: 'error'; message: string };

export interface Autosave<T> {
  /** Queues the whole current value; the newest value replaces one that is still waiting. */
  save: (value: T) => void;
  /** Writes what is waiting now; rejects if it could not be saved (signing must not go ahead then). */
  flush: () => Promise<void>;
  /**
   * Writes with `write` instead, in the same queue: it gets the value still waiting (null if none)
   * and stores it itself, so signing saves what was typed in its own one write. If `write` is
   * refused, the value is saved as `flush` would, and the refusal is thrown.
   */
  commit: (write: (pending: T | null) => Promise<unknown>) => Promise<void>;
  state: SaveState;
}

/**
 * Saving of what is typed into a record: a short debounce with an upper bound, one write at a time
 * in order, and a flush when the vault locks, the page is hidden or closed, or the editor unmounts.
 * A value whose save failed stays queued, so the next change or flush tries it again.
 */
export function useAutosave<T>(save: (value: T) => Promise<unknown>): Autosave<T> {
  const { vault } = useServices();
  const pending = useRef<{ value: T } | null>(null);
  const pendingSince = useRef<number | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const inFlight = useRef<Promise<void> | null>(null);
  const saveRef = useRef(save);
  const [state, setState] = useState<SaveState>({ kind: 'idle' });
  useEffect(() => {
    saveRef.current = save;
  });

  /** The next write in the queue: `write` with the waiting value, or nothing when none waits and `always` is false. */
  const writeNext = useCallback(async (write: (pending: T | null) => Promise<unknown>, always: boolean): Promise<void> => {
    if (timer.current !== null) clearTimeout(timer.current);
    timer.current = null;
    // Writes go one at a time, so an older value can never land after a newer one.
    while (inFlight.current !== null) await inFlight.current;
    const next = pending.current;
    if (next === null && !always) return;
    pending.current = null;
    pendingSince.current = null;
    setState({ kind: 'saving' });
    let failure: Error | null = null;
    const written = write(next === null ? null : next.value).then(
      () => {
        if (pending.current === null) setState({ kind: 'saved', at: Date.now() });
      },
      (e: unknown) => {
        failure = e instanceof Error ? e : new Error(String(e));
        if (pending.current === null) pending.current = next;
        setState({ kind: 'error', message: errorText(failure) });
      },
    );
    inFlight.current = written;
    await written;
    inFlight.current = null;
    if (failure !== null) throw failure;
  }, []);

  const flush = useCallback(() => writeNext((value) => saveRef.current(value as T), false), [writeNext]);
  const commit = useCallback(
    async (write: (pending: T | null) => Promise<unknown>) => {
      let refused: { error: unknown } | null = null;
      await writeNext(async (value) => {
        try {
          await write(value);
        } catch (error) {
          // Refused (a signature with fields missing): what was typed is saved as usual all the same.
          refused = { error };
          if (value !== null) await saveRef.current(value);
        }
      }, true);
      if (refused !== null) throw (refused as { error: unknown }).error;
    },
    [writeNext],
  );

  const flushQuietly = useCallback(() => void flush().catch(() => undefined), [flush]);

  useEffect(() => {
    const offLock = vault.onBeforeLock(() => flush().catch(() => undefined));
    const onHidden = () => {
      if (document.visibilityState === 'hidden') flushQuietly();
    };
    window.addEventListener('pagehide', flushQuietly);
    document.addEventListener('visibilitychange', onHidden);
    return () => {
      offLock();
      window.removeEventListener('pagehide', flushQuietly);
      document.removeEventListener('visibilitychange', onHidden);
      flushQuietly();
    };
  }, [vault, flush, flushQuietly]);

  const schedule = useCallback(
    (value: T) => {
      const now = Date.now();
      pending.current = { value };
      pendingSince.current ??= now;
      if (timer.current !== null) clearTimeout(timer.current);
      const wait = Math.min(AUTOSAVE_DELAY_MS, pendingSince.current + AUTOSAVE_MAX_WAIT_MS - now);
      timer.current = setTimeout(flushQuietly, Math.max(0, wait));
      setState((current) => (current.kind === 'pending' || current.kind === 'error' ? current : { kind: 'pending' }));
    },
    [flushQuietly],
  );
  return { save: schedule, flush, commit, state };
}

/** The state to show for an editor that saves through several autosaves: the least settled one. */
export function combinedSaveState(...states: SaveState[]): SaveState {
  const rank = { error: 0, saving: 1, pending: 2, saved: 3, idle: 4 } as const;
  const worst = states.reduce((a, b) => (rank[b.kind] < rank[a.kind] ? b : a));
  if (worst.kind !== 'saved') return worst;
  const latest = Math.max(...states.map((s) => (s.kind === 'saved' ? s.at : 0)));
  return { kind: 'saved', at: latest };
}
