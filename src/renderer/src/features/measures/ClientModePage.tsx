import { useEffect, useRef, useState } from 'react';
import { Alert, Box, Button, Container, Group, List, PasswordInput, Stack, Text, Title } from '@mantine/core';
import { Navigate, useBlocker, useLocation, useNavigate } from 'react-router';
import { WrongPassphraseError } from '../../../../shared/crypto';
import { MEASURES, responseProblems, type MeasureAnswers } from '../../../../shared/measures';
import { useServices } from '../../app/services';
import { usePracticeAutoLock } from '../vault/useAutoLock';
import { UnlockThrottledError } from '../../vault/vault';
import { CLIENT_MODE_PATH, readClientModeState, type ClientModeState } from './client-mode';
import { MeasureItems } from './MeasureItems';
import { chartTabPath } from '../clients/chart/chartPath';

/** The staff member takes the device back with their passphrase; the vault counts wrong attempts as at unlock. */
function StaffReturn({ saved, onReturn }: { saved: boolean; onReturn: () => void }) {
  const { vault } = useServices();
  const profile = vault.currentProfile();
  const [passphrase, setPassphrase] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    if (passphrase === '') {
      setError('Enter your passphrase.');
      return;
    }
    setBusy(true);
    setError(null);
    // Unlocking the profile that is already unlocked is the vault's passphrase check.
    vault.unlock(profile.id, passphrase).then(onReturn, (failure: unknown) => {
      setError(failure instanceof WrongPassphraseError ? 'That passphrase is not correct.' : failure instanceof UnlockThrottledError ? failure.message : `The passphrase could not be checked: ${(failure as Error).message}`);
      setPassphrase('');
      setBusy(false);
    });
  };
  return (
    <form onSubmit={submit} aria-label="Return to Waypoint" noValidate>
      <Stack gap="xs">
        <PasswordInput label={`Passphrase of ${profile.displayName}`} description={saved ? undefined : 'For staff: answers not yet submitted are not saved.'} value={passphrase} onChange={(e) => setPassphrase(e.currentTarget.value)} autoComplete="current-password" />
        {error && (
          <Alert color="red" role="alert">
            {error}
          </Alert>
        )}
        <Group>
          <Button type="submit" variant="default" loading={busy}>
            Return to Waypoint
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function Questionnaire({ handover, onSubmitted }: { handover: ClientModeState; onSubmitted: () => void }) {
  const { measures, clock } = useServices();
  const def = MEASURES[handover.instrumentId];
  const [answers, setAnswers] = useState<MeasureAnswers>({});
  const [problems, setProblems] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const title = useRef<HTMLHeadingElement>(null);
  // The chart may have been scrolled: the client starts at the top, and so does a screen reader.
  useEffect(() => title.current?.focus(), []);
  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    const missing = responseProblems(def, answers);
    setProblems(missing);
    if (missing.length > 0) return;
    setBusy(true);
    const { instrumentId, clientId, episodeId, recordedBy } = handover;
    measures
      .record({ instrumentId, clientId, episodeId, recordedBy, date: clock.today(), answers, enteredBy: 'client' })
      .then(onSubmitted, (failure: unknown) => {
        setProblems([`Your answers could not be saved: ${(failure as Error).message}. Please ask a member of staff.`]);
        setBusy(false);
      });
  };
  return (
    <form onSubmit={submit} aria-label={def.name} noValidate>
      <Stack gap="lg">
        <Title order={1} size="h2" ref={title} tabIndex={-1}>
          {def.name}
        </Title>
        <Text size="lg">{def.instructions}</Text>
        <MeasureItems def={def} answers={answers} onChange={setAnswers} showErrors={problems.length > 0} size="md" />
        {problems.length > 0 && (
          <Alert color="red" role="alert" title="Some questions still need an answer">
            <List size="sm">
              {problems.map((p) => (
                <List.Item key={p}>{p}</List.Item>
              ))}
            </List>
          </Alert>
        )}
        <Group>
          <Button type="submit" size="lg" loading={busy}>
            Submit my answers
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/**
 * A full-window questionnaire for the client, outside the app frame: no navigation, header or other
 * records. Back and in-app navigation are blocked until a staff member enters their passphrase; the
 * practice's auto-lock still applies.
 */
export function ClientModePage() {
  usePracticeAutoLock();
  const location = useLocation();
  const navigate = useNavigate();
  const handover = readClientModeState(location.state);
  const submitted = handover?.submitted === true;
  const released = useRef(false);
  // Blocks back/forward and links out of client mode until the staff passphrase releases it.
  const blocker = useBlocker(({ currentLocation, nextLocation }) => handover !== null && !released.current && nextLocation.pathname !== currentLocation.pathname);
  const [staffReturning, setStaffReturning] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    if (blocker.state === 'blocked') blocker.reset();
  }, [blocker]);
  useEffect(() => {
    if (submitted) heading.current?.focus();
  }, [submitted]);

  if (handover === null) return <Navigate to="/clients" replace />;
  const leave = () => {
    released.current = true;
    void navigate(chartTabPath(handover.clientId, 'measures'), { replace: true });
  };
  return (
    <Box component="main" mih="100vh" py="xl" bg="var(--mantine-color-gray-0)">
      <Container size="md">
        {submitted ? (
          <Stack gap="xl" align="center" ta="center" py="xl">
            <Title order={1} ref={heading} tabIndex={-1}>
              Thank you, please hand the laptop back
            </Title>
            <Text size="lg">Your answers are saved.</Text>
            <Box w="100%" maw={420} ta="left">
              <StaffReturn saved onReturn={leave} />
            </Box>
          </Stack>
        ) : (
          <Stack gap="xl">
            <Questionnaire handover={handover} onSubmitted={() => void navigate(CLIENT_MODE_PATH, { replace: true, state: { ...handover, submitted: true } satisfies ClientModeState })} />
            <Box maw={420}>
              {staffReturning ? (
                <StaffReturn saved={false} onReturn={leave} />
              ) : (
                <Button variant="subtle" color="gray" size="xs" onClick={() => setStaffReturning(true)}>
                  Staff: end client mode
                </Button>
              )}
            </Box>
          </Stack>
        )}
      </Container>
    </Box>
  );
}
