import { useFormat } from '../../i18n/useFormat';
import { useMemo } from 'react';
import { Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { IconDatabaseExport } from '@tabler/icons-react';
import { useServices } from '../../app/services';
import { useObservable } from '../../hooks/useObservable';
import { useBackUpNow } from './useBackUpNow';


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
          Backup
        </Title>
        <Text size="sm">
          One encrypted file with every record of the practice. It opens only with a staff passphrase or the recovery code, on a device with
          no practice yet (“Restore from a backup” on the first screen). Keep copies away from this laptop.
        </Text>
        <Text size="sm" data-testid="last-backup">
          {status === null ? 'No backup has been made on this device yet.' : `Last backup: ${format.instant(status.at)}, ${status.documents} records${status.location ? ` (${status.location})` : ''}.`}
        </Text>
        <Group justify="space-between">
          <Text role="status" aria-live="polite" size="sm" c={outcome?.kind === 'error' ? 'red' : outcome?.kind === 'saved' ? 'teal' : undefined}>
            {outcome?.text ?? ''}
          </Text>
          <Button leftSection={<IconDatabaseExport size={16} aria-hidden />} loading={busy} onClick={() => void run()}>
            Back up now
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}
