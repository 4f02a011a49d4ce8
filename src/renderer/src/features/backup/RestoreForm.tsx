import { useFormat } from '../../i18n/useFormat';
import { useState } from 'react';
import { Alert, Button, Group, Paper, PasswordInput, Progress, SegmentedControl, Select, Stack, Text, TextInput } from '@mantine/core';
import { IconFileImport } from '@tabler/icons-react';
import { BACKUP_EXTENSION, BackupError, type OpenedBackup } from '../../../../shared/backup';
import { MAX_FILE_BYTES } from '../../../../shared/bridge';
import { WrongPassphraseError } from '../../../../shared/crypto';
import { formatInstant } from '../../../../shared/format';
import { ROLE_LABELS } from '../../../../shared/vault-policy';
import { laptopTimeZone } from '../../time/practice-clock';
import { useServices } from '../../app/services';
import { DeviceNotEmptyError, RestoreWriteError } from '../../backup/backup-service';
import { PassphrasePolicyError } from '../../vault/errors';
import { PassphraseFields, passphraseProblems } from '../vault/PassphraseFields';
import { VaultScreen } from '../vault/VaultScreen';
import { st } from '../../i18n/staff';
import { errorText, sharedText } from '../../i18n/shared';

type Mode = 'passphrase' | 'recovery-code';

function messageFor(error: unknown): string {
  if (error instanceof WrongPassphraseError) return st('backup.RestoreForm.nothingRestored', { error: errorText(error) });
  if (error instanceof BackupError || error instanceof PassphrasePolicyError || error instanceof DeviceNotEmptyError || error instanceof RestoreWriteError) return errorText(error);
  return st('backup.RestoreForm.restoreFailed', { error: errorText(error) });
}

/**
 * First run on a new or wiped device: a backup file, then a staff passphrase or the recovery code.
 * The file is checked when chosen (no secret needed for that); the secret opens the key, the seal
 * is checked, and only then is anything written. Afterwards the vault is unlocked.
 */
