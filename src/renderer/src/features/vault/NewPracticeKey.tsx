import { useState } from 'react';
import { Alert, Button, Group, Paper, PasswordInput, Stack, Text, Title } from '@mantine/core';
import { useServices } from '../../app/services';
import type { EpochReason, RotationResult } from '../../vault/keyring-epochs';

function outcome(result: RotationResult): string {
  const parts = [`The practice has a new key. Records are being sealed again with it in the background.`];
  if (result.relayedTo > 0) parts.push(`It was sent to ${result.relayedTo} device(s) of the practice (this one included); each takes it in when it next syncs.`);
  if (result.unverified.length > 0) parts.push(`${result.unverified.length} device(s) could not be verified and did not get it: enrol them again.`);
  if (result.unreachable.includes('recovery')) parts.push('The recovery code was made by an earlier version and cannot open the new key: issue a new recovery code.');
  const profiles = result.unreachable.filter((id) => id !== 'recovery').length;
  if (profiles > 0) parts.push(`${profiles} staff profile(s) have not unlocked since this version was installed and need a new setup code.`);
  return parts.join(' ');
}

/**
 * A new practice key (key epoch), confirmed with the administrator's passphrase: on demand in
 * Settings → Security, and after a device is revoked (Sync and transfer), so that what is written
 * from now on is sealed under a key the revoked device never receives.
 */
export function NewPracticeKeyForm({ reason, intro }: { reason: EpochReason; intro: string }) {
  const { epochs } = useServices();
  const [passphrase, setPassphrase] = useState('');
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<{ ok: boolean; text: string } | null>(null);
  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    if (!passphrase) {
      setStatus({ ok: false, text: 'Enter your own passphrase to confirm.' });
      return;
    }
    setBusy(true);
    try {
      setStatus({ ok: true, text: outcome(await epochs.rotate({ adminPassphrase: passphrase, reason })) });
    } catch (failure) {
      setStatus({ ok: false, text: (failure as Error).message });
    } finally {
      setPassphrase('');
      setBusy(false);
    }
  };
  return (
    <form onSubmit={(event) => void submit(event)} noValidate aria-label="New practice key">
      <Stack gap="sm">
        <Text size="sm">{intro}</Text>
        <PasswordInput label="Your passphrase, to confirm" value={passphrase} onChange={(e) => setPassphrase(e.currentTarget.value)} autoComplete="current-password" />
        <Group>
          <Button type="submit" variant="default" loading={busy}>
            Make a new practice key
          </Button>
        </Group>
        {status && (
          <Alert color={status.ok ? 'teal' : 'red'} role={status.ok ? 'status' : 'alert'}>
            {status.text}
          </Alert>
        )}
      </Stack>
    </form>
  );
}

/** Settings → Security: a new practice key on demand (administrators). */
export function PracticeKeySection() {
  const { vault } = useServices();
  if (vault.currentProfile().role !== 'administrator') return null;
  return (
    <Paper withBorder p="lg" maw={560}>
      <Stack gap="sm">
        <Title order={3}>Practice key</Title>
        <NewPracticeKeyForm
          reason="on-demand"
          intro="Records are sealed with the practice key. A new key is made when a staff profile is removed or the recovery code replaced; make one yourself if you believe a passphrase, a laptop or a backup may be in the wrong hands. Older records and backups stay readable by everyone who may read them."
        />
      </Stack>
    </Paper>
  );
}
