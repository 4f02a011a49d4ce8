import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ATTENDANCE_STATUSES } from '../../src/shared/attendance';
import { AUTHORIZATION_STATUSES, REVIEW_TYPES } from '../../src/shared/billing';
import { CLIENT_FLAGS, clientIdentitySchema } from '../../src/shared/clients';
import { SERVICE_TYPES } from '../../src/shared/hours';
import { OCCASION_KINDS, OCCASION_STATUSES } from '../../src/shared/measures';
import { releaseSchema, RELEASE_SCOPES, RELEASE_STATUSES } from '../../src/shared/contacts';
import { DISCHARGE_REASONS, levelChangeSchema, LEVELS_OF_CARE } from '../../src/shared/episodes';
import { z } from 'zod';
import { interventionSchema, OBJECTIVE_STATUSES, PLAN_TOPICS } from '../../src/shared/plans';
import { builtInMessage, englishIssue, englishText, isSharedKey, issuesText, SHARED_MESSAGES } from '../../src/shared/messages';

const SRC = resolve(import.meta.dirname, '../../src');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? sources(path) : /\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

/** Every quoted `shared:…` key in the code, with where it is written. */
function keysInCode(text: string): string[] {
  return [...text.matchAll(/['"`](shared:[\w.-]+)['"`]/g)].map((m) => m[1]!);
}

/** Keys written in the code that the shared catalogue (src/shared/messages/en-US.json) lacks. */
function missingKeys(files: { name: string; text: string }[]): string[] {
  return files.flatMap(({ name, text }) => keysInCode(text).filter((key) => !isSharedKey(key)).map((key) => `${name}: ${key}`));
}

describe('messages made in src/shared', () => {
  it('has a catalogue entry for every key the code writes', () => {
    const files = sources(SRC).map((path) => ({ name: relative(SRC, path), text: readFileSync(path, 'utf8') }));
    // The scan finds keys at all: a rename that broke it would pass vacuously.
    expect(files.flatMap((f) => keysInCode(f.text)).length).toBeGreaterThan(50);
    expect(missingKeys(files)).toEqual([]);
  });

  it('catches a key the catalogue lacks', () => {
    expect(missingKeys([{ name: 'x.ts', text: "message('shared:episodes.chooseLevel'); message('shared:episodes.noSuchKey')" }])).toEqual(['x.ts: shared:episodes.noSuchKey']);
  });

  it('labels are keys with English text', () => {
    const maps = [LEVELS_OF_CARE, DISCHARGE_REASONS, RELEASE_SCOPES, RELEASE_STATUSES, OBJECTIVE_STATUSES, PLAN_TOPICS, AUTHORIZATION_STATUSES, REVIEW_TYPES, SERVICE_TYPES, ATTENDANCE_STATUSES, CLIENT_FLAGS, OCCASION_KINDS, OCCASION_STATUSES];
    for (const labels of maps) {
      for (const key of Object.values(labels)) expect(isSharedKey(key), key).toBe(true);
    }
    expect(englishText(LEVELS_OF_CARE.iop)).toBe('Intensive outpatient (IOP)');
    expect(englishText(ATTENDANCE_STATUSES['late-and-left-early'])).toBe('Arrived late and left early');
  });

  it('every catalogue entry is a non-empty string', () => {
    const leaves = (node: object): unknown[] => Object.values(node).flatMap((v) => (v !== null && typeof v === 'object' ? leaves(v) : [v]));
    for (const text of leaves(SHARED_MESSAGES)) expect(typeof text === 'string' && text.trim() !== '').toBe(true);
  });

  it('a failed parse gives keys with values, written in English for a rule error or a log', () => {
    const parsed = clientIdentitySchema.safeParse({ firstName: '', lastName: 'x'.repeat(101), dateOfBirth: '1990-02-30' });
    expect(parsed.success).toBe(false);
    const issues = parsed.error!.issues;
    expect(issues.every((issue) => isSharedKey(issue.message))).toBe(true);
    expect(issuesText(parsed.error!)).toBe('First name is required; Last name is at most 100 characters; Date of birth is not a real calendar date');
    const change = levelChangeSchema.safeParse({ on: 'soon', to: 'nowhere', reason: ' ' });
    expect(issuesText(change.error!)).toBe('Date of the change must be a date (YYYY-MM-DD); Choose a level of care; Give a reason');
    const release = releaseSchema.safeParse({ contactId: 'c', scopes: ['attendance'], purpose: 'Family sessions', signedOn: '2026-03-02', expiresOn: '2026-03-01' });
    expect(issuesText(release.error!)).toBe('The release must expire on or after the day it was signed');
  });

  it('a whole number names its field, its bounds and its unit', () => {
    const minutes = interventionSchema.shape.sessionMinutes;
    expect(minutes.safeParse('x').error!.issues.map(englishIssue)).toEqual(['The session length must be a number']);
    expect(minutes.safeParse(45.5).error!.issues.map(englishIssue)).toEqual(['The session length must be a whole number of minutes']);
    expect(minutes.safeParse(3).error!.issues.map(englishIssue)).toEqual(['The session length must be between 5 and 600 minutes']);
    expect(minutes.safeParse(null).success).toBe(true);
  });

  it('maps the checks written without a message to catalogue keys', () => {
    const schema = z.object({ name: z.string(), notes: z.string().min(3), items: z.array(z.number()).max(1), size: z.number().min(2), when: z.iso.date(), extra: z.strictObject({}) });
    const parsed = schema.safeParse({ notes: 'a', items: [1, 2], size: 1, when: 'soon', extra: { x: 1 } }, { error: builtInMessage });
    expect(parsed.error!.issues.map((issue) => issue.message).every(isSharedKey)).toBe(true);
    expect(parsed.error!.issues.map(englishIssue)).toEqual([
      'This is required',
      'At least 3 characters',
      'At most 1',
      'At least 2',
      'This is not in the expected format',
      'This has fields that are not expected',
    ]);
  });
});
