import type { SyncStatus } from '../../sync/sync-service';
import { st } from '../../i18n/staff';

/** The sync state in words, for the header badge and the settings panel alike. */
export function describeSync(status: SyncStatus): { label: string; detail: string; color: string } {
  const waiting = status.pending === 1 ? st('sync.describeSync.oneWaiting') : st('sync.describeSync.manyWaiting', { changes: status.pending });
  const withWaiting = (message: string) => (status.pending ? st('sync.describeSync.messageWaiting', { message, waiting }) : message);
  switch (status.phase) {
    case 'off':
      return { label: st('sync.describeSync.notSyncing'), detail: status.message, color: 'gray' };
    case 'connecting':
      return { label: st('sync.describeSync.connecting'), detail: status.message, color: 'blue' };
    case 'syncing': {
      const total = status.remaining === null ? null : status.received + status.remaining;
      const received = total ? (status.pending ? st('sync.describeSync.receivedWaiting', { received: status.received, total, waiting }) : st('sync.describeSync.received', { received: status.received, total })) : null;
      return { label: st('sync.describeSync.syncing'), detail: received ?? (status.pending ? waiting : st('sync.describeSync.exchangingChanges')), color: 'blue' };
    }
    case 'up-to-date':
      return { label: st('sync.describeSync.upToDate'), detail: st('sync.describeSync.everyChangeOnServer'), color: 'teal' };
    case 'offline':
      return { label: st('sync.describeSync.offline'), detail: st('sync.describeSync.offlineDetail', { waiting: status.pending ? waiting : st('sync.describeSync.noChangesWaiting'), reason: status.message }), color: 'orange' };
    case 'refused':
      return { label: st('sync.describeSync.refused'), detail: status.message, color: 'red' };
    case 'update-needed':
      return { label: st('sync.describeSync.updateNeeded'), detail: withWaiting(status.message), color: 'orange' };
    case 'error':
      return { label: st('sync.describeSync.syncError'), detail: withWaiting(status.message), color: 'red' };
  }
}
