import { useEffect, useState } from 'react';
import type { StoragePersistence, WaypointBridge } from '../../../shared/bridge';

/** When to ask again after a refusal: Chromium decides from how much the site has been used. */
const RETRY_MS = [60_000, 5 * 60_000, 15 * 60_000];

/**
 * Asks for persistent storage, and asks again before warning. Chromium grants it without a prompt
 * to sites it judges important (bookmarked, installed, or used often: its site-engagement score),
 * so a brand-new site is refused on its first visit and granted after some use, which is why the
 * warning used to show on a first run and vanish after a restart. A refusal is re-asked after a
 * minute, five and fifteen minutes of use and whenever the window comes back into view; only a
 * refusal after the first re-ask is shown (`refused`), worded as "not granted yet".
 */
export function usePersistentStorage(bridge: WaypointBridge): StoragePersistence | 'checking' {
  const [state, setState] = useState<StoragePersistence | 'checking'>('checking');
  useEffect(() => {
    let live = true;
    let refusals = 0;
    let granted = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const ask = (scheduled: boolean) =>
      bridge.requestPersistentStorage().then(
        (result) => {
          if (!live) return;
          granted = result === 'persisted';
          if (result === 'refused') refusals++;
          // The first refusal is not shown: it is what every new site gets.
          if (result !== 'refused' || refusals > 1) setState(result);
          if (result === 'refused' && scheduled && refusals <= RETRY_MS.length) timer = setTimeout(() => void ask(true), RETRY_MS[refusals - 1]);
        },
        () => live && setState('unsupported'),
      );
    const onVisible = () => {
      if (document.visibilityState === 'visible' && refusals > 0 && !granted) void ask(false);
    };
    void ask(true);
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      live = false;
      clearTimeout(timer);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [bridge]);
  return state;
}
