/** Rules of the vault that do not depend on where it runs. */
import type { SharedKey } from './messages';

export const ROLES = ['clinician', 'supervisor', 'administrator'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, SharedKey> = {
  clinician: 'shared:roles.clinician',
  supervisor: 'shared:roles.supervisor',
  administrator: 'shared:roles.administrator',
};

/** NIST SP 800-63B-4: a passphrase that is the only factor has at least 15 characters. */
export const MIN_PASSPHRASE_LENGTH = 15;
export const MAX_PASSPHRASE_LENGTH = 256;
/**
 * Raised when the passphrase rules change: a profile whose passphrase was last checked under an
 * older version has it checked at its next unlock, and changes it there if it no longer passes.
 */
export const PASSPHRASE_POLICY_VERSION = 2;

/** A setup code (an administrator gives it to a new colleague) opens their profile once, within this time. */
export const SETUP_CODE_LIFETIME_MS = 72 * 3_600_000;

/** Failed unlocks allowed before any wait: typos happen. */
export const FREE_UNLOCK_ATTEMPTS = 3;
/** The wait never grows past this, so a clinician is never locked out for a whole session. */
export const MAX_UNLOCK_DELAY_MS = 5 * 60_000;

/**
 * How long to wait before the next unlock attempt after `failures` consecutive failures:
 * none for the first three, then 2 s doubling to a 5-minute cap. Online guessing of a 15+
 * character passphrase at that rate is hopeless; an offline attacker faces Argon2id instead.
 */
export function unlockDelayMs(failures: number): number {
  if (failures < FREE_UNLOCK_ATTEMPTS) return 0;
  return Math.min(MAX_UNLOCK_DELAY_MS, 1000 * 2 ** (failures - FREE_UNLOCK_ATTEMPTS + 1));
}
