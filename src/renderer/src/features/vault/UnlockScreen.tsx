import { useEffect, useState } from 'react';
import { Alert, Anchor, Button, Group, List, PasswordInput, Select, Stack, Text, TextInput } from '@mantine/core';
import { z } from 'zod';
import { WrongPassphraseError } from '../../../../shared/crypto';
import { ROLE_LABELS } from '../../../../shared/vault-policy';
import { focusFirstError, passwordInputProps, useSchemaForm } from '../../app/forms';
import { useServices } from '../../app/services';
import { st } from '../../i18n/staff';
import { PassphraseChangeRequiredError, PassphrasePolicyError, SetupCodeExpiredError, UnlockThrottledError } from '../../vault/errors';
import type { ProfileSummary } from '../../vault/keyring';
import type { LockReason } from '../../vault/vault';
import { PassphraseFields, useNewPassphraseForm } from './PassphraseFields';
import { VaultScreen } from './VaultScreen';
import { errorText, sharedText } from '../../i18n/shared';

const LAST_PROFILE_KEY = 'last-profile';

const REASONS: Record<LockReason, string | null> = {
  startup: null,
  manual: st('vault.UnlockScreen.lockedManual'),
  inactivity: st('vault.UnlockScreen.lockedInactivity'),
  system: st('vault.UnlockScreen.lockedSystem'),
};

function messageFor(error: unknown): string {
  if (error instanceof WrongPassphraseError) {
    const text = errorText(error);
    return text.endsWith('.') ? text : `${text}.`;
  }
  if (error instanceof UnlockThrottledError || error instanceof PassphrasePolicyError || error instanceof SetupCodeExpiredError) return error.message;
  return st('vault.UnlockScreen.couldNotBeUnlocked', { reason: errorText(error) });
}

type Mode = 'passphrase' | 'recovery' | 'setup' | 'change';

const SUBTITLES: Record<Mode, string> = {
  passphrase: st('vault.UnlockScreen.subtitlePassphrase'),
  recovery: st('vault.UnlockScreen.subtitleRecovery'),
  setup: st('vault.UnlockScreen.subtitleSetup'),
  change: st('vault.UnlockScreen.subtitleChange'),
};

const FORM_NAMES = { recovery: st('vault.UnlockScreen.formRecovery'), setup: st('vault.UnlockScreen.formSetup'), change: st('vault.UnlockScreen.formChange') } as const;

const unlockSchema = z.object({ passphrase: z.string().min(1, st('vault.UnlockScreen.enterYourPassphrase')) });
const CODE_SCHEMAS = {
  setup: z.object({ code: z.string().trim().min(1, st('vault.UnlockScreen.enterTheSetupCode')) }),
  recovery: z.object({ code: z.string().trim().min(1, st('vault.UnlockScreen.enterTheRecoveryCode')) }),
  change: z.object({}),
} as const;

/** Runs an unlocking action; resolves false when it failed (the screen shows why). */
type Run = (action: () => Promise<void>, passphrase?: string) => Promise<boolean>;

interface FormProps {
  profilePicker: React.ReactNode;
  error: React.ReactNode;
  busy: boolean;
  run: Run;
}

function ErrorAlert({ error }: { error: string | null }) {
  return (
    error && (
      <Alert color="red" role="alert">
        {error}
      </Alert>
    )
  );
}

/** The everyday unlock: profile and passphrase. A failed attempt clears the field. */
function PassphraseForm({ profileId, profilePicker, error, busy, run, onForgot }: FormProps & { profileId: string; onForgot: () => void }) {
  const { vault } = useServices();
  const form = useSchemaForm(unlockSchema, { passphrase: '' });
  const submit = (event: React.FormEvent<HTMLFormElement>) => {
    const element = event.currentTarget;
    form.onSubmit(
      async ({ passphrase }) => {
        if (!(await run(() => vault.unlock(profileId, passphrase), passphrase))) form.setFieldValue('passphrase', '');
      },
      () => focusFirstError(element),
    )(event);
  };
  return (
    <form onSubmit={submit} noValidate aria-label={st('vault.UnlockScreen.unlock')}>
      <Stack gap="sm">
        {profilePicker}
        <PasswordInput label={st('vault.UnlockScreen.passphrase')} autoComplete="current-password" data-autofocus autoFocus required {...passwordInputProps(form, 'passphrase')} />
        {error}
        <Button type="submit" loading={busy} fullWidth>
          {st('vault.UnlockScreen.unlock')}
        </Button>
        <Anchor component="button" type="button" size="sm" ta="left" onClick={onForgot}>
          {st('vault.UnlockScreen.forgot')}
        </Anchor>
      </Stack>
    </form>
  );
}