export function RestoreForm({ onCancel }: { onCancel: () => void }) {
  const { backup, bridge, vault } = useServices();
  const format = useFormat();
  const [file, setFile] = useState<{ name: string; backup: OpenedBackup } | null>(null);
  const [mode, setMode] = useState<Mode>('passphrase');
  const [profileId, setProfileId] = useState('');
  const [passphrase, setPassphrase] = useState('');
  const [code, setCode] = useState('');
  const [newPassphrase, setNewPassphrase] = useState('');
  const [confirm, setConfirm] = useState('');
  const [attempted, setAttempted] = useState(false);
  const [busy, setBusy] = useState(false);
  const [progress, setProgress] = useState<{ written: number; total: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const keyring = file?.backup.keyring;
  const profile = keyring?.profiles.find((p) => p.id === profileId);
  const contextWords = [keyring?.practice.name ?? '', profile?.displayName ?? ''];

  const choose = async () => {
    setError(null);
    try {
      const opened = await bridge.openFile({ filters: [{ name: st('backup.RestoreForm.fileType'), extensions: [BACKUP_EXTENSION] }], maxBytes: MAX_FILE_BYTES });
      if (!opened.opened) return;
      const checked = await backup.open(opened.data);
      setFile({ name: opened.name, backup: checked });
      setProfileId(checked.keyring.profiles[0]!.id);
    } catch (failure) {
      setFile(null);
      setError(messageFor(failure));
    }
  };

  const restore = async (event: React.FormEvent) => {
    event.preventDefault();
    setAttempted(true);
    if (file === null) return;
    if (mode === 'passphrase' && !passphrase) return setError(st('backup.RestoreForm.enterPassphrase'));
    if (mode === 'recovery-code' && (!code.trim() || (await passphraseProblems(vault, newPassphrase, confirm, contextWords)).length > 0)) return;
    setBusy(true);
    setError(null);
    try {
      const secret = mode === 'passphrase' ? { kind: mode, profileId, passphrase } : { kind: mode, profileId, recoveryCode: code, newPassphrase };
      await backup.restore(file.backup, secret, { source: file.name, onProgress: (written, total) => setProgress({ written, total }) });
      // The vault is unlocked now: the app replaces this screen.
    } catch (failure) {
      setError(messageFor(failure));
      setPassphrase('');
      setProgress(null);
      setBusy(false);
    }
  };

  const header = file?.backup.header;
  return (
    <VaultScreen title={st('backup.RestoreForm.restoreFromABackup')} subtitle={st('backup.RestoreForm.subtitle')} width={560}>
      <Stack gap="sm">
        <Group>
          <Button variant="default" leftSection={<IconFileImport size={16} aria-hidden />} onClick={() => void choose()} disabled={busy}>
            {file === null ? st('backup.RestoreForm.chooseTheBackupFile') : st('backup.RestoreForm.chooseAnotherFile')}
          </Button>
        </Group>
        {header && (
          <Paper withBorder p="sm" component="section" aria-label={st('backup.RestoreForm.backupFile')}>
            <Text fw={600}>{header.practice.name}</Text>
            <Text size="sm">
              {/* Before restoring, the practice's zone is sealed in the backup: the laptop's is all there is. */}
              {st('backup.RestoreForm.backedUp', { at: formatInstant(header.createdAt, laptopTimeZone(), format.locale), version: header.appVersion, records: file.backup.documentCount, file: file.name })}
            </Text>
          </Paper>
        )}
        {file && keyring && (
          <form onSubmit={(e) => void restore(e)} noValidate aria-label={st('backup.RestoreForm.restoreFromABackup')}>
            <Stack gap="sm">
              <SegmentedControl
                value={mode}
                onChange={(value) => (setMode(value as Mode), setError(null))}
                data={[
                  { value: 'passphrase', label: st('backup.RestoreForm.withPassphrase') },
                  { value: 'recovery-code', label: st('backup.RestoreForm.withRecoveryCode') },
                ]}
                disabled={busy}
              />
              <Select
                label={st('backup.RestoreForm.staffProfile')}
                description={mode === 'recovery-code' ? st('backup.RestoreForm.theRecoveryCodeSetsA') : undefined}
                data={keyring.profiles.map((p) => ({ value: p.id, label: `${p.displayName} — ${sharedText(ROLE_LABELS[p.role])}` }))}
                value={profileId}
                onChange={(value) => value && setProfileId(value)}
                allowDeselect={false}
              />
              {mode === 'passphrase' ? (
                <PasswordInput label={st('backup.RestoreForm.passphrase')} value={passphrase} onChange={(e) => setPassphrase(e.currentTarget.value)} autoComplete="current-password" required />
              ) : (
                <>
                  <TextInput label={st('backup.RestoreForm.recoveryCode')} value={code} onChange={(e) => setCode(e.currentTarget.value)} autoComplete="off" spellCheck={false} required />
                  <PassphraseFields label={st('backup.RestoreForm.newPassphrase')} value={newPassphrase} confirm={confirm} onChange={setNewPassphrase} onConfirmChange={setConfirm} contextWords={contextWords} showErrors={attempted} />
                </>
              )}
              {progress && (
                <Stack gap={4}>
                  <Progress value={(100 * progress.written) / Math.max(progress.total, 1)} aria-label={st('backup.RestoreForm.recordsRestored')} />
                  <Text size="sm">{st('backup.RestoreForm.writingRecordsOf', { written: progress.written, total: progress.total })}</Text>
                </Stack>
              )}
              <Group justify="flex-end">
                <Button type="submit" loading={busy}>
                  {st('backup.RestoreForm.restore')}
                </Button>
              </Group>
            </Stack>
          </form>
        )}
        {error && (
          <Alert color="red" role="alert">
            {error}
          </Alert>
        )}
        <Group>
          <Button variant="subtle" onClick={onCancel} disabled={busy}>
            {st('backup.RestoreForm.back')}
          </Button>
        </Group>
      </Stack>
    </VaultScreen>
  );
}
