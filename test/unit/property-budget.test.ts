/** The property tests' time bounds end a hung run and an over-long property as failures. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { budgetFor, budgetParameters } from '../server/support/property-budget';

const never = new Promise<boolean>(() => undefined);

describe('a property test within its budget', () => {
  it('fails a run that never ends, with a seed and path to replay it', async () => {
    const details = await fc.check(
      fc.asyncProperty(fc.nat(), (n) => (n > 5 ? never : Promise.resolve(true))),
      { numRuns: 50, seed: 1, ...budgetParameters({ runMs: 50, totalMs: 30_000 }) },
    );
    expect(details.failed).toBe(true);
    expect(details.counterexamplePath).not.toBeNull();
    expect(String(details.errorInstance)).toMatch(/timeout: exceeded limit of 50 milliseconds/);
  });

  it('fails when its runs do not all finish within the total', async () => {
    const started = Date.now();
    const details = await fc.check(
      fc.asyncProperty(fc.nat(), () => new Promise<boolean>((resolve) => setTimeout(() => resolve(true), 20))),
      { numRuns: 1_000, ...budgetParameters({ runMs: 1_000, totalMs: 200 }) },
    );
    expect([details.failed, details.interrupted]).toEqual([true, true]);
    expect(details.numRuns).toBeLessThan(1_000);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('gives each run room and a larger run count a longer total, never under ten minutes', () => {
    expect(budgetFor(10, 6_000).totalMs).toBe(10 * 60_000);
    expect(budgetFor(1_000, 6_000).totalMs).toBe(6_000_000);
  });
});
