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
/**
 * A message's values: a string that is a key is translated too (a field's name), and so is a
 * message with its own values; a list of messages (the problems a check found) is translated item
 * by item and joined with "; ".
 */
export type MessageValues = Record<string, string | number | Message | readonly Message[]>;
/** A message made in src/shared for the screen: its key and values. */
export interface Message {
  key: SharedKey;
  values?: MessageValues;
}
/** How a list of messages given as a value is joined, in every language. */
export const MESSAGE_LIST_SEPARATOR = '; ';
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
    if (typeof value === 'object') return englishMessages('key' in value ? [value] : value);
    return typeof value === 'string' ? englishText(value) : String(value);
  });
}

/** A message in English. */
export function englishMessage(message: Message): string {
  return englishText(message.key, message.values);
}

/** Messages in English, joined as a list value is. */
export function englishMessages(messages: readonly Message[]): string {
  return messages.map(englishMessage).join(MESSAGE_LIST_SEPARATOR);
}

/**
 * Items joined with ", " ("Goal, Plan, Medication 1 dose"), where a sentence's list is not the
 * "; " of a list value: one key per pair, so each language writes its own separator.
 */
export function commaList(items: readonly Message[]): Message {
  const [first, ...rest] = items;
  if (!first) return verbatim('');
  return rest.length === 0 ? first : { key: 'shared:commaList', values: { first, rest: commaList(rest) } };
}

/** Text a person typed (a name, a purpose in their words), carried as a message and never translated. */
export function verbatim(text: string): Message {
  return { key: 'shared:verbatim', values: { text } };
}

/**
 * An error that reaches a screen. Its `message` is English (logs, tests, code without i18next);
 * made from messages (one, or a failed parse's issues) it keeps their keys and values too, and the
 * renderer shows them translated (`errorText`). One made from text (a name or a stored value, never
 * a sentence) shows that text as it is.
 */
export class TranslatableError extends Error {
  // Private, so an error compares by its English message (`toThrow(new XRuleError('…'))` in tests).
  readonly #texts: readonly Message[];
  constructor(message: Message | readonly Message[] | string) {
    const texts = typeof message === 'string' ? [] : Array.isArray(message) ? (message as readonly Message[]) : [message as Message];
    super(typeof message === 'string' ? message : englishMessages(texts));
    this.#texts = texts;
  }

  /** The messages to translate; empty for an error made from text. */
  get texts(): readonly Message[] {
    return this.#texts;
  }
}

/** An error a shared rule throws for a screen (a refused change, a failed parse). */
export class RuleError extends TranslatableError {}

/** A failed parse's issues as messages, one per issue: a key where the schema wrote one. */
export function issuesMessages(error: z.ZodError): Message[] {
  // A message that is not a key (zod's own English outside the renderer) is kept as it is.
  return error.issues.map((issue) => (isSharedKey(issue.message) ? { key: issue.message, values: issueValues(issue) } : verbatim(issue.message)));
}

/**
 * Parses input, or throws the caller's rule error class (by default `RuleError`) with every
 * issue's message: a failure reaches the screen in words (`errorText`), never as zod's JSON.
 */
export function parseOrThrow<T>(
  schema: { safeParse(input: unknown): { success: true; data: T } | { success: false; error: z.ZodError } },
  input: unknown,
  Failure: new (messages: readonly Message[]) => RuleError = RuleError,
): T {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw new Failure(issuesMessages(parsed.error));
  return parsed.data;
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
