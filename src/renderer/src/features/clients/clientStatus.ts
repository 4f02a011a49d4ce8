import { st } from '../../i18n/staff';
import type { ClientStatus } from '../../repositories/clients';

const CLIENT_STATUS_LABELS: Record<ClientStatus, string> = {
  waitlist: st('clients.statuses.waitlist'),
  active: st('clients.statuses.active'),
  discharged: st('clients.statuses.discharged'),
  merged: st('clients.statuses.merged'),
};

/**
 * A client's status in words, as staff read it on the list, in the command palette and on a
 * summary; a status this version does not know (a record's stored status is typed wider) as stored.
 */
export const clientStatusLabel = (status: string): string => CLIENT_STATUS_LABELS[status as ClientStatus] ?? status;
