import type { SessionKind } from '../../repositories/sessions';

export const SESSION_KIND_LABELS: Record<SessionKind, string> = {
  group: 'Group',
  individual: 'Individual therapy',
  family: 'Family therapy',
  psychiatric: 'Psychiatric evaluation / medication management',
  workshop: 'Psychoeducation workshop',
};
