import { useMemo } from 'react';
import { Alert, Anchor, Button, Group, Text } from '@mantine/core';
import { IconDatabaseExport } from '@tabler/icons-react';
import { Link } from 'react-router';
import { map } from 'rxjs';
import { useServices } from '../../app/services';
import { useObservable } from '../../hooks/useObservable';
import { useBackUpNow } from './useBackUpNow';

/** Shown to administrators when the practice's backup reminder is due on this device. */
export function BackupReminder() {
  const { backup, settings, vault } = useServices();
  const due = useObservable(useMemo(() => backup.due$(settings.observe().pipe(map((s) => s.backupReminderDays))), [backup, settings]), null);
  const { run, busy, outcome } = useBackUpNow();
  if (vault.currentProfile().role !== 'administrator' || due === null || !due.overdue) return null;
  return (
    <Alert color="yellow" icon={<IconDatabaseExport aria-hidden />} title="Back up the practice" mb="md" role="region">
      <Group justify="space-between" wrap="nowrap">
        <Text size="sm">
          {due.never ? `Nothing has been backed up on this device since the practice was set up here, ${due.days} days ago.` : `The last backup on this device was ${due.days} days ago.`}{' '}
          {outcome ? `${outcome.text} ` : ''}
          <Anchor component={Link} to="/settings#backup" size="sm">
            Backup settings
          </Anchor>
        </Text>
        <Button size="xs" loading={busy} onClick={() => void run()}>
          Back up now
        </Button>
      </Group>
    </Alert>
  );
}
