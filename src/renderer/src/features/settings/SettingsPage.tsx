import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { Anchor, Box, Button, Group, Loader, NavLink, NumberInput, Paper, Select, Stack, Text, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { formatDay, LOCALE_NAMES, LOCALES } from '../../../../shared/format';
import { Link, useLocation } from 'react-router';
import { NOTE_FORMATS, practiceSettingsSchema, type PracticeSettings } from '../../../../shared/settings';
import { focusFirstError, zodValidate } from '../../app/forms';
import { Trans } from 'react-i18next';
import { st } from '../../i18n/staff';
import { useServices } from '../../app/services';
import { useObservable } from '../../hooks/useObservable';
import { PassphraseSection } from './PassphraseSection';
import { RecoveryCodeSection } from './RecoveryCodeSection';
import { PracticeKeySection } from '../vault/NewPracticeKey';
import { HolidaysSection } from './HolidaysSection';
import { PayersSection } from './PayersSection';
import { StaffSection } from './StaffSection';
import { UpdateSection } from './UpdateSection';
import { ConflictsSection } from '../sync/ConflictsSection';
import { SyncSection } from '../sync/SyncSection';
import { RetentionSection } from '../retention/RetentionSection';
import { AuditTrailSection } from '../audit/AuditTrailSection';
import { BreachLogSection } from '../part2/BreachLogSection';
import { BackupSection } from '../backup/BackupSection';
import { TransferSection } from '../transfer/TransferSection';
import { PlanLibrarySection } from '../plans/PlanLibrarySection';
import { TimeZoneSection } from '../time-zone/TimeZoneSection';
import { SETTINGS_SECTIONS, type SettingsSectionId } from './sections';
import { errorText } from '../../i18n/shared';

/**
 * The time zone, holidays, the plan library and the payers have their own sections: this form
 * never writes them, so it cannot put back an older value of any.
 */
const formSchema = practiceSettingsSchema.omit({ timeZone: true, planLibrary: true, holidays: true });
type FormValues = Omit<PracticeSettings, 'timeZone' | 'planLibrary' | 'holidays' | 'payers'>;

/** Service codes are edited with the billing export (Reports); archiving in its own section (RetentionSection). */
type Field = Exclude<keyof FormValues, 'serviceCodes' | 'archiveAfterMonths'>;

/** Field errors from the shared schema, so the form and the repository apply the same rules. */
const validate = zodValidate<FormValues>(formSchema);

const number = (label: string, description: string, min: number, max: number) => ({ kind: 'number' as const, label, description, min, max });
const choice = (label: string, data: { value: string; label: string }[], description?: string) => ({ kind: 'select' as const, label, data, description });

/** How each practice setting is edited; each settings section shows some of them. */
const FIELDS: Record<Field, ReturnType<typeof number> | ReturnType<typeof choice>> = {
  autoLockMinutes: number(st('settings.SettingsPage.autoLock'), st('settings.SettingsPage.autoLockExplained'), 1, 120),
  noteDeadlineBusinessDays: number(st('settings.SettingsPage.noteDeadline'), st('settings.SettingsPage.noteDeadlineExplained'), 1, 30),
  defaultNoteFormat: choice(
    st('settings.SettingsPage.defaultNoteFormat'),
    NOTE_FORMATS.map((format) => ({ value: format, label: format })),
  ),
  planReviewCadenceDays: number(st('settings.SettingsPage.planReviewCadence'), st('settings.SettingsPage.planReviewCadenceExplained'), 7, 365),
  backupReminderDays: number(st('settings.SettingsPage.backupReminder'), st('settings.SettingsPage.backupReminderExplained'), 1, 90),
  sessionOpensMinutesBefore: number(st('settings.SettingsPage.sessionsOpen'), st('settings.SettingsPage.sessionsOpenExplained'), 0, 240),
  nonFacilitatorSigning: choice(st('settings.SettingsPage.nonFacilitatorSigning'), [
    { value: 'warn', label: st('settings.SettingsPage.warnThenAllow') },
    { value: 'refuse', label: st('settings.SettingsPage.refuse') },
  ]),
  locale: choice(
    st('settings.SettingsPage.locale'),
    LOCALES.map((locale) => ({ value: locale, label: st('settings.SettingsPage.localeOption', { language: LOCALE_NAMES[locale], example: formatDay('2026-11-23', locale, 'long') }) })),
    st('settings.SettingsPage.localeExplained'),
  ),
};

/** The element id of a setting's input, so a deep link (`/settings#auto-lock`) can focus it. */
const FIELD_IDS: Partial<Record<Field, string>> = { autoLockMinutes: 'auto-lock' };

/** Some of the practice settings, saved together; the rest of the settings are left as they are. */
function SettingsForm({ label, fields, initial }: { label: string; fields: Field[]; initial: FormValues }) {
  const { settings } = useServices();
  const [status, setStatus] = useState<{ kind: 'saved' | 'error'; text: string } | null>(null);
  const form = useForm<FormValues>({ mode: 'controlled', initialValues: initial, validate: (values) => Object.fromEntries(Object.entries(validate(values)).filter(([key]) => fields.includes(key as Field))) });

  const onSubmit = (event: React.FormEvent<HTMLFormElement>) => {
    const submitted = event.currentTarget;
    form.onSubmit(
      async (values) => {
        setStatus(null);
        try {
          const changes = Object.fromEntries(fields.map((field) => [field, values[field]])) as Partial<FormValues>;
          await settings.save(changes);
          form.resetDirty(values);
          setStatus({ kind: 'saved', text: st('settings.SettingsPage.saved') });
        } catch (error) {
          setStatus({ kind: 'error', text: st('settings.SettingsPage.notSaved', { reason: errorText(error) }) });
        }
      },
      () => focusFirstError(submitted),
    )(event);
  };

  return (
    <Paper withBorder p="lg" maw={560} component="form" onSubmit={onSubmit} noValidate aria-label={label}>
      <Stack gap="md">
        {fields.map((field) => {
          const spec = FIELDS[field];
          const common = { id: FIELD_IDS[field], label: spec.label, ...form.getInputProps(field) };
          return spec.kind === 'number' ? (
            <NumberInput {...common} key={form.key(field)} description={spec.description} min={spec.min} max={spec.max} allowDecimal={false} clampBehavior="none" />
          ) : (
            <Select {...common} key={form.key(field)} description={spec.description} data={spec.data} allowDeselect={false} />
          );
        })}
        <Group justify="space-between">
          <Text role="status" aria-live="polite" c={status?.kind === 'error' ? 'red' : 'teal'} size="sm">
            {status?.text ?? ''}
          </Text>
          <Button type="submit" disabled={!form.isDirty()}>
            {st('settings.SettingsPage.save')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

function formValues({ timeZone: _zone, planLibrary: _library, holidays: _holidays, ...rest }: PracticeSettings): FormValues {
  return rest;
}



function SettingsGroup({ id, children }: { id: SettingsSectionId; children: ReactNode }) {
  const label = SETTINGS_SECTIONS.find((s) => s.id === id)!.label;
  return (
    <Stack gap="md" component="section" id={id} aria-labelledby={`${id}-title`} tabIndex={-1} style={{ scrollMarginTop: 64, outline: 'none' }}>
      <Title order={2} size="h3" id={`${id}-title`} c="dimmed">
        {label}
      </Title>
      {children}
    </Stack>
  );
}

/** Follows `/settings#<id>`: scrolls to the section (or setting) and moves focus there. */
function useDeepLink(ready: boolean): string {
  const location = useLocation();
  const target = location.hash.slice(1);
  useEffect(() => {
    if (!ready || target === '') return;
    const element = document.getElementById(target);
    if (element === null) return;
    element.scrollIntoView({ block: 'start' });
    element.focus({ preventScroll: true });
    // A link to one setting selects its value, so typing replaces it.
    if (element instanceof HTMLInputElement) element.select();
  }, [ready, target, location.key]);
  return target;
}

export function SettingsPage() {
  const { settings, vault } = useServices();
  const vaultState = useObservable(vault.state$, vault.state$.value);
  const practiceName = vaultState.status === 'unlocked' ? vaultState.practiceName : '';
  const settings$ = useMemo(() => settings.observe(), [settings]);
  const current = useObservable<PracticeSettings | null>(settings$, null);
  const target = useDeepLink(current !== null);
  if (current === null) return <Loader aria-label={st('settings.SettingsPage.loadingSettings')} />;
  const initial = formValues(current);
  return (
    <Stack gap="md">
      <Title order={2}>{st('settings.SettingsPage.settings')}</Title>
      <Group align="flex-start" wrap="nowrap" gap="lg">
        <Box component="nav" aria-label={st('settings.SettingsPage.settingsSections')} w={200} style={{ position: 'sticky', top: 68, flexShrink: 0 }}>
          {SETTINGS_SECTIONS.map((s) => (
            <NavLink key={s.id} component={Link} to={`/settings#${s.id}`} label={s.label} active={target === s.id} aria-current={target === s.id ? 'location' : undefined} />
          ))}
        </Box>
        <Stack gap="xl" style={{ flex: 1, minWidth: 0 }}>
          <SettingsGroup id="practice">
            <TimeZoneSection />
            <SettingsForm label={st('settings.SettingsPage.datesAndNumbers')} fields={['locale']} initial={initial} />
            <HolidaysSection />
          </SettingsGroup>
          <SettingsGroup id="staff">
            <StaffSection />
          </SettingsGroup>
          <SettingsGroup id="sessions-and-notes">
            <SettingsForm label={st('settings.SettingsPage.sessionAndNoteSettings')} fields={['noteDeadlineBusinessDays', 'defaultNoteFormat', 'sessionOpensMinutesBefore', 'nonFacilitatorSigning']} initial={initial} />
          </SettingsGroup>
          <SettingsGroup id="plans-and-measures">
            <SettingsForm label={st('settings.SettingsPage.treatmentPlanSettings')} fields={['planReviewCadenceDays']} initial={initial} />
            <PlanLibrarySection />
          </SettingsGroup>
          <SettingsGroup id="billing">
            <PayersSection />
            <Text size="sm" maw={560}>
              <Trans t={st} i18nKey="settings.SettingsPage.serviceCodesOnReports" components={{ reports: <Anchor component={Link} to="/reports" /> }} />
            </Text>
          </SettingsGroup>
          <SettingsGroup id="sync-and-devices">
            <SyncSection />
            <ConflictsSection />
            <TransferSection />
            <RetentionSection />
          </SettingsGroup>
          <SettingsGroup id="backup-section">
            <SettingsForm label={st('settings.SettingsPage.backupSettings')} fields={['backupReminderDays']} initial={initial} />
            <BackupSection />
          </SettingsGroup>
          <SettingsGroup id="security">
            <SettingsForm label={st('settings.SettingsPage.securitySettings')} fields={['autoLockMinutes']} initial={initial} />
            <PassphraseSection practiceName={practiceName} />
            <RecoveryCodeSection practiceName={practiceName} />
            <PracticeKeySection />
            <AuditTrailSection />
            <BreachLogSection />
          </SettingsGroup>
          <SettingsGroup id="updates-section">
            <UpdateSection />
          </SettingsGroup>
        </Stack>
      </Group>
    </Stack>
  );
}
