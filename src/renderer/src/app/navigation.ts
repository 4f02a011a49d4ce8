import { st } from '../i18n/staff';

/** The app's main sections, in navigation order. Alt+<digit> jumps to each. */
export const SECTIONS = [
  { path: '/dashboard', label: st('app.navigation.dashboard'), shortcut: '0' },
  { path: '/clients', label: st('app.navigation.clients'), shortcut: '1' },
  { path: '/groups', label: st('app.navigation.groupsAndSessions'), shortcut: '2' },
  { path: '/plans', label: st('app.navigation.treatmentPlans'), shortcut: '3' },
  { path: '/reports', label: st('app.navigation.reports'), shortcut: '4' },
  { path: '/settings', label: st('app.navigation.settings'), shortcut: '5' },
] as const;
