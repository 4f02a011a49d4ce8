import { firstValueFrom } from 'rxjs';
import { createRxDatabase, type RxStorage } from 'rxdb/plugins/core';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultRules, type Authorization } from '../../src/shared/billing';
import { openDatabase, type WaypointDatabase } from '../../src/renderer/src/db/database';
import { plansSchema } from '../../src/renderer/src/db/schemas';
import { AuthorizationError, AuthorizationsRepository, editable } from '../../src/renderer/src/repositories/authorizations';
import { MeasuresRepository } from '../../src/renderer/src/repositories/measures';
import { SettingsRepository } from '../../src/renderer/src/repositories/settings';
import { SealedStore } from '../../src/renderer/src/db/sealed-store';
import { DEFAULT_SERVICE_CODES } from '../../src/shared/exports';
import { testKeySource } from './support/keys';

let counter = 0;
const NOW = new Date(2026, 2, 10, 9, 0).getTime();
const open: WaypointDatabase[] = [];

afterEach(async () => {
  await Promise.all(open.splice(0).map((db) => db.remove()));
});

async function device(name = `authorizations-${++counter}-${crypto.randomUUID()}`, keys?: Awaited<ReturnType<typeof testKeySource>>) {
  const db = await openDatabase({ name, validate: true, only: ['plans', 'settings'] });
  open.push(db);
  const k = keys ?? (await testKeySource());
  const settings = new SettingsRepository(db.settings, k, () => NOW);
  return { db, keys: k, settings, authorizations: new AuthorizationsRepository(db.plans, k, db.settings, () => NOW) };
}

function authorization(payerId: string, change: Partial<Authorization> = {}): Authorization {
  return {
    clientId: 'client-synthetic-1',
    episodeId: 'episode-synthetic-1',
    payerId,
    number: 'AUTH-SYNTH-77',
    authorizedLevel: 'iop',
    levelDifferenceReason: '',
    units: 10,
    frequency: '3 days a week',
    startOn: '2026-03-01',
    endOn: '2026-03-14',
    nextReviewOn: '2026-03-10',
    reviewType: 'initial',
    status: 'approved',
    careManager: { name: 'Care Manager Quillfeather', phone: '555-0100' },
    covers: ['group', 'individual'],
    reviews: {},
    certifications: {},
    notes: '',
    ...change,
  };
}

