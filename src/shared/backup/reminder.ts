/** When to remind a practice to back up: the practice setting says after how many days. */
const DAY_MS = 24 * 60 * 60 * 1000;

export interface BackupDue {
  overdue: boolean;
  /** Whole days since the last backup, or since the practice was set up on this device when there is none. */
  days: number;
  never: boolean;
}

export function backupDue(input: { lastBackupAt: number | null; practiceSetUpAt: number; reminderDays: number; now: number }): BackupDue {
  const since = input.lastBackupAt ?? input.practiceSetUpAt;
  const days = Math.max(0, Math.floor((input.now - since) / DAY_MS));
  return { overdue: days >= input.reminderDays, days, never: input.lastBackupAt === null };
}
