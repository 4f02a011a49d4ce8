import { st } from '../i18n/staff';

/** What one collection's records are called on screen: a transfer's report, a newer release's records. */
const RECORD_TYPES: Readonly<Record<string, string>> = {
  settings: st('app.recordTypes.settings'),
  staff: st('app.recordTypes.staff'),
  clients: st('app.recordTypes.clients'),
  episodes: st('app.recordTypes.episodes'),
  programs: st('app.recordTypes.programs'),
  sessions: st('app.recordTypes.sessions'),
  notes: st('app.recordTypes.notes'),
  privateNotes: st('app.recordTypes.privateNotes'),
  plans: st('app.recordTypes.plans'),
  audit: st('app.recordTypes.audit'),
  conflicts: st('app.recordTypes.conflicts'),
};

/** A collection's name in words; a collection a newer release added keeps its own name. */
export const recordType = (collection: string): string => RECORD_TYPES[collection] ?? collection;
