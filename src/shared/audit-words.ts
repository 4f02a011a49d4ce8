/**
 * An audit entry in words: "Admin Synthetic signed a progress note of 2026-12-01 for Alpha Client".
 * Entries hold ids only; the viewer resolves names after unlock (staff and clients are sealed
 * records) and passes them here, so no name is ever written into the trail by this.
 */
import type { AuditEntry, AuditTarget } from './audit';

interface Names {
  /** The staff member's name now, else the name the entry was written with. */
  staff?: string;
  /** The client's name, or undefined when the client's record is not on this device. */
  client?: string;
}

/** What kind of record an id is, from its collection and the id's own prefix (ids only, never contents). */
export function describeRecord(collection: string, id: string): string {
  const version = /-v(\d+)$/.exec(id)?.[1];
  const prefix = id.split('-')[0];
  switch (collection) {
    case 'notes':
      if (prefix === 'addendum') return 'an addendum';
      return id.endsWith('-shared') ? 'the shared part of a group note' : 'a progress note';
    case 'privateNotes':
      return 'a psychotherapy note';
    case 'plans':
      if (prefix === 'plan') return version ? `version ${version} of a treatment plan` : 'a treatment plan';
      if (prefix === 'measure') return 'a measure result';
      if (prefix === 'schedule') return 'a measure schedule';
      return 'a plans record';
    case 'clients':
      if (prefix === 'contact') return 'a family or support contact';
      if (prefix === 'consent') return 'a release of information';
      return 'the client record';
    case 'episodes':
      return 'an episode of care';
    case 'programs':
      return { program: 'a programme', track: 'a track', group: 'a group', membership: 'a group membership' }[prefix ?? ''] ?? 'a programme record';
    case 'sessions':
      return 'a session';
    case 'staff':
      return 'a staff profile';
    case 'settings':
      // A staff member's own key for their psychotherapy and SUD counselling notes, kept wrapped in a settings record.
      return prefix === 'author' ? 'a private-note key' : 'the practice settings';
    default:
      return `a ${collection} record`;
  }
}

/** The date a record id carries (a session's date is part of its id and its notes'), if any. */
const dateIn = (id: string) => /\d{4}-\d{2}-\d{2}/.exec(id)?.[0];

const CLIENT_NOT_HERE = 'a client whose record is not on this device';

/**
 * A record as the trail names it: "a progress note of 2026-12-01 for Alpha Client", "the client
 * record of Alpha Client". `client` is the client's name when it is on this device; `date` the
 * record's own (an opaque id carries none), else the one its id carries.
 */
export function recordInWords(target: AuditTarget, client?: string, date = dateIn(target.id)): string {
  const record = `${describeRecord(target.collection, target.id)}${date ? ` of ${date}` : ''}`;
  if (!target.clientId) return record;
  return record === 'the client record' ? `the client record of ${client ?? CLIENT_NOT_HERE}` : `${record} for ${client ?? CLIENT_NOT_HERE}`;
}

export function describeAuditEntry(entry: AuditEntry, names: Names = {}): string {
  const who = names.staff || entry.who.name || 'Someone';
  const t = entry.target;
  const client = t?.clientId ? (names.client ?? CLIENT_NOT_HERE) : undefined;
  // An addendum's target is the note it adds to, never the client record.
  const forClient = client ? ` for ${client}` : '';
  const ofClient = t ? recordInWords(t, names.client) : 'a record';
  switch (entry.action) {
    case 'unlock':
      return `${who} unlocked Waypoint`;
    case 'unlock-failed':
      return `A failed attempt to unlock as ${who}`;
    case 'lock':
      return `${who} locked Waypoint`;
    case 'chart-opened':
      return `${who} opened the chart of ${client ?? 'a client'}`;
    case 'created':
      return `${who} created ${ofClient}`;
    case 'changed':
      return `${who} changed ${ofClient}`;
    case 'deleted':
      return `${who} deleted ${ofClient}`;
    case 'signed':
      return `${who} signed ${ofClient}`;
    case 'cosigned':
      return `${who} co-signed ${ofClient}`;
    case 'returned':
      return `${who} returned ${ofClient} for correction`;
    case 'addended':
      return `${who} added an addendum${forClient}`;
    case 'printed':
      return `${who} printed a document${client ? ` for ${client}` : ''}`;
    case 'exported':
      return `${who} saved an export`;
    case 'backup':
      return `${who} backed up the practice`;
    case 'restore':
      return `${who} restored the practice from a backup`;
    case 'transfer-export':
      return `${who} made a transfer file`;
    case 'transfer-import':
      return `${who} imported a transfer file`;
    case 'enrolment':
      return `${who} enrolled a device`;
    case 'device-revoked':
      return `${who} revoked a device`;
    case 'break-glass':
      return `${who} opened ${ofClient} with the recovery code (break-glass)`;
    case 'break-glass-failed':
      return `${who} tried to open ${ofClient} with a wrong recovery code (break-glass refused)`;
    case 'client-archived':
      return `${who} archived ${ofClient} off this laptop (kept on the server)`;
    case 'client-returned':
      return `${who} brought back ${ofClient} from the server`;
  }
}
