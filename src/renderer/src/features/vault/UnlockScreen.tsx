import { useEffect, useState } from 'react';
import { Alert, Anchor, Button, Group, PasswordInput, Select, Stack, Text, TextInput } from '@mantine/core';
import { WrongPassphraseError } from '../../../../shared/crypto';
import { ROLE_LABELS } from '../../../../shared/vault-policy';
import { useServices } from '../../app/services';
import { PassphrasePolicyError, UnlockThrottledError } from '../../vault/errors';
import type { ProfileSummary } from '../../vault/keyring';
import type { LockReason } from '../../vault/vault';
import { PassphraseFields, passphraseProblems } from './PassphraseFields';
import { VaultScreen } from './VaultScreen';

const LAST_PROFILE_KEY = 'last-profile';

const REASONS: Record<LockReason, string | null> = {
  startup: null,
  manual: 'Waypoint is locked.',
  inactivity: 'Waypoint locked itself after a period without activity. Your unsaved drafts are kept.',
  system: 'Waypoint locked because the computer went to sleep or the screen was locked.',
};

function messageFor(error: unknown): string {
  if (error instanceof WrongPassphraseError) return error.message.endsWith('.') ? error.message : `${error.message}.`;
  if (error instanceof UnlockThrottledError || error instanceof PassphrasePolicyError) return error.message;
  return `Waypoint could not be unlocked: ${(error as Error).message}`;
}

interface Props {
  practiceName: string;
  profiles: ProfileSummary[];
  reason: LockReason;
}

export function UnlockScreen({ practiceName, profiles, reason }: Props) {
  const { vault, bridge } = useServices();
  const [profileId, setProfileId] = useState<string>(profiles[0]?.id ?? '');
  const [mode, setMode] = useState<'passphrase' | 'recovery'>('passphrase');
  const [passphrase, setPassphrase] = useState('');
  const [code, setCode] = useState('');
  const [newPassphrase, setNewPassphrase] = useState('');
  const [confirm, setConfirm] = useState('');
  const [attempted, setAttempted] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const profile = profiles.find((p) => p.id === profileId);

  // The OS key store (desktop app) may remember who unlocked last; a browser has none.
  useEffect(() => {
    let live = true;
    void bridge.secrets
      .get(LAST_PROFILE_KEY)
      .then((id) => {
        if (live && id !== null && profiles.some((p) => p.id === id)) setProfileId(id);
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [bridge, profiles]);

  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await action();
      void bridge.secrets.set(LAST_PROFILE_KEY, profileId).catch(() => undefined);
    } catch (failure) {
      setError(messageFor(failure));
      setPassphrase('');
      setBusy(false);
    }
  };

  const unlock = (event: React.FormEvent) => {
    event.preventDefault();
    if (!passphrase) {
      setError('Enter your passphrase.');
      return;
    }
    void run(() => vault.unlock(profileId, passphrase));
  };

  const recover = (event: React.FormEvent) => {
    event.preventDefault();
    setAttempted(true);
    if (!code.trim()) {
      setError('Enter the recovery code.');
      return;
    }
    if (passphraseProblems(newPassphrase, confirm, [practiceName, profile?.displayName ?? '']).length > 0) return;
    void run(() => vault.recover(profileId, code, newPassphrase));
  };

  const profilePicker = (
    <Select
      label="Staff profile"
      data={profiles.map((p) => ({ value: p.id, label: `${p.displayName} — ${ROLE_LABELS[p.role]}` }))}
      value={profileId}
      onChange={(value) => value && setProfileId(value)}
      allowDeselect={false}
    />
  );

  const notice = REASONS[reason];
  return (
    <VaultScreen title={practiceName} subtitle={mode === 'passphrase' ? 'Unlock to open the practice’s records.' : 'Use the practice’s recovery code to set a new passphrase.'}>
      {notice && (
        <Alert color="blue" role="status">
          {notice}
        </Alert>
      )}
      {mode === 'passphrase' ? (
        <form onSubmit={unlock} noValidate aria-label="Unlock">
          <Stack gap="sm">
            {profilePicker}
            <PasswordInput label="Passphrase" value={passphrase} onChange={(e) => setPassphrase(e.currentTarget.value)} autoComplete="current-password" data-autofocus autoFocus required />
            {error && (
              <Alert color="red" role="alert">
                {error}
              </Alert>
            )}
            <Button type="submit" loading={busy} fullWidth>
              Unlock
            </Button>
            <Anchor component="button" type="button" size="sm" ta="left" onClick={() => (setMode('recovery'), setError(null))}>
              Forgot your passphrase? Use the recovery code
            </Anchor>
          </Stack>
        </form>
      ) : (
        <form onSubmit={recover} noValidate aria-label="Recover access">
          <Stack gap="sm">
            {profilePicker}
            <TextInput label="Recovery code" value={code} onChange={(e) => setCode(e.currentTarget.value)} autoComplete="off" spellCheck={false} required />
            <PassphraseFields
              label="New passphrase"
              value={newPassphrase}
              confirm={confirm}
              onChange={setNewPassphrase}
              onConfirmChange={setConfirm}
              contextWords={[practiceName, profile?.displayName ?? '']}
              showErrors={attempted}
            />
            {error && (
              <Alert color="red" role="alert">
                {error}
              </Alert>
            )}
            <Group justify="space-between">
              <Anchor component="button" type="button" size="sm" onClick={() => (setMode('passphrase'), setError(null))}>
                Back to passphrase
              </Anchor>
              <Button type="submit" loading={busy}>
                Unlock and set passphrase
              </Button>
            </Group>
          </Stack>
        </form>
      )}
      <Text size="xs" c="dimmed">
        Records are encrypted on this device. Nothing is shown until the passphrase is correct.
      </Text>
    </VaultScreen>
  );
}
