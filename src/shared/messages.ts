/**
 * User-facing text made in src/shared, as catalogue keys (docs/I18N.md: Messages made in src/shared).
 * Shared code writes a key, `shared:<path>` into `messages/en-US.json`, never English: a zod
 * message or a label is such a key, with its values in a custom issue's `params`. The renderer
 * translates keys through i18next (`shared` namespace, the same catalogue); code without
 * i18next (a thrown rule error, a log) writes the English here.
 */
import type { z } from 'zod';
import en from './messages/en-US.json';

type Paths<T> = { [K in keyof T & string]: T[K] extends string ? K : `${K}.${Paths<T[K]>}` }[keyof T & string];

export const SHARED_NAMESPACE = 'shared';
/** A key of the shared catalogue, with its namespace as i18next reads it: `shared:levels.iop`. */
export type SharedKey = `shared:${Paths<typeof en>}`;
export type MessageValues = Record<string, string | number>;
/** A message made in src/shared for the screen: its key and values. */
export interface Message {
  key: SharedKey;
  values?: MessageValues;
}
export const SHARED_MESSAGES = en;

const PREFIX = `${SHARED_NAMESPACE}:`;

export function isSharedKey(text: string): text is SharedKey {
  return text.startsWith(PREFIX) && typeof lookup(text) === 'string';
}

function lookup(key: string): unknown {
  return key.slice(PREFIX.length).split('.').reduce<unknown>((node, part) => (node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined), en);
}

/** The values of an issue a message may name: a custom issue's `params`, a size check's bound. */
export function issueValues(issue: z.core.$ZodIssue): MessageValues {
  const values: MessageValues = {};
  if (issue.code === 'custom') Object.assign(values, issue.params);
  if (issue.code === 'too_big') values.maximum = Number(issue.maximum);
  if (issue.code === 'too_small') values.minimum = Number(issue.minimum);
  return values;
}

/**
 * The English of a key with its values, a value that is itself a key written in English too; any
 * other text is returned as it is (a message not yet made a key).
 */
export function englishText(message: string, values: MessageValues = {}): string {
  if (!isSharedKey(message)) return message;
  return (lookup(message) as string).replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, name: string) => {
    const value = values[name];
    if (value === undefined) return whole;
    return typeof value === 'string' ? englishText(value) : String(value);
  });
}

/** An issue's message as a rule error carries it: its key and values, or its text when it is not a key. */
export function issueMessage(issue: z.core.$ZodIssue): Message | string {
  return isSharedKey(issue.message) ? { key: issue.message, values: issueValues(issue) } : issue.message;
}

/**
 * An error a shared rule throws for a screen. Its `message` is English (logs, tests, code without
 * i18next); when made from a `Message` it keeps the key and values too, and the renderer shows
 * them translated (`errorText`). A rule error made from text shows that text as it is.
 */
export class RuleError extends Error {
  readonly text: Message | null;
  constructor(message: Message | string) {
    super(typeof message === 'string' ? message : englishText(message.key, message.values));
    this.text = typeof message === 'string' ? null : message;
  }
}

/** An issue's message in English: for a rule error or a log. */
export function englishIssue(issue: z.core.$ZodIssue): string {
  return englishText(issue.message, issueValues(issue));
}

/** A failed parse in English, one issue after another: the text of a rule error. */
export function issuesText(error: z.ZodError): string {
  return error.issues.map(englishIssue).join('; ');
}

/** A zod `error` option from a key, checked against the catalogue; `params` reach the message of a refinement. */
export function message(key: SharedKey, params?: MessageValues): { error: SharedKey; params?: MessageValues } {
  return params ? { error: key, params } : { error: key };
}

/**
 * The key for a check written without a message, in place of zod's built-in English ("Too small:
 * expected string to have >=1 characters"): the renderer sets it as zod's `customError` once, so a
 * schema's own message, always a key, still comes first.
 */
export function builtInMessage(issue: z.core.$ZodRawIssue): SharedKey {
  const collection = issue.origin === 'array' || issue.origin === 'set' || issue.origin === 'map';
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? 'shared:zod.missing' : 'shared:zod.wrongType';
    case 'too_small':
      if (issue.origin === 'string') return Number(issue.minimum) === 1 ? 'shared:zod.empty' : 'shared:zod.tooShort';
      return collection ? 'shared:zod.tooFew' : 'shared:zod.tooSmall';
    case 'too_big':
      if (issue.origin === 'string') return 'shared:validation.atMostCharacters';
      return collection ? 'shared:zod.tooMany' : 'shared:zod.tooBig';
    case 'invalid_value':
    case 'invalid_union':
      return 'shared:zod.notAnOption';
    case 'invalid_format':
      return 'shared:zod.wrongFormat';
    case 'unrecognized_keys':
      return 'shared:zod.unexpectedFields';
    default:
      return 'shared:zod.invalid';
  }
}
