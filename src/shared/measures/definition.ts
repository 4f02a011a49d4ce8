/**
 * Outcome measures as data: an instrument is its items, options, scoring range, severity bands
 * and alert rules, so one scorer (./score.ts) and one form render them all. The schema checks a
 * definition is coherent (bands cover the range without gaps, the range is what the items can
 * sum to), and every shipped instrument must pass it (see the unit tests).
 */
import { z } from 'zod';
import { localeSchema, type Locale } from '../format';

export const MEASURE_IDS = ['phq9', 'gad7', 'pcl5', 'audit'] as const;
export type MeasureId = (typeof MEASURE_IDS)[number];

const text = (label: string) => z.string().trim().min(1, `${label} is required`);
const key = (label: string) => z.string().regex(/^[a-z][a-z0-9-]*$/, `${label} is lower-case letters, digits and hyphens`);

const optionSchema = z
  .object({
    /** What is stored as the answer, and the item's score when it is scored. */
    value: z.number().int('An option value is a whole number').min(0, 'An option value cannot be negative'),
    label: text('An option label'),
  })
  .strict();
export type MeasureOption = z.infer<typeof optionSchema>;

const itemSchema = z
  .object({
    id: key('An item id'),
    /** As printed on the published form: messages and reports name items by it. */
    number: z.number().int().min(1),
    text: text('Item text'),
    options: z.array(optionSchema).min(2, 'An item needs at least two options'),
    /** Added into the total. PHQ-9's closing difficulty question is asked but not scored. */
    scored: z.boolean(),
    /** Only unscored items may be optional: a missing scored answer would silently lower the total. */
    required: z.boolean(),
  })
  .strict()
  .refine((item) => item.required || !item.scored, { message: 'A scored item must be required', path: ['required'] });
export type MeasureItem = z.infer<typeof itemSchema>;

const bandSchema = z
  .object({
    id: key('A band id'),
    label: text('A band label'),
    min: z.number().int(),
    max: z.number().int(),
    /** What the source recommends at this level, where it says (e.g. the WHO's AUDIT zones). */
    guidance: z.string().trim().optional(),
  })
  .strict();
export type MeasureBand = z.infer<typeof bandSchema>;

/** Fires when the answer to `itemId` is at least `minValue`; needs a same-day follow-up and an acknowledgement. */
const alertRuleSchema = z
  .object({
    id: key('An alert id'),
    itemId: key('The alert item'),
    minValue: z.number().int().min(1),
    title: text('An alert title'),
    /** What the clinician must do, shown with the alert. */
    action: text('An alert action'),
  })
  .strict();
export type MeasureAlertRule = z.infer<typeof alertRuleSchema>;

/** A branch of the published form: when `whenItemId` is answered `equals`, `skipItemIds` are not asked and score 0. */
const skipRuleSchema = z
  .object({
    whenItemId: key('The skip rule item'),
    equals: z.number().int(),
    skipItemIds: z.array(key('A skipped item')).min(1),
  })
  .strict();
export type MeasureSkipRule = z.infer<typeof skipRuleSchema>;

/**
 * An authorised translation: the same items and option values in the same order, only the words
 * differ, so a translated response scores exactly as the English one. Only translations whose
 * publisher can be cited are shipped; an instrument without one is given in English.
 */
const translationSchema = z
  .object({
    source: z
      .object({
        citation: text('The translation citation'),
        url: z.url('The translation source must be a URL'),
        /** What the words were compared with, word by word, and what could not be: never "verified" without the publisher's own text. */
        checked: text('What the translation was checked against'),
      })
      .strict(),
    name: text('A translated name'),
    instructions: text('Translated instructions'),
    items: z.array(z.object({ id: key('An item id'), text: text('Translated item text'), options: z.array(optionSchema) }).strict()),
  })
  .strict();
export type MeasureTranslation = z.infer<typeof translationSchema>;

