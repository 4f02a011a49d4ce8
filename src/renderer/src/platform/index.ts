import type { WaypointBridge } from '../../../shared/bridge';
import { createBrowserBridge } from './browser';

declare global {
  interface Window {
    /** Exposed by the Electron preload; absent in a plain browser. */
    waypoint?: WaypointBridge;
  }
}

/** The Electron bridge when the preload exposed one, otherwise the browser implementation. */
export function selectBridge(): WaypointBridge {
  return window.waypoint ?? createBrowserBridge(__APP_VERSION__);
}
