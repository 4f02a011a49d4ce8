/**
 * The one formatting module: dates, times and numbers on screen and on paper go through `Intl` here,
 * in the practice's locale (a setting) and the practice's time zone. Nothing else calls
 * `toLocale*String` or names a locale (a lint rule keeps it so: docs/I18N.md).
 */
import { z } from 'zod';
import { message } from './messages';

/** The locales Waypoint formats and translates for: the staff UI is English (US); clients may choose Spanish (US). */
export const LOCALES = ['en-US', 'es-US'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'en-US';
export const LOCALE_NAMES: Record<Locale, string> = { 'en-US': 'English (US)', 'es-US': 'Español (EE. UU.)' };

export const localeSchema = z.enum(LOCALES, message('shared:settings.locale'));

export function isLocale(value: unknown): value is Locale {
  return localeSchema.safeParse(value).success;
}

function instant(at: number | string, timeZone: string): Date {
  const date = new Date(at);
  if (Number.isNaN(date.getTime())) throw new Error(`Not an instant in ${timeZone}: ${String(at)}`);
  return date;
}

/** e.g. "Nov 24, 2026, 9:05 AM" (en-US) or "24 nov 2026, 9:05 a.m." (es-US) in `timeZone`. */
export function formatInstant(at: number | string, timeZone: string, locale: Locale, options: { seconds?: boolean } = {}): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: options.seconds ? 'medium' : 'short', timeZone }).format(instant(at, timeZone));
}

/** The time of day alone, e.g. "9:05:12 AM". */
export function formatTime(at: number | string, timeZone: string, locale: Locale): string {
  return new Intl.DateTimeFormat(locale, { timeStyle: 'medium', timeZone }).format(instant(at, timeZone));
}

const DAY_STYLES = {
  /** "Mon, Nov 24": headings in week views. */
  short: { weekday: 'short', month: 'short', day: 'numeric' },
  /** "Monday, November 24, 2026". */
  long: { weekday: 'long', month: 'long', day: 'numeric', year: 'numeric' },
  /** "Nov 24, 2026". */
  medium: { dateStyle: 'medium' },
} as const satisfies Record<string, Intl.DateTimeFormatOptions>;
export type DayStyle = keyof typeof DAY_STYLES;

/** A calendar date (YYYY-MM-DD): a date has no zone, so it is read and written in UTC and never shifts a day. */
export function formatDay(date: string, locale: Locale, style: DayStyle = 'medium'): string {
  const parsed = /^\d{4}-\d{2}-\d{2}$/.test(date) ? new Date(`${date}T00:00:00Z`) : new Date(Number.NaN);
  if (Number.isNaN(parsed.getTime())) throw new Error(`Not a date (YYYY-MM-DD): ${date}`);
  return new Intl.DateTimeFormat(locale, { ...DAY_STYLES[style], timeZone: 'UTC' }).format(parsed);
}

export function formatNumber(value: number, locale: Locale, options: Intl.NumberFormatOptions = {}): string {
  return new Intl.NumberFormat(locale, options).format(value);
}

/** An ISO weekday's name (1 = Monday … 7 = Sunday), "Mon" in short: 2024-01-01 was a Monday. */
export function formatWeekday(isoDay: number, locale: Locale, style: 'short' | 'long' = 'short'): string {
  return new Intl.DateTimeFormat(locale, { weekday: style, timeZone: 'UTC' }).format(new Date(Date.UTC(2024, 0, isoDay)));
}

/** Names joined as the locale joins a list: "A", "A and B", "A, B, and C" in English (US). */
export function formatList(items: readonly string[], locale: Locale): string {
  return new Intl.ListFormat(locale, { style: 'long', type: 'conjunction' }).format(items);
}

/** The formatters bound to one locale and zone: what the renderer's useFormat() hands to screens. */
export interface Formatters {
  locale: Locale;
  instant: (at: number | string, options?: { seconds?: boolean }) => string;
  time: (at: number | string) => string;
  day: (date: string, style?: DayStyle) => string;
  number: (value: number, options?: Intl.NumberFormatOptions) => string;
  weekday: (isoDay: number, style?: 'short' | 'long') => string;
  list: (items: readonly string[]) => string;
}

export function formatters(locale: Locale, timeZone: string): Formatters {
  return {
    locale,
    instant: (at, options) => formatInstant(at, timeZone, locale, options),
    time: (at) => formatTime(at, timeZone, locale),
    day: (date, style) => formatDay(date, locale, style),
    number: (value, options) => formatNumber(value, locale, options),
    weekday: (isoDay, style) => formatWeekday(isoDay, locale, style),
    list: (items) => formatList(items, locale),
  };
}
