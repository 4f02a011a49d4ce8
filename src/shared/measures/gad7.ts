/**
 * GAD-7 (Spitzer, Kroenke, Williams & Löwe 2006). Item wording as printed on the English form
 * from phqscreeners.com (reproductions differ only in commas); free to reproduce like the PHQ-9.
 */
import type { MeasureDefinition, MeasureItem } from './definition';

const FREQUENCY = [
  { value: 0, label: 'Not at all' },
  { value: 1, label: 'Several days' },
  { value: 2, label: 'More than half the days' },
  { value: 3, label: 'Nearly every day' },
];

const ITEMS = [
  'Feeling nervous, anxious, or on edge',
  'Not being able to stop or control worrying',
  'Worrying too much about different things',
  'Trouble relaxing',
  'Being so restless that it is hard to sit still',
  'Becoming easily annoyed or irritable',
  'Feeling afraid, as if something awful might happen',
];

const scored: MeasureItem[] = ITEMS.map((text, i) => ({ id: `q${i + 1}`, number: i + 1, text, options: FREQUENCY, scored: true, required: true }));

export const GAD7: MeasureDefinition = {
  id: 'gad7',
  shortName: 'GAD-7',
  name: 'Generalized Anxiety Disorder 7-item scale',
  loincTotal: '70274-6',
  source: {
    citation: 'Spitzer RL, Kroenke K, Williams JBW, Löwe B. A brief measure for assessing generalized anxiety disorder: the GAD-7. Arch Intern Med 2006;166:1092–1097.',
    licence:
      'Developed by Drs. Robert L. Spitzer, Janet B.W. Williams, Kurt Kroenke and colleagues, with an educational grant from Pfizer Inc. No permission required to reproduce, translate, display or distribute.',
    url: 'https://www.phqscreeners.com/',
  },
  lookback: 'the last 2 weeks',
  instructions: 'Over the last 2 weeks, how often have you been bothered by the following problems?',
  items: [
    ...scored,
    {
      id: 'q8',
      number: 8,
      text: 'If you checked off any problems, how difficult have these made it for you to do your work, take care of things at home, or get along with other people?',
      options: [
        { value: 0, label: 'Not difficult at all' },
        { value: 1, label: 'Somewhat difficult' },
        { value: 2, label: 'Very difficult' },
        { value: 3, label: 'Extremely difficult' },
      ],
      scored: false,
      required: false,
    },
  ],
  skipRules: [],
  scoring: 'sum',
  total: { min: 0, max: 21 },
  bands: [
    { id: 'minimal', label: 'Minimal', min: 0, max: 4 },
    { id: 'mild', label: 'Mild', min: 5, max: 9 },
    { id: 'moderate', label: 'Moderate', min: 10, max: 14 },
    { id: 'severe', label: 'Severe', min: 15, max: 21 },
  ],
  alerts: [],
  notes: ['Item 8 (difficulty) is asked but not scored.', 'A score of 10 or more warrants further evaluation (Spitzer 2006).'],
};
