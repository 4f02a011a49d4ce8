import { st } from '../../i18n/staff';

/** Settings' sections in the order of the side navigation; each has an id for deep links (`/settings#security`). */
export const SETTINGS_SECTIONS = [
  { id: 'practice', label: st('settings.sections.practice') },
  { id: 'staff', label: st('settings.sections.staff') },
  { id: 'sessions-and-notes', label: st('settings.sections.sessionsAndNotes') },
  { id: 'plans-and-measures', label: st('settings.sections.plansAndMeasures') },
  { id: 'billing', label: st('settings.sections.billing') },
  { id: 'sync-and-devices', label: st('settings.sections.syncAndTransfer') },
  { id: 'backup-section', label: st('settings.sections.backup') },
  { id: 'security', label: st('settings.sections.securityAndAudit') },
  { id: 'updates-section', label: st('settings.sections.updates') },
] as const;
export type SettingsSectionId = (typeof SETTINGS_SECTIONS)[number]['id'];

/** Settings a person looks for by name (the command palette), each a deep link that focuses its field. */
export const SETTINGS_SHORTCUTS = [{ id: 'auto-lock', label: st('settings.sections.autoLockTime') }] as const;
