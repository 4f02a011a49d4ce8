/** Synthetic Part 2 consents for the consent, disclosure, cover and merge tests. */
import { CONSENT_STATEMENTS, part2ConsentSchema, TPO_RECIPIENT_CLASSES, type ConsentRevocation, type Part2Consent, type Part2ConsentInput } from '../../src/shared/part2';

export const CLIENT = 'client-synthetic-1';

/** The single consent for treatment, payment and operations, designating the classes the rule allows. */
export const TPO_CONSENT: Part2Consent = part2ConsentSchema.parse({
  clientId: CLIENT,
  type: 'tpo',
  patientName: 'Synthetic Qwerty',
  programme: 'Synthetic Valley IOP, substance use track',
  information: ['whole-record'],
  informationDescription: 'My substance use treatment records, including diagnosis, attendance, notes, plans and billing',
  recipients: TPO_RECIPIENT_CLASSES.map((cls) => ({ kind: 'class', class: cls })),
  purposes: ['treatment', 'payment', 'health-care-operations'],
  revocationStatement: CONSENT_STATEMENTS.revocation,
  expiry: { kind: 'event', event: 'End of treatment' },
  consequencesStatement: CONSENT_STATEMENTS.consequences,
  redisclosureStatement: CONSENT_STATEMENTS.redisclosure,
  signer: { name: 'Synthetic Qwerty', capacity: 'patient' },
  signature: { kind: 'on-screen', imageRef: 'signature-image-1', signedOn: '2026-03-02', at: '2026-03-02T10:15:00.000-05:00' },
} satisfies Part2ConsentInput);

/** A specific consent: one named recipient, one purpose, a date. */
export const SPECIFIC_CONSENT: Part2Consent = part2ConsentSchema.parse({
  clientId: CLIENT,
  type: 'specific',
  patientName: 'Synthetic Qwerty',
  programme: 'Synthetic Valley IOP',
  information: ['attendance', 'drug-screens'],
  informationDescription: 'Attendance and drug screen results while in the programme',
  recipients: [{ kind: 'named', name: 'Synthetic County Probation', class: 'legal' }],
  purposes: ['other'],
  otherPurposes: ['Report progress to my probation officer'],
  revocationStatement: CONSENT_STATEMENTS.revocation,
  expiry: { kind: 'date', on: '2026-09-30' },
  consequencesStatement: CONSENT_STATEMENTS.consequences,
  signer: { name: 'Synthetic Qwerty', capacity: 'patient' },
  signature: { kind: 'paper', signedOn: '2026-04-01', recordedBy: 'staff-synthetic-1', recordedAt: '2026-04-01T09:00:00.000-05:00', scanRef: 'scan-1' },
} satisfies Part2ConsentInput);

export const withChanges = (consent: Part2Consent, changes: Partial<Part2Consent>): Part2Consent => part2ConsentSchema.parse({ ...consent, ...changes });

export const REVOCATION: ConsentRevocation = { on: '2026-06-15', inWriting: true, recordedBy: 'staff-synthetic-1', recordedAt: '2026-06-15T11:00:00.000-05:00', note: 'Signed letter received at the front desk' };
