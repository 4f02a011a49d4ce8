/**
 * Note templates as data, not screens: each format is a list of fields with help and quick picks,
 * so one editor renders them all and the signing rules (./note.ts) check them all. GIRP, DAP, BIRP
 * and SOAP are conventions (docs/ARCHITECTURE.md: Clinical rules); each group format adds the same per-member observations.
 */
import { z } from 'zod';
import { NOTE_FORMATS } from '../settings';
import type { NoteFormat } from '../settings';

export const TEMPLATE_IDS = [...NOTE_FORMATS, 'individual', 'family', 'psychiatric', 'workshop'] as const;
export type TemplateId = (typeof TEMPLATE_IDS)[number];

/** More than eight chips stop being quicker than typing. */
const MAX_QUICK_PICKS = 8;

const noteFieldSchema = z.object({
  key: z.string().regex(/^[a-z][A-Za-z]*$/, 'A field key is one camelCase word'),
  label: z.string().trim().min(1, 'Every field needs a label'),
  help: z.string(),
  required: z.boolean(),
  multiline: z.boolean(),
  quickPicks: z.array(z.string().trim().min(1, 'A quick pick cannot be empty').max(120, 'A quick pick is at most 120 characters')).max(MAX_QUICK_PICKS, `At most ${MAX_QUICK_PICKS} quick picks per field`),
  /** Whether "copy forward" may start this field from the member's last note (see ./carry-forward.ts). */
  carryForward: z.boolean(),
  /**
   * What a new note starts this field from (./prefill.ts): the member's treatment-plan objective
   * (else the group's goal), the session's shared part, or the group's standing plan. Marked as
   * carried like copied text; never for what is observed in each session.
   */
  prefill: z.enum(['goal', 'interventions', 'plan']).nullable(),
  /** Kept for notes written before the field was merged into another: shown only when it holds text. */
  earlier: z.boolean(),
});
export type NoteField = z.infer<typeof noteFieldSchema>;

/**
 * What is observed in this session is never carried from the last one: a copied risk line, response
 * or affect is what payers and auditors flag first, and a copied "no risk indicators" is unsafe.
 */
export const NEVER_CARRIED_FORWARD: readonly string[] = ['risk', 'response', 'affect'];

/** Checks a template definition: every shipped template must pass (see the unit tests). */
export const noteTemplateSchema = z
  .object({
    id: z.enum(TEMPLATE_IDS, `The template must be one of ${TEMPLATE_IDS.join(', ')}`),
    label: z.string().trim().min(1, 'A template needs a label'),
    fields: z.array(noteFieldSchema).min(1, 'A template needs at least one field'),
    /** Whether the note carries a structured medication list (see ./note.ts). */
    medications: z.boolean(),
  })
  .superRefine((template, ctx) => {
    const keys = new Set<string>();
    for (const field of template.fields) {
      if (keys.has(field.key)) ctx.addIssue({ code: 'custom', message: `Field keys must be unique: "${field.key}" appears twice`, path: ['fields'] });
      keys.add(field.key);
      if ((field.carryForward || field.prefill !== null) && NEVER_CARRIED_FORWARD.includes(field.key)) {
        ctx.addIssue({ code: 'custom', message: `${field.label} is observed in each session and is never carried forward`, path: ['fields'] });
      }
      if (field.earlier && field.required) ctx.addIssue({ code: 'custom', message: `${field.label} is kept for earlier notes and cannot be required`, path: ['fields'] });
      if (new Set(field.quickPicks).size !== field.quickPicks.length) {
        ctx.addIssue({ code: 'custom', message: `${field.label} has a repeated quick pick`, path: ['fields'] });
      }
    }
  });
export type NoteTemplate = z.infer<typeof noteTemplateSchema>;

const field = (
  key: string,
  label: string,
  help: string,
  quickPicks: string[],
  { required = true, multiline = true, carryForward = false, prefill = null as NoteField['prefill'], earlier = false } = {},
): NoteField => ({
  key,
  label,
  help,
  required,
  multiline,
  quickPicks,
  carryForward,
  prefill,
  earlier,
});

// ---- Fields shared between formats, defined once ----

