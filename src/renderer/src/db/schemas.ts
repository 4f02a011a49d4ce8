/**
 * RxDB schemas: the source of truth for stored document types. Every collection holds sealed
 * documents: plaintext only for what queries and sync need, everything else in `sealed`
 * (docs/ARCHITECTURE.md: Sealed documents). Collection plan and limits: docs/ARCHITECTURE.md.
 */
import { toTypedRxJsonSchema, type ExtractDocumentTypeFromTypedRxJsonSchema, type RxJsonSchema } from 'rxdb/plugins/core';
import { AUDIT_ACTIONS } from '../../../shared/audit';

const MAX_TIME = 8640000000000000;

/**
 * Ids and the foreign keys that hold them. Composite ids are long: a member's note is
 * note-<session id>-<client id>, over 100 characters for a group session.
 */
const ID = { type: 'string', maxLength: 200 } as const;

/** Fields every sealed document has. */
const sealedBase = {
  id: ID,
  /** Incremented on every write; sync detects conflicts by it. */
  rev: { type: 'integer', minimum: 0, maximum: 1000000000 },
  updatedAt: { type: 'number', minimum: 0, maximum: MAX_TIME, multipleOf: 1 },
  /** The AES-256-GCM envelope of everything that is not listed as plaintext. */
  sealed: { type: 'string', maxLength: 2000000 },
} as const;

const sealedRequired = ['id', 'rev', 'updatedAt', 'sealed'] as const;

const settingsLiteral = {
  title: 'settings',
  description: 'Practice-wide settings, one document per setting so that edits to different settings never conflict',
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: { ...sealedBase },
  required: [...sealedRequired],
  additionalProperties: false,
} as const;

const staffLiteral = {
  title: 'staff',
  description: 'Staff profiles: name, credentials and co-signature rule sealed',
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    ...sealedBase,
    role: { type: 'string', enum: ['clinician', 'supervisor', 'administrator'], maxLength: 16 },
    status: { type: 'string', enum: ['active', 'removed'], maxLength: 8 },
  },
  required: [...sealedRequired, 'role', 'status'],
  indexes: ['status'],
  additionalProperties: false,
} as const;

const clientsLiteral = {
  title: 'clients',
  description: 'Clients and the records of their aggregate (family and support contacts, releases, Part 2 consents and disclosures); names, dates of birth and all free text sealed',
  /**
   * 1: kinds part2-consent, part2-signature, part2-disclosure (issue 19); nothing else changed.
   * 2: kinds part2-scan (a paper consent's scanned pages) and part2-breach (the practice's breach
   * log, clientId ''), statuses open and closed (issue 19); nothing else changed.
   */
  version: 2,
  primaryKey: 'id',
  type: 'object',
  properties: {
    ...sealedBase,
    kind: { type: 'string', enum: ['client', 'contact', 'consent', 'part2-consent', 'part2-signature', 'part2-disclosure', 'part2-scan', 'part2-breach'], maxLength: 16 },
    /** For contacts and consents: the client they belong to ('' for a client). */
    clientId: ID,
    status: { type: 'string', enum: ['waitlist', 'active', 'discharged', 'merged', 'current', 'revoked', 'open', 'closed'], maxLength: 12 },
  },
  required: [...sealedRequired, 'kind', 'status', 'clientId'],
  indexes: ['status', 'clientId'],
  additionalProperties: false,
} as const;

const episodesLiteral = {
  title: 'episodes',
  description: 'Episodes of care: admission, level-of-care changes, discharge and aftercare sealed',
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    ...sealedBase,
    clientId: ID,
    programId: ID,
    status: { type: 'string', enum: ['active', 'discharged'], maxLength: 12 },
    admittedOn: { type: 'string', maxLength: 10 },
  },
  required: [...sealedRequired, 'clientId', 'programId', 'status', 'admittedOn'],
  indexes: ['clientId', 'status'],
  additionalProperties: false,
} as const;

const programsLiteral = {
  title: 'programs',
  description: 'Programmes, tracks, groups and roster memberships; names, schedules and topics sealed',
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    ...sealedBase,
    kind: { type: 'string', enum: ['program', 'track', 'group', 'membership'], maxLength: 12 },
    status: { type: 'string', enum: ['active', 'archived'], maxLength: 12 },
    programId: ID,
    trackId: ID,
    groupId: ID,
    clientId: ID,
  },
  /** Ids that do not apply to a kind are '' (an index over a missing field is not queryable). */
  required: [...sealedRequired, 'kind', 'status', 'programId', 'trackId', 'groupId', 'clientId'],
  indexes: ['kind', 'groupId', 'clientId'],
  additionalProperties: false,
} as const;

