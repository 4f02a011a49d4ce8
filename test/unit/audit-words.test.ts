import { describe, expect, it } from 'vitest';
import { describeAuditEntry, describeRecord, recordInWords } from '../../src/shared/audit-words';
import { englishMessage as english } from '../../src/shared/messages';
import { auditEntrySchema, auditTargetOf, AUDIT_ACTIONS, GENESIS_HASH, type AuditEntry } from '../../src/shared/audit';

const entry = (change: Partial<AuditEntry>): AuditEntry =>
  auditEntrySchema.parse({ v: 1, deviceId: 'device-a', seq: 1, at: '2026-12-01T15:00:00.000Z', who: { staffId: 'staff-1', name: 'Old Name Synthetic' }, action: 'signed', prevHash: GENESIS_HASH, ...change });

describe('the audit trail in words', () => {
  it('says who did what to which record of which client, with the date the record carries', () => {
    const signed = entry({ target: { collection: 'notes', id: 'note-session-group-1-2026-12-01-client-1', clientId: 'client-1' } });
    expect(english(describeAuditEntry(signed, { staff: 'Dr Test Clinician', client: 'Client Alpha' }))).toBe('Dr Test Clinician signed a progress note of 2026-12-01 for Client Alpha');
  });

  it('uses the staff name resolved now, else the one the entry was written with', () => {
    expect(english(describeAuditEntry(entry({ action: 'unlock' })))).toBe('Old Name Synthetic unlocked Waypoint');
    expect(english(describeAuditEntry(entry({ action: 'unlock' }), { staff: 'New Name Synthetic' }))).toBe('New Name Synthetic unlocked Waypoint');
  });

  it('names the client record itself, and says when a client is not on this device', () => {
    expect(english(describeAuditEntry(entry({ action: 'created', target: { collection: 'clients', id: 'client-1', clientId: 'client-1' } }), { client: 'Client Alpha' }))).toBe('Old Name Synthetic created the client record of Client Alpha');
    expect(english(describeAuditEntry(entry({ action: 'chart-opened', target: { collection: 'clients', id: 'client-1', clientId: 'client-1' } })))).toBe('Old Name Synthetic opened the chart of a client whose record is not on this device');
  });

  it('says a client was archived off the laptop or brought back, though their record is then not on this device', () => {
    const target = { collection: 'clients', id: 'client-1', clientId: 'client-1' };
    expect(english(describeAuditEntry(entry({ action: 'client-archived', target }), { client: 'Client Alpha' }))).toBe('Old Name Synthetic archived the client record of Client Alpha off this laptop (kept on the server)');
    expect(english(describeAuditEntry(entry({ action: 'client-returned', target })))).toBe('Old Name Synthetic brought back the client record of a client whose record is not on this device from the server');
  });

  it('tells record kinds apart by collection and id', () => {
    expect(english(describeRecord('plans', 'plan-abc-v2'))).toBe('version 2 of a treatment plan');
    expect(english(describeRecord('plans', 'measure-0mxc-1'))).toBe('a measure result');
    expect(english(describeRecord('notes', 'note-session-x-2026-12-01-shared'))).toBe('the shared part of a group note');
    expect(english(describeRecord('clients', 'consent-1'))).toBe('a release of information');
    expect(english(describeRecord('programs', 'membership-1'))).toBe('a group membership');
    expect(english(describeRecord('settings', 'author-key-yNz2DD'))).toBe('a private-note key');
    expect(english(describeRecord('settings', 'timeZone'))).toBe('the practice settings');
  });

  it('names a record outside the trail (a sync conflict) the same way, from its plain fields and its own date', () => {
    const privateNote = auditTargetOf('privateNotes', { id: 'private-0f3a9c', kind: 'psychotherapy', clientId: 'client-1' });
    expect(english(recordInWords(privateNote, 'Client Alpha', '2026-12-01'))).toBe('a psychotherapy note of 2026-12-01 for Client Alpha');
    expect(english(recordInWords(privateNote))).toBe('a psychotherapy note for a client whose record is not on this device');
    expect(english(recordInWords(auditTargetOf('clients', { id: 'client-1', kind: 'client' }), 'Client Alpha'))).toBe('the client record of Client Alpha');
    expect(english(recordInWords(auditTargetOf('staff', { id: 'staff-1' })))).toBe('a staff profile');
  });

  it('has words for every action', () => {
    for (const action of AUDIT_ACTIONS) {
      const words = english(describeAuditEntry(entry({ action, target: { collection: 'notes', id: 'note-1', clientId: 'client-1' } })));
      expect(words).toContain('Old Name Synthetic');
      expect(words).not.toMatch(/\{\{|shared:/);
    }
  });
});