const INTERVENTION = field('intervention', 'Intervention', 'What the clinician did: the technique, skill or topic used with this client.', [
  'Facilitated CBT skills group on cognitive distortions',
  'Taught and rehearsed DBT distress-tolerance skills',
  'Led a guided mindfulness exercise and debrief',
  'Provided psychoeducation on the relapse cycle',
  'Used motivational interviewing to explore ambivalence',
  'Facilitated peer feedback and role-play',
], { prefill: 'interventions' });

const RESPONSE = field('response', 'Response', "The client's response to the intervention, and progress or barriers toward the goal.", [
  'Practised the skill in session with good understanding',
  'Identified a personal example of the topic',
  'Reported progress toward the goal since last session',
  'Struggled to apply the skill; needed redirection',
  'Described barriers to practising skills at home',
  'Expressed ambivalence about change',
]);

const ASSESSMENT = field('assessment', 'Assessment', "The clinician's interpretation: progress, change in symptoms, continued need for this level of care.", [
  'Making progress toward treatment goals',
  'Progress slowed by current stressors',
  'Symptoms stable since last session',
  'Symptoms worsening; monitor closely',
  'Growing insight into triggers',
  'Continues to meet criteria for IOP level of care',
]);

const PLAN = field('plan', 'Plan', 'What happens next: homework, the next session, referrals, changes to the plan.', [
  'Continue IOP as scheduled',
  'Practise the skill daily and report back next session',
  'Complete the homework worksheet before next group',
  'Review progress with the individual therapist',
  'Refer to psychiatry for medication review',
  'Review the safety plan at the next individual session',
], { carryForward: true, prefill: 'plan' });

/** Risk is always recorded, and "none" is a choice the clinician makes, never a default. */
const RISK = field(
  'risk',
  'Risk observations',
  'What you observed or asked about risk to self or others. Choose "No risk indicators observed" only when true: it is never filled in for you. Any indicator needs same-day follow-up.',
  [
    'No risk indicators observed',
    'Denied suicidal and homicidal ideation when asked',
    'Passive death wish expressed; safety plan reviewed',
    'Suicidal ideation reported; risk assessment completed',
    'Self-harm urges reported; coping plan reviewed',
    'Reported recent substance use',
  ],
);

const PARTICIPATION = field('participation', 'Participation', 'How the client took part in this session.', [
  'Actively participated and offered support to peers',
  'Participated when prompted',
  'Attentive but quiet',
  'Shared personal examples openly',
  'Minimal participation; declined to share',
  'Distracted; needed redirection',
], { multiline: false });

const AFFECT = field('affect', 'Affect / mental status', 'Observed mood, affect and mental status.', [
  'Euthymic',
  'Anxious',
  'Depressed',
  'Constricted',
  'Tearful at times',
  'Irritable',
  'Flat',
  'Bright and reactive',
], { multiline: false });

/** What every group note records for each member present, whatever its format (docs/ARCHITECTURE.md: Clinical rules). */
const MEMBER_FIELDS: NoteField[] = [PARTICIPATION, AFFECT, RISK];

/**
 * In a group note with a Response field, participation is written there with the response: one
 * field for what is truly this member's, so a clinician writes three things per member, not four.
 */
const PARTICIPATION_AND_RESPONSE = field('response', 'Participation and response', "How the client took part, and their response to the intervention: progress or barriers toward the goal.", [
  'Actively participated and offered support to peers',
  'Participated when prompted',
  'Attentive but quiet; minimal sharing',
  'Practised the skill in session with good understanding',
  'Identified a personal example of the topic',
  'Reported progress toward the goal since last session',
  'Struggled to apply the skill; needed redirection',
  'Described barriers to practising skills at home',
]);
/** Notes written before the merge keep their Participation text on screen and in prints. */
const EARLIER_PARTICIPATION: NoteField = { ...PARTICIPATION, required: false, earlier: true };

// ---- Group progress-note formats ----

const GOAL = field('goal', 'Goal', 'The treatment-plan goal or objective this session addressed.', [
  'Reduce depressive symptoms through behavioural activation',
  'Use two coping skills when anxious',
  'Maintain abstinence and strengthen relapse prevention',
  'Improve emotion regulation with DBT skills',
  'Build a sober support network',
  'Communicate needs assertively in relationships',
], { carryForward: true, prefill: 'goal' });

