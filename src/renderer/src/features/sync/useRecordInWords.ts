import { useMemo } from 'react';
import { of } from 'rxjs';
import { auditTargetOf } from '../../../../shared/audit';
import { recordInWords } from '../../../../shared/audit-words';
import { displayName } from '../../../../shared/clients';
import type { MergeRecord } from '../../../../shared/sync/merge';
import { useServices } from '../../app/services';
import { useObservable } from '../../hooks/useObservable';
import { messagesText } from '../../i18n/shared';

/**
 * A record as the audit trail names it ("The progress note of 2026-12-01 for Alpha Client"), from
 * its plaintext fields and its client's name: never its raw id (sync conflicts, a transfer's report).
 */
export function useRecordInWords(record: { collection: string; id: string; plain: MergeRecord['plain'] }): string {
  const { clients } = useServices();
  const { plain } = record;
  const target = auditTargetOf(record.collection, { ...plain, id: record.id });
  const client = useObservable(useMemo(() => (target.clientId ? clients.get$(target.clientId) : of(null)), [clients, target.clientId]), null);
  const words = messagesText([recordInWords(target, client ? displayName(client.data) : undefined, typeof plain['date'] === 'string' && plain['date'] !== '' ? plain['date'] : undefined)]);
  return `${words.charAt(0).toUpperCase()}${words.slice(1)}`;
}
