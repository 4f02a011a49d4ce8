import { useEffect, useMemo } from 'react';
import { DEFAULT_PRACTICE_SETTINGS } from '../../../../shared/settings';
import { useServices } from '../../app/services';
import { useObservable } from '../../hooks/useObservable';
import type { Vault } from '../../vault/vault';

const ACTIVITY_EVENTS = ['pointerdown', 'pointermove', 'keydown', 'wheel', 'touchstart'] as const;
/** How often inactivity is checked; the lock happens at most this late. */
const CHECK_EVERY_MS = 5000;

/** Locks the vault after `minutes` without keyboard, mouse or touch activity (HIPAA automatic logoff). */
export function useAutoLock(vault: Vault, minutes: number): void {
  useEffect(() => {
    let lastActivity = Date.now();
    const touch = () => {
      lastActivity = Date.now();
    };
    for (const name of ACTIVITY_EVENTS) window.addEventListener(name, touch, { passive: true, capture: true });
    const timer = setInterval(() => {
      if (Date.now() - lastActivity >= minutes * 60_000) void vault.lock('inactivity');
    }, CHECK_EVERY_MS);
    return () => {
      clearInterval(timer);
      for (const name of ACTIVITY_EVENTS) window.removeEventListener(name, touch, { capture: true });
    };
  }, [vault, minutes]);
}

/** The practice's auto-lock setting, for every screen shown while unlocked (the app frame and the kiosk). */
export function usePracticeAutoLock(): void {
  const { vault, settings } = useServices();
  const settings$ = useMemo(() => settings.observe(), [settings]);
  useAutoLock(vault, useObservable(settings$, DEFAULT_PRACTICE_SETTINGS).autoLockMinutes);
}