const DATA = field('data', 'Data', 'What the client said and what you observed in session.', [
  'Attended the full session and joined the discussion',
  'Reported improved sleep since last session',
  'Reported increased cravings this week',
  'Described a recent stressor',
  'Completed the assigned homework',
  'Did not complete the assigned homework',
]);

const BEHAVIOUR = field('behaviour', 'Behaviour', "The client's observable behaviour in session.", [
  'Calm and cooperative',
  'Engaged and on topic',
  'Restless; left the room briefly',
  'Withdrawn; limited eye contact',
  'Irritable when challenged by peers',
  'Tearful when discussing family',
]);

const SUBJECTIVE = field('subjective', 'Subjective', "The client's own report, in their words where useful.", [
  'Reported low mood and poor sleep',
  'Reported feeling better this week',
  'Reported increased anxiety at work',
  'Reported no substance use since last session',
  'Reported a lapse over the weekend',
  'Reported using coping skills with some success',
]);

const OBJECTIVE = field('objective', 'Objective', 'What you observed: presentation, behaviour, measures.', [
  'Alert and oriented; appropriately groomed',
  'Speech normal in rate and volume',
  'Thought process linear and goal-directed',
  'Psychomotor agitation observed',
  'Minimal spontaneous speech',
  'Attended the full session on time',
]);

const FORMAT_FIELDS: Record<NoteFormat, { label: string; fields: NoteField[] }> = {
  GIRP: { label: 'GIRP (Goal, Intervention, Response, Plan)', fields: [GOAL, INTERVENTION, RESPONSE, PLAN] },
  DAP: { label: 'DAP (Data, Assessment, Plan)', fields: [DATA, ASSESSMENT, PLAN] },
  BIRP: { label: 'BIRP (Behaviour, Intervention, Response, Plan)', fields: [BEHAVIOUR, INTERVENTION, RESPONSE, PLAN] },
  SOAP: { label: 'SOAP (Subjective, Objective, Assessment, Plan)', fields: [SUBJECTIVE, OBJECTIVE, ASSESSMENT, PLAN] },
};

/**
 * A group format's fields, then the member's observations, then the plan last: with the goal,
 * intervention and plan started for them (./prefill.ts), what a clinician writes per member is
 * consecutive, one Tab apart.
 */
const groupFormat = (id: NoteFormat): NoteTemplate => {
  const own = FORMAT_FIELDS[id].fields.filter((f) => f !== PLAN);
  const merged = own.includes(RESPONSE);
  return {
    id,
    label: FORMAT_FIELDS[id].label,
    fields: [...own.map((f) => (f === RESPONSE ? PARTICIPATION_AND_RESPONSE : f)), ...MEMBER_FIELDS.filter((f) => !merged || f !== PARTICIPATION), PLAN, ...(merged ? [EARLIER_PARTICIPATION] : [])],
    medications: false,
  };
};

// ---- Other services of an IOP ----

const FOCUS = field('focus', 'Session focus', 'What the session was about and what the client brought.', [
  'Review of the week and skills practice',
  'Processing a recent conflict',
  'Relapse-prevention planning',
  'Trauma-focused work',
  'Discharge and aftercare planning',
  'Safety planning',
]);

const INDIVIDUAL: NoteTemplate = {
  id: 'individual',
  label: 'Individual therapy',
  fields: [FOCUS, INTERVENTION, RESPONSE, AFFECT, RISK, PLAN],
  medications: false,
};

const FAMILY: NoteTemplate = {
  id: 'family',
  label: 'Family therapy',
  fields: [
    field('attendees', 'Who attended', 'Family members present, by relationship to the client (names belong in the contacts, not here).', [
      'Client and parent',
      'Client and both parents',
      'Client and partner',
      'Client and sibling',
      'Parent only (client not present)',
    ], { multiline: false, carryForward: true }),
    FOCUS,
    field('interactions', 'Family interactions', 'Patterns observed between family members in session.', [
      'Communicated respectfully and listened to each other',
      'Frequent interruptions; needed structure',
      'Conflict escalated; de-escalated with support',
      "Parent validated the client's feelings",
      'Client reluctant to speak in front of family',
    ]),
    INTERVENTION,
    RESPONSE,
    RISK,
    PLAN,
  ],
  medications: false,
};