const sessionsLiteral = {
  title: 'sessions',
  description: 'Sessions (group, individual, family, psychiatric, workshop); times, places, participants sealed',
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    ...sealedBase,
    kind: { type: 'string', enum: ['group', 'individual', 'family', 'psychiatric', 'workshop'], maxLength: 12 },
    status: { type: 'string', enum: ['scheduled', 'cancelled', 'completed'], maxLength: 12 },
    groupId: ID,
    /** Local date of the session, for day and week views. */
    date: { type: 'string', maxLength: 10 },
  },
  required: [...sealedRequired, 'kind', 'status', 'groupId', 'date'],
  indexes: ['date', 'groupId'],
  additionalProperties: false,
} as const;

const notesLiteral = {
  title: 'notes',
  description: 'Clinical notes of sessions: the group shared part, per-member progress notes, other session notes, addenda; all text sealed',
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    ...sealedBase,
    kind: { type: 'string', enum: ['shared', 'progress', 'individual', 'family', 'psychiatric', 'workshop', 'addendum'], maxLength: 12 },
    status: { type: 'string', enum: ['draft', 'signed', 'pending-cosign', 'returned', 'cosigned'], maxLength: 16 },
    sessionId: ID,
    /** '' for a group's shared part. */
    clientId: ID,
    authorId: ID,
    /** The session's local date: notes-due ageing and copy-forward order. */
    date: { type: 'string', maxLength: 10 },
    /** For an addendum: the note it corrects; '' otherwise. */
    parentId: ID,
  },
  required: [...sealedRequired, 'kind', 'status', 'sessionId', 'clientId', 'authorId', 'date', 'parentId'],
  indexes: ['sessionId', 'clientId', 'status', 'parentId'],
  additionalProperties: false,
} as const;

const privateNotesLiteral = {
  title: 'privateNotes',
  description: "Psychotherapy notes and SUD counselling notes: the clinician's private process notes, kept apart from the record and out of exports",
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    ...sealedBase,
    kind: { type: 'string', enum: ['psychotherapy', 'sud-counselling'], maxLength: 16 },
    sessionId: ID,
    clientId: ID,
    authorId: ID,
    date: { type: 'string', maxLength: 10 },
  },
  required: [...sealedRequired, 'kind', 'sessionId', 'clientId', 'authorId', 'date'],
  indexes: ['authorId', 'clientId'],
  additionalProperties: false,
} as const;

const conflictsLiteral = {
  title: 'conflicts',
  description: 'Sync conflicts kept for a person to resolve: both versions of the record, the common ancestor and the resolution, all sealed',
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    ...sealedBase,
    /** The synced collection of the record in conflict ('collection' itself is an RxDocument property). */
    docCollection: { type: 'string', maxLength: 16 },
    docId: ID,
    status: { type: 'string', enum: ['open', 'resolved'], maxLength: 8 },
  },
  required: [...sealedRequired, 'docCollection', 'docId', 'status'],
  indexes: ['status', 'docId'],
  additionalProperties: false,
} as const;

const plansLiteral = {
  title: 'plans',
  description: 'The clinical-progress aggregate of a client: treatment plan versions, outcome-measure administrations, measure schedules, payer authorizations, ASAM assessments and drug screens; all content sealed',
  /**
   * 1: kinds authorization (issue 18), asam-assessment, drug-screen, expected-medications and
   * sobriety-confirmation (issue 19), kind up to 24 characters (COLLECTION_MIGRATIONS.plans[0], no field changes).
   */
  version: 1,
  primaryKey: 'id',
  type: 'object',
  properties: {
    ...sealedBase,
    kind: { type: 'string', enum: ['plan', 'measure', 'measure-schedule', 'authorization', 'asam-assessment', 'drug-screen', 'expected-medications', 'sobriety-confirmation'], maxLength: 24 },
    clientId: ID,
    /** The episode of care the record belongs to. */
    episodeId: ID,
    /** plan: draft | signed | superseded; measure: complete | alert-open | alert-acknowledged; schedule: active | ended; authorization: active (requested or approved) | ended (denied or expired). */
    status: { type: 'string', enum: ['draft', 'signed', 'superseded', 'complete', 'alert-open', 'alert-acknowledged', 'active', 'ended'], maxLength: 20 },
    /** plan: the date it takes effect; measure: the date given; schedule and authorization: its start. */
    date: { type: 'string', maxLength: 10 },
  },
  required: [...sealedRequired, 'kind', 'clientId', 'episodeId', 'status', 'date'],
  indexes: ['kind', 'clientId', 'status'],
  additionalProperties: false,
} as const;

