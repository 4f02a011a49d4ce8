/**
 * Procedure codes that follow from what happened, not from a setting: CPT's time rule for
 * psychotherapy, family therapy with or without the patient, the psychotherapy add-on to a
 * psychiatric E/M visit, and telehealth's place of service and modifier.
 */
import type { Modality } from '../programs';
import type { AttendanceStatus } from '../attendance';
import type { PayerRules } from './payers';

/**
 * Individual psychotherapy by minutes of face-to-face time (CPT time rule): 90832 for 16–37,
 * 90834 for 38–52, 90837 for 53 or more; under 16 minutes is not billable.
 */
export function psychotherapyCode(minutes: number): '90832' | '90834' | '90837' | null {
  if (minutes < 16) return null;
  if (minutes <= 37) return '90832';
  if (minutes <= 52) return '90834';
  return '90837';
}

/** The add-on for psychotherapy done with a psychiatric E/M visit, by the same time bands. */
export function psychotherapyAddOn(minutes: number): '90833' | '90836' | '90838' | null {
  if (minutes < 16) return null;
  if (minutes <= 37) return '90833';
  if (minutes <= 52) return '90836';
  return '90838';
}

/** Family psychotherapy: 90847 with the patient present, 90846 without. */
export function familyCode(patientAttended: boolean): '90846' | '90847' {
  return patientAttended ? '90847' : '90846';
}

export interface Place {
  placeOfService: string;
  /** 95: synchronous telehealth. */
  modifiers: string[];
}

/**
 * Where the service took place for the claim: telehealth when the session was held by telehealth
 * or this client joined a hybrid or in-person session by telehealth.
 */
export function placeOfService(modality: Modality, attendance: AttendanceStatus | undefined, rules: Pick<PayerRules, 'telehealthPlaceOfService' | 'inPersonPlaceOfService'>): Place {
  const telehealth = modality === 'telehealth' || attendance === 'telehealth';
  return telehealth ? { placeOfService: rules.telehealthPlaceOfService, modifiers: ['95'] } : { placeOfService: rules.inPersonPlaceOfService, modifiers: [] };
}