const PSYCHIATRIC: NoteTemplate = {
  id: 'psychiatric',
  label: 'Psychiatric evaluation / medication management',
  fields: [
    field('reason', 'Reason for visit', 'Why the client was seen today.', [
      'Initial psychiatric evaluation',
      'Medication management follow-up',
      'Side effects reported',
      'Worsening symptoms',
      'Discharge medication review',
    ], { multiline: false }),
    field('history', 'Interval history', 'Symptoms, sleep, appetite, substance use and events since the last visit.', [
      'Mood improved since last visit',
      'Sleep improved',
      'Ongoing low mood and poor sleep',
      'Anxiety unchanged',
      'No substance use reported',
    ]),
    field('mentalStatus', 'Mental status examination', 'Appearance, behaviour, speech, mood and affect, thought process and content, cognition, insight and judgement.', [
      'Alert and oriented; cooperative',
      'Speech normal in rate and volume',
      'Thought process linear and goal-directed',
      'No perceptual disturbances reported',
      'Insight and judgement fair',
      'Insight and judgement limited',
    ]),
    RISK,
    // Optional: an initial evaluation may come before any medication.
    field('adherence', 'Adherence and side effects', 'Whether medications are taken as prescribed, and any side effects.', [
      'Taking medications as prescribed; no side effects',
      'Missed doses this week',
      'Reports nausea',
      'Reports sedation',
      'Reports sexual side effects',
    ], { required: false }),
    field('assessment', 'Assessment', 'Diagnostic impression and response to treatment.', [
      'Partial response to current regimen',
      'Good response to current regimen',
      'No response at current dose',
      'Diagnosis unchanged',
    ]),
    PLAN,
    // Billing facts (./psychiatric.ts): optional, so a visit coded by the billing office signs without them.
    field('emCode', 'E/M code', 'The evaluation and management level of this visit, as the prescriber chose it.', ['99204', '99205', '99212', '99213', '99214', '99215'], { required: false, multiline: false }),
    field('psychotherapyMinutes', 'Psychotherapy minutes', 'Minutes of psychotherapy in this visit, apart from the E/M time: 16 or more adds 90833, 90836 or 90838.', [], { required: false, multiline: false }),
  ],
  medications: true,
};

const WORKSHOP: NoteTemplate = {
  id: 'workshop',
  label: 'Psychoeducation workshop',
  fields: [
    field('topic', 'Topic', 'The workshop topic or curriculum unit.', [
      'Sleep hygiene',
      'Understanding anxiety',
      'Nutrition and mood',
      'The relapse cycle',
      'Building a support network',
      'Medication basics',
    ], { multiline: false }),
    field('understanding', 'Understanding', "The client's grasp of the material and how they might use it.", [
      'Demonstrated understanding in discussion',
      'Asked relevant questions',
      'Named one change to try this week',
      'Needed the material explained again',
    ]),
    ...MEMBER_FIELDS,
  ],
  medications: false,
};

export const TEMPLATES: Readonly<Record<TemplateId, NoteTemplate>> = {
  GIRP: groupFormat('GIRP'),
  DAP: groupFormat('DAP'),
  BIRP: groupFormat('BIRP'),
  SOAP: groupFormat('SOAP'),
  individual: INDIVIDUAL,
  family: FAMILY,
  psychiatric: PSYCHIATRIC,
  workshop: WORKSHOP,
};

/** The fields a note shows: every field, but one kept for earlier notes only where it holds text. */
export function shownFields(template: NoteTemplate, fields: Readonly<Record<string, string>>): NoteField[] {
  return template.fields.filter((f) => !f.earlier || (fields[f.key] ?? '').trim() !== '');
}

export function templateFor(id: TemplateId): NoteTemplate {
  return TEMPLATES[id];
}

/** The group progress-note template for the practice's chosen format (settings.defaultNoteFormat). */
export function groupTemplate(format: NoteFormat): NoteTemplate {
  return TEMPLATES[format];
}
