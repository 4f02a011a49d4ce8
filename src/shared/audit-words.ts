/**
 * An audit entry in words: "Admin Synthetic signed a progress note of 2026-12-01 for Alpha Client",
 * as a catalogue message (docs/I18N.md) the viewer translates. Entries hold ids only; the viewer
 * resolves names after unlock (staff and clients are sealed records) and passes them here, so no
 * name is ever written into the trail by this.
 */
import type { AuditAction, AuditEntry, AuditTarget } from './audit';
import { verbatim, type Message, type SharedKey } from './messages';

interface Names {
  /** The staff member's name now, else the name the entry was written with. */
  staff?: string;
  /** The client's name, or undefined when the client's record is not on this device. */
  client?: string;
}

const PROGRAM_RECORDS: Record<string, SharedKey> = {
  program: 'shared:auditWords.records.program',
  track: 'shared:auditWords.records.track',
  group: 'shared:auditWords.records.group',
  membership: 'shared:auditWords.records.membership',
};

/** What kind of record an id is, from its collection and the id's own prefix (ids only, never contents). */
export function describeRecord(collection: string, id: string): Message {
  const version = /-v(\d+)$/.exec(id)?.[1];
  const prefix = id.split('-')[0];
  const kind = (key: SharedKey): Message => ({ key });
  switch (collection) {
    case 'notes':
      if (prefix === 'addendum') return kind('shared:auditWords.records.addendum');
      return kind(id.endsWith('-shared') ? 'shared:auditWords.records.sharedNotePart' : 'shared:auditWords.records.progressNote');
    case 'privateNotes':
      return kind('shared:auditWords.records.psychotherapyNote');
    case 'plans':
      if (prefix === 'plan') return version ? { key: 'shared:auditWords.records.planVersion', values: { version } } : kind('shared:auditWords.records.plan');
      if (prefix === 'measure') return kind('shared:auditWords.records.measureResult');
      if (prefix === 'schedule') return kind('shared:auditWords.records.measureSchedule');
      return kind('shared:auditWords.records.plansRecord');
    case 'clients':
      if (prefix === 'contact') return kind('shared:auditWords.records.contact');
      if (prefix === 'consent') return kind('shared:auditWords.records.release');
      return kind('shared:auditWords.records.clientRecord');
    case 'episodes':
      return kind('shared:auditWords.records.episode');
    case 'programs':
      return kind(PROGRAM_RECORDS[prefix ?? ''] ?? 'shared:auditWords.records.programsRecord');
    case 'sessions':
      return kind('shared:auditWords.records.session');
    case 'staff':
      return kind('shared:auditWords.records.staffProfile');
    case 'settings':
      // A staff member's own key for their psychotherapy and SUD counselling notes, kept wrapped in a settings record.
      return kind(prefix === 'author' ? 'shared:auditWords.records.privateNoteKey' : 'shared:auditWords.records.practiceSettings');
    default:
      return { key: 'shared:auditWords.records.other', values: { collection: verbatim(collection) } };
  }
}

/** The date a record id carries (a session's date is part of its id and its notes'), if any. */
const dateIn = (id: string) => /\d{4}-\d{2}-\d{2}/.exec(id)?.[0];

const CLIENT_NOT_HERE: Message = { key: 'shared:auditWords.clientNotHere' };
const clientIn = (client: string | undefined): Message => (client === undefined ? CLIENT_NOT_HERE : verbatim(client));

/**
 * A record as the trail names it: "a progress note of 2026-12-01 for Alpha Client", "the client
 * record of Alpha Client". `client` is the client's name when it is on this device; `date` the
 * record's own (an opaque id carries none), else the one its id carries.
 */
export function recordInWords(target: AuditTarget, client?: string, date = dateIn(target.id)): Message {
  const kind = describeRecord(target.collection, target.id);
  const record: Message = date ? { key: 'shared:auditWords.recordOfDate', values: { record: kind, date: verbatim(date) } } : kind;
  if (!target.clientId) return record;
  return record.key === 'shared:auditWords.records.clientRecord'
    ? { key: 'shared:auditWords.clientRecordOf', values: { client: clientIn(client) } }
    : { key: 'shared:auditWords.recordFor', values: { record, client: clientIn(client) } };
}

/** Each action's sentence; `record` is the target in words, `client` the client alone. */
const ENTRIES: Record<Exclude<AuditAction, 'addended' | 'printed'>, SharedKey> = {
  unlock: 'shared:auditWords.entries.unlock',
  'unlock-failed': 'shared:auditWords.entries.unlockFailed',
  lock: 'shared:auditWords.entries.lock',
  'chart-opened': 'shared:auditWords.entries.chartOpened',
  created: 'shared:auditWords.entries.created',
  changed: 'shared:auditWords.entries.changed',
  deleted: 'shared:auditWords.entries.deleted',
  signed: 'shared:auditWords.entries.signed',
  cosigned: 'shared:auditWords.entries.cosigned',
  returned: 'shared:auditWords.entries.returned',
  exported: 'shared:auditWords.entries.exported',
  backup: 'shared:auditWords.entries.backup',
  restore: 'shared:auditWords.entries.restore',
  'transfer-export': 'shared:auditWords.entries.transferExport',
  'transfer-import': 'shared:auditWords.entries.transferImport',
  enrolment: 'shared:auditWords.entries.enrolment',
  'device-revoked': 'shared:auditWords.entries.deviceRevoked',
  'break-glass': 'shared:auditWords.entries.breakGlass',
  'break-glass-failed': 'shared:auditWords.entries.breakGlassFailed',
  'client-archived': 'shared:auditWords.entries.clientArchived',
  'client-returned': 'shared:auditWords.entries.clientReturned',
};

export function describeAuditEntry(entry: AuditEntry, names: Names = {}): Message {
  const name = names.staff || entry.who.name;
  const who: Message = name ? verbatim(name) : { key: 'shared:auditWords.someone' };
  const t = entry.target;
  const client = t?.clientId ? clientIn(names.client) : undefined;
  const record: Message = t ? recordInWords(t, names.client) : { key: 'shared:auditWords.aRecord' };
  switch (entry.action) {
    // An addendum's target is the note it adds to, never the client record.
    case 'addended':
      return client ? { key: 'shared:auditWords.entries.addendedFor', values: { who, client } } : { key: 'shared:auditWords.entries.addended', values: { who } };
    case 'printed':
      return client ? { key: 'shared:auditWords.entries.printedFor', values: { who, client } } : { key: 'shared:auditWords.entries.printed', values: { who } };
    case 'chart-opened':
      return { key: ENTRIES[entry.action], values: { who, client: client ?? { key: 'shared:auditWords.aClient' } } };
    default:
      return { key: ENTRIES[entry.action], values: { who, record } };
  }
}
