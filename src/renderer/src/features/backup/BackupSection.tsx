import { useFormat } from '../../i18n/useFormat';
import { useMemo } from 'react';
import { Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { IconDatabaseExport } from '@tabler/icons-react';
import { useServices } from '../../app/services';
import { useObservable } from '../../hooks/useObservable';
import { useBackUpNow } from './useBackUpNow';
import { st } from '../../i18n/staff';


/** Settings → Backup: the last backup of this device and "Back up now" (the reminder's cadence is a practice setting above). */
export function BackupSection() {
  const { backup } = useServices();
  const format = useFormat();
  const status = useObservable(useMemo(() => backup.status$(), [backup]), null);
  const { run, busy, outcome } = useBackUpNow();
  return (
    <Card withBorder component="section" aria-labelledby="backup-heading" maw={760} id="backup">
      <Stack gap="sm">
        <Title order={3} id="backup-heading">
          {st('backup.BackupSection.backup')}
        </Title>
        <Text size="sm">
          {st('backup.BackupSection.oneEncryptedFileWithEvery')}
        </Text>
        <Text size="sm" data-testid="last-backup">
          {status === null ? st('backup.BackupSection.noBackupHasBeenMade') : status.location ? st('backup.BackupSection.lastBackupRecordsAt', { at: format.instant(status.at), documents: status.documents, location: status.location }) : st('backup.BackupSection.lastBackupRecords', { at: format.instant(status.at), documents: status.documents })}
        </Text>
        <Group justify="space-between">
          <Text role="status" aria-live="polite" size="sm" c={outcome?.kind === 'error' ? 'red' : outcome?.kind === 'saved' ? 'teal' : undefined}>
            {outcome?.text ?? ''}
          </Text>
          <Button leftSection={<IconDatabaseExport size={16} aria-hidden />} loading={busy} onClick={() => void run()}>
            {st('backup.BackupSection.backUpNow')}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}
