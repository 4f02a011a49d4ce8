import { useEffect, useState } from 'react';
import { Alert, Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { IconFileUpload } from '@tabler/icons-react';
import type { UpdateFromFileResult } from '../../../../shared/bridge';
import { useServices } from '../../app/services';
import { st } from '../../i18n/staff';
import { errorText } from '../../i18n/shared';

type Shown = Exclude<UpdateFromFileResult, { status: 'cancelled' }> | { status: 'failed'; message: string };

function outcome(shown: Shown): { color: string; title: string; text: string } {
  switch (shown.status) {
    case 'started':
      return { color: 'teal', title: st('settings.UpdateSection.verified', { version: shown.version }), text: st('settings.UpdateSection.installerStarted') };
    case 'refused':
      return { color: 'red', title: st('settings.UpdateSection.notInstalled'), text: st('settings.UpdateSection.nothingChanged', { reason: shown.message }) };
    case 'unavailable':
      return { color: 'yellow', title: st('settings.UpdateSection.notAvailableHere'), text: shown.message };
    case 'failed':
      return { color: 'red', title: st('settings.UpdateSection.notInstalled'), text: shown.message };
  }
}

/**
 * Settings → Updates: the running version and "Update from a file…" for a clinic with no
 * connection (a signed `.wpupdate` file and its installer, e.g. on a USB stick). The desktop app
 * checks the signature, version and installer before anything is installed.
 */
export function UpdateSection() {
  const { bridge } = useServices();
  const [version, setVersion] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [shown, setShown] = useState<Shown | null>(null);

  useEffect(() => {
    void bridge.appInfo().then((info) => setVersion(info.version));
  }, [bridge]);

  const run = async () => {
    setBusy(true);
    setShown(null);
    try {
      const result = await bridge.updateFromFile();
      if (result.status !== 'cancelled') setShown(result);
    } catch (error) {
      setShown({ status: 'failed', message: errorText(error) });
    } finally {
      setBusy(false);
    }
  };

  const view = shown === null ? null : outcome(shown);
  return (
    <Card withBorder component="section" aria-labelledby="updates-heading" maw={760} id="updates">
      <Stack gap="sm">
        <Title order={3} id="updates-heading">
          {st('settings.UpdateSection.updates')}
        </Title>
        <Text size="sm">
          {version === null ? st('settings.UpdateSection.explained') : st('settings.UpdateSection.explainedVersion', { version })}
        </Text>
        <div role="status" aria-live="polite">
          {view && (
            <Alert color={view.color} title={view.title}>
              {view.text}
            </Alert>
          )}
        </div>
        <Group justify="flex-end">
          <Button variant="default" leftSection={<IconFileUpload size={16} aria-hidden />} loading={busy} onClick={() => void run()}>
            {st('settings.UpdateSection.updateFromAFile')}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}
