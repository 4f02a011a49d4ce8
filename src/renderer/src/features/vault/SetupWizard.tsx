import { useMemo, useState } from 'react';
import { Alert, Button, Checkbox, Group, Loader, Stack, TextInput } from '@mantine/core';
import { normaliseRecoveryCode } from '../../../../shared/crypto';
import { useServices } from '../../app/services';
import { todayIn } from '../../../../shared/practice-time';
import { JoinPracticeForm } from '../sync/JoinPracticeForm';
import { TimeZoneSelect } from '../time-zone/TimeZoneSelect';
import { laptopTimeZone } from '../../time/practice-clock';
import { RestoreForm } from '../backup/RestoreForm';
import { PassphraseFields, passphraseProblems } from './PassphraseFields';
import { RecoverySheet } from './RecoverySheet';
import { VaultScreen } from './VaultScreen';

interface Details {
  demo: boolean;
  practiceName: string;
  adminName: string;
  credentials: string;
  passphrase: string;
  confirm: string;
  timeZone: string;
}

const EMPTY: Omit<Details, 'timeZone'> = { demo: false, practiceName: '', adminName: '', credentials: '', passphrase: '', confirm: '' };

function detailsProblems(details: Details): Record<'practiceName' | 'adminName', string | null> {
  return {
    practiceName: details.practiceName.trim() ? null : 'Enter the practice name',
    adminName: details.adminName.trim() ? null : 'Enter your name',
  };
}

/** First run: the practice, its first administrator and passphrase, then the recovery code. */
export function SetupWizard() {
  const services = useServices();
  const { enrolment, vault, staff, settings, clock } = services;
  const [step, setStep] = useState<'details' | 'recovery' | 'creating' | 'join' | 'restore'>('details');
  const [details, setDetails] = useState<Details>(() => ({ ...EMPTY, timeZone: laptopTimeZone() }));
  const [attempted, setAttempted] = useState(false);
  const [confirmCode, setConfirmCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const recoveryCode = useMemo(() => enrolment.newRecoveryCode(), [enrolment]);
  const set = (field: Exclude<keyof Details, 'demo'>) => (value: string) => setDetails((d) => ({ ...d, [field]: value }));
  const fieldProblems = detailsProblems(details);
  const contextWords = [details.practiceName, details.adminName];

  if (step === 'join') return <JoinPracticeForm onCancel={() => setStep('details')} />;
  if (step === 'restore') return <RestoreForm onCancel={() => setStep('details')} />;

  if (step === 'details') {
    const submit = async (event: React.FormEvent) => {
      event.preventDefault();
      setAttempted(true);
      if (fieldProblems.practiceName || fieldProblems.adminName) return;
      if ((await passphraseProblems(vault, details.passphrase, details.confirm, contextWords)).length > 0) return;
      setStep('recovery');
    };
    return (
      <VaultScreen title="Set up your practice" subtitle="Records stay on this laptop, encrypted. Only people with a passphrase can open them.">
        <form onSubmit={(event) => void submit(event)} noValidate aria-label="Practice set-up">
          <Stack gap="sm">
            <TextInput label="Practice name" required value={details.practiceName} onChange={(e) => set('practiceName')(e.currentTarget.value)} error={attempted && fieldProblems.practiceName} />
            <TextInput label="Your name" description="You will be the first administrator." required value={details.adminName} onChange={(e) => set('adminName')(e.currentTarget.value)} error={attempted && fieldProblems.adminName} />
            <TextInput label="Your credentials" placeholder="e.g. LCSW" value={details.credentials} onChange={(e) => set('credentials')(e.currentTarget.value)} />
            <TimeZoneSelect
              label="Practice time zone"
              description="“Today”, sessions and every date and time follow it, whatever zone a laptop is set to. This laptop’s zone is preselected."
              required
              value={details.timeZone}
              onChange={set('timeZone')}
            />
            <PassphraseFields
              label="Passphrase"
              value={details.passphrase}
              confirm={details.confirm}
              onChange={set('passphrase')}
              onConfirmChange={set('confirm')}
              contextWords={contextWords}
              showErrors={attempted}
            />
            <Checkbox
              label="Try Waypoint with a synthetic demo practice"
              description="Adds made-up clients, groups and a year of sessions, encrypted like real records. For trying and training, not for real clients."
              checked={details.demo}
              onChange={(e) => {
                const demo = e.currentTarget.checked;
                setDetails((d) => ({ ...d, demo }));
              }}
            />
            <Group justify="space-between">
              <Group gap={0}>
                <Button variant="subtle" onClick={() => setStep('join')}>
                  Join a practice that already syncs
                </Button>
                <Button variant="subtle" onClick={() => setStep('restore')}>
                  Restore from a backup
                </Button>
              </Group>
              <Button type="submit">Continue</Button>
            </Group>
          </Stack>
        </form>
      </VaultScreen>
    );
  }

  if (step === 'creating') {
    return (
      <VaultScreen title="Securing your practice" subtitle={details.demo ? 'Creating the practice key, then adding the demo practice…' : 'Creating the practice key and protecting it with your passphrase…'}>
        <Loader aria-label="Creating the practice" />
      </VaultScreen>
    );
  }

  const codeMatches = normaliseRecoveryCode(confirmCode) !== null && normaliseRecoveryCode(confirmCode) === normaliseRecoveryCode(recoveryCode);
  const create = async (event: React.FormEvent) => {
    event.preventDefault();
    if (!codeMatches) {
      setError('The code you typed does not match the recovery code above.');
      return;
    }
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
      setError(`The practice could not be created: ${(failure as Error).message}`);
      setStep('recovery');
    }
  };

  return (
    <VaultScreen title="Your recovery code" subtitle="Shown only now. It opens every record if all passphrases are forgotten." width={560}>
      <form onSubmit={create} noValidate aria-label="Recovery code">
        <Stack gap="sm">
          <RecoverySheet practiceName={details.practiceName} code={recoveryCode} confirm={confirmCode} onConfirmChange={setConfirmCode} />
          {error && (
            <Alert color="red" role="alert">
              {error}
            </Alert>
          )}
          <Group justify="space-between">
            <Button variant="subtle" onClick={() => setStep('details')}>
              Back
            </Button>
            <Button type="submit">Create practice</Button>
          </Group>
        </Stack>
      </form>
    </VaultScreen>
  );
}
