/**
 * Mixed releases in one practice: each device states its app version to the server, and an
 * administrator may set the practice's minimum app version (docs/SERVER.md: Mixed versions). A
 * device below it stops sending changes and says "Update needed"; it keeps its records, keeps
 * working offline and keeps receiving what it can read.
 */
import semver from 'semver';
import { z } from 'zod';

/** Request header carrying the app's version (semver). Release 0.1.0 sends none. */
export const APP_VERSION_HEADER = 'waypoint-app-version';

/** The one release that predates the header: a request without it comes from it. */
export const UNSTATED_APP_VERSION = '0.1.0';

export const appVersionSchema = z
  .string()
  .max(64)
  .refine((text) => semver.valid(text) === text, 'an app version is a semantic version such as 0.2.0');

/** True when `appVersion` is older than the practice's minimum (none set: never). */
export function isBelowMinimum(appVersion: string, minAppVersion: string | null): boolean {
  return minAppVersion !== null && semver.lt(appVersion, minAppVersion);
}

/**
 * Whether a device reads every envelope form the protocol carries. Only release 0.1.0 does not: it
 * knows `w1` envelopes alone (its protocol check refuses a whole pull or push answer holding one
 * `w2`), and it is also the one release that does not state its version. So the server sends a
 * device that states no version only `w1` envelopes.
 */
export function readsNewerEnvelopes(statedVersion: string | null): boolean {
  return statedVersion !== null;
}

/** What a device is told when it is below the practice's minimum. */
export function updateNeededMessage(minAppVersion: string, appVersion: string): string {
  return `This practice needs Waypoint ${minAppVersion} or later to send changes; this device runs ${appVersion}. Update Waypoint: changes made meanwhile stay on this device and are sent after the update.`;
}
