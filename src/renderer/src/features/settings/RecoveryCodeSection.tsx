import { useState } from 'react';
import { Alert, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { z } from 'zod';
import { useServices } from '../../app/services';
import { st } from '../../i18n/staff';
import { ConfirmWithPassphraseForm, useConfirmWithPassphrase } from '../vault/ConfirmWithPassphrase';
import { confirmsCode, RecoverySheet } from '../vault/RecoverySheet';

type Status = { ok: boolean; text: string } | null;

/** The new code shown and typed back, then the administrator's passphrase; one form per new code. */
function NewRecoveryCodeForm({ practiceName, code, onCancel, onDone }: { practiceName: string; code: string; onCancel: () => void; onDone: (status: Status) => void }) {
  const { profiles } = useServices();
  const confirmation = useConfirmWithPassphrase(
    async (adminPassphrase) => {
      await profiles.reissueRecoveryCode({ adminPassphrase, recoveryCode: code });
      onDone({ ok: true, text: st('settings.RecoveryCodeSection.inForce') });
    },
    { schema: z.object({ confirm: confirmsCode(code) }), initialValues: { confirm: '' } },
  );

  return (
    <ConfirmWithPassphraseForm
      confirmation={confirmation}
      label={st('settings.RecoveryCodeSection.newRecoveryCode')}
      actions={
        <Group justify="space-between">
          <Button variant="subtle" onClick={onCancel}>
            {st('settings.RecoveryCodeSection.cancel')}
          </Button>
          <Button type="submit" loading={confirmation.busy}>
            {st('settings.RecoveryCodeSection.replaceTheRecoveryCode')}
          </Button>
        </Group>
      }
    >
      <RecoverySheet practiceName={practiceName} code={code} confirmProps={confirmation.form.getInputProps('confirm')} />
    </ConfirmWithPassphraseForm>
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
