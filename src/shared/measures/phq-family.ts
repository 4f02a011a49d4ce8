/**
 * What the PHQ-9 and the GAD-7 share: both come from the same Pfizer-funded family of screeners,
 * with the same answer scale over the last two weeks, the same unscored difficulty question
 * (its wording differs slightly between the two forms) and the same licence.
 */
import type { MeasureItem } from './definition';

export const PHQ_FREQUENCY = [
  { value: 0, label: 'Not at all' },
  { value: 1, label: 'Several days' },
  { value: 2, label: 'More than half the days' },
  { value: 3, label: 'Nearly every day' },
];

export const PHQ_LICENCE =
  'Developed by Drs. Robert L. Spitzer, Janet B.W. Williams, Kurt Kroenke and colleagues, with an educational grant from Pfizer Inc. No permission required to reproduce, translate, display or distribute.';

/** The scored items, numbered from 1, each answered on the frequency scale. */
export function frequencyItems(texts: readonly string[]): MeasureItem[] {
  return texts.map((text, i) => ({ id: `q${i + 1}`, number: i + 1, text, options: PHQ_FREQUENCY, scored: true, required: true }));
}

/** The closing question on how much the problems get in the way: asked, never scored. */
export function difficultyItem(number: number, text: string): MeasureItem {
  return {
    id: `q${number}`,
    number,
    text,
    options: [
      { value: 0, label: 'Not difficult at all' },
      { value: 1, label: 'Somewhat difficult' },
      { value: 2, label: 'Very difficult' },
      { value: 3, label: 'Extremely difficult' },
    ],
    scored: false,
    required: false,
  };
}
