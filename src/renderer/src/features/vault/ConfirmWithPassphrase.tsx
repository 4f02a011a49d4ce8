import { useState, type ReactNode } from 'react';
import { Alert, PasswordInput, Stack } from '@mantine/core';
import { z } from 'zod';
import { focusFirstError, passwordInputProps, useSchemaForm } from '../../app/forms';
import { st } from '../../i18n/staff';

const schema = z.object({ adminPassphrase: z.string().min(1, st('vault.ConfirmWithPassphrase.enterYourOwnPassphrase')) });

/**
 * An administrator's action confirmed with their own passphrase (a new setup code, removing a
 * colleague, a new practice key): the vault checks the passphrase, so a wrong one is the vault's
 * message. The passphrase is cleared after every attempt, kept nowhere.
 */
export function useConfirmWithPassphrase(action: (adminPassphrase: string) => Promise<void>) {
  const form = useSchemaForm(schema, { adminPassphrase: '' });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = (event: React.FormEvent<HTMLFormElement>) => {
    const element = event.currentTarget;
    form.onSubmit(
      async ({ adminPassphrase }) => {
        setBusy(true);
        setError(null);
        try {
          await action(adminPassphrase);
        } catch (failure) {
          setError((failure as Error).message);
        } finally {
          form.setFieldValue('adminPassphrase', '');
          setBusy(false);
        }
      },
      () => focusFirstError(element),
    )(event);
  };
  const reset = () => {
    form.reset();
    setError(null);
  };
  return { form, busy, error, submit, reset };
}

export type Confirmation = ReturnType<typeof useConfirmWithPassphrase>;

/** The form of a `useConfirmWithPassphrase`: what will happen, the passphrase, the vault's refusal, the buttons. */
export function ConfirmWithPassphraseForm({ confirmation, label, children, actions }: { confirmation: Confirmation; label: string; children: ReactNode; actions: ReactNode }) {
  return (
    <form onSubmit={confirmation.submit} noValidate aria-label={label}>
      <Stack gap="sm">
        {children}
        <PasswordInput label={st('vault.ConfirmWithPassphrase.yourPassphraseToConfirm')} autoComplete="current-password" {...passwordInputProps(confirmation.form, 'adminPassphrase')} />
        {confirmation.error && (
          <Alert color="red" role="alert">
            {confirmation.error}
          </Alert>
        )}
        {actions}
      </Stack>
    </form>
  );
}
