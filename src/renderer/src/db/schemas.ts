/**
 * RxDB schemas: the source of truth for stored document types.
 * Collection plan and limits: docs/ARCHITECTURE.md.
 */
import { toTypedRxJsonSchema, type ExtractDocumentTypeFromTypedRxJsonSchema, type RxJsonSchema } from 'rxdb/plugins/core';

const settingsSchemaLiteral = {
  title: 'settings',
  description: 'Practice-wide settings, one document per setting so that edits to different settings never conflict',
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: { type: 'string', maxLength: 64 },
    /** JSON of the value, validated against practiceSettingsSchema by the repository. */
    value: { type: 'string', maxLength: 4096 },
    updatedAt: { type: 'number', minimum: 0, maximum: 8640000000000000, multipleOf: 1 },
  },
  required: ['id', 'value', 'updatedAt'],
  additionalProperties: false,
} as const;

const settingsTyped = toTypedRxJsonSchema(settingsSchemaLiteral);
export type SettingDocType = ExtractDocumentTypeFromTypedRxJsonSchema<typeof settingsTyped>;
export const settingsSchema: RxJsonSchema<SettingDocType> = settingsTyped;
