/**
 * Text made in src/shared, translated (docs/I18N.md: Messages made in src/shared): shared code
 * writes catalogue keys (`shared:…`) and values; here they become text in the staff language, or a
 * client's when `locale` is given. A value that is itself a key (a field's name) is translated too.
 */
import type { z } from 'zod';
import { DEFAULT_LOCALE, type Locale } from '../../../shared/format';
import { isSharedKey, issueValues, MESSAGE_LIST_SEPARATOR, TranslatableError, type Message, type MessageValues, type SharedKey } from '../../../shared/messages';
import { i18next } from './i18n';

/** A key's text with its values; text that is not a key is returned as it is (a message made in the renderer). */
export function sharedText(text: string, values: MessageValues = {}, locale: Locale = DEFAULT_LOCALE): string {
  if (!isSharedKey(text)) return text;
  const translated = Object.fromEntries(Object.entries(values).map(([name, value]) => [name, valueText(value, locale)]));
  // A key checked at run time (isSharedKey): one literal key stands for the type of them all.
  return i18next.t(text as 'shared:levels.iop', { ...translated, lng: locale });
}

function valueText(value: MessageValues[string], locale: Locale): string | number {
  if (typeof value === 'object') return messagesText('key' in value ? [value] : value, locale);
  return typeof value === 'string' ? sharedText(value, {}, locale) : value;
}

/** Messages translated and joined as shared code joins them in English. */
export function messagesText(messages: readonly Message[], locale: Locale = DEFAULT_LOCALE): string {
  return messages.map((m) => sharedText(m.key, m.values, locale)).join(MESSAGE_LIST_SEPARATOR);
}

/** The message of a zod issue, translated. */
export function issueText(issue: z.core.$ZodIssue, locale?: Locale): string {
  return sharedText(issue.message, issueValues(issue), locale);
}

/** A Select's options from a label map of src/shared (`LEVELS_OF_CARE`): its keys the values, its labels translated. */
export function labelOptions<K extends string>(labels: Readonly<Record<K, SharedKey>>): { value: K; label: string }[] {
  return (Object.entries(labels) as [K, SharedKey][]).map(([value, key]) => ({ value, label: sharedText(key) }));
}

/** What a failed action shows: a rule error's messages translated, any other error's message as it is. */
export function errorText(error: unknown): string {
  if (error instanceof TranslatableError && error.texts.length > 0) return messagesText(error.texts);
  return error instanceof Error ? error.message : String(error);
}
