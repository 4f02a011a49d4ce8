import { useState } from 'react';
import { Alert, Button, Group, Stack, TextInput } from '@mantine/core';
import { enrolmentCredentials, openEnrolmentPackage } from '../../../../shared/sync/enrolment';
import { useServices } from '../../app/services';
import { SyncClient, chooseServer } from '../../sync/sync-client';
import { PassphraseFields, passphraseProblems } from '../vault/PassphraseFields';
import { VaultScreen } from '../vault/VaultScreen';

/**
 * A new device joins a practice that already syncs: the server address and the one-time code an
 * administrator made for this person, then their passphrase for this device. The code opens the
 * practice key here; the server only relayed it, sealed.
 */
export function JoinPracticeForm({ onCancel }: { onCancel: () => void }) {
  const { bridge, enrolment, vault, syncConfig, sync } = useServices();
  const [v, setV] = useState({ serverUrl: '', code: '', deviceName: '', passphrase: '', confirm: '' });
  const [attempted, setAttempted] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const set = (field: keyof typeof v) => (value: string) => setV((current) => ({ ...current, [field]: value }));
  const missing = { serverUrl: v.serverUrl.trim() ? null : 'Enter the server address', code: v.code.trim() ? null : 'Enter the enrolment code', deviceName: v.deviceName.trim() ? null : 'Name this device, e.g. "Rural clinic laptop 2"' };

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    setAttempted(true);
    if (missing.serverUrl || missing.code || missing.deviceName || (await passphraseProblems(vault, v.passphrase, v.confirm, [])).length > 0) return;
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
      setError((failure as Error).message);
      setBusy(false);
    }
  };

  return (
    <VaultScreen title="Join your practice" subtitle="Use the code an administrator made for you. Records arrive from the central office, still encrypted.">
      <form onSubmit={submit} noValidate aria-label="Join a practice">
        <Stack gap="sm">
          <TextInput label="Sync server address" placeholder="https://sync.example.org" required value={v.serverUrl} onChange={(e) => set('serverUrl')(e.currentTarget.value)} error={attempted && missing.serverUrl} />
          <TextInput label="Enrolment code" description="25 letters and digits; hyphens and spaces do not matter. It works once." required value={v.code} onChange={(e) => set('code')(e.currentTarget.value)} error={attempted && missing.code} autoComplete="off" />
          <TextInput label="Name of this device" required value={v.deviceName} onChange={(e) => set('deviceName')(e.currentTarget.value)} error={attempted && missing.deviceName} />
          <PassphraseFields label="Your passphrase on this device" value={v.passphrase} confirm={v.confirm} onChange={set('passphrase')} onConfirmChange={set('confirm')} contextWords={[]} showErrors={attempted} />
          {error && (
            <Alert color="red" role="alert">
              {error}
            </Alert>
          )}
          <Group justify="space-between">
            <Button variant="subtle" onClick={onCancel} disabled={busy}>
              Back
            </Button>
            <Button type="submit" loading={busy}>
              Join the practice
            </Button>
          </Group>
        </Stack>
      </form>
    </VaultScreen>
  );
}
