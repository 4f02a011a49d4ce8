import { useState } from 'react';
import { useServices } from '../../app/services';
import { errorText } from '../../i18n/shared';
import { st } from '../../i18n/staff';

export interface BackupOutcome {
  kind: 'saved' | 'cancelled' | 'error';
  text: string;
}

/** "Back up now", shared by Settings → Backup and the reminder banner. */
export function useBackUpNow(): { run: () => Promise<void>; busy: boolean; outcome: BackupOutcome | null } {
  const { backup, bridge } = useServices();
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<BackupOutcome | null>(null);
  const run = async () => {
    setBusy(true);
    setOutcome(null);
    try {
      const result = await backup.backUpNow(bridge);
      setOutcome(result.saved ? { kind: 'saved', text: st('backup.useBackUpNow.saved', { documents: result.documents, location: result.location }) } : { kind: 'cancelled', text: st('backup.useBackUpNow.notSaved') });
    } catch (error) {
      setOutcome({ kind: 'error', text: st('backup.useBackUpNow.failed', { error: errorText(error) }) });
    } finally {
      setBusy(false);
    }
  };
  return { run, busy, outcome };
}
