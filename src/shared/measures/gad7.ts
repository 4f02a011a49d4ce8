/**
 * GAD-7 (Spitzer, Kroenke, Williams & Löwe 2006). Item wording as printed on the English form
 * from phqscreeners.com (reproductions differ only in commas); free to reproduce like the PHQ-9.
 */
import type { MeasureDefinition } from './definition';
import { difficultyItem, frequencyItems, PHQ_LICENCE, PHQ_SPANISH_SOURCE_URL, spanishItems } from './phq-family';

const ITEMS = [
  'Feeling nervous, anxious, or on edge',
  'Not being able to stop or control worrying',
  'Worrying too much about different things',
  'Trouble relaxing',
  'Being so restless that it is hard to sit still',
  'Becoming easily annoyed or irritable',
  'Feeling afraid, as if something awful might happen',
];

/** The official Spanish (USA) form, item for item. */
const ITEMS_ES = [
  'Se ha sentido nervioso(a), ansioso(a) o con los nervios de punta',
  'No ha sido capaz de parar o controlar su preocupación',
  'Se ha preocupado demasiado por motivos diferentes',
  'Ha tenido dificultad para relajarse',
  'Se ha sentido tan inquieto(a) que no ha podido quedarse quieto(a)',
  'Se ha molestado o irritado fácilmente',
  'Ha tenido miedo de que algo terrible fuera a pasar',
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
  translations: {
    'es-US': {
      source: {
        citation: 'GAD-7, Spanish for the USA: the official translation distributed by Pfizer Inc. with the English form (same licence).',
        url: PHQ_SPANISH_SOURCE_URL,
        checked:
          'NOT checked against the official text: phqscreeners.com could not be reached and no reproduction of the Spanish (USA) GAD-7 form was found (December 2026). Written from memory of that form and public reproductions; the difficulty question is the PHQ-9 form\'s. Have a Spanish-speaking clinician compare it with the form from phqscreeners.com before relying on it.',
      },
      name: 'Escala del trastorno de ansiedad generalizada (GAD-7)',
      instructions: 'Durante las últimas 2 semanas, ¿con qué frecuencia le han molestado los siguientes problemas?',
      items: spanishItems(ITEMS_ES),
    },
  },
};
