/**
 * PCL-5, the PTSD Checklist for DSM-5 (Weathers et al. 2013), standard past-month version with
 * the wording of the National Center for PTSD's form (PCL-5, 8/14/2013). A US government work in
 * the public domain. The instructions say "select" instead of the paper form's "circle one of the
 * numbers to the right", as the National Center's own fillable version does.
 */
import type { MeasureDefinition, MeasureItem } from './definition';

/**
 * The National Center for PTSD suggests a cut-point of 31–33 for probable PTSD; 33 is the default
 * here. A candidate for a practice setting: pass another value to `definePcl5`.
 */
export const DEFAULT_PCL5_CUT_POINT = 33;

const BOTHER = [
  { value: 0, label: 'Not at all' },
  { value: 1, label: 'A little bit' },
  { value: 2, label: 'Moderately' },
  { value: 3, label: 'Quite a bit' },
  { value: 4, label: 'Extremely' },
];

const ITEMS = [
  'Repeated, disturbing, and unwanted memories of the stressful experience?',
  'Repeated, disturbing dreams of the stressful experience?',
  'Suddenly feeling or acting as if the stressful experience were actually happening again (as if you were actually back there reliving it)?',
  'Feeling very upset when something reminded you of the stressful experience?',
  'Having strong physical reactions when something reminded you of the stressful experience (for example, heart pounding, trouble breathing, sweating)?',
  'Avoiding memories, thoughts, or feelings related to the stressful experience?',
  'Avoiding external reminders of the stressful experience (for example, people, places, conversations, activities, objects, or situations)?',
  'Trouble remembering important parts of the stressful experience?',
  'Having strong negative beliefs about yourself, other people, or the world (for example, having thoughts such as: I am bad, there is something seriously wrong with me, no one can be trusted, the world is completely dangerous)?',
  'Blaming yourself or someone else for the stressful experience or what happened after it?',
  'Having strong negative feelings such as fear, horror, anger, guilt, or shame?',
  'Loss of interest in activities that you used to enjoy?',
  'Feeling distant or cut off from other people?',
  'Trouble experiencing positive feelings (for example, being unable to feel happiness or have loving feelings for people close to you)?',
  'Irritable behavior, angry outbursts, or acting aggressively?',
  'Taking too many risks or doing things that could cause you harm?',
  'Being "superalert" or watchful or on guard?',
  'Feeling jumpy or easily startled?',
  'Having difficulty concentrating?',
  'Trouble falling or staying asleep?',
];

const items: MeasureItem[] = ITEMS.map((text, i) => ({ id: `q${i + 1}`, number: i + 1, text, options: BOTHER, scored: true, required: true }));

/** The PCL-5 with its probable-PTSD band starting at `cutPoint` (1–80). */
export function definePcl5(cutPoint = DEFAULT_PCL5_CUT_POINT): MeasureDefinition {
  if (!Number.isInteger(cutPoint) || cutPoint < 1 || cutPoint > 80) throw new RangeError('The PCL-5 cut-point must be a whole number from 1 to 80');
  return {
    id: 'pcl5',
    shortName: 'PCL-5',
    name: 'PTSD Checklist for DSM-5',
    // No LOINC code for the PCL-5 total could be verified here; left empty rather than guessed.
    loincTotal: null,
    source: {
      citation:
        'Weathers FW, Litz BT, Keane TM, Palmieri PA, Marx BP, Schnurr PP. The PTSD Checklist for DSM-5 (PCL-5). National Center for PTSD, 2013.',
      licence: 'Public domain (US Department of Veterans Affairs, National Center for PTSD).',
      url: 'https://www.ptsd.va.gov/professional/assessment/adult-sr/ptsd-checklist.asp',
    },
    lookback: 'the past month',
    instructions:
      'Below is a list of problems that people sometimes have in response to a very stressful experience. Please read each problem carefully and then select one of the options to indicate how much you have been bothered by that problem in the past month.',
    stem: 'In the past month, how much were you bothered by:',
    items,
    skipRules: [],
    scoring: 'sum',
    total: { min: 0, max: 80 },
    bands: [
      { id: 'below-cut-point', label: 'Below the probable-PTSD cut-point', min: 0, max: cutPoint - 1 },
      { id: 'probable-ptsd', label: 'Probable PTSD', min: cutPoint, max: 80 },
    ],
    alerts: [],
    notes: [
      `Probable PTSD from ${cutPoint} (the National Center for PTSD suggests 31–33); a provisional result that needs a clinical interview to confirm.`,
    ],
  };
}

export const PCL5 = definePcl5();
