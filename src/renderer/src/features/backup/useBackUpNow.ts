import { useState } from 'react';
import { useServices } from '../../app/services';
import { errorText } from '../../i18n/shared';

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
      setOutcome(result.saved ? { kind: 'saved', text: `Backup saved: ${result.documents} records in ${result.location}.` } : { kind: 'cancelled', text: 'No backup was saved.' });
    } catch (error) {
      setOutcome({ kind: 'error', text: `The backup could not be made: ${errorText(error)}` });
    } finally {
      setBusy(false);
    }
  };
  return { run, busy, outcome };
}
