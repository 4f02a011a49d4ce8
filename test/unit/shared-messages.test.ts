import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { clientIdentitySchema } from '../../src/shared/clients';
import { releaseSchema } from '../../src/shared/contacts';
import { levelChangeSchema, LEVELS_OF_CARE } from '../../src/shared/episodes';
import { z } from 'zod';
import { interventionSchema } from '../../src/shared/plans';
import { builtInMessage, englishIssue, englishText, isSharedKey, issuesText, SHARED_MESSAGES } from '../../src/shared/messages';

const SRC = resolve(import.meta.dirname, '../../src');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? sources(path) : /\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

const SHARED = resolve(SRC, 'shared');

/**
 * Exported maps of text that are data, not labels: a code set's own descriptors, each language's
 * name in itself, the statutory names of federal holidays, and a consent's default statements
 * (copied into the consent, where the practice may edit them). docs/I18N.md lists them.
 */
const DATA_MAPS = new Set(['PER_DIEM_CODES', 'LOCALE_NAMES', 'FEDERAL_HOLIDAYS', 'CONSENT_STATEMENTS']);

interface LabelMap {
  name: string;
  file: string;
  values: string[];
}

/** Every exported constant (NAME_IN_CAPITALS) of src/shared whose values are all strings. */
async function exportedLabelMaps(): Promise<LabelMap[]> {
  const maps: LabelMap[] = [];
  for (const path of sources(SHARED)) {
    const module = (await import(path)) as Record<string, unknown>;
    for (const [name, value] of Object.entries(module)) {
      if (!/^[A-Z][A-Z0-9_]*$/.test(name) || value === null || typeof value !== 'object' || Array.isArray(value)) continue;
      const values = Object.values(value);
      if (values.length > 0 && values.every((v) => typeof v === 'string')) maps.push({ name, file: relative(SHARED, path), values: values as string[] });
    }
  }
  return maps;
}

const englishIn = (map: LabelMap) => map.values.filter((value) => !isSharedKey(value)).map((value) => `${map.file} ${map.name}: "${value}"`);

/** RuleError and every class that extends it, directly or not. */
function ruleErrorClasses(files: { text: string }[]): string[] {
  const classes = new Set(['RuleError']);
  for (let grew = true; grew; ) {
    grew = false;
    for (const { text } of files)
      for (const [, name, base] of text.matchAll(/class (\w+) extends (\w+)/g))
        if (classes.has(base!) && !classes.has(name!)) grew = classes.add(name!).size > 0;
  }
  return [...classes];
}

/** `new XRuleError('…')` or with a template: a rule error made from text. */
function textRuleErrors(files: { name: string; text: string }[], classes: readonly string[]): string[] {
  const made = new RegExp(`new (?:${classes.join('|')})\\(\\s*['"\`][^'"\`]*['"\`]?`, 'g');
  return files.flatMap(({ name, text }) => [...text.matchAll(made)].map((m) => `${name}: ${m[0]}`));
}

/**
 * Files whose zod checks guard data or a protocol, not what a person types (docs/I18N.md: what
 * stays English by design): the audit hash chain, IPC, instrument definitions, note templates, a
 * scan's chunks and the sync protocol.
 */
const DATA_CHECKS = new Set(['audit.ts', 'bridge.ts', 'measures/definition.ts', 'notes/templates.ts', 'part2/scan.ts']);
const isDataCheck = (file: string) => DATA_CHECKS.has(file) || file.startsWith('sync/');

/** Zod checks whose message is an argument: from the second (`.min(1, msg)`, `.refine(fn, msg)`, `z.enum(values, msg)`) or the first (`.int(msg)`). */
const MESSAGE_FROM_SECOND = new Set(['min', 'max', 'length', 'gte', 'lte', 'gt', 'lt', 'regex', 'refine', 'enum', 'literal', 'multipleOf', 'size']);
const MESSAGE_FROM_FIRST = new Set(['int', 'positive', 'nonnegative', 'negative', 'nonpositive', 'email', 'url', 'uuid', 'nonempty', 'number', 'string', 'boolean', 'date', 'datetime', 'custom', 'array', 'object', 'strictObject', 'union', 'instanceof', 'trim']);

