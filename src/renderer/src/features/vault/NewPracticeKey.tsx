import { useState } from 'react';
import { Alert, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useServices } from '../../app/services';
import { st } from '../../i18n/staff';
import type { EpochReason, RotationResult } from '../../vault/keyring-epochs';
import { ConfirmWithPassphraseForm, useConfirmWithPassphrase } from './ConfirmWithPassphrase';

function outcome(result: RotationResult): string {
  const parts = [st('vault.NewPracticeKey.newKey')];
  if (result.relayedTo > 0) parts.push(st('vault.NewPracticeKey.relayed', { devices: result.relayedTo }));
  if (result.unverified.length > 0) parts.push(st('vault.NewPracticeKey.unverified', { devices: result.unverified.length }));
  if (result.unreachable.includes('recovery')) parts.push(st('vault.NewPracticeKey.recoveryCodeTooOld'));
  const profiles = result.unreachable.filter((id) => id !== 'recovery').length;
  if (profiles > 0) parts.push(st('vault.NewPracticeKey.profilesNeedSetupCode', { profiles }));
  return parts.join(' ');
}

/**
 * A new practice key (key epoch), confirmed with the administrator's passphrase: on demand in
 * Settings → Security, and after a device is revoked (Sync and transfer), so that what is written
 * from now on is sealed under a key the revoked device never receives.
 */
export function NewPracticeKeyForm({ reason, intro }: { reason: EpochReason; intro: string }) {
  const { epochs } = useServices();
  const [done, setDone] = useState<string | null>(null);
  const confirmation = useConfirmWithPassphrase(async (adminPassphrase) => {
    setDone(null);
    setDone(outcome(await epochs.rotate({ adminPassphrase, reason })));
  });
  return (
    <ConfirmWithPassphraseForm
      confirmation={confirmation}
      label={st('vault.NewPracticeKey.newPracticeKey')}
      actions={
        <>
          <Group>
            <Button type="submit" variant="default" loading={confirmation.busy}>
              {st('vault.NewPracticeKey.makeANewPracticeKey')}
            </Button>
          </Group>
          {done && !confirmation.error && (
            <Alert color="teal" role="status">
              {done}
            </Alert>
          )}
        </>
      }
    >
      <Text size="sm">{intro}</Text>
    </ConfirmWithPassphraseForm>
  );
}

/** Settings → Security: a new practice key on demand (administrators). */
export function PracticeKeySection() {
  const { vault } = useServices();
  if (vault.currentProfile().role !== 'administrator') return null;
  return (
    <Paper withBorder p="lg" maw={560}>
      <Stack gap="sm">
        <Title order={3}>{st('vault.NewPracticeKey.practiceKey')}</Title>
        <NewPracticeKeyForm reason="on-demand" intro={st('vault.NewPracticeKey.onDemandIntro')} />
      </Stack>
    </Paper>
  );
}