const auditLiteral = {
  title: 'audit',
  description: 'Audit trail: one entry per access or change, hash-chained per device (src/shared/audit.ts); who, what and the chain link sealed',
  /** 1: action break-glass (a private note opened with the recovery code). 2: action break-glass-failed, actions up to 24 characters. 3: actions client-archived and client-returned. Nothing else changed. */
  version: 3,
  primaryKey: 'id',
  type: 'object',
  properties: {
    ...sealedBase,
    deviceId: ID,
    /** The entry's number on its device, zero-padded to 10 digits: sync metadata is text, and text sorts like the number. */
    seq: { type: 'string', maxLength: 10 },
    /** UTC ISO instant (Date.toISOString()): date-range filters. */
    at: { type: 'string', maxLength: 24 },
    action: { type: 'string', enum: AUDIT_ACTIONS, maxLength: 24 },
    /** Ids only, for the viewer's person and client filters ('' when none); names stay sealed. */
    staffId: ID,
    clientId: ID,
  },
  required: [...sealedRequired, 'deviceId', 'seq', 'at', 'action', 'staffId', 'clientId'],
  indexes: [['deviceId', 'seq'], 'at', ['staffId', 'at'], ['clientId', 'at']],
  additionalProperties: false,
} as const;

const settingsTyped = toTypedRxJsonSchema(settingsLiteral);
const staffTyped = toTypedRxJsonSchema(staffLiteral);
const clientsTyped = toTypedRxJsonSchema(clientsLiteral);
const episodesTyped = toTypedRxJsonSchema(episodesLiteral);
const programsTyped = toTypedRxJsonSchema(programsLiteral);
const sessionsTyped = toTypedRxJsonSchema(sessionsLiteral);
const notesTyped = toTypedRxJsonSchema(notesLiteral);
const privateNotesTyped = toTypedRxJsonSchema(privateNotesLiteral);
const plansTyped = toTypedRxJsonSchema(plansLiteral);
const conflictsTyped = toTypedRxJsonSchema(conflictsLiteral);
const auditTyped = toTypedRxJsonSchema(auditLiteral);

export type SettingDocType = ExtractDocumentTypeFromTypedRxJsonSchema<typeof settingsTyped>;
export type StaffDocType = ExtractDocumentTypeFromTypedRxJsonSchema<typeof staffTyped>;
export type ClientDocType = ExtractDocumentTypeFromTypedRxJsonSchema<typeof clientsTyped>;
export type EpisodeDocType = ExtractDocumentTypeFromTypedRxJsonSchema<typeof episodesTyped>;
export type ProgramDocType = ExtractDocumentTypeFromTypedRxJsonSchema<typeof programsTyped>;
export type SessionDocType = ExtractDocumentTypeFromTypedRxJsonSchema<typeof sessionsTyped>;
export type NoteDocType = ExtractDocumentTypeFromTypedRxJsonSchema<typeof notesTyped>;
export type PrivateNoteDocType = ExtractDocumentTypeFromTypedRxJsonSchema<typeof privateNotesTyped>;
export type PlanDocType = ExtractDocumentTypeFromTypedRxJsonSchema<typeof plansTyped>;
export type ConflictDocType = ExtractDocumentTypeFromTypedRxJsonSchema<typeof conflictsTyped>;
export type AuditDocType = ExtractDocumentTypeFromTypedRxJsonSchema<typeof auditTyped>;

export const settingsSchema: RxJsonSchema<SettingDocType> = settingsTyped;
export const staffSchema: RxJsonSchema<StaffDocType> = staffTyped;
export const clientsSchema: RxJsonSchema<ClientDocType> = clientsTyped;
export const episodesSchema: RxJsonSchema<EpisodeDocType> = episodesTyped;
export const programsSchema: RxJsonSchema<ProgramDocType> = programsTyped;
export const sessionsSchema: RxJsonSchema<SessionDocType> = sessionsTyped;
export const notesSchema: RxJsonSchema<NoteDocType> = notesTyped;
export const privateNotesSchema: RxJsonSchema<PrivateNoteDocType> = privateNotesTyped;
export const plansSchema: RxJsonSchema<PlanDocType> = plansTyped;
export const conflictsSchema: RxJsonSchema<ConflictDocType> = conflictsTyped;
export const auditSchema: RxJsonSchema<AuditDocType> = auditTyped;

/** The fields of a sealed document that are not plaintext query fields. */
export interface SealedFields {
  id: string;
  rev: number;
  updatedAt: number;
  sealed: string;
}
