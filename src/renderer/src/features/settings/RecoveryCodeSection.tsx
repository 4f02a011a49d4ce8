import { useState } from 'react';
import { Alert, Button, Group, Paper, PasswordInput, Stack, Text, Title } from '@mantine/core';
import { normaliseRecoveryCode } from '../../../../shared/crypto';
import { useServices } from '../../app/services';
import { RecoverySheet } from '../vault/RecoverySheet';

/**
 * An administrator replaces the practice's recovery code on this laptop (it was lost, or someone
 * who knew it left). The new code is shown and confirmed before it replaces the old one, and the
 * administrator re-enters their passphrase, which also opens the key to wrap it.
 */
export function RecoveryCodeSection({ practiceName }: { practiceName: string }) {
  const { vault, profiles } = useServices();
  const [code, setCode] = useState<string | null>(null);
  const [confirm, setConfirm] = useState('');
  const [adminPassphrase, setAdminPassphrase] = useState('');
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<{ ok: boolean; text: string } | null>(null);
  if (vault.currentProfile().role !== 'administrator') return null;

  const start = () => {
    setCode(profiles.newRecoveryCode());
    setConfirm('');
    setStatus(null);
  };

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    if (code === null) return;
    if (normaliseRecoveryCode(confirm) !== normaliseRecoveryCode(code)) {
      setStatus({ ok: false, text: 'The code you typed does not match the new recovery code above.' });
      return;
    }
    if (!adminPassphrase) {
      setStatus({ ok: false, text: 'Enter your own passphrase to confirm.' });
      return;
    }
    setBusy(true);
    try {
      await profiles.reissueRecoveryCode({ adminPassphrase, recoveryCode: code });
      setCode(null);
      setStatus({
        ok: true,
        text: 'The new recovery code is in force: the practice has a new key that the old code cannot open, here and on the practice’s other devices once they sync. Backups made before now still open with the old code, so keep or destroy them accordingly.',
      });
    } catch (failure) {
      setStatus({ ok: false, text: (failure as Error).message });
    } finally {
      setAdminPassphrase('');
      setBusy(false);
    }
  };

  return (
    <Paper withBorder p="lg" maw={560}>
      <Stack gap="sm">
        <Title order={3}>Recovery code</Title>
        {code === null ? (
          <>
            <Text size="sm">
              If the recovery code was lost, or someone who knew it has left, replace it. The old code opens nothing written from then on.
            </Text>
            <Group>
              <Button variant="default" onClick={start}>
                Issue a new recovery code
              </Button>
            </Group>
          </>
        ) : (
          <form onSubmit={(event) => void submit(event)} noValidate aria-label="New recovery code">
            <Stack gap="sm">
              <RecoverySheet practiceName={practiceName} code={code} confirm={confirm} onConfirmChange={setConfirm} />
              <PasswordInput label="Your passphrase, to confirm" value={adminPassphrase} onChange={(e) => setAdminPassphrase(e.currentTarget.value)} autoComplete="current-password" />
              <Group justify="space-between">
                <Button variant="subtle" onClick={() => (setCode(null), setStatus(null))}>
                  Cancel
                </Button>
                <Button type="submit" loading={busy}>
                  Replace the recovery code
                </Button>
              </Group>
            </Stack>
          </form>
        )}
        {status && (
          <Alert color={status.ok ? 'teal' : 'red'} role={status.ok ? 'status' : 'alert'}>
            {status.text}
          </Alert>
        )}
      </Stack>
    </Paper>
  );
}