/** Recovery code, setup code or a forced change: each sets a new passphrase, then unlocks. */
function NewPassphraseForm({ mode, profileId, weak, contextWords, profilePicker, error, busy, run, onBack }: FormProps & {
  mode: Exclude<Mode, 'passphrase'>;
  profileId: string;
  /** The correct but weak passphrase, and why it must change (zxcvbn's feedback). */
  weak: { passphrase: string; reasons: string[] } | null;
  contextWords: string[];
  onBack: () => void;
}) {
  const { vault } = useServices();
  const { form, check, fields } = useNewPassphraseForm(CODE_SCHEMAS[mode], { code: '', passphrase: '', confirm: '' });
  const submit = async (event: React.FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!(await check(event.currentTarget, contextWords))) return;
    const { code, passphrase } = form.getValues();
    if (mode === 'setup') void run(() => vault.completeSetup(profileId, code, passphrase));
    else if (mode === 'change') void run(() => vault.unlock(profileId, weak?.passphrase ?? '', passphrase), weak?.passphrase);
    else void run(() => vault.recover(profileId, code, passphrase));
  };
  return (
    <form onSubmit={(event) => void submit(event)} noValidate aria-label={FORM_NAMES[mode]}>
      <Stack gap="sm">
        {profilePicker}
        {mode === 'change' && (
          <Alert color="yellow" role="alert" title={st('vault.UnlockScreen.chooseANewPassphrase')}>
            <Text size="sm">{st('vault.UnlockScreen.noLongerMeetsTheRules')}</Text>
            <List size="sm" mt={4}>
              {(weak?.reasons ?? []).map((reason) => (
                <List.Item key={reason}>{reason}</List.Item>
              ))}
            </List>
          </Alert>
        )}
        {mode !== 'change' && (
          <TextInput
            label={mode === 'setup' ? st('vault.UnlockScreen.setupCode') : st('vault.UnlockScreen.recoveryCode')}
            description={mode === 'setup' ? st('vault.UnlockScreen.setupCodeExplained') : undefined}
            autoComplete="off"
            spellCheck={false}
            required
            {...form.getInputProps('code')}
          />
        )}
        <PassphraseFields label={st('vault.UnlockScreen.newPassphrase')} contextWords={contextWords} {...fields} />
        {error}
        <Group justify="space-between">
          {mode === 'setup' ? (
            <span />
          ) : (
            <Anchor component="button" type="button" size="sm" onClick={onBack}>
              {st('vault.UnlockScreen.backToPassphrase')}
            </Anchor>
          )}
          <Button type="submit" loading={busy}>
            {mode === 'setup' ? st('vault.UnlockScreen.setPassphraseAndUnlock') : st('vault.UnlockScreen.unlockAndSetPassphrase')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

interface Props {
  practiceName: string;
  profiles: ProfileSummary[];
  reason: LockReason;
}

export function UnlockScreen({ practiceName, profiles, reason }: Props) {
  const { bridge } = useServices();
  const [profileId, setProfileId] = useState<string>(profiles[0]?.id ?? '');
  const [chosenMode, setMode] = useState<'passphrase' | 'recovery'>('passphrase');
  /** Set once a correct but weak passphrase was typed: it is kept for the re-wrap while a new one is chosen. */
  const [weak, setWeak] = useState<{ passphrase: string; reasons: string[] } | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const profile = profiles.find((p) => p.id === profileId);
  // A colleague whose profile waits for its setup code chooses a passphrase here, with the code.
  const mode: Mode = profile?.awaitingSetup ? 'setup' : weak ? 'change' : chosenMode;

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

  const run: Run = async (action, passphrase) => {
    setBusy(true);
    setError(null);
    try {
      await action();
      void bridge.secrets.set(LAST_PROFILE_KEY, profileId).catch(() => undefined);
      return true;
    } catch (failure) {
      setBusy(false);
      if (failure instanceof PassphraseChangeRequiredError && passphrase !== undefined) {
        // The passphrase was right: keep it for the re-wrap, and ask for a new one.
        setWeak({ passphrase, reasons: failure.reasons });
        return false;
      }
      setError(messageFor(failure));
      return false;
    }
  };

  const switchTo = (next: 'passphrase' | 'recovery') => {
    setMode(next);
    setWeak(null);
    setError(null);
  };

  const profilePicker = (
    <Select
      label={st('vault.UnlockScreen.staffProfile')}
      data={profiles.map((p) => ({ value: p.id, label: st('vault.UnlockScreen.profileOption', { name: p.displayName, role: sharedText(ROLE_LABELS[p.role]) }) }))}
      value={profileId}
      onChange={(value) => value && (setProfileId(value), switchTo('passphrase'))}
      disabled={mode === 'change'}
      allowDeselect={false}
    />
  );

  const notice = REASONS[reason];
  const shared = { profilePicker, error: <ErrorAlert error={error} />, busy, run };
  return (
    <VaultScreen title={practiceName} subtitle={SUBTITLES[mode]}>
      {notice && (
        <Alert color="blue" role="status">
          {notice}
        </Alert>
      )}
      {mode === 'passphrase' ? (
        <PassphraseForm key={profileId} profileId={profileId} onForgot={() => switchTo('recovery')} {...shared} />
      ) : (
        <NewPassphraseForm key={`${mode}:${profileId}`} mode={mode} profileId={profileId} weak={weak} contextWords={[practiceName, profile?.displayName ?? '']} onBack={() => switchTo('passphrase')} {...shared} />
      )}
      <Text size="xs" c="dimmed">
        {st('vault.UnlockScreen.encryptedOnThisDevice')}
      </Text>
    </VaultScreen>
  );
}
