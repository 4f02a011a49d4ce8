import { useState } from 'react';
import { Alert, Button, Group, Stack, TextInput } from '@mantine/core';
import { z } from 'zod';
import { enrolmentCredentials, openEnrolmentPackage } from '../../../../shared/sync/enrolment';
import { useServices } from '../../app/services';
import { st } from '../../i18n/staff';
import { SyncClient, chooseServer } from '../../sync/sync-client';
import { PassphraseFields, useNewPassphraseForm } from '../vault/PassphraseFields';
import { VaultScreen } from '../vault/VaultScreen';
import { errorText } from '../../i18n/shared';

const schema = z.object({
  serverUrl: z.string().trim().min(1, st('sync.JoinPracticeForm.enterTheServerAddress')),
  code: z.string().trim().min(1, st('sync.JoinPracticeForm.enterTheEnrolmentCode')),
  deviceName: z.string().trim().min(1, st('sync.JoinPracticeForm.nameThisDevice')),
});

/**
 * A new device joins a practice that already syncs: the server address and the one-time code an
 * administrator made for this person, then their passphrase for this device. The code opens the
 * practice key here; the server only relayed it, sealed.
 */
export function JoinPracticeForm({ onCancel }: { onCancel: () => void }) {
  const { bridge, enrolment, syncConfig, sync } = useServices();
  const { form, check, fields } = useNewPassphraseForm(schema, { serverUrl: '', code: '', deviceName: '', passphrase: '', confirm: '' });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (event: React.FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!(await check(event.currentTarget, []))) return;
    const v = form.getValues();
    setBusy(true);
    setError(null);
    try {
      const serverUrl = await chooseServer(bridge, v.serverUrl);
      const { lookupId, verifier } = await enrolmentCredentials(v.code);
      const redeemed = await new SyncClient({ serverUrl, appVersion: __APP_VERSION__ }).redeemEnrolment({ lookupId, verifier, deviceName: v.deviceName.trim() });
      const opened = await openEnrolmentPackage(v.code, redeemed.wrappedKey);
      try {
        await enrolment.joinPractice({ ...opened, passphrase: v.passphrase });
        await syncConfig.save({ serverUrl, practiceId: redeemed.practiceId, deviceId: redeemed.deviceId, deviceName: v.deviceName.trim(), role: opened.invitation.role === 'administrator' ? 'admin' : 'member' }, redeemed.token);
        // The unlock already started sync, before this device had its settings: start it now.
        await sync.start();
      } finally {
        opened.raw.fill(0);
      }
    } catch (failure) {
      setError(errorText(failure));
      setBusy(false);
    }
  };

  return (
    <VaultScreen title={st('sync.JoinPracticeForm.joinYourPractice')} subtitle={st('sync.JoinPracticeForm.joinSubtitle')}>
      <form onSubmit={(event) => void submit(event)} noValidate aria-label={st('sync.JoinPracticeForm.joinAPractice')}>
        <Stack gap="sm">
          <TextInput label={st('sync.JoinPracticeForm.syncServerAddress')} placeholder={st('sync.JoinPracticeForm.serverPlaceholder')} required {...form.getInputProps('serverUrl')} />
          <TextInput label={st('sync.JoinPracticeForm.enrolmentCode')} description={st('sync.JoinPracticeForm.enrolmentCodeExplained')} required autoComplete="off" {...form.getInputProps('code')} />
          <TextInput label={st('sync.JoinPracticeForm.nameOfThisDevice')} required {...form.getInputProps('deviceName')} />
          <PassphraseFields label={st('sync.JoinPracticeForm.yourPassphraseOnThisDevice')} contextWords={[]} {...fields} />
          {error && (
            <Alert color="red" role="alert">
              {error}
            </Alert>
          )}
          <Group justify="space-between">
            <Button variant="subtle" onClick={onCancel} disabled={busy}>
              {st('sync.JoinPracticeForm.back')}
            </Button>
            <Button type="submit" loading={busy}>
              {st('sync.JoinPracticeForm.joinThePractice')}
            </Button>
          </Group>
        </Stack>
      </form>
    </VaultScreen>
  );
}
