/**
 * What the PHQ-9 and the GAD-7 share: both come from the same Pfizer-funded family of screeners,
 * with the same answer scale over the last two weeks, the same unscored difficulty question
 * (its wording differs slightly between the two forms) and the same licence.
 */
import type { MeasureItem, MeasureTranslation } from './definition';

type MeasureTranslationItem = MeasureTranslation['items'][number];

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

/**
 * The Spanish (USA) forms of the PHQ-9 and GAD-7, official translations published with the English
 * ones on phqscreeners.com under the same licence. Each translation's `checked` says what its words
 * were compared with.
 */
export const PHQ_SPANISH_SOURCE_URL = 'https://www.phqscreeners.com/select-screener';

const SPANISH_FREQUENCY = [
  { value: 0, label: 'Ningún día' },
  { value: 1, label: 'Varios días' },
  { value: 2, label: 'Más de la mitad de los días' },
  { value: 3, label: 'Casi todos los días' },
];

/** Translated items numbered as frequencyItems() numbers the English, then the difficulty question. */
export function spanishItems(texts: readonly string[]): MeasureTranslationItem[] {
  return [
    ...texts.map((text, i) => ({ id: `q${i + 1}`, text, options: SPANISH_FREQUENCY })),
    {
      id: `q${texts.length + 1}`,
      text: 'Si marcó cualquiera de los problemas, ¿qué tanta dificultad le han dado estos problemas para hacer su trabajo, encargarse de las tareas del hogar, o llevarse bien con otras personas?',
      options: [
        { value: 0, label: 'No ha sido difícil' },
        { value: 1, label: 'Un poco difícil' },
        { value: 2, label: 'Muy difícil' },
        { value: 3, label: 'Extremadamente difícil' },
      ],
    },
  ];
}
