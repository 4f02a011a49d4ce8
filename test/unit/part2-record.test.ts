import { describe, expect, it } from 'vitest';
import { isPart2Record } from '../../src/shared/exports';

describe('which records are 42 CFR Part 2 records', () => {
  it('a client flagged Part 2 at intake', () => {
    expect(isPart2Record({ flags: ['part2'] }, [])).toBe(true);
    expect(isPart2Record({ flags: ['restricted'] }, [])).toBe(false);
  });

  it('a client with a release of information covering substance-use information, whatever its dates', () => {
    expect(isPart2Record({ flags: [] }, [{ scopes: ['attendance'] }, { scopes: ['progress', 'substance-use'] }])).toBe(true);
    expect(isPart2Record({ flags: [] }, [{ scopes: ['attendance', 'diagnosis'] }])).toBe(false);
  });
});
