import { describe, expect, it } from 'vitest';
import { isSyncDocument, LIMITS, syncDocumentSchema } from '../../src/shared/sync/protocol';

const SEALED = 'w3.A256GCM.key-1.2.aXZpdml2aXZpdml2.Y2lwaGVydGV4dA';
const valid = { id: 'client-1', rev: 1, updatedAt: 1_700_000_000_000, sealed: SEALED, _deleted: false };
const metadata = Object.fromEntries(Array.from({ length: LIMITS.metadataFields }, (_, i) => [`field${i}`, i % 3 === 0 ? 'x'.repeat(LIMITS.metadataChars) : i % 3 === 1 ? -1.5 : true]));

class Doc {
  id = valid.id;
  rev = valid.rev;
  updatedAt = valid.updatedAt;
  sealed = valid.sealed;
  _deleted = valid._deleted;
}

const accepted: [string, unknown][] = [
  ['the fixed fields', valid],
  ['a tombstone', { ...valid, _deleted: true }],
  ['a w1 envelope as 0.1.0 sealed', { ...valid, sealed: 'w1.A256GCM.key-1.aXY.Y3Q' }],
  ['the most metadata fields, each of the longest or of every kind', { ...valid, ...metadata }],
  ['the largest rev and updatedAt', { ...valid, rev: 1_000_000_000, updatedAt: 8_640_000_000_000_000 }],
  ['an object without a prototype', Object.assign(Object.create(null) as object, valid)],
  ['an object made by a class (the plain checks leave it to the schema)', new Doc()],
];

const refused: [string, unknown][] = [
  ['null', null],
  ['an array', [valid]],
  ['a string', JSON.stringify(valid)],
  ...(['id', 'rev', 'updatedAt', 'sealed', '_deleted'] as const).map((field): [string, unknown] => [`no ${field}`, { ...valid, [field]: undefined }]),
  ['an id with a space', { ...valid, id: 'client 1' }],
  ['an id starting with -', { ...valid, id: '-client' }],
  ['an id too long', { ...valid, id: 'a'.repeat(LIMITS.idChars + 1) }],
  ['a numeric id', { ...valid, id: 1 }],
  ['rev 0', { ...valid, rev: 0 }],
  ['a fractional rev', { ...valid, rev: 1.5 }],
  ['rev beyond its limit', { ...valid, rev: 1_000_000_001 }],
  ['rev as a string', { ...valid, rev: '1' }],
  ['rev NaN', { ...valid, rev: Number.NaN }],
  ['a negative updatedAt', { ...valid, updatedAt: -1 }],
  ['updatedAt infinite', { ...valid, updatedAt: Number.POSITIVE_INFINITY }],
  ['updatedAt beyond the last date', { ...valid, updatedAt: 8_640_000_000_000_001 }],
  ['an envelope of an unknown version', { ...valid, sealed: 'w9.A256GCM.key-1.aXY.Y3Q' }],
  ['an envelope with a space', { ...valid, sealed: `${SEALED} ` }],
  ['a w3 envelope without its payload version', { ...valid, sealed: 'w3.A256GCM.key-1.aXY.Y3Q' }],
  ['an envelope too long', { ...valid, sealed: `${SEALED}${'A'.repeat(LIMITS.sealedChars)}` }],
  ['_deleted as a number', { ...valid, _deleted: 0 }],
  ['one metadata field too many', { ...valid, ...metadata, another: 'x' }],
  ['a metadata name that is not camelCase', { ...valid, Status: 'open' }],
  ['a metadata name with an underscore', { ...valid, _meta: 'x' }],
  ['a metadata name too long', { ...valid, [`a${'b'.repeat(32)}`]: 'x' }],
  ['a metadata string too long', { ...valid, note: 'x'.repeat(LIMITS.metadataChars + 1) }],
  ['a metadata string with NUL', { ...valid, note: 'a\u0000b' }],
  ['a metadata string with an unpaired surrogate', { ...valid, note: 'a\ud800b' }],
  ['a nested metadata value', { ...valid, note: { text: 'x' } }],
  ['an array metadata value', { ...valid, note: ['x'] }],
  ['a null metadata value', { ...valid, note: null }],
  ['an undefined metadata value', { ...valid, note: undefined }],
  ['an infinite metadata number', { ...valid, count: Number.POSITIVE_INFINITY }],
];

describe('isSyncDocument: the schema’s answer, without its cost for well-formed documents', () => {
  it.each(accepted)('accepts %s, as the schema does', (_, doc) => {
    expect(syncDocumentSchema.safeParse(doc).success).toBe(true);
    expect(isSyncDocument(doc)).toBe(true);
  });

  it.each(refused)('refuses %s, as the schema does', (_, doc) => {
    expect(syncDocumentSchema.safeParse(doc).success).toBe(false);
    expect(isSyncDocument(doc)).toBe(false);
  });
});