describe('authorizations repository (RxDB + fake-indexeddb, real WebCrypto)', () => {
  it('keeps each payer as its own record, refuses an unknown payer and a duplicate name, and seals everything but ids, start and active/ended', async () => {
    const { db, authorizations } = await device();
    await expect(authorizations.add(authorization('payer-missing'))).rejects.toThrow(AuthorizationError);
    const payer = await authorizations.savePayer({ name: 'Synthetic Health Plan', kind: 'commercial', rules: defaultRules('commercial') });
    await expect(authorizations.savePayer({ name: ' synthetic health plan ', kind: 'medicare', rules: defaultRules('medicare') })).rejects.toThrow('already listed');
    await expect(authorizations.savePayer({ name: 'Synthetic Bad Rules', kind: 'commercial', rules: { ...defaultRules('commercial'), warnUnitsLeft: -1 } })).rejects.toThrow('The units warning must be between 0 and 100');
    expect((await authorizations.payers()).map((p) => p.name)).toEqual(['Synthetic Health Plan']);

    const saved = await authorizations.add(authorization(payer.id));
    const [raw] = (await db.plans.find().exec()).map((d) => d.toJSON() as Record<string, unknown>);
    const plaintext = Object.fromEntries(Object.entries(raw!).filter(([key]) => key !== 'sealed' && !key.startsWith('_')));
    expect(plaintext).toEqual({ id: saved.id, rev: 1, updatedAt: NOW, kind: 'authorization', clientId: 'client-synthetic-1', episodeId: 'episode-synthetic-1', status: 'active', date: '2026-03-01' });
    for (const secret of ['AUTH-SYNTH-77', 'Quillfeather', payer.id, '"units"']) expect(JSON.stringify(raw)).not.toContain(secret);
  });

  it('records a review and its outcome, keeps earlier reviews through an edit, and lists reviews due only while requested or approved', async () => {
    const { authorizations } = await device();
    const payer = await authorizations.savePayer({ name: 'Synthetic Medicare', kind: 'medicare', rules: defaultRules('medicare') });
    const saved = await authorizations.add(authorization(payer.id, { status: 'requested', units: 0 }));
    const review = { on: '2026-03-10', type: 'initial' as const, sent: 'Synthetic assessment summary', outcome: 'Approved 10 days', by: 'Office Synthetic' };
    const reviewed = await authorizations.recordReview(saved.id, review, { status: 'approved', units: 10, endOn: '2026-03-14', nextReviewOn: '2026-03-13', reviewType: 'concurrent' });
    expect(reviewed).toMatchObject({ rev: 2, status: 'active', data: { status: 'approved', units: 10, nextReviewOn: '2026-03-13' } });
    expect(Object.values(reviewed.data.reviews)).toEqual([review]);
    await expect(authorizations.recordReview(saved.id, review, { status: 'approved', units: 10, endOn: '2026-02-01', nextReviewOn: '', reviewType: 'concurrent' })).rejects.toThrow(/^The end date 2026-02-01 is before the start date/);

    const certified = await authorizations.recordCertification(saved.id, { on: '2026-03-02', physician: 'Dr Synthetic Certifier' });
    expect(Object.values(certified.data.certifications)).toEqual([{ on: '2026-03-02', physician: 'Dr Synthetic Certifier' }]);
    await expect(authorizations.recordCertification(saved.id, { on: '2026-03-02', physician: '' })).rejects.toThrow('Name the certifying physician');
    const fields = editable(certified.data);
    const edited = await authorizations.update(saved.id, { ...fields, number: 'AUTH-SYNTH-78' });
    expect(Object.keys(edited.data.reviews)).toHaveLength(1);
    expect(Object.keys(edited.data.certifications)).toHaveLength(1);
    expect((await firstValueFrom(authorizations.active$())).map((r) => r.id)).toEqual([saved.id]);
    await authorizations.update(saved.id, { ...fields, status: 'denied' });
    expect(await firstValueFrom(authorizations.active$())).toEqual([]);
    expect((await firstValueFrom(authorizations.forClient$('client-synthetic-1')))[0]).toMatchObject({ status: 'ended', data: { status: 'denied' } });
  });

  it('opens a plans collection stored at schema version 0 (a 0.1.0 device): its records migrate without the key and read as before', async () => {
    const name = `authorizations-v0-${crypto.randomUUID()}`;
    const keys = await testKeySource();
    const v0Schema = { ...plansSchema, version: 0, properties: { ...plansSchema.properties, kind: { ...plansSchema.properties.kind, enum: ['plan', 'measure', 'measure-schedule'] } } };
    const old = await createRxDatabase({ name, storage: getRxStorageDexie() as RxStorage<unknown, unknown>, multiInstance: false });
    const { plans: oldPlans } = await old.addCollections({ plans: { schema: v0Schema as never } });
    const given = await new MeasuresRepository(oldPlans as never, keys, () => NOW).record({
      instrumentId: 'phq9',
      clientId: 'client-synthetic-1',
      episodeId: 'episode-synthetic-1',
      date: '2026-03-02',
      answers: { q1: 1, q2: 1, q3: 0, q4: 2, q5: 0, q6: 1, q7: 0, q8: 0, q9: 0 },
      enteredBy: 'clinician',
      recordedBy: 'staff-synthetic',
    });
    const before = (await oldPlans.findOne(given.id).exec())!.toJSON();
    await old.close();

    const { db, authorizations } = await device(name, keys);
    expect(db.plans.schema.version).toBe(1);
    const after = (await db.plans.findOne(given.id).exec())!.toJSON();
    expect(after).toMatchObject({ id: given.id, rev: before.rev, updatedAt: before.updatedAt, sealed: before.sealed, kind: 'measure', status: 'complete' });
    expect((await firstValueFrom(new MeasuresRepository(db.plans, keys).forClient$('client-synthetic-1')))[0]!.data.total).toBe(given.data.total);
    const payer = await authorizations.savePayer({ name: 'Synthetic Health Plan', kind: 'commercial', rules: defaultRules('commercial') });
    await authorizations.add(authorization(payer.id));
    expect(await authorizations.forClient('client-synthetic-1')).toHaveLength(1);
  });

  it('reads the payers kept as one setting (before each was its own record): written once as records with the practice’s per-diem code, the setting removed, nothing lost', async () => {
    const { db, keys, settings, authorizations } = await device();
    // As the release before this one stored them: one `payers` setting, rules without a per-diem line.
    const withoutPerDiem = (rules: Partial<ReturnType<typeof defaultRules>>) => {
      delete rules.perDiem;
      return rules;
    };
    const commercial = withoutPerDiem(defaultRules('commercial'));
    const medicare = withoutPerDiem(defaultRules('medicare'));
    const legacy = [
      { id: 'payer-legacy-1', name: 'Synthetic Health Plan', kind: 'commercial', rules: { ...commercial, warnUnitsLeft: 4 } },
      { id: 'payer-legacy-2', name: 'Synthetic Medicare', kind: 'medicare', rules: medicare },
    ];
    const raw = new SealedStore<object, unknown>(db.settings, keys, () => NOW);
    await raw.insert('payers', {}, legacy);
    await settings.save({ serviceCodes: { ...DEFAULT_SERVICE_CODES, perDiem: { code: 'H0015', minimumMinutes: 120 } } });
    expect(await authorizations.payers()).toEqual([]);

    expect(await authorizations.migrateLegacyPayers()).toBe(2);
    const perDiem = { code: 'H0015', minServices: 1, minMinutes: 120 };
    expect(await authorizations.payers()).toEqual([
      { id: 'payer-legacy-1', name: 'Synthetic Health Plan', kind: 'commercial', rules: { ...commercial, warnUnitsLeft: 4, perDiem } },
      { id: 'payer-legacy-2', name: 'Synthetic Medicare', kind: 'medicare', rules: { ...medicare, perDiem } },
    ]);
    expect(await raw.get('payers')).toBeNull();
    // Once only: a second run finds nothing to do, and an authorization names a migrated payer.
    expect(await authorizations.migrateLegacyPayers()).toBe(0);
    await authorizations.add(authorization('payer-legacy-1'));
    expect((await settings.get()).serviceCodes.perDiem).toEqual({ code: 'H0015', minimumMinutes: 120 });

    // A list it cannot read stays stored as it is, with the reason.
    await raw.insert('payers', {}, [{ id: 'payer-legacy-3', name: '', kind: 'commercial', rules: commercial }]);
    await expect(authorizations.migrateLegacyPayers()).rejects.toThrow('The practice’s payers could not be read as stored: 0.name: Give the payer a name');
    expect(await raw.get('payers')).not.toBeNull();
  });
});
