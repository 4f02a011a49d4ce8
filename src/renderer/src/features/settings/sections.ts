/** Settings' sections in the order of the side navigation; each has an id for deep links (`/settings#security`). */
export const SETTINGS_SECTIONS = [
  { id: 'practice', label: 'Practice' },
  { id: 'staff', label: 'Staff' },
  { id: 'sessions-and-notes', label: 'Sessions and notes' },
  { id: 'plans-and-measures', label: 'Plans and measures' },
  { id: 'billing', label: 'Billing' },
  { id: 'sync-and-devices', label: 'Sync and transfer' },
  { id: 'backup-section', label: 'Backup' },
  { id: 'security', label: 'Security and audit' },
  { id: 'updates-section', label: 'Updates' },
] as const;
export type SettingsSectionId = (typeof SETTINGS_SECTIONS)[number]['id'];

/** Settings a person looks for by name (the command palette), each a deep link that focuses its field. */
export const SETTINGS_SHORTCUTS = [{ id: 'auto-lock', label: 'Auto-lock time' }] as const;
