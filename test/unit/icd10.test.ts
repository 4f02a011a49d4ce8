import { describe, expect, it } from 'vitest';
import { ICD10_FISCAL_YEAR, ICD10_SOURCE, allCodes, findCode, searchCodes } from '../../src/shared/icd10';

const codesOf = (query: string, limit?: number) => searchCodes(query, limit).map((c) => c.code);

describe('ICD-10-CM behavioural-health code list', () => {
  it('names its source', () => {
    expect(ICD10_FISCAL_YEAR).toBe(2026);
    expect(ICD10_SOURCE).toContain('FY2026');
    expect(ICD10_SOURCE).toContain('icd10cm-codes-2026.txt');
  });

  it.each([
    ['F32.A', 'Depression, unspecified'],
    ['F41.1', 'Generalized anxiety disorder'],
    ['F43.10', 'Post-traumatic stress disorder, unspecified'],
    ['F10.20', 'Alcohol dependence, uncomplicated'],
    ['F33.1', 'Major depressive disorder, recurrent, moderate'],
    ['F99', 'Mental disorder, not otherwise specified'],
    ['R45.851', 'Suicidal ideations'],
    ['R45.88', 'Nonsuicidal self-harm'],
    ['T14.91XA', 'Suicide attempt, initial encounter'],
    ['Z91.51', 'Personal history of suicidal behavior'],
    ['Z91.52', 'Personal history of nonsuicidal self-harm'],
    ['Z71.41', 'Alcohol abuse counseling and surveillance of alcoholic'],
    ['Z72.0', 'Tobacco use'],
    ['Z59.01', 'Sheltered homelessness'],
  ])('has %s "%s" exactly as the CMS file says', (code, label) => {
    expect(findCode(code)).toEqual({ code, label });
  });

  it('holds every billable F code plus the chosen Z, R and T codes, once each and well formed', () => {
    const codes = allCodes().map((c) => c.code);
    expect(codes.length).toBeGreaterThanOrEqual(950);
    expect(codes.length).toBeLessThanOrEqual(1100);
    expect(new Set(codes).size).toBe(codes.length);
    for (const code of codes) expect(code).toMatch(/^[A-Z]\d{2}(\.[0-9A-Z]{1,4})?$/);
    expect(codes.filter((c) => c.startsWith('F')).length).toBeGreaterThan(800);
    for (const label of allCodes().map((c) => c.label)) expect(label).toMatch(/^\S.*\S$/);
  });

  it('leaves out category headers and codes outside the chosen scope', () => {
    for (const header of ['F32', 'F41', 'F43', 'F43.1', 'F10', 'F10.2', 'F33', 'Z91.5', 'R45.85', 'T14.91']) {
      expect(findCode(header), header).toBeUndefined();
    }
    for (const outside of ['T14.91XD', 'Z71.42', 'R45.850', 'E11.9', 'G30.9']) {
      expect(findCode(outside), outside).toBeUndefined();
    }
  });

  it('returns one shared, frozen list', () => {
    expect(allCodes()).toBe(allCodes());
    expect(Object.isFrozen(allCodes())).toBe(true);
    expect(Object.isFrozen(allCodes()[0])).toBe(true);
  });
});

describe('findCode', () => {
  it.each(['F32.A', 'f32.a', 'F32A', 'f32a', ' F32.A '])('finds %j', (input) => {
    expect(findCode(input)?.code).toBe('F32.A');
  });

  it('returns undefined for unknown codes and empty input', () => {
    expect(findCode('')).toBeUndefined();
    expect(findCode('nope')).toBeUndefined();
  });
});

describe('searchCodes', () => {
  it('matches code prefixes with or without the dot, in any case', () => {
    const f41 = codesOf('F41');
    expect(f41).toContain('F41.1');
    expect(f41.every((c) => c.startsWith('F41.'))).toBe(true);
    expect(codesOf('f411')).toEqual(['F41.1']);
    expect(codesOf('F41.1')).toEqual(['F41.1']);
    expect(codesOf('f43.1')).toEqual(['F43.10', 'F43.11', 'F43.12']);
  });

  it('lists code-prefix matches in tabular order, the exact code first', () => {
    expect(codesOf('F32', 50).slice(0, 2)).toEqual(['F32.0', 'F32.1']);
    expect(codesOf('F32', 50)).toContain('F32.A');
    expect(codesOf('F43.1')[0]).toBe('F43.10');
    expect(codesOf('F99')[0]).toBe('F99');
  });

  it('matches every word of the description as a word prefix, in any order', () => {
    const hits = searchCodes('major depress recurrent', 50);
    expect(hits.map((c) => c.code)).toContain('F33.1');
    for (const { label } of hits) {
      expect(label).toMatch(/\bmajor\b/i);
      expect(label).toMatch(/\bdepress/i);
      expect(label).toMatch(/\brecurrent\b/i);
    }
    expect(codesOf('recurrent depress major', 50)).toEqual(hits.map((c) => c.code));
    expect(codesOf('major depress recurrent', 3)).toEqual(['F33.0', 'F33.1', 'F33.9']);
  });

  it('ignores case and punctuation', () => {
    expect(codesOf('GENERALIZED, anxiety!')).toEqual(['F41.1']);
    expect(codesOf('post-traumatic stress', 3)).toEqual(['F43.10', 'F43.11', 'F43.12']);
    expect(codesOf('post traumatic stress', 3)).toEqual(['F43.10', 'F43.11', 'F43.12']);
    expect(codesOf('posttraumatic', 3)).toEqual(['F43.10', 'F43.11', 'F43.12']);
    expect(codesOf("tourette's")).toEqual(['F95.2']);
    expect(codesOf('tourettes')).toEqual(['F95.2']);
  });

  it('ranks whole words, then labels that start with the query, then shorter labels', () => {
    expect(codesOf('anxiety', 3)).toEqual(['F41.9', 'F06.4', 'F41.1']);
    expect(codesOf('suicid')).toEqual(['R45.851', 'T14.91XA', 'Z91.51']);
    expect(codesOf('homeless', 3)).toEqual(['Z59.00', 'Z59.01', 'Z59.02']);
  });

  it('can narrow a code prefix with words', () => {
    expect(codesOf('f33 severe')).toEqual(['F33.2', 'F33.3']);
  });

  it('honours the limit and returns nothing for nothing', () => {
    expect(searchCodes('F1')).toHaveLength(20);
    expect(searchCodes('F1', 5)).toHaveLength(5);
    expect(searchCodes('F1', 0)).toEqual([]);
    expect(searchCodes('')).toEqual([]);
    expect(searchCodes('  .,- ')).toEqual([]);
    expect(searchCodes('xyzzy')).toEqual([]);
  });
});
