/**
 * Sync under random schedules, on PGlite and on PostgreSQL: three devices, a server that restarts,
 * a lossy link; notes edited, signed, co-signed and discarded, attendance, a treatment plan
 * (support/sync-property.ts runs a schedule, support/sync-oracle.ts judges it).
 *
 * Two ways per database. Fresh devices each run, set up offline before they sync, so a failure
 * replays (WAYPOINT_SYNC_RUNS, default 100). Devices kept from run to run, syncing throughout,
 * set-up included: closer to a laptop's long life, and where timing bugs show, so a failure may not
 * replay (WAYPOINT_SYNC_REUSE_RUNS; a failed run's devices are closed). About 1 s of CPU a run
 * either way; thousands of each on demand (0 skips one). Kept devices run in CI (say 60 fresh and
 * 40 kept per database, the same time) once they pass reliably: not yet, see below.
 * A run that hangs fails after two minutes, and the property after its total time
 * (support/property-budget.ts); in CI a failure is reported unshrunk, at once.
 * A failure prints the seed and path: WAYPOINT_SYNC_SEED=… WAYPOINT_SYNC_PATH=… replays it. The
 * default seed is fixed, so a CI run is repeatable; WAYPOINT_SYNC_SEED=random draws a new one.
 *
 * Kept devices found a push whose answer was lost, then a discard (an unfounded delete-edit
 * conflict), and a local write just after a pull pushed with no ancestor; then, under heavy load, a
 * pull answered before a push of the same record and taken in after RxDB recorded that push,
 * which took the device back to the older version (or reported a replay), and a draft made again
 * where its deletion stood with revision 1, which devices holding the deletion refused as a replay
 * (values lost, devices a revision apart). All fixed; the last two have deterministic tests in
 * sync-races.test.ts. Fixed too, with a test there: a device's version that stood over the server's
 * was pushed at its own, lower revision (an edit made from a version whose content the server's
 * held again, higher), so the server went back a revision and devices holding the newer one
 * refused the push as a replay; a pull answered before that push, holding the newer revision, can
 * then bring the pushing device to it as well (readBefore drops only lower revisions), which would
 * explain the failure seen once where the server ended a revision behind three devices that had
 * all pulled the newer revision from it.
 * Fixed since, with deterministic tests: a version pulled just as a device stopped (toggle or
 * restart) was stored without the state RxDB assumes the server has (its cancel closed its meta
 * instance mid-write), so an edit made from it was pushed as made from an older one, a conflict
 * no concurrent writes explain (twice on PGlite; sync-races.test.ts); a push whose answer was
 * lost, then an edit here before the retry (or a stop before it), then another device's edit of
 * the same field over the version pushed, kept a conflict even when the edit here was of another
 * field (sync-lost-answer.test.ts).
 * The last one kept devices found (replay: WAYPOINT_SYNC_BACKEND=pglite WAYPOINT_SYNC_REUSE_RUNS=100
 * WAYPOINT_SYNC_RUNS=0 WAYPOINT_SYNC_SEED=-1454842780 WAYPOINT_SYNC_PATH=39:3:2:12:10:1:6:8:11:10),
 * a discard on one device and an edit of the same note on another, was two things. A sync bug:
 * the tombstone arrived by a pull after saveDraft read the live draft and before its write, and
 * SealedStore.update applied the edit to the tombstone, sealing a deletion holding the edit; the
 * draft is now made again over the deletion (test/renderer/notes.test.ts). Then the recorder's:
 * the draft made again stood everywhere with no conflict, as intended (the discard had reached
 * that device before the typing was saved, so the person typed into a discarded note), but RxDB
 * reports a write over a tombstone with no previous document, so the recorder took it for a note
 * made from nothing and the oracle found the deletion lost. It now records the deletion the device
 * held as what the write replaced (sync-property-recorder.test.ts, the race made deterministic);
 * a deletion lost on a device that never saw the edit still fails (sync-property-oracle.test.ts).
 * Open, not hidden: on PostgreSQL, a version the server holds that no device takes in. Kept devices
 * passed 40 runs on each database with the default seed and 200 on PGlite with a random one
 * (-1714461451), 120 on PostgreSQL with a random one (-437551875); with another random seed on
 * PostgreSQL, the 160th of 200 runs ended with all three devices up to date, nothing pending,
 * holding a note at rev 3 while the server held rev 4 for 20 s (loaded machine, load average 8-10;
 * that run lost a pull's answer and had no restart or toggle): WAYPOINT_SYNC_BACKEND=postgres
 * WAYPOINT_SYNC_REUSE_RUNS=200 WAYPOINT_SYNC_RUNS=0 WAYPOINT_SYNC_SEED=-642105342
 * WAYPOINT_SYNC_PATH=159 (the 200 runs of that seed passed when run again: it does not replay).
 * Perhaps the one seen once before on PostgreSQL: a device, up to date with nothing pending, still
 * held its own acknowledged draft (rev 2) under the server's signed version (rev 4) that the other
 * two held (a pull never made, or not written).
 */
