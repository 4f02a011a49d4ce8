/**
 * Time bounds for the property tests that drive real devices and a real server. A run that hangs
 * fails after `runMs` with its seed and path, instead of holding the suite; the whole property
 * stops after `totalMs` and counts as failed if its runs did not all finish by then, so a slow
 * machine shows up as a failure, never as fewer runs passing quietly. In CI a failure is reported
 * at once, unshrunk: shrinking replays whole schedules (tens of seconds each when they fail), and
 * the replay line it prints shrinks it on demand.
 */
import type fc from 'fast-check';

const inCi = (process.env['CI'] ?? 'false') !== 'false';

export interface PropertyBudget {
  /** Longest one run may take. */
  runMs: number;
  /** Longest the whole property may take, shrinking included. */
  totalMs: number;
}

export function budgetParameters({ runMs, totalMs }: PropertyBudget): Pick<fc.Parameters<unknown>, 'timeout' | 'interruptAfterTimeLimit' | 'markInterruptAsFailure' | 'endOnFailure'> {
  return { timeout: runMs, interruptAfterTimeLimit: totalMs, markInterruptAsFailure: true, endOnFailure: inCi };
}

/** `perRunMs` for each run (what a run takes on a loaded CI machine, with room), at least ten minutes. */
export function budgetFor(runs: number, perRunMs: number, runMs = 120_000): PropertyBudget {
  return { runMs, totalMs: Math.max(10 * 60_000, runs * perRunMs) };
}

/** The vitest timeout of a test that checks one property within `budget`: its limit, plus set-up and teardown. */
export const testTimeout = (budget: PropertyBudget): number => budget.totalMs + 2 * 60_000;
