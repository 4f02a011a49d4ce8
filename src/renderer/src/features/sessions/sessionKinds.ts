import { st } from '../../i18n/staff';
import type { SessionKind } from '../../repositories/sessions';

export const SESSION_KIND_LABELS: Record<SessionKind, string> = {
  group: st('sessions.sessionKinds.group'),
  individual: st('sessions.sessionKinds.individual'),
  family: st('sessions.sessionKinds.family'),
  psychiatric: st('sessions.sessionKinds.psychiatric'),
  workshop: st('sessions.sessionKinds.workshop'),
};
