/** The app's main sections, in navigation order. Alt+<digit> jumps to each. */
export const SECTIONS = [
  { path: '/dashboard', label: 'Dashboard', shortcut: '0' },
  { path: '/clients', label: 'Clients', shortcut: '1' },
  { path: '/groups', label: 'Groups & Sessions', shortcut: '2' },
  { path: '/plans', label: 'Treatment plans', shortcut: '3' },
  { path: '/reports', label: 'Reports', shortcut: '4' },
  { path: '/settings', label: 'Settings', shortcut: '5' },
] as const;
