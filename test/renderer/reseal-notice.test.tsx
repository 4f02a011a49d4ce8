/**
 * What a person sees of migration after unlock, over a real Resealer and a change to one record
 * kind (support/staff-v2): while older records are sealed again, a status says how many of how
 * many are done, with a progress bar, and every record reads meanwhile; when all are done the
 * notice goes. A record that cannot be upgraded is named, with the reason, and left as stored.
 */
import 'fake-indexeddb/auto';
import { MantineProvider } from '@mantine/core';
import { render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ResealNotice } from '../../src/renderer/src/app/ResealNotice';
import { ServicesProvider, type AppServices } from '../../src/renderer/src/app/services';
import { openDatabase, type WaypointDatabase } from '../../src/renderer/src/db/database';
import { Resealer } from '../../src/renderer/src/db/resealer';
import { SealedStore } from '../../src/renderer/src/db/sealed-store';
import { StaffRepository } from '../../src/renderer/src/repositories/staff';
import { sealRecord } from '../../src/shared/crypto';
import { recordState } from '../../src/shared/records';
import { testKeySource } from './support/keys';
import { NEXT, type StaffV2 } from './support/staff-v2';

const COUNT = 60;
let counter = 0;

describe('the notice of records being updated to this version', () => {
  let db: WaypointDatabase;
  let keys: Awaited<ReturnType<typeof testKeySource>>;
  beforeEach(async () => {
    db = await openDatabase({ name: `reseal-notice-${++counter}-${Date.now()}`, validate: true, only: ['staff'] });
    keys = await testKeySource();
    const staff = new StaffRepository(db.staff, keys);
    for (let i = 0; i < COUNT; i++) await staff.create(`staff-${String(i).padStart(4, '0')}`, 'clinician', { displayName: `Synthetic Person ${i}`, credentials: 'LPC', needsCosignature: false });
  });
  afterEach(async () => {
    await db.remove();
  });

  function show(): Resealer {
    const resealer = new Resealer([['staff', db.staff]] as never, keys, NEXT);
    render(
      <MantineProvider>
        <ServicesProvider services={{ resealer } as unknown as AppServices}>
          <ResealNotice />
        </ServicesProvider>
      </MantineProvider>,
    );
    return resealer;
  }

  it('shows how many of how many are updated while it runs, every record reads meanwhile, and it goes when all are', async () => {
    const resealer = show();
    expect(screen.queryByRole('status')).toBeNull();
    const run = resealer.run();
    const status = await screen.findByRole('status');
    expect(status.textContent).toMatch(new RegExp(`Updating records to this version of Waypoint\\s*\\d+ of ${COUNT} records updated\\. You can keep working meanwhile\\.`));
    expect(within(status).getByRole('progressbar')).toBeTruthy();
    const store = new SealedStore<{ role: string; status: string }, StaffV2>(db.staff as never, keys, Date.now, NEXT);
    const meanwhile = await store.find();
    expect(meanwhile.filter((r) => r.data.signsAs === '' && r.data.name.startsWith('Synthetic Person'))).toHaveLength(COUNT);
    await waitFor(() => expect(Number(/(\d+) of/.exec(screen.getByRole('status').textContent ?? '')?.[1])).toBeGreaterThan(0));
    expect(await run).toMatchObject({ status: 'done', done: COUNT, failed: [] });
    await waitFor(() => expect(screen.queryByRole('status')).toBeNull());
    expect(screen.queryByRole('region')).toBeNull();
  });

  it('names a record that could not be updated, with the reason', async () => {
    const current = (await db.staff.findOne('staff-0007').exec())!.toJSON(true);
    const bad = await sealRecord(keys.key, { collection: 'staff', id: 'staff-0007' }, 1, { displayName: 42, credentials: 'LPC', needsCosignature: false }, recordState(current));
    await db.staff.storageInstance.bulkWrite([{ previous: current as never, document: { ...current, sealed: bad } as never }], 'test');
    await show().run();
    const region = await screen.findByRole('region');
    expect(region.textContent).toContain('Some records could not be updated');
    expect(region.textContent).toContain('One record was left exactly as stored; the others are up to date.');
    expect(region.textContent).toMatch(/staff staff-0007: A staff record \(version 1\) does not have the shape Waypoint expects: displayName/);
  });
});
