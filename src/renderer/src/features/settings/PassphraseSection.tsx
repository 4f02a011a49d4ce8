import { useState } from 'react';
import { Alert, Button, Group, Paper, PasswordInput, Stack, Title } from '@mantine/core';
import { useServices } from '../../app/services';
import { PassphraseFields, passphraseProblems } from '../vault/PassphraseFields';

/** Changing one's passphrase re-wraps the practice key only; no record is re-encrypted. */
export function PassphraseSection({ practiceName }: { practiceName: string }) {
  const { vault, profiles } = useServices();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [attempted, setAttempted] = useState(false);
  const [status, setStatus] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const me = vault.currentProfile();

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    setAttempted(true);
    if (!current || (await passphraseProblems(vault, next, confirm, [practiceName, me.displayName])).length > 0) return;
    setBusy(true);
    try {
      await profiles.changePassphrase(current, next);
      setStatus({ ok: true, text: 'Your passphrase was changed. Use the new one next time you unlock.' });
      setCurrent('');
      setNext('');
      setConfirm('');
      setAttempted(false);
    } catch (failure) {
      setStatus({ ok: false, text: (failure as Error).message });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Paper withBorder p="lg" maw={560} component="form" onSubmit={submit} noValidate aria-label="Change your passphrase">
      <Stack gap="sm">
        <Title order={3}>Your passphrase</Title>
        <PasswordInput label="Current passphrase" value={current} onChange={(e) => setCurrent(e.currentTarget.value)} autoComplete="current-password" error={attempted && !current ? 'Enter your current passphrase' : undefined} />
        <PassphraseFields label="New passphrase" value={next} confirm={confirm} onChange={setNext} onConfirmChange={setConfirm} contextWords={[practiceName, me.displayName]} showErrors={attempted} />
        {status && (
          <Alert color={status.ok ? 'teal' : 'red'} role={status.ok ? 'status' : 'alert'}>
            {status.text}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button type="submit" loading={busy}>
            Change passphrase
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