export const measureDefinitionSchema = z
  .object({
    id: z.enum(MEASURE_IDS),
    shortName: text('A short name'),
    name: text('A name'),
    /** LOINC code of the total score; null where none is verified. */
    loincTotal: z.string().regex(/^\d{1,7}-\d$/, 'A LOINC code looks like 44261-6').nullable(),
    source: z
      .object({
        citation: text('The citation'),
        licence: text('The licence'),
        url: z.url('The source must be a URL'),
      })
      .strict(),
    /** The recall period, for headings ("over the last 2 weeks"). */
    lookback: text('The lookback'),
    instructions: text('The instructions'),
    /** The stem printed above the items, when the form has one. */
    stem: z.string().trim().optional(),
    items: z.array(itemSchema).min(1),
    skipRules: z.array(skipRuleSchema),
    /** How the total is made: the sum of the scored items' values, the rule of all four instruments. */
    scoring: z.literal('sum'),
    total: z.object({ min: z.number().int(), max: z.number().int() }).strict(),
    bands: z.array(bandSchema).min(1),
    alerts: z.array(alertRuleSchema),
    /** Caveats for whoever configures or reads the measure (e.g. a cut-point that is a setting). */
    notes: z.array(z.string().trim().min(1)),
    /** Authorised translations by locale, each with its source; English is the definition itself. */
    translations: z.partialRecord(localeSchema, translationSchema).optional(),
  })
  .strict()
  .superRefine((def, ctx) => {
    const issue = (message: string) => ctx.addIssue({ code: 'custom', message });
    const items = new Map(def.items.map((item) => [item.id, item]));
    if (items.size !== def.items.length) issue(`${def.shortName}: item ids must be unique`);
    def.items.forEach((item, i) => {
      if (item.number !== i + 1) issue(`${def.shortName}: item ${item.id} is number ${item.number}, expected ${i + 1}`);
      if (new Set(item.options.map((o) => o.value)).size !== item.options.length) issue(`${def.shortName} item ${item.number} repeats an option value`);
    });
    const scored = def.items.filter((item) => item.scored);
    const reachableMax = scored.reduce((sum, item) => sum + Math.max(...item.options.map((o) => o.value)), 0);
    const reachableMin = scored.reduce((sum, item) => sum + Math.min(...item.options.map((o) => o.value)), 0);
    if (reachableMax !== def.total.max || reachableMin !== def.total.min) {
      issue(`${def.shortName}: the total range ${def.total.min}–${def.total.max} is not what the items sum to (${reachableMin}–${reachableMax})`);
    }
    // Bands in order, each starting where the last ended, from the lowest total to the highest.
    let next = def.total.min;
    for (const band of def.bands) {
      if (band.min !== next || band.max < band.min) issue(`${def.shortName}: band "${band.label}" (${band.min}–${band.max}) does not continue from ${next}`);
      next = band.max + 1;
    }
    if (next !== def.total.max + 1) issue(`${def.shortName}: the bands end at ${next - 1}, not at the maximum ${def.total.max}`);
    for (const alert of def.alerts) {
      const item = items.get(alert.itemId);
      if (!item) issue(`${def.shortName}: alert ${alert.id} names an unknown item ${alert.itemId}`);
      else if (!item.options.some((o) => o.value >= alert.minValue)) issue(`${def.shortName}: alert ${alert.id} can never fire`);
    }
    for (const [locale, translation] of Object.entries(def.translations ?? {})) {
      const ids = translation.items.map((item) => item.id).join(',');
      if (ids !== def.items.map((item) => item.id).join(',')) issue(`${def.shortName} (${locale}): the translated items (${ids}) are not the instrument's items in order`);
      for (const translated of translation.items) {
        const values = translated.options.map((o) => o.value).join(',');
        const original = items.get(translated.id)?.options.map((o) => o.value).join(',');
        if (original !== undefined && values !== original) issue(`${def.shortName} (${locale}) item ${translated.id}: option values ${values} differ from the English ${original}`);
      }
    }
    for (const rule of def.skipRules) {
      if (!items.has(rule.whenItemId)) issue(`${def.shortName}: a skip rule names an unknown item ${rule.whenItemId}`);
      for (const id of rule.skipItemIds) if (!items.has(id)) issue(`${def.shortName}: a skip rule skips an unknown item ${id}`);
    }
  });

export type MeasureDefinition = z.infer<typeof measureDefinitionSchema>;

/** The band a total falls in; totals outside the instrument's range are a programming error. */
export function bandFor(def: MeasureDefinition, total: number): MeasureBand {
  const band = def.bands.find((b) => total >= b.min && total <= b.max);
  if (!band) throw new RangeError(`${def.shortName} total ${total} is outside ${def.total.min}–${def.total.max}`);
  return band;
}

/**
 * The instrument as the client reads it in `locale`: the authorised translation's words on the
 * same items, options, scoring, bands and alerts; null when there is no authorised translation
 * (the instrument is then given in English and the screen says so).
 */
export function measureIn(def: MeasureDefinition, locale: Locale): { def: MeasureDefinition; source: MeasureTranslation['source'] | null } | null {
  if (locale === 'en-US') return { def, source: null };
  const translation = def.translations?.[locale];
  if (!translation) return null;
  const words = new Map(translation.items.map((item) => [item.id, item]));
  return {
    def: {
      ...def,
      name: translation.name,
      instructions: translation.instructions,
      items: def.items.map((item) => ({ ...item, text: words.get(item.id)!.text, options: words.get(item.id)!.options })),
    },
    source: translation.source,
  };
}
