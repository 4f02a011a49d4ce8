/**
 * The practice rules across devices under random schedules, on PGlite and on PostgreSQL: three
 * devices, each in its own worker thread (RxDB's open-source build allows 13 open collections per
 * realm; a device computing "needs attention" opens eight), admit the same client, fill a group
 * past capacity and register the same person while apart; after the final sync every device shows
 * exactly the items the shared rules make of the server's final records, and resolving them on one
 * device leaves none anywhere after another sync (support/attention-property.ts).
 *
 * WAYPOINT_ATTENTION_RUNS sets the runs per database (the default keeps CI to a few minutes: each
 * run starts three worker threads); more on demand. The seed is fixed (WAYPOINT_SYNC_SEED=random
 * draws one); a failure prints how to replay it.
 */
import { describe, it } from 'vitest';
import fc from 'fast-check';
import { BACKENDS, useBackend } from './support/backends';
import { attentionTally, checkAttention } from './support/attention-property';
import { budgetFor, testTimeout } from './support/property-budget';

const RUNS = Number(process.env['WAYPOINT_ATTENTION_RUNS'] ?? 10);
const BUDGET = budgetFor(RUNS, 30_000);
const SEED_SETTING = process.env['WAYPOINT_SYNC_SEED'] ?? '20261207';
const SEED = SEED_SETTING === 'random' ? undefined : Number(SEED_SETTING);
const PATH = process.env['WAYPOINT_SYNC_PATH'];
const ONLY = process.env['WAYPOINT_SYNC_BACKEND'];

describe.each(BACKENDS.filter((name) => ONLY === undefined || name === ONLY))('practice rules across devices under random schedules (fast-check) on %s', (name) => {
  const backend = useBackend(name);

  it(`every device shows the items the final records make, and a resolution on one clears them on all (${RUNS} runs)`, async () => {
    const before = structuredClone(attentionTally);
    const details = await checkAttention(backend.storage, { runs: RUNS, budget: BUDGET, ...(SEED === undefined ? {} : { seed: SEED }), ...(PATH === undefined ? {} : { path: PATH }) });
    if (details.failed) {
      const replay = `WAYPOINT_SYNC_BACKEND=${name} WAYPOINT_SYNC_SEED=${details.seed} WAYPOINT_SYNC_PATH=${details.counterexamplePath} npx vitest run --project server test/server/sync-attention-property.test.ts`;
      throw new Error(`${fc.defaultReportMessage(details)}\n${String(details.errorInstance)}\n\nReplay: ${replay}`);
    }
    // Not vacuous: over the runs, devices apart broke each rule and the devices refused what they could see.
    const made = Object.fromEntries(Object.entries(attentionTally.items).map(([kind, n]) => [kind, n - (before.items[kind as keyof typeof before.items] ?? 0)]));
    console.log(`attention property on ${name}: ${JSON.stringify({ items: made, refused: attentionTally.refused - before.refused, resolved: attentionTally.resolved - before.resolved })}`);
    if (PATH === undefined && RUNS >= 10 && Object.values(made).some((n) => n === 0)) throw new Error(`the schedules never broke some rule: ${JSON.stringify(made)}`);
  }, testTimeout(BUDGET));
});
