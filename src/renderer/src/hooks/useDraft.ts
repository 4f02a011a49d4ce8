import { useCallback, useEffect, useRef, useState } from 'react';
import { useServices } from '../app/services';

/** Typing pauses this long before the draft is sealed and written: a crash loses at most this. */
export const DRAFT_SAVE_DELAY_MS = 300;

export interface Draft<T> {
  value: T;
  loaded: boolean;
  update: (change: Partial<T>) => void;
  /** Forgets the draft (after the record was saved for real). */
  discard: () => Promise<void>;
}

/**
 * Form state that survives a crash, a reload and a lock: every change is sealed and saved to this
 * device shortly after typing pauses, and flushed at once when the vault locks or the page hides.
 */
export function useDraft<T extends object>(draftId: string, empty: T): Draft<T> {
  const { drafts, vault } = useServices();
  const [value, setValue] = useState<T>(empty);
  const [loaded, setLoaded] = useState(false);
  const pending = useRef<T | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  const flush = useCallback(async () => {
    if (timer.current !== null) clearTimeout(timer.current);
    timer.current = null;
    const next = pending.current;
    pending.current = null;
    if (next !== null) await drafts.save(draftId, next);
  }, [drafts, draftId]);

  useEffect(() => {
    let live = true;
    drafts.load<T>(draftId).then(
      (saved) => {
        if (!live) return;
        if (saved !== null) setValue((current) => ({ ...current, ...saved }));
        setLoaded(true);
      },
      () => live && setLoaded(true),
    );
    const offLock = vault.onBeforeLock(flush);
    const onHide = () => void flush();
    window.addEventListener('pagehide', onHide);
    return () => {
      live = false;
      offLock();
      window.removeEventListener('pagehide', onHide);
      void flush().catch(() => undefined);
    };
  }, [drafts, draftId, vault, flush]);

  const update = useCallback(
    (change: Partial<T>) => {
      setValue((current) => {
        const next = { ...current, ...change };
        pending.current = next;
        return next;
      });
      if (timer.current !== null) clearTimeout(timer.current);
      timer.current = setTimeout(() => void flush(), DRAFT_SAVE_DELAY_MS);
    },
    [flush],
  );

  const discard = useCallback(async () => {
    if (timer.current !== null) clearTimeout(timer.current);
    pending.current = null;
    await drafts.discard(draftId);
  }, [drafts, draftId]);

  return { value, loaded, update, discard };
}
