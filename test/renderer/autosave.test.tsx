import type { ReactNode } from 'react';
import { act, renderHook } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ServicesProvider, type AppServices } from '../../src/renderer/src/app/services';
import { openDatabase, type WaypointDatabase } from '../../src/renderer/src/db/database';
import { AUTOSAVE_DELAY_MS, AUTOSAVE_MAX_WAIT_MS, combinedSaveState, useAutosave } from '../../src/renderer/src/hooks/useAutosave';
import { createVault, type VaultParts } from '../../src/renderer/src/vault';
import type { Vault } from '../../src/renderer/src/vault/vault';
import { MIN_ARGON2 } from '../../src/shared/crypto';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
let counter = 0;

/** A save that takes `ms` and records what it wrote and when it started. */
function slowStore(ms: number) {
  const writes: { value: string; startedAt: number }[] = [];
  let failNext: string | null = null;
  return {
    writes,
    failWith: (message: string) => {
      failNext = message;
    },
    save: async (value: string) => {
      writes.push({ value, startedAt: Date.now() });
      await sleep(ms);
      if (failNext !== null) {
        const message = failNext;
        failNext = null;
        throw new Error(message);
      }
    },
  };
}

describe('useAutosave', () => {
  let db: WaypointDatabase;
  let vault: Vault;
  let parts: VaultParts;

  beforeEach(async () => {
    db = await openDatabase({ name: `autosave-${++counter}-${crypto.randomUUID()}`, validate: true, only: ['settings'] });
    parts = createVault(db, { calibrate: async () => ({ params: { algorithm: 'argon2id', ...MIN_ARGON2, parallelism: 1 } }) }); vault = parts.vault;
    await vault.init();
    await parts.enrolment.createPractice({ practiceName: 'Synthetic Test Practice', adminName: 'Admin Synthetic', passphrase: 'violet tractor umbrella sonnet', recoveryCode: parts.enrolment.newRecoveryCode() });
  });
  afterEach(async () => {
    await db.remove();
  });

  const wrapper = ({ children }: { children: ReactNode }) => <ServicesProvider services={{ vault } as unknown as AppServices}>{children}</ServicesProvider>;

  it('saves during typing that never pauses, within the upper bound, in order', async () => {
    const store = slowStore(20);
    const { result } = renderHook(() => useAutosave<string>(store.save), { wrapper });
    const started = Date.now();
    let text = '';
    // 1.5 s of typing, one key every 40 ms: a pure debounce would not save once.
    while (Date.now() - started < 1_500) {
      text += 'x';
      act(() => result.current.save(text));
      await act(() => sleep(40));
    }
    expect(store.writes.length).toBeGreaterThanOrEqual(2);
    const first = store.writes[0]!.startedAt - started;
    expect(first).toBeLessThan(AUTOSAVE_MAX_WAIT_MS + 400);
    for (let i = 1; i < store.writes.length; i++) {
      expect(store.writes[i]!.startedAt - store.writes[i - 1]!.startedAt).toBeLessThan(AUTOSAVE_MAX_WAIT_MS + 400);
      expect(store.writes[i]!.value.length).toBeGreaterThan(store.writes[i - 1]!.value.length);
    }
    await act(() => result.current.flush());
    expect(store.writes.at(-1)!.value).toBe(text);
    expect(result.current.state.kind).toBe('saved');
  });

  it('waits for a pause of the debounce when typing stops', async () => {
    const store = slowStore(1);
    const { result } = renderHook(() => useAutosave<string>(store.save), { wrapper });
    act(() => result.current.save('a'));
    expect(result.current.state.kind).toBe('pending');
    await act(() => sleep(AUTOSAVE_DELAY_MS / 2));
    expect(store.writes).toEqual([]);
    await act(() => sleep(AUTOSAVE_DELAY_MS));
    expect(store.writes.map((w) => w.value)).toEqual(['a']);
  });

  it('keeps a value whose save failed, shows why, refuses a flush, and saves it on the next try', async () => {
    const store = slowStore(1);
    store.failWith('the vault is locked');
    const { result } = renderHook(() => useAutosave<string>(store.save), { wrapper });
    act(() => result.current.save('kept'));
    await act(async () => {
      await expect(result.current.flush()).rejects.toThrow('the vault is locked');
    });
    expect(result.current.state).toEqual({ kind: 'error', message: 'the vault is locked' });
    await act(() => result.current.flush());
    expect(store.writes.map((w) => w.value)).toEqual(['kept', 'kept']);
    expect(result.current.state.kind).toBe('saved');
  });

  it('commits the waiting value through another write (signing) instead of saving it, and saves it all the same if that is refused', async () => {
    const store = slowStore(20);
    const { result } = renderHook(() => useAutosave<string>(store.save), { wrapper });
    const committed: (string | null)[] = [];
    act(() => result.current.save('typed'));
    await act(() => result.current.commit(async (pending) => void committed.push(pending)));
    // Nothing waits any more: no separate save, not even after the debounce.
    await act(() => sleep(AUTOSAVE_DELAY_MS * 2));
    expect(committed).toEqual(['typed']);
    expect(store.writes).toEqual([]);

    // A write in flight finishes first: the commit never overtakes it.
    act(() => result.current.save('first'));
    const flushing = result.current.flush();
    act(() => result.current.save('second'));
    await act(() => result.current.commit(async (pending) => void committed.push(pending)));
    await act(() => flushing);
    expect(store.writes.map((w) => w.value)).toEqual(['first']);
    expect(committed).toEqual(['typed', 'second']);

    // Refused: the refusal is thrown and what was typed is saved as usual.
    act(() => result.current.save('incomplete'));
    await act(async () => {
      await expect(result.current.commit(() => Promise.reject(new Error('Complete before signing: Plan')))).rejects.toThrow('Complete before signing: Plan');
    });
    expect(store.writes.map((w) => w.value)).toEqual(['first', 'incomplete']);
    expect(result.current.state.kind).toBe('saved');
  });

  it('writes what is pending when the vault locks, the page is hidden, or the editor unmounts', async () => {
    const store = slowStore(1);
    const { result, unmount } = renderHook(() => useAutosave<string>(store.save), { wrapper });
    act(() => result.current.save('before lock'));
    await act(() => vault.lock('manual'));
    expect(store.writes.map((w) => w.value)).toEqual(['before lock']);

    act(() => result.current.save('before hiding'));
    Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
    await act(async () => {
      document.dispatchEvent(new Event('visibilitychange'));
      await sleep(5);
    });
    Object.defineProperty(document, 'visibilityState', { value: 'visible', configurable: true });
    expect(store.writes.map((w) => w.value)).toEqual(['before lock', 'before hiding']);

    act(() => result.current.save('before unmount'));
    unmount();
    await sleep(5);
    expect(store.writes.map((w) => w.value)).toEqual(['before lock', 'before hiding', 'before unmount']);
  });

  it('shows the least settled state of an editor with several autosaves', () => {
    expect(combinedSaveState({ kind: 'saved', at: 1 }, { kind: 'saving' })).toEqual({ kind: 'saving' });
    expect(combinedSaveState({ kind: 'saved', at: 1 }, { kind: 'saved', at: 5 }, { kind: 'idle' })).toEqual({ kind: 'saved', at: 5 });
    expect(combinedSaveState({ kind: 'error', message: 'disk full' }, { kind: 'pending' })).toEqual({ kind: 'error', message: 'disk full' });
    expect(combinedSaveState({ kind: 'idle' }, { kind: 'idle' })).toEqual({ kind: 'idle' });
  });
});
