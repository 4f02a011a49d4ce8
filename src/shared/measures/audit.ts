/**
 * AUDIT, the Alcohol Use Disorders Identification Test (Babor et al., WHO 2001, 2nd edition).
 * Item and option wording of the manual's questionnaire; zones and their guidance from its
 * Table 3. The instructions are the self-report version's, with "choose" for "place an X".
 */
import type { MeasureDefinition, MeasureItem } from './definition';

const FREQUENCY = [
  { value: 0, label: 'Never' },
  { value: 1, label: 'Less than monthly' },
  { value: 2, label: 'Monthly' },
  { value: 3, label: 'Weekly' },
  { value: 4, label: 'Daily or almost daily' },
];

// Items 9 and 10 score 0, 2 or 4: the stored value is the score.
const YES_NO_WHEN = [
  { value: 0, label: 'No' },
  { value: 2, label: 'Yes, but not in the last year' },
  { value: 4, label: 'Yes, during the last year' },
];

const item = (number: number, text: string, options: MeasureItem['options']): MeasureItem => ({ id: `q${number}`, number, text, options, scored: true, required: true });

export const AUDIT: MeasureDefinition = {
  id: 'audit',
  shortName: 'AUDIT',
  name: 'Alcohol Use Disorders Identification Test',
  // LOINC "Total score [AUDIT]". Not 75626-2, which is the AUDIT-C total.
  loincTotal: '75624-7',
  source: {
    citation:
      'Babor TF, Higgins-Biddle JC, Saunders JB, Monteiro MG. AUDIT: The Alcohol Use Disorders Identification Test. Guidelines for Use in Primary Care, 2nd ed. World Health Organization, 2001 (WHO/MSD/MSB/01.6a).',
    licence:
      '© World Health Organization 2001. The manual says the document may be freely reviewed, abstracted, reproduced and translated, but not for sale nor for use in conjunction with commercial purposes: confirm with the WHO before distributing in a sold product.',
    url: 'https://www.who.int/publications/i/item/WHO-MSD-MSB-01.6a',
  },
  lookback: 'the last year',
  instructions:
    'Because alcohol use can affect your health and can interfere with certain medications and treatments, it is important that we ask some questions about your use of alcohol. Your answers will remain confidential so please be honest. Choose the one answer that best describes your answer to each question.',
  items: [
    item(1, 'How often do you have a drink containing alcohol?', [
      { value: 0, label: 'Never' },
      { value: 1, label: 'Monthly or less' },
      { value: 2, label: '2 to 4 times a month' },
      { value: 3, label: '2 to 3 times a week' },
      { value: 4, label: '4 or more times a week' },
    ]),
    item(2, 'How many drinks containing alcohol do you have on a typical day when you are drinking?', [
      { value: 0, label: '1 or 2' },
      { value: 1, label: '3 or 4' },
      { value: 2, label: '5 or 6' },
      { value: 3, label: '7, 8, or 9' },
      { value: 4, label: '10 or more' },
    ]),
    item(3, 'How often do you have six or more drinks on one occasion?', FREQUENCY),
    item(4, 'How often during the last year have you found that you were not able to stop drinking once you had started?', FREQUENCY),
    item(5, 'How often during the last year have you failed to do what was normally expected from you because of drinking?', FREQUENCY),
    item(6, 'How often during the last year have you needed a first drink in the morning to get yourself going after a heavy drinking session?', FREQUENCY),
    item(7, 'How often during the last year have you had a feeling of guilt or remorse after drinking?', FREQUENCY),
    item(8, 'How often during the last year have you been unable to remember what happened the night before because you had been drinking?', FREQUENCY),
    item(9, 'Have you or someone else been injured as a result of your drinking?', YES_NO_WHEN),
    item(10, 'Has a relative or friend or a doctor or another health worker been concerned about your drinking or suggested you cut down?', YES_NO_WHEN),
  ],
  // The interview version's branch: someone who never drinks goes straight to questions 9 and 10.
  skipRules: [{ whenItemId: 'q1', equals: 0, skipItemIds: ['q2', 'q3', 'q4', 'q5', 'q6', 'q7', 'q8'] }],
  scoring: 'sum',
  total: { min: 0, max: 40 },
  bands: [
    { id: 'zone-1', label: 'Zone I: low risk', min: 0, max: 7, guidance: 'Alcohol education' },
    { id: 'zone-2', label: 'Zone II: hazardous drinking', min: 8, max: 15, guidance: 'Simple advice' },
    { id: 'zone-3', label: 'Zone III: harmful drinking', min: 16, max: 19, guidance: 'Simple advice plus brief counselling and continued monitoring' },
    { id: 'zone-4', label: 'Zone IV: possible dependence', min: 20, max: 40, guidance: 'Referral to a specialist for diagnostic evaluation and treatment' },
  ],
  alerts: [],
  notes: [
    'A total of 8 or more suggests hazardous or harmful drinking.',
    'The WHO counts a standard drink as 10 g of alcohol; in the US it is 14 g. Show the client what a drink means in your practice.',
    'No Spanish version yet, so the kiosk gives it in English and says so: the WHO\'s Spanish manual (AUDIT. Cuestionario de Identificación de los Trastornos debidos al Consumo de Alcohol, WHO/MSD/MSB/01.6a) has one, but only fragments of its questionnaire could be read when this was written (items 9 and 10 and their answers were not), and the text must come whole from that edition.',
  ],
};
