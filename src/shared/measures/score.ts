/**
 * The one scorer for every instrument defined as data: checks a response (each required item
 * answered with one of its options), then sums the scored items, finds the band and fires alerts.
 */
import { bandFor } from './definition';
import type { MeasureBand, MeasureDefinition, MeasureItem } from './definition';
import { RuleError, type Message } from '../messages';

/** Answers by item id: the chosen option's value. */
export type MeasureAnswers = Readonly<Record<string, number>>;

export interface FiredAlert {
  id: string;
  itemId: string;
  title: string;
  action: string;
}

export interface MeasureScore {
  total: number;
  band: MeasureBand;
  alerts: FiredAlert[];
}

export class MeasureRuleError extends RuleError {
  override readonly name = 'MeasureRuleError';
}

const MAX_QUOTE = 60;

/** `Question 9 ("Have you or someone else been injured as a result of your…")`: the number and enough text to find it. */
export function itemLabel(item: MeasureItem): Message {
  if (item.text.length <= MAX_QUOTE) return { key: 'shared:measures.item', values: { number: item.number, text: item.text } };
  const cut = item.text.slice(0, MAX_QUOTE);
  return { key: 'shared:measures.itemCut', values: { number: item.number, text: cut.slice(0, cut.lastIndexOf(' ')) } };
}

/** Items not asked given the answers so far (e.g. AUDIT 2–8 after "Never" to question 1). */
export function skippedItemIds(def: MeasureDefinition, answers: MeasureAnswers): Set<string> {
  const skipped = new Set<string>();
  for (const rule of def.skipRules) if (answers[rule.whenItemId] === rule.equals) for (const id of rule.skipItemIds) skipped.add(id);
  return skipped;
}

/** Messages, one per problem, in item order; empty when the response can be scored. */
export function responseProblems(def: MeasureDefinition, answers: MeasureAnswers): Message[] {
  const problems: Message[] = [];
  const known = new Set(def.items.map((item) => item.id));
  for (const id of Object.keys(answers)) if (!known.has(id)) problems.push({ key: 'shared:measures.errors.noQuestion', values: { measure: def.shortName, id } });
  const skipped = skippedItemIds(def, answers);
  for (const item of def.items) {
    const answer = answers[item.id];
    if (answer === undefined) {
      if (item.required && !skipped.has(item.id)) problems.push({ key: 'shared:measures.errors.needsAnswer', values: { item: itemLabel(item) } });
      continue;
    }
    if (!item.options.some((option) => option.value === answer)) {
      problems.push({ key: 'shared:measures.errors.notAnAnswer', values: { item: itemLabel(item), answer, answers: item.options.map((o) => o.value).join(', ') } });
    }
  }
  return problems;
}

/** Total, band and alerts. Throws MeasureRuleError listing every problem with an incomplete or invalid response. */
export function scoreResponse(def: MeasureDefinition, answers: MeasureAnswers): MeasureScore {
  const problems = responseProblems(def, answers);
  if (problems.length > 0) throw new MeasureRuleError(problems);
  // Skipped items are unanswered and count 0; an answer given anyway is scored as given.
  const total = def.items.filter((item) => item.scored).reduce((sum, item) => sum + (answers[item.id] ?? 0), 0);
  const alerts = def.alerts
    .filter((rule) => (answers[rule.itemId] ?? 0) >= rule.minValue)
    .map(({ id, itemId, title, action }) => ({ id, itemId, title, action }));
  return { total, band: bandFor(def, total), alerts };
}
