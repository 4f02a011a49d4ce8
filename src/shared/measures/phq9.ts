/**
 * PHQ-9 (Kroenke, Spitzer & Williams 2001). Item wording as printed on the English form from
 * phqscreeners.com, checked against several reproductions of it; the form says "No permission
 * required to reproduce, translate, display or distribute".
 */
import type { MeasureDefinition } from './definition';
import { difficultyItem, frequencyItems, PHQ_LICENCE, PHQ_SPANISH_SOURCE_URL, spanishItems } from './phq-family';

const ITEMS = [
  'Little interest or pleasure in doing things',
  'Feeling down, depressed, or hopeless',
  'Trouble falling or staying asleep, or sleeping too much',
  'Feeling tired or having little energy',
  'Poor appetite or overeating',
  'Feeling bad about yourself — or that you are a failure or have let yourself or your family down',
  'Trouble concentrating on things, such as reading the newspaper or watching television',
  'Moving or speaking so slowly that other people could have noticed? Or the opposite — being so fidgety or restless that you have been moving around a lot more than usual',
  'Thoughts that you would be better off dead or of hurting yourself in some way',
];

/** The official Spanish (USA) form, item for item (its dashes are en dashes, unlike the English form's). */
const ITEMS_ES = [
  'Poco interés o placer en hacer cosas',
  'Se ha sentido decaído(a), deprimido(a) o sin esperanzas',
  'Ha tenido dificultad para quedarse o permanecer dormido(a), o ha dormido demasiado',
  'Se ha sentido cansado(a) o con poca energía',
  'Sin apetito o ha comido en exceso',
  'Se ha sentido mal con usted mismo(a) – o que es un fracaso o que ha quedado mal con usted mismo(a) o con su familia',
  'Ha tenido dificultad para concentrarse en ciertas actividades, tales como leer el periódico o ver la televisión',
  '¿Se ha movido o hablado tan lento que otras personas podrían haberlo notado? o lo contrario – muy inquieto(a) o agitado(a) que ha estado moviéndose mucho más de lo normal',
  'Pensamientos de que estaría mejor muerto(a) o de lastimarse de alguna manera',
];

const scored = frequencyItems(ITEMS);

export const PHQ9: MeasureDefinition = {
  id: 'phq9',
  shortName: 'PHQ-9',
  name: 'Patient Health Questionnaire-9',
  loincTotal: '44261-6',
  source: {
    citation: 'Kroenke K, Spitzer RL, Williams JBW. The PHQ-9: validity of a brief depression severity measure. J Gen Intern Med 2001;16:606–613.',
    licence: PHQ_LICENCE,
    url: 'https://www.phqscreeners.com/',
  },
  lookback: 'the last 2 weeks',
  instructions: 'Over the last 2 weeks, how often have you been bothered by any of the following problems?',
  items: [
    ...scored,
    difficultyItem(10, 'If you checked off any problems, how difficult have these problems made it for you to do your work, take care of things at home, or get along with other people?'),
  ],
  skipRules: [],
  scoring: 'sum',
  total: { min: 0, max: 27 },
  bands: [
    { id: 'minimal', label: 'Minimal', min: 0, max: 4 },
    { id: 'mild', label: 'Mild', min: 5, max: 9 },
    { id: 'moderate', label: 'Moderate', min: 10, max: 14 },
    { id: 'moderately-severe', label: 'Moderately severe', min: 15, max: 19 },
    { id: 'severe', label: 'Severe', min: 20, max: 27 },
  ],
  alerts: [
    {
      id: 'self-harm',
      itemId: 'q9',
      minValue: 1,
      title: 'Thoughts of death or self-harm (PHQ-9 item 9)',
      action: 'Follow up today: assess risk with the client, act on the safety plan, and record what was done.',
    },
  ],
  notes: ['Item 10 (difficulty) is asked but not scored.', 'A total is a screening and severity measure, not a diagnosis.'],
  translations: {
    'es-US': {
      source: {
        citation: 'Cuestionario sobre la salud del paciente-9 (PHQ-9), Spanish for the USA: the official translation distributed by Pfizer Inc. with the English form (same licence).',
        url: PHQ_SPANISH_SOURCE_URL,
        checked:
          "Not against phqscreeners.com itself, which could not be reached when this was written. Compared word by word with a public reproduction of Pfizer's Spanish form (file PatientHealthQuestionnaire9_Spanish, carrying its Spanish licence line, on es.studenta.com, December 2026): title, instructions, nine items, answer labels and the difficulty question match it; the first answer label was corrected to \"Ningún día\" and two dashes to the form's en dashes.",
      },
      name: 'Cuestionario sobre la salud del paciente-9 (PHQ-9)',
      instructions: 'Durante las últimas 2 semanas, ¿qué tan seguido ha tenido molestias debido a los siguientes problemas?',
      items: spanishItems(ITEMS_ES),
    },
  },
};