import { describe, it } from 'vitest';
import fc from 'fast-check';
import { BACKENDS, useBackend } from './support/backends';
import { checkSync, tally } from './support/sync-property';
import { budgetFor, testTimeout } from './support/property-budget';

/** What one run may take on average on a loaded 2-core machine (about 1 s of CPU each, quiet). */
const RUN_MS = 6_000;
const MODES = [
  { mode: 'fresh devices', reuse: false, runs: Number(process.env['WAYPOINT_SYNC_RUNS'] ?? 100), variable: 'WAYPOINT_SYNC_RUNS' },
  { mode: 'devices kept from run to run', reuse: true, runs: Number(process.env['WAYPOINT_SYNC_REUSE_RUNS'] ?? 0), variable: 'WAYPOINT_SYNC_REUSE_RUNS' },
]
  .filter(({ runs }) => runs > 0)
  .map((mode) => ({ ...mode, budget: budgetFor(mode.runs, RUN_MS) }));
const SEED_SETTING = process.env['WAYPOINT_SYNC_SEED'] ?? '20261207';
const SEED = SEED_SETTING === 'random' ? undefined : SEED_SETTING;
const PATH = process.env['WAYPOINT_SYNC_PATH'];
const ONLY = process.env['WAYPOINT_SYNC_BACKEND'];

describe.each(BACKENDS.filter((name) => ONLY === undefined || name === ONLY))('sync under random schedules (fast-check) on %s', (name) => {
  const backend = useBackend(name);

  it.each(MODES)('$mode: converges, keeps every acknowledged edit or flags it, and flags only conflicts concurrent writes explain ($runs runs)', async ({ reuse, runs, variable, budget }) => {
    const before = { ...tally };
    const details = await checkSync(backend.storage, { runs, budget, reuse, ...(SEED === undefined ? {} : { seed: Number(SEED) }), ...(PATH === undefined ? {} : { path: PATH }) });
    if (details.failed) {
      const other = reuse ? 'WAYPOINT_SYNC_RUNS' : 'WAYPOINT_SYNC_REUSE_RUNS';
      const replay = `WAYPOINT_SYNC_BACKEND=${name} ${variable}=${runs} ${other}=0 WAYPOINT_SYNC_SEED=${details.seed} WAYPOINT_SYNC_PATH=${details.counterexamplePath} npx vitest run --project server test/server/sync-property.test.ts`;
      throw new Error(`${fc.defaultReportMessage(details)}\n${String(details.errorInstance)}\n\nReplay: ${replay}`);
    }
    // Not vacuous: the schedules made true conflicts (and, over enough runs, signatures and deletions).
    const made = { conflicts: tally.conflicts - before.conflicts, signatures: tally.signatures - before.signatures, deletions: tally.deletions - before.deletions };
    console.log(`sync property on ${name}${reuse ? ' (kept devices)' : ''}, seed ${details.seed}: ${JSON.stringify(made)}`);
    const expected = runs >= 40 ? Object.values(made) : runs >= 10 ? [made.conflicts] : [];
    if (PATH === undefined && expected.some((n) => n === 0)) throw new Error(`the schedules never exercised some of what they claim: ${JSON.stringify(made)}`);
  }, Math.max(...MODES.map(({ budget }) => testTimeout(budget))));
});
