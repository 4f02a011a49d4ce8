/**
 * Two laptops consuming one authorization while apart: each records attendance of different
 * sessions and a utilization review, then both sync through a real server (PGlite). Units are
 * computed from attendance, never stored as a counter, and reviews are kept by id, so both laptops
 * end with the same count and both reviews, and no conflict for a person.
 */
import { firstValueFrom } from 'rxjs';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { consumption, defaultRules, type Authorization } from '../../src/shared/billing';
import { createPracticeKey } from '../../src/shared/crypto';
import { addDays } from '../../src/shared/calendar';
import { servicesOf } from '../../src/renderer/src/features/reports/ledger';
import { AuthorizationsRepository } from '../../src/renderer/src/repositories/authorizations';
import { createSyncServer, type SyncServer } from '../../src/server';
import { useBackend } from './support/backends';
import { newDevice, type Device } from './support/devices';
import { enrolDevice, registerPractice } from './support/server';

const CLIENT = 'client-synthetic-auth';
const FIRST = '2026-03-02';
const TODAY = '2026-03-12';

describe('two laptops consuming one authorization, and editing payers, converge (PGlite)', () => {
  const backend = useBackend('pglite');
  let server: SyncServer;
  const devices: Device[] = [];
  afterEach(async () => {
    await Promise.all(devices.splice(0).map((d) => d.close()));
    await server.close();
  });

  it('each records attendance of different sessions and a review apart; after sync both count 8 of 10 units, warn at 2 left, hold both reviews, and keep no conflict', async () => {
    server = createSyncServer({ storage: backend.storage, logger: false });
    await server.listen({ host: '127.0.0.1', port: 0 });
    const url = `http://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
    const key = (await createPracticeKey()).dataKey;
    const admin = await registerPractice({ url });
    const member = await enrolDevice({ url }, admin.token);
    const collections = ['settings', 'sessions', 'plans', 'notes', 'conflicts'] as const;
    const a = await newDevice('a', key, url, admin, { collections: [...collections] });
    const b = await newDevice('b', key, url, member, { collections: [...collections] });
    devices.push(a, b);
    const repos = (d: Device) => new AuthorizationsRepository(d.db.plans, d.keys, d.db.settings);

    // Laptop a: the payer, ten individual sessions, the authorization for 10 sessions.
    const payer = await repos(a).savePayer({ name: 'Synthetic Health Plan', kind: 'commercial', rules: defaultRules('commercial') });
    const dates = Array.from({ length: 10 }, (_, i) => addDays(FIRST, i));
    await a.sessions!.importOneOffs(
      dates.map((date) => ({ id: `session-${date}`, kind: 'individual' as const, date, start: '10:00', end: '10:50', timeZone: 'America/Chicago', title: 'Individual therapy', clientIds: [CLIENT], facilitatorIds: ['staff-synthetic'] })),
    );
    const input: Authorization = {
      clientId: CLIENT,
      episodeId: 'episode-synthetic',
      payerId: payer.id,
      number: 'AUTH-SYNTH-SYNC',
      authorizedLevel: 'iop',
      levelDifferenceReason: '',
      units: 10,
      frequency: '',
      startOn: FIRST,
      endOn: addDays(FIRST, 13),
      nextReviewOn: TODAY,
      reviewType: 'concurrent',
      status: 'approved',
      careManager: { name: '', phone: '' },
      covers: ['individual'],
      reviews: {},
      certifications: {},
      notes: '',
    };
    const auth = await repos(a).add(input);
    await a.sync.start();
    await a.until((s) => s.phase === 'up-to-date' && s.pending === 0);
    await b.sync.start();
    await expect.poll(async () => (await repos(b).forClient(CLIENT)).length, { timeout: 15_000 }).toBe(1);
    await expect.poll(async () => (await firstValueFrom(b.sessions!.between$({ from: FIRST, to: TODAY }))).length, { timeout: 15_000 }).toBe(10);
    await a.sync.stop();
    await b.sync.stop();

    // Apart: a records the first four sessions and a review; b the next four and another review.
    const attend = (d: Device, day: number) => d.sessions!.recordAttendance(`session-${dates[day]}`, [{ clientId: CLIENT, status: 'present' }], { capacity: 1 });
    const outcome = { status: 'approved' as const, units: 10, endOn: input.endOn, nextReviewOn: TODAY, reviewType: 'concurrent' as const };
    for (const day of [0, 1, 2, 3]) await attend(a, day);
    for (const day of [4, 5, 6, 7]) await attend(b, day);
    await repos(a).recordReview(auth.id, { on: '2026-03-06', type: 'concurrent', sent: 'Synthetic summary from laptop a', outcome: 'Continue', by: 'Office Synthetic A' }, outcome);
    await repos(b).recordReview(auth.id, { on: '2026-03-07', type: 'concurrent', sent: 'Synthetic summary from laptop b', outcome: 'Continue', by: 'Office Synthetic B' }, outcome);

    await a.sync.start();
    await a.until((s) => s.phase === 'up-to-date' && s.pending === 0);
    await b.sync.start();
    await b.until((s) => s.phase === 'up-to-date' && s.pending === 0);
    await a.sync.stop();
    await a.sync.start();
    await a.until((s) => s.phase === 'up-to-date' && s.pending === 0);

    for (const d of [a, b]) {
      const standing = async () => {
        const [record] = await repos(d).forClient(CLIENT);
        const sessions = await firstValueFrom(d.sessions!.between$({ from: FIRST, to: TODAY }));
        const c = consumption(record!.data, payer.rules, servicesOf(sessions, []), TODAY);
        return { used: c.used, remaining: c.remaining, warnings: c.warnings, reviews: Object.values(record!.data.reviews).map((r) => r.by).sort() };
      };
      await expect.poll(standing, { timeout: 15_000 }).toEqual({ used: 8, remaining: 2, warnings: ['units-low'], reviews: ['Office Synthetic A', 'Office Synthetic B'] });
      expect(await firstValueFrom(d.conflicts.open$())).toEqual([]);
    }
  }, 120_000);

  it('each adds a payer and edits a different one apart; after sync both hold all four payers with both edits, and keep no conflict', async () => {
    server = createSyncServer({ storage: backend.storage, logger: false });
    await server.listen({ host: '127.0.0.1', port: 0 });
    const url = `http://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
    const key = (await createPracticeKey()).dataKey;
    const admin = await registerPractice({ url });
    const member = await enrolDevice({ url }, admin.token);
    const collections = ['settings', 'plans', 'notes', 'conflicts'] as const;
    const a = await newDevice('a', key, url, admin, { collections: [...collections] });
    const b = await newDevice('b', key, url, member, { collections: [...collections] });
    devices.push(a, b);
    const repos = (d: Device) => new AuthorizationsRepository(d.db.plans, d.keys, d.db.settings);
    const settle = async () => {
      await a.sync.start();
      await a.until((s) => s.phase === 'up-to-date' && s.pending === 0);
      await b.sync.start();
      await b.until((s) => s.phase === 'up-to-date' && s.pending === 0);
      await a.sync.stop();
      await a.sync.start();
      await a.until((s) => s.phase === 'up-to-date' && s.pending === 0);
    };

    // Two payers both laptops hold.
    const plan = await repos(a).savePayer({ name: 'Synthetic Health Plan', kind: 'commercial', rules: defaultRules('commercial') });
    const medicare = await repos(a).savePayer({ name: 'Synthetic Medicare', kind: 'medicare', rules: defaultRules('medicare') });
    await settle();
    await expect.poll(async () => (await repos(b).payers()).length, { timeout: 15_000 }).toBe(2);
    await a.sync.stop();
    await b.sync.stop();

    // Apart: a edits the plan's warning and adds a payer; b edits Medicare's per diem and adds another.
    await repos(a).savePayer({ ...plan, rules: { ...plan.rules, warnUnitsLeft: 4 } });
    await repos(a).savePayer({ name: 'Synthetic Medicaid', kind: 'medicaid', rules: defaultRules('medicaid') });
    await repos(b).savePayer({ ...medicare, rules: { ...medicare.rules, perDiem: { code: 'H0015', minServices: 3, minMinutes: 180 } } });
    await repos(b).savePayer({ name: 'Synthetic Tribal Plan', kind: 'other', rules: defaultRules('other') });
    await settle();

    for (const d of [a, b]) {
      const held = async () => (await repos(d).payers()).map((p) => [p.name, p.rules.warnUnitsLeft, p.rules.perDiem?.code ?? null]);
      await expect
        .poll(held, { timeout: 15_000 })
        .toEqual([
          ['Synthetic Health Plan', 4, 'S9480'],
          ['Synthetic Medicaid', 2, 'S9480'],
          ['Synthetic Medicare', 2, 'H0015'],
          ['Synthetic Tribal Plan', 2, 'S9480'],
        ]);
      expect(await firstValueFrom(d.conflicts.open$())).toEqual([]);
    }
  }, 120_000);
});
