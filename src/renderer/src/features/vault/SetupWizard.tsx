import { useMemo, useState } from 'react';
import { Alert, Button, Checkbox, Group, Loader, Stack, TextInput } from '@mantine/core';
import { z } from 'zod';
import { focusFirstError, useSchemaForm } from '../../app/forms';
import { useServices } from '../../app/services';
import { st } from '../../i18n/staff';
import { todayIn } from '../../../../shared/practice-time';
import { JoinPracticeForm } from '../sync/JoinPracticeForm';
import { TimeZoneSelect } from '../time-zone/TimeZoneSelect';
import { laptopTimeZone } from '../../time/practice-clock';
import { RestoreForm } from '../backup/RestoreForm';
import { PassphraseFields, useNewPassphraseForm } from './PassphraseFields';
import { confirmsCode, RecoverySheet } from './RecoverySheet';
import { VaultScreen } from './VaultScreen';
import { errorText } from '../../i18n/shared';

const detailsSchema = z.object({
  practiceName: z.string().trim().min(1, st('vault.SetupWizard.enterThePracticeName')),
  adminName: z.string().trim().min(1, st('vault.SetupWizard.enterYourName')),
});

/** First run: the practice, its first administrator and passphrase, then the recovery code. */
export function SetupWizard() {
  const services = useServices();
  const { enrolment, staff, settings, clock } = services;
  const [step, setStep] = useState<'details' | 'recovery' | 'creating' | 'join' | 'restore'>('details');
  const { form, check, fields } = useNewPassphraseForm(detailsSchema, { demo: false, practiceName: '', adminName: '', credentials: '', passphrase: '', confirm: '', timeZone: laptopTimeZone() });
  const recoveryCode = useMemo(() => enrolment.newRecoveryCode(), [enrolment]);
  const confirmation = useSchemaForm(z.object({ confirm: confirmsCode(recoveryCode) }), { confirm: '' });
  const [error, setError] = useState<string | null>(null);
  const details = form.getValues();
  const contextWords = [details.practiceName, details.adminName];

  if (step === 'join') return <JoinPracticeForm onCancel={() => setStep('details')} />;
  if (step === 'restore') return <RestoreForm onCancel={() => setStep('details')} />;

  if (step === 'details') {
    const submit = async (event: React.FormEvent<HTMLFormElement>) => {
      event.preventDefault();
      if (await check(event.currentTarget, contextWords)) setStep('recovery');
    };
    return (
      <VaultScreen title={st('vault.SetupWizard.setUpYourPractice')} subtitle={st('vault.SetupWizard.setUpSubtitle')}>
        <form onSubmit={(event) => void submit(event)} noValidate aria-label={st('vault.SetupWizard.practiceSetUp')}>
          <Stack gap="sm">
            <TextInput label={st('vault.SetupWizard.practiceName')} required {...form.getInputProps('practiceName')} />
            <TextInput label={st('vault.SetupWizard.yourName')} description={st('vault.SetupWizard.firstAdministrator')} required {...form.getInputProps('adminName')} />
            <TextInput label={st('vault.SetupWizard.yourCredentials')} placeholder={st('vault.SetupWizard.credentialsExample')} {...form.getInputProps('credentials')} />
            <TimeZoneSelect label={st('vault.SetupWizard.practiceTimeZone')} description={st('vault.SetupWizard.practiceTimeZoneExplained')} required value={details.timeZone} onChange={(zone) => form.setFieldValue('timeZone', zone)} />
            <PassphraseFields label={st('vault.SetupWizard.passphrase')} contextWords={contextWords} {...fields} />
            <Checkbox label={st('vault.SetupWizard.tryTheDemo')} description={st('vault.SetupWizard.tryTheDemoExplained')} {...form.getInputProps('demo', { type: 'checkbox' })} />
            <Group justify="space-between">
              <Group gap={0}>
                <Button variant="subtle" onClick={() => setStep('join')}>
                  {st('vault.SetupWizard.joinAPractice')}
                </Button>
                <Button variant="subtle" onClick={() => setStep('restore')}>
                  {st('vault.SetupWizard.restoreFromABackup')}
                </Button>
              </Group>
              <Button type="submit">{st('vault.SetupWizard.continue')}</Button>
            </Group>
          </Stack>
        </form>
      </VaultScreen>
    );
  }

  if (step === 'creating') {
    return (
      <VaultScreen title={st('vault.SetupWizard.securingYourPractice')} subtitle={details.demo ? st('vault.SetupWizard.creatingWithDemo') : st('vault.SetupWizard.creating')}>
        <Loader aria-label={st('vault.SetupWizard.creatingThePractice')} />
      </VaultScreen>
    );
  }

  const create = async () => {
    setError(null);
    setStep('creating');
    try {
      // The demo generator and its ICD-10 table are needed once, only here: their own chunk, fetched
      // before unlocking so that the demo starts being written as soon as the practice exists.
      const demo = details.demo ? await import('../../demo/load-demo') : null;
      clock.expectZone(details.timeZone);
      const admin = await enrolment.createPractice({ practiceName: details.practiceName, adminName: details.adminName, passphrase: details.passphrase, recoveryCode });
      await staff.create(admin.id, 'administrator', { displayName: admin.displayName, credentials: details.credentials.trim(), needsCosignature: false });
      await Promise.all([
        settings.save({ timeZone: details.timeZone }),
        demo?.loadDemoPractice(services, { today: todayIn(details.timeZone, Date.now()), timeZone: details.timeZone }),
      ]);
    } catch (failure) {
      setError(st('vault.SetupWizard.notCreated', { reason: errorText(failure) }));
      setStep('recovery');
    }
  };

  return (
    <VaultScreen title={st('vault.SetupWizard.yourRecoveryCode')} subtitle={st('vault.SetupWizard.recoveryCodeSubtitle')} width={560}>
      <form
        onSubmit={(event) => {
          const element = event.currentTarget;
          confirmation.onSubmit(
            () => void create(),
            () => focusFirstError(element),
          )(event);
        }}
        noValidate
        aria-label={st('vault.SetupWizard.recoveryCode')}
      >
        <Stack gap="sm">
          <RecoverySheet practiceName={details.practiceName} code={recoveryCode} confirmProps={confirmation.getInputProps('confirm')} />
          {error && (
            <Alert color="red" role="alert">
              {error}
            </Alert>
          )}
          <Group justify="space-between">
            <Button variant="subtle" onClick={() => setStep('details')}>
              {st('vault.SetupWizard.back')}
            </Button>
            <Button type="submit">{st('vault.SetupWizard.createPractice')}</Button>
          </Group>
        </Stack>
      </form>
    </VaultScreen>
  );
}
