/**
 * RxDB schemas: the source of truth for stored document types. Every collection holds sealed
 * documents: plaintext only for what queries and sync need, everything else in `sealed`
 * (DESIGN.md §2). Collection plan and limits: docs/ARCHITECTURE.md.
 */
import { toTypedRxJsonSchema, type ExtractDocumentTypeFromTypedRxJsonSchema, type RxJsonSchema } from 'rxdb/plugins/core';

const MAX_TIME = 8640000000000000;

/** Fields every sealed document has. */
const sealedBase = {
  id: { type: 'string', maxLength: 64 },
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
  description: 'Clients and the records of their aggregate; names, dates of birth and all free text sealed',
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    ...sealedBase,
    kind: { type: 'string', enum: ['client'], maxLength: 16 },
    status: { type: 'string', enum: ['waitlist', 'active', 'discharged'], maxLength: 12 },
  },
  required: [...sealedRequired, 'kind', 'status'],
  indexes: ['status'],
  additionalProperties: false,
} as const;

const settingsTyped = toTypedRxJsonSchema(settingsLiteral);
const staffTyped = toTypedRxJsonSchema(staffLiteral);
const clientsTyped = toTypedRxJsonSchema(clientsLiteral);

export type SettingDocType = ExtractDocumentTypeFromTypedRxJsonSchema<typeof settingsTyped>;
export type StaffDocType = ExtractDocumentTypeFromTypedRxJsonSchema<typeof staffTyped>;
export type ClientDocType = ExtractDocumentTypeFromTypedRxJsonSchema<typeof clientsTyped>;

export const settingsSchema: RxJsonSchema<SettingDocType> = settingsTyped;
export const staffSchema: RxJsonSchema<StaffDocType> = staffTyped;
export const clientsSchema: RxJsonSchema<ClientDocType> = clientsTyped;

/** The fields of a sealed document that are not plaintext query fields. */
export interface SealedFields {
  id: string;
  rev: number;
  updatedAt: number;
  sealed: string;
}
