import { useState, type ReactNode } from 'react';
import { Alert, PasswordInput, Stack } from '@mantine/core';
import { z } from 'zod';
import { focusFirstError, passwordInputProps, useSchemaForm } from '../../app/forms';
import { st } from '../../i18n/staff';
import { errorText } from '../../i18n/shared';

const schema = z.object({ adminPassphrase: z.string().min(1, st('vault.ConfirmWithPassphrase.enterYourOwnPassphrase')) });

/**
 * An administrator's action confirmed with their own passphrase (a new setup code, removing a
 * colleague, a new practice key, a new recovery code): the vault checks the passphrase, so a wrong
 * one is the vault's message. The passphrase is cleared after every attempt, kept nowhere. A form
 * with fields of its own before the passphrase (the recovery code typed back) gives their schema
 * and initial values in `extra`: they are checked with the passphrase, each message under its field.
 */
export function useConfirmWithPassphrase<Extra extends Record<string, unknown> = Record<never, never>>(
  action: (adminPassphrase: string) => Promise<void>,
  extra?: { schema: z.ZodObject; initialValues: Extra },
) {
  const form = useSchemaForm<Extra & { adminPassphrase: string }>(extra ? schema.extend(extra.schema.shape) : schema, { ...(extra?.initialValues as Extra), adminPassphrase: '' });
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
          setError(errorText(failure));
        } finally {
          // setValues merges; setFieldValue cannot type a path into a generic form.
          form.setValues({ adminPassphrase: '' } as Partial<Extra & { adminPassphrase: string }>);
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

export type Confirmation<Extra extends Record<string, unknown> = Record<never, never>> = ReturnType<typeof useConfirmWithPassphrase<Extra>>;

/** The form of a `useConfirmWithPassphrase`: what will happen, the passphrase, the vault's refusal, the buttons. */
export function ConfirmWithPassphraseForm<Extra extends Record<string, unknown>>({ confirmation, label, children, actions }: { confirmation: Confirmation<Extra>; label: string; children: ReactNode; actions: ReactNode }) {
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
