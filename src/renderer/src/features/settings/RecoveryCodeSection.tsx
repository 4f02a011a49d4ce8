import { useState } from 'react';
import { Alert, Button, Group, Paper, PasswordInput, Stack, Text, Title } from '@mantine/core';
import { z } from 'zod';
import { focusFirstError, passwordInputProps, useSchemaForm } from '../../app/forms';
import { useServices } from '../../app/services';
import { st } from '../../i18n/staff';
import { confirmsCode, RecoverySheet } from '../vault/RecoverySheet';

type Status = { ok: boolean; text: string } | null;

/** The new code shown and typed back, then the administrator's passphrase; one form per new code. */
function NewRecoveryCodeForm({ practiceName, code, onCancel, onDone }: { practiceName: string; code: string; onCancel: () => void; onDone: (status: Status) => void }) {
  const { profiles } = useServices();
  const form = useSchemaForm(z.object({ confirm: confirmsCode(code), adminPassphrase: z.string().min(1, st('vault.ConfirmWithPassphrase.enterYourOwnPassphrase')) }), { confirm: '', adminPassphrase: '' });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = (event: React.FormEvent<HTMLFormElement>) => {
    const element = event.currentTarget;
    form.onSubmit(
      async ({ adminPassphrase }) => {
        setBusy(true);
        setError(null);
        try {
          await profiles.reissueRecoveryCode({ adminPassphrase, recoveryCode: code });
          onDone({ ok: true, text: st('settings.RecoveryCodeSection.inForce') });
        } catch (failure) {
          setError((failure as Error).message);
          form.setFieldValue('adminPassphrase', '');
          setBusy(false);
        }
      },
      () => focusFirstError(element),
    )(event);
  };

  return (
    <form onSubmit={submit} noValidate aria-label={st('settings.RecoveryCodeSection.newRecoveryCode')}>
      <Stack gap="sm">
        <RecoverySheet practiceName={practiceName} code={code} confirmProps={form.getInputProps('confirm')} />
        <PasswordInput label={st('vault.ConfirmWithPassphrase.yourPassphraseToConfirm')} autoComplete="current-password" {...passwordInputProps(form, 'adminPassphrase')} />
        {error && (
          <Alert color="red" role="alert">
            {error}
          </Alert>
        )}
        <Group justify="space-between">
          <Button variant="subtle" onClick={onCancel}>
            {st('settings.RecoveryCodeSection.cancel')}
          </Button>
          <Button type="submit" loading={busy}>
            {st('settings.RecoveryCodeSection.replaceTheRecoveryCode')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/**
 * An administrator replaces the practice's recovery code on this laptop (it was lost, or someone
 * who knew it left). The new code is shown and confirmed before it replaces the old one, and the
 * administrator re-enters their passphrase, which also opens the key to wrap it.
 */
export function RecoveryCodeSection({ practiceName }: { practiceName: string }) {
  const { vault, profiles } = useServices();
  const [code, setCode] = useState<string | null>(null);
  const [status, setStatus] = useState<Status>(null);
  if (vault.currentProfile().role !== 'administrator') return null;

  const start = () => {
    setCode(profiles.newRecoveryCode());
    setStatus(null);
  };

  return (
    <Paper withBorder p="lg" maw={560}>
      <Stack gap="sm">
        <Title order={3}>{st('settings.RecoveryCodeSection.recoveryCode')}</Title>
        {code === null ? (
          <>
            <Text size="sm">{st('settings.RecoveryCodeSection.whenToReplace')}</Text>
            <Group>
              <Button variant="default" onClick={start}>
                {st('settings.RecoveryCodeSection.issueANewRecoveryCode')}
              </Button>
            </Group>
          </>
        ) : (
          <NewRecoveryCodeForm
            key={code}
            practiceName={practiceName}
            code={code}
            onCancel={() => (setCode(null), setStatus(null))}
            onDone={(done) => (setCode(null), setStatus(done))}
          />
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
