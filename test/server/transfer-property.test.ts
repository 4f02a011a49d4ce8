/**
 * The sync property's invariants through transfer files and restore (support/transfer-property.ts):
 * two devices without a server edit, sign, co-sign and discard notes, take attendance and edit a
 * plan, and exchange transfer files (some lost); then every pair exchanges until nothing is left to
 * carry, and a fresh device is restored from one device's documents. Every device decrypts the same
 * records and conflicts, and the history passes the sync oracle: nothing acknowledged lost, no
 * conflict without two concurrent writes to explain it.
 *
 * WAYPOINT_TRANSFER_RUNS sets the number of runs (a CI-sized default; thousands on demand). A failure
 * prints the seed and path: WAYPOINT_TRANSFER_SEED=… WAYPOINT_TRANSFER_PATH=… replays it.
 */
import { expect, it } from 'vitest';
import fc from 'fast-check';
import { checkTransfers, tally } from './support/transfer-property';
import { budgetFor, testTimeout } from './support/property-budget';

const RUNS = Number(process.env['WAYPOINT_TRANSFER_RUNS'] ?? 20);
const BUDGET = budgetFor(RUNS, 10_000);
const SEED = process.env['WAYPOINT_TRANSFER_SEED'];
const PATH = process.env['WAYPOINT_TRANSFER_PATH'];

it(`transfer files and restore keep every acknowledged edit or flag it, and flag only conflicts concurrent writes explain (${RUNS} runs)`, async () => {
  const before = { ...tally };
  const details = await checkTransfers({ runs: RUNS, budget: BUDGET, ...(SEED === undefined ? {} : { seed: Number(SEED) }), ...(PATH === undefined ? {} : { path: PATH }) });
  if (details.failed) {
    const replay = `WAYPOINT_TRANSFER_SEED=${details.seed} WAYPOINT_TRANSFER_PATH=${details.counterexamplePath} npx vitest run --project server test/server/transfer-property.test.ts`;
    throw new Error(`${fc.defaultReportMessage(details)}\n${String(details.errorInstance)}\n\nReplay: ${replay}`);
  }
  const made = { conflicts: tally.conflicts - before.conflicts, lostFiles: tally.lostFiles - before.lostFiles, restores: tally.restores - before.restores, signatures: tally.signatures - before.signatures };
  console.log(`transfer property: ${JSON.stringify(made)}`);
  // Not vacuous: the schedules met true conflicts, lost files and restores.
  if (PATH === undefined && RUNS >= 20) expect(Object.values(made).every((n) => n > 0)).toBe(true);
}, testTimeout(BUDGET));
