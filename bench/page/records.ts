import type { RxJsonSchema } from 'rxdb/plugins/core';

/**
 * A bench record: three fields that must be secret (names and a note) and the plaintext fields a
 * sealed client document has. The plain and crypto-js baselines store the same documents with the
 * same indexes as the app's `clients` collection, so the comparison measures the encryption only.
 */
export interface BenchRecord {
  id: string;
  kind: 'client';
  clientId: string;
  status: 'active' | 'discharged';
  rev: number;
  updatedAt: number;
  firstName: string;
  lastName: string;
  note: string;
}

export const plainSchema: RxJsonSchema<BenchRecord> = {
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: { type: 'string', maxLength: 64 },
    kind: { type: 'string', enum: ['client'], maxLength: 16 },
    clientId: { type: 'string', maxLength: 64 },
    status: { type: 'string', enum: ['waitlist', 'active', 'discharged'], maxLength: 12 },
    rev: { type: 'integer', minimum: 0, maximum: 1000000000 },
    updatedAt: { type: 'number', minimum: 0, maximum: 8640000000000000, multipleOf: 1 },
    firstName: { type: 'string' },
    lastName: { type: 'string' },
    note: { type: 'string' },
  },
  required: ['id', 'kind', 'clientId', 'status', 'rev', 'updatedAt', 'firstName', 'lastName', 'note'],
  indexes: ['status', 'clientId'],
};

export function benchRecords(count: number): BenchRecord[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `record-${String(i).padStart(6, '0')}`,
    kind: 'client',
    clientId: '',
    status: i % 10 === 0 ? 'discharged' : 'active',
    rev: 1,
    updatedAt: 1_700_000_000_000 + i,
    firstName: `Synthfirst${i}`,
    lastName: `Synthlast${i % 997}`,
    note: `Synthetic group note ${i}: participated actively, shared coping strategies for sleep and worry, practised grounding, plan to continue attending.`,
  }));
}
