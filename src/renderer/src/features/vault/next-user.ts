import type { Vault } from '../../vault/vault';

const LAST = 'waypoint:last-unlocked';
const PLACES = 'waypoint:places';

/**
 * Lock and the next person: whoever unlocks after someone else lands on the dashboard (or where
 * they themselves left off in this window), never on the screen the other person left; the same
 * person unlocking again, or after a reload, resumes where they were. It sets the address before
 * the app renders: it subscribes before the UI does, and the app makes its router per unlock.
 * Kept in sessionStorage (this window only): profile ids and routes, which hold ids, never names.
 */
export function followNextUser(vault: Vault, storage: Storage = sessionStorage): void {
  let unlocked: string | null = null;
  const places = (): Record<string, string> => {
    try {
      return JSON.parse(storage.getItem(PLACES) ?? '{}') as Record<string, string>;
    } catch {
      return {};
    }
  };
  vault.state$.subscribe((state) => {
    if (state.status === 'unlocked') {
      unlocked = state.profile.id;
      const last = storage.getItem(LAST);
      storage.setItem(LAST, unlocked);
      if (last !== unlocked) window.history.replaceState(null, '', `#${places()[unlocked] ?? '/dashboard'}`);
    } else if (unlocked !== null) {
      storage.setItem(PLACES, JSON.stringify({ ...places(), [unlocked]: window.location.hash.replace(/^#/, '') || '/dashboard' }));
      unlocked = null;
    }
  });
}
