import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  createPracticeKey,
  envelopeBindsState,
  envelopePayloadVersion,
  openRecord,
  sealJson,
  sealRecord,
  TamperedError,
  toBase64Url,
  VaultCryptoError,
  type DataKey,
} from '../../../src/shared/crypto';
import { generateDemoPractice } from '../../../src/shared/demo/generate';
import { syncDocumentSchema } from '../../../src/shared/sync/protocol';
import { Codec, codecOf, MissingFieldsError, NewerRecordError, openPayload, RECORD_CODECS, RecordShapeError, restoreRecord, sealPayload, type Codecs, type StoredRecord } from '../../../src/shared/records';

async function newKey(): Promise<DataKey> {
  const { dataKey, raw } = await createPracticeKey();
  raw.fill(0);
  return dataKey;
}

/** A test-only history of one kind: v1 {name}, v2 renames name → fullName, v3 adds a required field with a default. */
const v1 = z.object({ name: z.string() }).strict();
const v2 = z.object({ fullName: z.string() }).strict();
const v3 = z.object({ fullName: z.string(), pronouns: z.string() }).strict();
const history = Codec.of('test/person', v1)
  .then(v2, (p) => ({ fullName: p.name }))
  .then(v3, (p) => ({ ...p, pronouns: '' }));
const versions = [history, Codec.of('test/person', v1).then(v2, (p) => ({ fullName: p.name }))];
const codecsAt = (codec: Codec<unknown>): Codecs => ({ people: { by: null, kinds: { '': codec } } });
const place = { collection: 'people', id: 'person-1' };

describe('record codecs', () => {
  it('decode(encode(x)) = x at every version of a kind', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (fullName, pronouns) => {
        expect(history.decode(3, history.encode({ fullName, pronouns }))).toEqual({ fullName, pronouns });
        expect(versions[1]!.decode(2, versions[1]!.encode({ fullName }))).toEqual({ fullName });
      }),
    );
  });

  it('an older payload decodes to the current version, step by step', () => {
    fc.assert(
      fc.property(fc.string(), (name) => {
        expect(history.decode(1, { name })).toEqual({ fullName: name, pronouns: '' });
        expect(history.decode(2, { fullName: name })).toEqual({ fullName: name, pronouns: '' });
      }),
    );
  });

  it('refuses a payload that is not of its version, and a version newer than it knows, with distinct typed errors', () => {
    expect(() => history.decode(1, { fullName: 'Synthetic' })).toThrow(RecordShapeError);
    expect(() => history.encode({ fullName: 'Synthetic' } as never)).toThrow(RecordShapeError);
    let newer: unknown = null;
    try {
      versions[1]!.decode(3, { fullName: 'x', pronouns: '' });
    } catch (error) {
      newer = error;
    }
    expect(newer).toBeInstanceOf(NewerRecordError);
    expect((newer as Error).message).toBe('This record was made by a newer version of Waypoint: update to edit it');
  });

  it('every kind of the demo practice round-trips through its codec unchanged', async () => {
    const demo = generateDemoPractice({ clients: 12, seed: 7, today: '2026-03-02', weeksBack: 4 });
    const samples: [string, Record<string, unknown>, unknown][] = [
      ...demo.clients.map((c): [string, Record<string, unknown>, unknown] => ['clients', { kind: 'client' }, c.data]),
      ...demo.programs.map((p): [string, Record<string, unknown>, unknown] => ['programs', { kind: 'program' }, p.data]),
      ...demo.tracks.map((t): [string, Record<string, unknown>, unknown] => ['programs', { kind: 'track' }, t.data]),
      ...demo.episodes.map((e): [string, Record<string, unknown>, unknown] => ['episodes', {}, e.data]),
      ...demo.staff.map((s): [string, Record<string, unknown>, unknown] => ['staff', {}, { displayName: s.displayName, credentials: s.credentials, needsCosignature: s.needsCosignature }]),
      ...demo.groups.map((g): [string, Record<string, unknown>, unknown] => ['programs', { kind: 'group' }, g.data]),
      ...demo.memberships.map((m): [string, Record<string, unknown>, unknown] => ['programs', { kind: 'membership' }, m]),
    ];
    expect(samples.length).toBeGreaterThan(20);
    for (const [collection, plain, data] of samples) {
      const codec = codecOf(collection, plain);
      const encoded = codec.encode(data);
      expect(codec.decode(codec.current, JSON.parse(JSON.stringify(encoded)))).toEqual(encoded);
    }
  });

  it('every collection of the app has a codec for every kind its documents can name', () => {
    expect(Object.keys(RECORD_CODECS).sort()).toEqual(['audit', 'clients', 'conflicts', 'episodes', 'notes', 'plans', 'privateNotes', 'programs', 'sessions', 'settings', 'staff']);
    expect(() => codecOf('notes', { kind: 'voice-memo' })).toThrow(NewerRecordError);
  });
});

