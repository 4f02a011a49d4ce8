/**
 * GAD-7 (Spitzer, Kroenke, Williams & Löwe 2006). Item wording as printed on the English form
 * from phqscreeners.com (reproductions differ only in commas); free to reproduce like the PHQ-9.
 * Given in English only: Pfizer publishes a Spanish (USA) form, but neither it nor a faithful
 * reproduction could be reached to check a text against (December 2026), and a client is never
 * shown words that cannot be traced to the publisher. Add it as `translations['es-US']` (with
 * what it was checked against) once it has been compared with the form from phqscreeners.com.
 */
import type { MeasureDefinition } from './definition';
import { difficultyItem, frequencyItems, PHQ_LICENCE } from './phq-family';

const ITEMS = [
  'Feeling nervous, anxious, or on edge',
  'Not being able to stop or control worrying',
  'Worrying too much about different things',
  'Trouble relaxing',
  'Being so restless that it is hard to sit still',
  'Becoming easily annoyed or irritable',
  'Feeling afraid, as if something awful might happen',
];

const scored = frequencyItems(ITEMS);

export const GAD7: MeasureDefinition = {
  id: 'gad7',
  shortName: 'GAD-7',
  name: 'Generalized Anxiety Disorder 7-item scale',
  loincTotal: '70274-6',
  source: {
    citation: 'Spitzer RL, Kroenke K, Williams JBW, Löwe B. A brief measure for assessing generalized anxiety disorder: the GAD-7. Arch Intern Med 2006;166:1092–1097.',
    licence: PHQ_LICENCE,
    url: 'https://www.phqscreeners.com/',
  },
  lookback: 'the last 2 weeks',
  instructions: 'Over the last 2 weeks, how often have you been bothered by the following problems?',
  items: [
    ...scored,
    difficultyItem(8, 'If you checked off any problems, how difficult have these made it for you to do your work, take care of things at home, or get along with other people?'),
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
