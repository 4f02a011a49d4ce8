import type { SyncStatus } from '../../sync/sync-service';

/** The sync state in words, for the header badge and the settings panel alike. */
export function describeSync(status: SyncStatus): { label: string; detail: string; color: string } {
  const waiting = status.pending === 1 ? '1 change waiting to sync' : `${status.pending} changes waiting to sync`;
  switch (status.phase) {
    case 'off':
      return { label: 'Not syncing', detail: status.message, color: 'gray' };
    case 'connecting':
      return { label: 'Connecting', detail: status.message, color: 'blue' };
    case 'syncing': {
      const total = status.remaining === null ? null : status.received + status.remaining;
      return { label: 'Syncing', detail: total ? `${status.received} of ${total} records received${status.pending ? ` · ${waiting}` : ''}` : status.pending ? waiting : 'Exchanging changes', color: 'blue' };
    }
    case 'up-to-date':
      return { label: 'Up to date', detail: 'Every change on this device is on the server.', color: 'teal' };
    case 'offline':
      return { label: 'Offline', detail: `${status.pending ? waiting : 'No changes waiting'} · ${status.message}. Waypoint keeps working and retries.`, color: 'orange' };
    case 'refused':
      return { label: 'Refused', detail: status.message, color: 'red' };
    case 'update-needed':
      return { label: 'Update needed', detail: `${status.message}${status.pending ? ` · ${waiting}` : ''}`, color: 'orange' };
    case 'error':
      return { label: 'Sync error', detail: `${status.message}${status.pending ? ` · ${waiting}` : ''}`, color: 'red' };
  }
}
