import { useEffect, useState } from 'react';
import { Alert, Anchor, Button, Group, List, PasswordInput, Select, Stack, Text, TextInput } from '@mantine/core';
import { WrongPassphraseError } from '../../../../shared/crypto';
import { ROLE_LABELS } from '../../../../shared/vault-policy';
import { useServices } from '../../app/services';
import { PassphraseChangeRequiredError, PassphrasePolicyError, SetupCodeExpiredError, UnlockThrottledError } from '../../vault/errors';
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
  if (error instanceof UnlockThrottledError || error instanceof PassphrasePolicyError || error instanceof SetupCodeExpiredError) return error.message;
  return `Waypoint could not be unlocked: ${(error as Error).message}`;
}

const SUBTITLES = {
  passphrase: 'Unlock to open the practice’s records.',
  recovery: 'Use the practice’s recovery code to set a new passphrase.',
  setup: 'Welcome. Choose your own passphrase with the setup code you were given.',
  change: 'Choose a new passphrase.',
} as const;

const FORM_NAMES = { recovery: 'Recover access', setup: 'Set up your passphrase', change: 'Change your passphrase to continue' } as const;

interface Props {
  practiceName: string;
  profiles: ProfileSummary[];
  reason: LockReason;
}

export function UnlockScreen({ practiceName, profiles, reason }: Props) {
  const { vault, bridge } = useServices();
  const [profileId, setProfileId] = useState<string>(profiles[0]?.id ?? '');
  const [chosenMode, setMode] = useState<'passphrase' | 'recovery' | 'change'>('passphrase');
  /** Why the current passphrase must be changed (zxcvbn's feedback), once a correct but weak one was typed. */
  const [weakReasons, setWeakReasons] = useState<string[]>([]);
  const [passphrase, setPassphrase] = useState('');
  const [code, setCode] = useState('');
  const [newPassphrase, setNewPassphrase] = useState('');
  const [confirm, setConfirm] = useState('');
  const [attempted, setAttempted] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const profile = profiles.find((p) => p.id === profileId);
  // A colleague whose profile waits for its setup code chooses a passphrase here, with the code.
  const mode = profile?.awaitingSetup ? 'setup' : chosenMode;

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
      setBusy(false);
      if (failure instanceof PassphraseChangeRequiredError) {
        // The passphrase was right: keep it for the re-wrap, and ask for a new one.
        setWeakReasons(failure.reasons);
        setMode('change');
        return;
      }
      setError(messageFor(failure));
      if (mode !== 'change') setPassphrase('');
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

  /** Recovery code, setup code or a forced change: each sets a new passphrase, then unlocks. */
  const withNewPassphrase = async (event: React.FormEvent) => {
    event.preventDefault();
    setAttempted(true);
    if (mode !== 'change' && !code.trim()) {
      setError(mode === 'setup' ? 'Enter the setup code you were given.' : 'Enter the recovery code.');
      return;
    }
    if ((await passphraseProblems(vault, newPassphrase, confirm, [practiceName, profile?.displayName ?? ''])).length > 0) return;
    if (mode === 'setup') void run(() => vault.completeSetup(profileId, code, newPassphrase));
    else if (mode === 'change') void run(() => vault.unlock(profileId, passphrase, newPassphrase));
    else void run(() => vault.recover(profileId, code, newPassphrase));
  };

  const switchTo = (next: 'passphrase' | 'recovery') => {
    setMode(next);
    setError(null);
    setPassphrase('');
  };

  const profilePicker = (
    <Select
      label="Staff profile"
      data={profiles.map((p) => ({ value: p.id, label: `${p.displayName} — ${ROLE_LABELS[p.role]}` }))}
      value={profileId}
      onChange={(value) => value && (setProfileId(value), switchTo('passphrase'))}
      disabled={mode === 'change'}
      allowDeselect={false}
    />
  );

  const notice = REASONS[reason];
  return (
    <VaultScreen title={practiceName} subtitle={SUBTITLES[mode]}>
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
            <Anchor component="button" type="button" size="sm" ta="left" onClick={() => switchTo('recovery')}>
              Forgot your passphrase? Use the recovery code
            </Anchor>
          </Stack>
        </form>
      ) : (
        <form onSubmit={(event) => void withNewPassphrase(event)} noValidate aria-label={FORM_NAMES[mode]}>
          <Stack gap="sm">
            {profilePicker}
            {mode === 'change' && (
              <Alert color="yellow" role="alert" title="Choose a new passphrase to continue">
                <Text size="sm">Your passphrase was correct, but it no longer meets the practice’s rules:</Text>
                <List size="sm" mt={4}>
                  {weakReasons.map((reason) => (
                    <List.Item key={reason}>{reason}</List.Item>
                  ))}
                </List>
              </Alert>
            )}
            {mode !== 'change' && (
              <TextInput
                label={mode === 'setup' ? 'Setup code' : 'Recovery code'}
                description={mode === 'setup' ? 'The one-time code an administrator gave you when they added your profile.' : undefined}
                value={code}
                onChange={(e) => setCode(e.currentTarget.value)}
                autoComplete="off"
                spellCheck={false}
                required
              />
            )}
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
              {mode === 'setup' ? (
                <span />
              ) : (
                <Anchor component="button" type="button" size="sm" onClick={() => switchTo('passphrase')}>
                  Back to passphrase
                </Anchor>
              )}
              <Button type="submit" loading={busy}>
                {mode === 'setup' ? 'Set passphrase and unlock' : 'Unlock and set passphrase'}
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
