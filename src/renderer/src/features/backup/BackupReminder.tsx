import { useMemo } from 'react';
import { Alert, Anchor, Button, Group, Text } from '@mantine/core';
import { IconDatabaseExport } from '@tabler/icons-react';
import { Link } from 'react-router';
import { map } from 'rxjs';
import { useServices } from '../../app/services';
import { useObservable } from '../../hooks/useObservable';
import { useBackUpNow } from './useBackUpNow';
import { st } from '../../i18n/staff';

/** Shown to administrators when the practice's backup reminder is due on this device. */
export function BackupReminder() {
  const { backup, settings, vault } = useServices();
  const due = useObservable(useMemo(() => backup.due$(settings.observe().pipe(map((s) => s.backupReminderDays))), [backup, settings]), null);
  const { run, busy, outcome } = useBackUpNow();
  if (vault.currentProfile().role !== 'administrator' || due === null || !due.overdue) return null;
  return (
    <Alert color="yellow" icon={<IconDatabaseExport aria-hidden />} title={st('backup.BackupReminder.backUpThePractice')} mb="md" role="region">
      <Group justify="space-between" wrap="nowrap">
        <Text size="sm">
          {due.never ? st('backup.BackupReminder.nothingHasBeenBackedUp', { days: due.days }) : st('backup.BackupReminder.theLastBackupOnThis', { days: due.days })}{' '}
          {outcome ? `${outcome.text} ` : ''}
          <Anchor component={Link} to="/settings#backup" size="sm">
            {st('backup.BackupReminder.backupSettings')}
          </Anchor>
        </Text>
        <Button size="xs" loading={busy} onClick={() => void run()}>
          {st('backup.BackupReminder.backUpNow')}
        </Button>
      </Group>
    </Alert>
  );
}