/**
 * Messages written as text in a zod check or an issue (`.min(1, 'Give a name')`, `{ message: '…' }`,
 * `{ error: \`…\` }`): text that is not a `shared:` key.
 */
function textMessages(name: string, text: string): string[] {
  const file = ts.createSourceFile(name, text, ts.ScriptTarget.Latest, true);
  const isText = (node: ts.Node) => ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateExpression(node);
  const english = (node: ts.Node) => isText(node) && !node.getText(file).slice(1).startsWith('shared:');
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
      const check = node.expression.name.text;
      const from = MESSAGE_FROM_SECOND.has(check) ? 1 : MESSAGE_FROM_FIRST.has(check) ? 0 : -1;
      if (from >= 0) for (const arg of node.arguments.slice(from)) if (english(arg)) found.push(`${name}: .${check}(… ${arg.getText(file)})`);
    }
    if (ts.isPropertyAssignment(node) && ts.isIdentifier(node.name) && (node.name.text === 'message' || node.name.text === 'error') && english(node.initializer)) {
      found.push(`${name}: ${node.name.text}: ${node.initializer.getText(file)}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
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

  it('every label map a src/shared module exports is catalogue keys', async () => {
    const maps = await exportedLabelMaps();
    // The scan finds the maps at all: a change that broke it would pass vacuously.
    expect(maps.length).toBeGreaterThan(40);
    expect(maps.filter((m) => !DATA_MAPS.has(m.name)).flatMap(englishIn)).toEqual([]);
    expect(englishText(LEVELS_OF_CARE.iop)).toBe('Intensive outpatient (IOP)');
  });

  it('catches a label map written in English', () => {
    expect(englishIn({ name: 'X', file: 'x.ts', values: ['shared:levels.iop', 'Group over capacity'] })).toEqual(['x.ts X: "Group over capacity"']);
  });

  it('every rule error a src/shared module throws is made from a message, never from text', () => {
    const files = sources(SHARED).map((path) => ({ name: relative(SHARED, path), text: readFileSync(path, 'utf8') }));
    const classes = ruleErrorClasses(files);
    expect(classes).toEqual(expect.arrayContaining(['PlanRuleError', 'NoteRuleError', 'Part2RuleError', 'EpisodeRuleError', 'MeasureRuleError', 'DrugScreenRuleError', 'AsamRuleError', 'ScanError']));
    expect(textRuleErrors(files, classes)).toEqual([]);
    expect(textRuleErrors([{ name: 'x.ts', text: "throw new PlanRuleError(`No ${level}`); throw new PlanRuleError({ key: 'shared:plans.errors.alreadySigned' });" }], classes)).toEqual(['x.ts: new PlanRuleError(`No ${level}`']);
  });

  it('every zod message a src/shared module writes for a person is a key, never text', () => {
    const files = sources(SHARED).map((path) => ({ name: relative(SHARED, path).replaceAll('\\', '/'), text: readFileSync(path, 'utf8') }));
    // The scan sees messages at all: the data checks it leaves alone are text.
    expect(files.filter((f) => isDataCheck(f.name)).flatMap((f) => textMessages(f.name, f.text)).length).toBeGreaterThan(20);
    expect(files.filter((f) => !isDataCheck(f.name)).flatMap((f) => textMessages(f.name, f.text))).toEqual([]);
  });

  it('catches a zod message written as text, and lets keys and values through', () => {
    const code = [
      "z.string().min(1, 'A name is required').max(9, message('shared:validation.atMostCharacters'));",
      'z.enum(FORMATS, { error: `The format must be one of ${FORMATS.join()}` });',
      "z.number().int('Whole').refine((n) => n > 0, { message: 'Positive' });",
      "z.literal('day'); z.enum(['a', 'b']); z.string().regex(/x/, 'shared:zod.wrongFormat'); name.startsWith('Step-down');",
    ].join('\n');
    expect(textMessages('x.ts', code)).toEqual([
      "x.ts: .min(… 'A name is required')",
      'x.ts: error: `The format must be one of ${FORMATS.join()}`',
      "x.ts: .int(… 'Whole')",
      "x.ts: message: 'Positive'",
    ]);
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
