import { useState } from 'react';
import { Alert, Button, Group, Paper, PasswordInput, Stack, Title } from '@mantine/core';
import { z } from 'zod';
import { passwordInputProps } from '../../app/forms';
import { useServices } from '../../app/services';
import { st } from '../../i18n/staff';
import { PassphraseFields, useNewPassphraseForm } from '../vault/PassphraseFields';
import { errorText } from '../../i18n/shared';

const schema = z.object({ current: z.string().min(1, st('settings.PassphraseSection.enterYourCurrentPassphrase')) });
const EMPTY = { current: '', passphrase: '', confirm: '' };

/** Changing one's passphrase re-wraps the practice key only; no record is re-encrypted. */
export function PassphraseSection({ practiceName }: { practiceName: string }) {
  const { vault, profiles } = useServices();
  const { form, check, fields, setAttempted } = useNewPassphraseForm(schema, EMPTY);
  const [status, setStatus] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const me = vault.currentProfile();
  const contextWords = [practiceName, me.displayName];

  const submit = async (event: React.FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!(await check(event.currentTarget, contextWords))) return;
    const { current, passphrase } = form.getValues();
    setBusy(true);
    try {
      await profiles.changePassphrase(current, passphrase);
      setStatus({ ok: true, text: st('settings.PassphraseSection.changed') });
      form.reset();
      setAttempted(false);
    } catch (failure) {
      setStatus({ ok: false, text: errorText(failure) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Paper withBorder p="lg" maw={560} component="form" onSubmit={(event: React.FormEvent<HTMLFormElement>) => void submit(event)} noValidate aria-label={st('settings.PassphraseSection.changeYourPassphrase')}>
      <Stack gap="sm">
        <Title order={3}>{st('settings.PassphraseSection.yourPassphrase')}</Title>
        <PasswordInput label={st('settings.PassphraseSection.currentPassphrase')} autoComplete="current-password" {...passwordInputProps(form, 'current')} />
        <PassphraseFields label={st('settings.PassphraseSection.newPassphrase')} contextWords={contextWords} {...fields} />
        {status && (
          <Alert color={status.ok ? 'teal' : 'red'} role={status.ok ? 'status' : 'alert'}>
            {status.text}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button type="submit" loading={busy}>
            {st('settings.PassphraseSection.changePassphrase')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
