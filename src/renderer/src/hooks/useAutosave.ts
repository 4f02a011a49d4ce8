import { useCallback, useEffect, useRef } from 'react';
import { useServices } from '../app/services';

/** Typing pauses this long before the change is sealed and written (a crash loses at most this). */
export const AUTOSAVE_DELAY_MS = 400;

/**
 * Debounced saving of what is typed into a record. Pending changes are flushed when the vault
 * locks, the page hides or the component unmounts, so leaving or locking loses nothing.
 */
export function useAutosave<T>(save: (value: T) => Promise<unknown>, onError: (error: Error) => void): { save: (value: T) => void; flush: () => Promise<void> } {
  const { vault } = useServices();
  const pending = useRef<{ value: T } | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const saveRef = useRef(save);
  const errorRef = useRef(onError);
  useEffect(() => {
    saveRef.current = save;
    errorRef.current = onError;
  });

  const flush = useCallback(async () => {
    if (timer.current !== null) clearTimeout(timer.current);
    timer.current = null;
    const next = pending.current;
    pending.current = null;
    if (next !== null) await saveRef.current(next.value).catch((e: unknown) => errorRef.current(e as Error));
  }, []);

  useEffect(() => {
    const offLock = vault.onBeforeLock(flush);
    const onHide = () => void flush();
    window.addEventListener('pagehide', onHide);
    return () => {
      offLock();
      window.removeEventListener('pagehide', onHide);
      void flush();
    };
  }, [vault, flush]);

  const schedule = useCallback(
    (value: T) => {
      pending.current = { value };
      if (timer.current !== null) clearTimeout(timer.current);
      timer.current = setTimeout(() => void flush(), AUTOSAVE_DELAY_MS);
    },
    [flush],
  );
  // `flush` lets an action that depends on the saved state (signing) write what is pending first.
  return { save: schedule, flush };
}
