/**
 * Sync under random schedules, on PGlite and on PostgreSQL: three devices, a server that restarts,
 * a lossy link; notes edited, signed, co-signed and discarded, attendance, a treatment plan
 * (support/sync-property.ts runs a schedule, support/sync-oracle.ts judges it).
 *
 * WAYPOINT_SYNC_RUNS sets the number of runs per database (default 100: about 1 s of CPU a run,
 * so CI stays within minutes; thousands on demand). A failure prints the seed and path:
 * WAYPOINT_SYNC_SEED=… WAYPOINT_SYNC_PATH=… WAYPOINT_SYNC_BACKEND=… replays it.
 *
 * The default seed is fixed, so a CI run is repeatable; WAYPOINT_SYNC_SEED=random draws a new one.
 * Each run has fresh devices, set up offline before they sync, so a failure replays.
 * WAYPOINT_SYNC_REUSE=1 keeps the devices from run to run, syncing throughout (set-up included):
 * cheaper (about 1.2 s a run on a quiet 2-core machine), closer to a laptop's long life, and the
 * oracle judges it the same way. It found a push whose answer was lost, then a discard (an
 * unfounded delete-edit conflict: fixed, regression test in sync-client.test.ts) and a local write
 * just after a pull pushed with no ancestor (fixed without a deterministic test). Open, not hidden:
 * under heavy load, 150-run PGlite passes with reuse met a device left a revision behind the
 * server (seed 20261207, path 109) and a note recreated on a device that had not pulled it yet
 * whose values were lost (path 22:21:12:12:17); neither replayed.
 */
import { describe, it } from 'vitest';
import fc from 'fast-check';
import { BACKENDS, useBackend } from './support/backends';
import { checkSync, tally } from './support/sync-property';

const RUNS = Number(process.env['WAYPOINT_SYNC_RUNS'] ?? 100);
const SEED_SETTING = process.env['WAYPOINT_SYNC_SEED'] ?? '20261207';
const SEED = SEED_SETTING === 'random' ? undefined : SEED_SETTING;
const PATH = process.env['WAYPOINT_SYNC_PATH'];
const ONLY = process.env['WAYPOINT_SYNC_BACKEND'];

describe.each(BACKENDS.filter((name) => ONLY === undefined || name === ONLY))('sync under random schedules (fast-check) on %s', (name) => {
  const backend = useBackend(name);

  it(`converges, keeps every acknowledged edit or flags it, and flags only conflicts concurrent writes explain (${RUNS} runs)`, async () => {
    const before = { ...tally };
    const details = await checkSync(backend.storage, { runs: RUNS, ...(SEED === undefined ? {} : { seed: Number(SEED) }), ...(PATH === undefined ? {} : { path: PATH }) });
    if (details.failed) {
      const replay = `WAYPOINT_SYNC_BACKEND=${name} WAYPOINT_SYNC_SEED=${details.seed} WAYPOINT_SYNC_PATH=${details.counterexamplePath} npx vitest run --project server test/server/sync-property.test.ts`;
      throw new Error(`${fc.defaultReportMessage(details)}\n${String(details.errorInstance)}\n\nReplay: ${replay}`);
    }
    // Not vacuous: the schedules made true conflicts (and, over enough runs, signatures and deletions).
    const made = { conflicts: tally.conflicts - before.conflicts, signatures: tally.signatures - before.signatures, deletions: tally.deletions - before.deletions };
    console.log(`sync property on ${name}: ${JSON.stringify(made)}`);
    const expected = RUNS >= 40 ? Object.values(made) : RUNS >= 10 ? [made.conflicts] : [];
    if (PATH === undefined && expected.some((n) => n === 0)) throw new Error(`the schedules never exercised some of what they claim: ${JSON.stringify(made)}`);
  }, 60 * 60_000);
});
