import { useCallback, useEffect, useRef, useState } from 'react';
import { useServices } from '../app/services';
import { type SaveState, useAutosave } from './useAutosave';

export interface Draft<T> {
  value: T;
  loaded: boolean;
  update: (change: Partial<T>) => void;
  /** Forgets the draft (after the record was saved for real). */
  discard: () => Promise<void>;
  saveState: SaveState;
}

/**
 * Form state that survives a crash, a reload and a lock: every change is sealed and saved to this
 * device within a second of typing, and flushed at once when the vault locks or the page hides.
 */
export function useDraft<T extends object>(draftId: string, empty: T): Draft<T> {
  const { drafts } = useServices();
  const [value, setValue] = useState<T>(empty);
  const [loaded, setLoaded] = useState(false);
  const current = useRef(empty);
  // A ref, not state: a save still pending when the record is saved for real must not revive the draft.
  const discarded = useRef(false);
  const { save, state: saveState } = useAutosave<T>((next) => (discarded.current ? Promise.resolve() : drafts.save(draftId, next)));

  useEffect(() => {
    let live = true;
    drafts.load<T>(draftId).then(
      (saved) => {
        if (!live) return;
        if (saved !== null) {
          current.current = { ...current.current, ...saved };
          setValue(current.current);
        }
        setLoaded(true);
      },
      () => live && setLoaded(true),
    );
    return () => {
      live = false;
    };
  }, [drafts, draftId]);

  const update = useCallback(
    (change: Partial<T>) => {
      current.current = { ...current.current, ...change };
      setValue(current.current);
      save(current.current);
    },
    [save],
  );

  const discard = useCallback(async () => {
    discarded.current = true;
    await drafts.discard(draftId);
  }, [drafts, draftId]);

  return { value, loaded, update, discard, saveState };
}
