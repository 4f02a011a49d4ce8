import { useMemo, useState } from 'react';
import { Button, Group, Loader, NumberInput, Paper, Select, Stack, Text, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { formatDay, LOCALE_NAMES, LOCALES } from '../../../../shared/format';
import { NOTE_FORMATS, practiceSettingsSchema, type PracticeSettings } from '../../../../shared/settings';
import { useServices } from '../../app/services';
import { useObservable } from '../../hooks/useObservable';
import { PassphraseSection } from './PassphraseSection';
import { RecoveryCodeSection } from './RecoveryCodeSection';
import { HolidaysSection } from './HolidaysSection';
import { PayersSection } from './PayersSection';
import { StaffSection } from './StaffSection';
import { UpdateSection } from './UpdateSection';
import { ConflictsSection } from '../sync/ConflictsSection';
import { SyncSection } from '../sync/SyncSection';
import { AuditTrailSection } from '../audit/AuditTrailSection';
import { BackupSection } from '../backup/BackupSection';
import { TransferSection } from '../transfer/TransferSection';
import { PlanLibrarySection } from '../plans/PlanLibrarySection';
import { TimeZoneSection } from '../time-zone/TimeZoneSection';

/**
 * The time zone, holidays, the plan library and the payers have their own sections: this form
 * never writes them, so it cannot put back an older value of any.
 */
const formSchema = practiceSettingsSchema.omit({ timeZone: true, planLibrary: true, holidays: true, payers: true });
type FormValues = Omit<PracticeSettings, 'timeZone' | 'planLibrary' | 'holidays' | 'payers'>;

/** Field errors from the shared schema, so the form and the repository apply the same rules. */
function validate(values: FormValues): Record<string, string> {
  const parsed = formSchema.safeParse(values);
  if (parsed.success) return {};
  return Object.fromEntries(parsed.error.issues.map((issue) => [String(issue.path[0]), issue.message]));
}

function SettingsForm({ initial }: { initial: FormValues }) {
  const { settings } = useServices();
  const [status, setStatus] = useState<{ kind: 'saved' | 'error'; text: string } | null>(null);
  const form = useForm<FormValues>({ mode: 'controlled', initialValues: initial, validate });

  const onSubmit = form.onSubmit(async (values) => {
    setStatus(null);
    try {
      await settings.save(values);
      form.resetDirty(values);
      setStatus({ kind: 'saved', text: 'Settings saved.' });
    } catch (error) {
      setStatus({ kind: 'error', text: `Settings were not saved: ${(error as Error).message}` });
    }
  });

  return (
    <Paper withBorder p="lg" maw={560} component="form" onSubmit={onSubmit} noValidate aria-label="Practice settings">
      <Stack gap="md">
        <Title order={3}>Practice settings</Title>
        <NumberInput
          label="Auto-lock after inactivity (minutes)"
          description="Waypoint locks itself when nobody has used it for this long."
          min={1}
          max={120}
          allowDecimal={false}
          clampBehavior="none"
          key={form.key('autoLockMinutes')}
          {...form.getInputProps('autoLockMinutes')}
        />
        <NumberInput
          label="Note deadline (business days)"
          description="Unsigned notes older than this are shown as overdue."
          min={1}
          max={30}
          allowDecimal={false}
          clampBehavior="none"
          key={form.key('noteDeadlineBusinessDays')}
          {...form.getInputProps('noteDeadlineBusinessDays')}
        />
        <Select
          label="Default note format"
          data={NOTE_FORMATS.map((format) => ({ value: format, label: format }))}
          allowDeselect={false}
          key={form.key('defaultNoteFormat')}
          {...form.getInputProps('defaultNoteFormat')}
        />
        <Select
          label="Dates and numbers written as"
          description="How dates, times and numbers appear on screen and on paper. Clients choose their own language in the kiosk."
          data={LOCALES.map((locale) => ({ value: locale, label: `${LOCALE_NAMES[locale]}: ${formatDay('2026-11-23', locale, 'long')}` }))}
          allowDeselect={false}
          key={form.key('locale')}
          {...form.getInputProps('locale')}
        />
        <NumberInput
          label="Treatment plan review cadence (days)"
          description="30 days is common for IOP; some payers ask for 90."
          min={7}
          max={365}
          allowDecimal={false}
          clampBehavior="none"
          key={form.key('planReviewCadenceDays')}
          {...form.getInputProps('planReviewCadenceDays')}
        />
        <NumberInput
          label="Backup reminder (days)"
          description="Administrators are reminded to back up when the last backup on their device is this old."
          min={1}
          max={90}
          allowDecimal={false}
          clampBehavior="none"
          key={form.key('backupReminderDays')}
          {...form.getInputProps('backupReminderDays')}
        />
        <NumberInput
          label="Sessions open before their start (minutes)"
          description="Attendance and notes can be recorded from this long before a session starts; earlier, the session is read-only."
          min={0}
          max={240}
          allowDecimal={false}
          clampBehavior="none"
          key={form.key('sessionOpensMinutesBefore')}
          {...form.getInputProps('sessionOpensMinutesBefore')}
        />
        <Select
          label="Signing a session's notes without facilitating it"
          data={[
            { value: 'warn', label: 'Warn, then allow' },
            { value: 'refuse', label: 'Refuse' },
          ]}
          allowDeselect={false}
          key={form.key('nonFacilitatorSigning')}
          {...form.getInputProps('nonFacilitatorSigning')}
        />
        <Group justify="space-between">
          <Text role="status" aria-live="polite" c={status?.kind === 'error' ? 'red' : 'teal'} size="sm">
            {status?.text ?? ''}
          </Text>
          <Button type="submit" disabled={!form.isDirty()}>
            Save settings
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

function formValues({ timeZone: _zone, planLibrary: _library, holidays: _holidays, payers: _payers, ...rest }: PracticeSettings): FormValues {
  return rest;
}

export function SettingsPage() {
  const { settings, vault } = useServices();
  const vaultState = useObservable(vault.state$, vault.state$.value);
  const practiceName = vaultState.status === 'unlocked' ? vaultState.practiceName : '';
  const settings$ = useMemo(() => settings.observe(), [settings]);
  const current = useObservable<PracticeSettings | null>(settings$, null);
  return (
    <Stack gap="md">
      <Title order={2}>Settings</Title>
      {current === null ? <Loader aria-label="Loading settings" /> : <SettingsForm initial={formValues(current)} />}
      <TimeZoneSection />
      <HolidaysSection />
      <PayersSection />
      <StaffSection />
      <PlanLibrarySection />
      <PassphraseSection practiceName={practiceName} />
      <RecoveryCodeSection practiceName={practiceName} />
      <SyncSection />
      <ConflictsSection />
      <TransferSection />
      <BackupSection />
      <AuditTrailSection />
      <UpdateSection />
    </Stack>
  );
}