/** A record as main sealed it before w3 (w2: payload version bound, state not): built here with WebCrypto, as no code writes it any more. */
async function sealW2(key: DataKey, payloadVersion: number, value: unknown): Promise<string> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const aad = new TextEncoder().encode(JSON.stringify(['waypoint-envelope', 'w2', 'A256GCM', key.id, place.collection, place.id, payloadVersion]));
  const ciphertext = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: aad }, key.key, new TextEncoder().encode(JSON.stringify(value))));
  return `w2.A256GCM.${key.id}.${payloadVersion}.${toBase64Url(iv)}.${toBase64Url(ciphertext)}`;
}

const state = { rev: 4, updatedAt: 1_790_000_000_000, deleted: false, fields: { kind: 'person', status: 'active', clientId: 'client-7', date: '2026-03-02' } };
const stored = (sealed: string, changes: Record<string, unknown> = {}) => ({ id: place.id, rev: state.rev, updatedAt: state.updatedAt, _deleted: false, ...state.fields, sealed, ...changes });

describe('record envelope (w3): payload version, rev, updatedAt and deleted flag bound; query fields sealed', () => {
  it('seals at the current version and opens to the same value', async () => {
    const key = await newKey();
    await fc.assert(
      fc.asyncProperty(fc.string(), fc.string(), async (fullName, pronouns) => {
        const { sealed } = await sealPayload(key, 'people', { id: place.id, rev: 1, updatedAt: 5 }, { fullName, pronouns }, codecsAt(history));
        expect(envelopePayloadVersion(sealed)).toBe(3);
        expect(sealed.startsWith(`w3.A256GCM.${key.id}.3.`)).toBe(true);
        expect(await openPayload(key, 'people', { id: place.id, rev: 1, updatedAt: 5, sealed }, codecsAt(history))).toEqual({ value: { fullName, pronouns }, payloadVersion: 3, current: 3 });
      }),
      { numRuns: 30 },
    );
  });

  it('opens a record sealed by release 0.1.0 (w1, schema version 0 in the AAD) as payload version 1 and upgrades it', async () => {
    const key = await newKey();
    const legacy = await sealJson(key, { ...place, schemaVersion: 0 }, { name: 'Synthetic Quill' });
    expect(envelopePayloadVersion(legacy)).toBe(1);
    expect(await openPayload(key, 'people', { id: place.id, rev: 1, updatedAt: 1, sealed: legacy }, codecsAt(history))).toEqual({ value: { fullName: 'Synthetic Quill', pronouns: '' }, payloadVersion: 1, current: 3 });
    // A w1 blob sealed for another schema version is not a 0.1.0 record: tampered.
    const other = await sealJson(key, { ...place, schemaVersion: 1 }, { name: 'Synthetic Quill' });
    await expect(openRecord(key, place, other, state)).rejects.toBeInstanceOf(TamperedError);
  });

  it('opens a w2 record (payload version bound, state not) and refuses one passed off as w3', async () => {
    const key = await newKey();
    const w2 = await sealW2(key, 2, { fullName: 'Synthetic Wren' });
    expect(envelopePayloadVersion(w2)).toBe(2);
    expect(envelopeBindsState(w2)).toBe(false);
    expect(await openPayload(key, 'people', { id: place.id, rev: 9, updatedAt: 9, sealed: w2 }, codecsAt(history))).toEqual({ value: { fullName: 'Synthetic Wren', pronouns: '' }, payloadVersion: 2, current: 3 });
    await expect(openRecord(key, place, `w3${w2.slice(2)}`, state)).rejects.toBeInstanceOf(TamperedError);
    const parts = w2.split('.');
    parts[3] = '3';
    await expect(openRecord(key, place, parts.join('.'), state)).rejects.toBeInstanceOf(TamperedError);
  });

  it('detects any change of the stated version, and of the payload', async () => {
    const key = await newKey();
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 999 }), async (version, claimed) => {
        fc.pre(version !== claimed);
        const sealed = await sealRecord(key, place, version, { any: 'payload' }, state);
        const parts = sealed.split('.');
        parts[3] = String(claimed);
        await expect(openRecord(key, place, parts.join('.'), state)).rejects.toBeInstanceOf(TamperedError);
      }),
      { numRuns: 30 },
    );
    const sealed = await sealRecord(key, place, 2, { fullName: 'Synthetic' }, state);
    const parts = sealed.split('.');
    const ciphertext = parts[5]!;
    parts[5] = (ciphertext[0] === 'A' ? 'B' : 'A') + ciphertext.slice(1);
    await expect(openRecord(key, place, parts.join('.'), state)).rejects.toBeInstanceOf(VaultCryptoError);
    // Passing a w3 record off as a w1 one (dropping the version), or as a w2 one, fails too.
    const asLegacy = ['w1', ...sealed.split('.').slice(1, 3), ...sealed.split('.').slice(4)].join('.');
    await expect(openRecord(key, place, asLegacy, state)).rejects.toBeInstanceOf(TamperedError);
    await expect(openRecord(key, place, `w2${sealed.slice(2)}`, state)).rejects.toBeInstanceOf(TamperedError);
  });

  it('any change of rev, updatedAt, the deleted flag or a query field reads as tampered', async () => {
    const key = await newKey();
    const codecs: Codecs = { people: { by: 'kind', kinds: { person: history as Codec<unknown> } } };
    const { sealed } = await sealPayload(key, 'people', stored(''), { fullName: 'Synthetic Ash', pronouns: '' }, codecs);
    expect((await openPayload(key, 'people', stored(sealed), codecs)).value).toEqual({ fullName: 'Synthetic Ash', pronouns: '' });
    const changes: Record<string, unknown>[] = [
      { rev: state.rev - 1 },
      { rev: state.rev + 1 },
      { updatedAt: state.updatedAt + 1 },
      { _deleted: true },
      { status: 'discharged' },
      { clientId: 'client-8' },
      { date: '2026-03-03' },
      { kind: 'other' },
      { episodeId: 'episode-1' },
    ];
    for (const change of changes) {
      await expect(openPayload(key, 'people', stored(sealed, change), codecs), JSON.stringify(change)).rejects.toBeInstanceOf(TamperedError);
      await expect(restoreRecord(key, 'people', stored(sealed, change)), JSON.stringify(change)).rejects.toBeInstanceOf(TamperedError);
    }
  });

  it('restores the sealed query fields of a document that travelled without them; a w1/w2 record keeps the fields it carries, and without any is not indexed', async () => {
    const key = await newKey();
    const sealed = await sealRecord(key, place, 1, { name: 'Synthetic' }, state);
    const wire = { id: place.id, rev: state.rev, updatedAt: state.updatedAt, sealed, _deleted: false };
    expect(await restoreRecord(key, 'people', wire)).toEqual({ ...wire, ...state.fields });
    // A forged field beside them is tampering, not a field to apply.
    await expect(restoreRecord(key, 'people', { ...wire, status: 'alert-open' } as StoredRecord)).rejects.toBeInstanceOf(TamperedError);
    const legacy = await sealJson(key, { ...place, schemaVersion: 0 }, { name: 'Synthetic' });
    const legacyWire = { ...wire, sealed: legacy };
    expect(await restoreRecord(key, 'people', { ...legacyWire, kind: 'person' } as StoredRecord)).toEqual({ ...legacyWire, kind: 'person' });
    await expect(restoreRecord(key, 'people', legacyWire)).rejects.toBeInstanceOf(MissingFieldsError);
  });

  it('a newer version is authentic but refused as newer, never as tampered; there is no step down', async () => {
    const key = await newKey();
    const doc = { id: place.id, rev: 2, updatedAt: 3 };
    const { sealed } = await sealPayload(key, 'people', doc, { fullName: 'Synthetic', pronouns: 'they' }, codecsAt(history));
    const older = codecsAt(versions[1]!);
    const error = await openPayload(key, 'people', { ...doc, sealed }, older).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NewerRecordError);
    expect(error).toMatchObject({ payloadVersion: 3, known: 2 });
    // An envelope form from the future is a newer record too.
    const future = `w9.${sealed.split('.').slice(1).join('.')}`;
    await expect(openPayload(key, 'people', { ...doc, sealed: future }, older)).rejects.toBeInstanceOf(NewerRecordError);
  });
});

describe('the payload version travels with each record', () => {
  it('in the sync protocol (and so in backups and transfer files, which check documents with it): w1, w2 and w3 pass, a malformed version does not', async () => {
    const key = await newKey();
    const doc = (sealed: string) => ({ id: 'person-1', rev: 1, updatedAt: 1, sealed, _deleted: false });
    const current = await sealRecord(key, place, 7, { any: 'payload' }, state);
    expect(syncDocumentSchema.safeParse(doc(await sealW2(key, 7, { any: 'payload' }))).success).toBe(true);
    expect(syncDocumentSchema.safeParse(doc(current)).success).toBe(true);
    expect(envelopePayloadVersion(syncDocumentSchema.parse(doc(current)).sealed)).toBe(7);
    expect(syncDocumentSchema.safeParse(doc(await sealJson(key, { ...place, schemaVersion: 0 }, { any: 'payload' }))).success).toBe(true);
    const parts = current.split('.');
    for (const version of ['0', '01', 'x', '']) expect(syncDocumentSchema.safeParse(doc([...parts.slice(0, 3), version, ...parts.slice(4)].join('.'))).success, version).toBe(false);
  });
});
