import { useEffect, useRef, useState } from 'react';
import { Alert, Box, Button, Container, Group, List, PasswordInput, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Navigate, useBlocker, useLocation, useNavigate } from 'react-router';
import { chartTabPath } from '../clients/chart/chartPath';
import { WrongPassphraseError } from '../../../../shared/crypto';
import { DEFAULT_LOCALE, LOCALES, type Locale } from '../../../../shared/format';
import { MEASURES, measureIn, skippedItemIds, type MeasureAnswers, type MeasureId } from '../../../../shared/measures';
import { useServices } from '../../app/services';
import { usePracticeAutoLock } from '../vault/useAutoLock';
import { UnlockThrottledError } from '../../vault/errors';
import { KIOSK_PATH, kioskFinished, kioskGuard, readKioskState, useArmedKiosk, type KioskState } from './kiosk';
import { MeasureItems } from './MeasureItems';
import { errorText } from '../../i18n/shared';

/** Editing keys a staff member may need in the passphrase field (paste from a password manager). */
const EDITING = new Set(['a', 'c', 'v', 'x', 'z']);

/**
 * While the kiosk runs, keyboard shortcuts do nothing: no browser or app shortcut (back, reload,
 * print, the command palette), no function key, no Escape, no context menu. Typing, Tab, arrows,
 * Space and Enter still work, so the questionnaire stays usable from a keyboard.
 */
function useLockdown(): void {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const inField = event.target instanceof HTMLInputElement;
      const shortcut = (event.ctrlKey || event.metaKey || event.altKey) && !(inField && (event.ctrlKey || event.metaKey) && EDITING.has(event.key.toLowerCase()));
      if (shortcut || /^F\d+$/.test(event.key) || event.key === 'Escape' || event.key.startsWith('Browser')) {
        event.preventDefault();
        event.stopImmediatePropagation();
      }
    };
    const onMenu = (event: Event) => event.preventDefault();
    window.addEventListener('keydown', onKey, { capture: true });
    window.addEventListener('contextmenu', onMenu, { capture: true });
    return () => {
      window.removeEventListener('keydown', onKey, { capture: true });
      window.removeEventListener('contextmenu', onMenu, { capture: true });
    };
  }, []);
}

/** A staff member takes the device back with their passphrase; the vault counts wrong attempts as at unlock. Staff-facing: the practice's language. */
function StaffReturn({ saved, onReturn }: { saved: boolean; onReturn: () => void }) {
  const { vault } = useServices();
  const { t } = useTranslation(undefined, { lng: DEFAULT_LOCALE });
  const profile = vault.currentProfile();
  const [passphrase, setPassphrase] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    if (passphrase === '') {
      setError(t('kiosk.staffEnter'));
      return;
    }
    setBusy(true);
    setError(null);
    // Unlocking the profile that is already unlocked is the vault's passphrase check.
    vault.unlock(profile.id, passphrase).then(onReturn, (failure: unknown) => {
      setError(failure instanceof WrongPassphraseError ? t('kiosk.staffWrong') : failure instanceof UnlockThrottledError ? failure.message : t('kiosk.staffFailed', { reason: errorText(failure) }));
      setPassphrase('');
      setBusy(false);
    });
  };
  return (
    <form onSubmit={submit} aria-label={t('kiosk.staffForm')} noValidate lang={DEFAULT_LOCALE}>
      <Stack gap="xs">
        <PasswordInput
          label={t('kiosk.staffPassphrase', { name: profile.displayName })}
          description={saved ? undefined : t('kiosk.staffUnsaved')}
          value={passphrase}
          onChange={(e) => setPassphrase(e.currentTarget.value)}
          autoComplete="current-password"
        />
        {error && (
          <Alert color="red" role="alert">
            {error}
          </Alert>
        )}
        <Group>
          <Button type="submit" variant="default" loading={busy}>
            {t('kiosk.staffForm')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** The first screen: each language named in itself, as large buttons. */
function LanguageChoice({ onChoose }: { onChoose: (language: Locale) => void }) {
  const { t } = useTranslation();
  const title = useRef<HTMLHeadingElement>(null);
  useEffect(() => title.current?.focus(), []);
  return (
    <Stack gap="xl" align="center" ta="center" py="xl">
      <Title order={1} ref={title} tabIndex={-1}>
        {LOCALES.map((locale) => (
          <span key={locale} lang={locale} style={{ display: 'block' }}>
            {t('kiosk.languageTitle', { lng: locale })}
          </span>
        ))}
      </Title>
      <SimpleGrid cols={{ base: 1, sm: LOCALES.length }} spacing="lg" w="100%" maw={640}>
        {LOCALES.map((locale) => (
          <Button key={locale} lang={locale} size="xl" h={96} fz={28} onClick={() => onChoose(locale)}>
            {t('kiosk.languageName', { lng: locale })}
          </Button>
        ))}
      </SimpleGrid>
    </Stack>
  );
}

function Questionnaire({ kiosk, instrumentId, language, onSaved }: { kiosk: KioskState; instrumentId: MeasureId; language: Locale; onSaved: () => void }) {
  const { measures, clock } = useServices();
  const { t } = useTranslation(undefined, { lng: language });
  // The authorised translation, or the English form with a notice saying so.
  const translated = measureIn(MEASURES[instrumentId], language);
  const def = translated?.def ?? MEASURES[instrumentId];
  const [answers, setAnswers] = useState<MeasureAnswers>(() => kioskGuard.draft(instrumentId));
  const answer = (next: MeasureAnswers) => {
    setAnswers(next);
    kioskGuard.keepDraft(instrumentId, next);
  };
  const [missing, setMissing] = useState<number[] | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const title = useRef<HTMLHeadingElement>(null);
  // Each questionnaire starts at the top, for the eye and for a screen reader.
  useEffect(() => {
    window.scrollTo(0, 0);
    title.current?.focus();
  }, []);
  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    const skipped = skippedItemIds(def, answers);
    const unanswered = def.items.filter((item) => item.required && !skipped.has(item.id) && answers[item.id] === undefined).map((item) => item.number);
    setMissing(unanswered);
    if (unanswered.length > 0) return;
    setBusy(true);
    setFailure(null);
    const { clientId, episodeId, recordedBy } = kiosk;
    // Saved now, before the next questionnaire: an alert (PHQ-9 item 9) reaches the clinician's open alerts and syncs at once.
    measures.record({ instrumentId, clientId, episodeId, recordedBy, date: clock.today(), answers, enteredBy: 'client' }).then(onSaved, (error: unknown) => {
      setFailure(t('kiosk.saveFailed', { reason: errorText(error) }));
      setBusy(false);
    });
  };
  const formLanguage = translated ? language : 'en-US';
  const current = kiosk.instrumentIds.indexOf(instrumentId) + 1;
  return (
    <form onSubmit={submit} aria-label={def.name} noValidate>
      <Stack gap="lg">
        {kiosk.instrumentIds.length > 1 && (
          <Text size="lg" c="dimmed">
            {t('kiosk.progress', { current, total: kiosk.instrumentIds.length })}
          </Text>
        )}
        <Title order={1} size="h2" ref={title} tabIndex={-1} lang={formLanguage}>
          {def.name}
        </Title>
        {!translated && (
          <Alert color="blue" variant="light" title={t('kiosk.englishOnlyTitle')}>
            <Text size="lg">{t('kiosk.englishOnlyBody')}</Text>
          </Alert>
        )}
        <Text size="xl" lang={formLanguage}>
          {def.instructions}
        </Text>
        <Box lang={formLanguage}>
          <MeasureItems def={def} answers={answers} onChange={answer} showErrors={missing !== null && missing.length > 0} size="lg" touch locale={language} />
        </Box>
        {missing !== null && missing.length > 0 && (
          <Alert color="red" role="alert" title={t('kiosk.missingTitle')}>
            <List size="md">
              {missing.map((number) => (
                <List.Item key={number}>{t('kiosk.missingItem', { number })}</List.Item>
              ))}
            </List>
          </Alert>
        )}
        {failure && (
          <Alert color="red" role="alert">
            {failure}
          </Alert>
        )}
        <Group>
          <Button type="submit" size="xl" loading={busy}>
            {t('kiosk.submit')}
          </Button>
        </Group>
        <Text size="xs" c="dimmed">
          {t('kiosk.source', { citation: translated?.source?.citation ?? def.source.citation })}
        </Text>
      </Stack>
    </form>
  );
}

/**
 * The measures kiosk, outside the app frame: the client chooses a language and answers the measures
 * the clinician chose, one after another, and nothing else can be reached (docs/I18N.md: Kiosk).
 * Finishing leaves a locked thank-you screen; only a staff passphrase returns to the app.
 */
export function KioskPage() {
  usePracticeAutoLock();
  useLockdown();
  const location = useLocation();
  const navigate = useNavigate();
  // The guard holds the latest state; history state (an older entry, after back) is read only to
  // resume after a reload, when the guard is empty.
  const armed = useArmedKiosk();
  const fromHistory = readKioskState(location.state);
  const kiosk = armed ?? fromHistory;
  const released = useRef(false);
  // Back/forward (to any entry, even an earlier kiosk one) and links out are refused until the staff passphrase releases the kiosk.
  const blocker = useBlocker(({ currentLocation, nextLocation, historyAction }) => !released.current && (historyAction === 'POP' || nextLocation.pathname !== currentLocation.pathname));
  const [staffReturning, setStaffReturning] = useState(false);
  const { t } = useTranslation(undefined, { lng: kiosk?.language ?? DEFAULT_LOCALE });
  const heading = useRef<HTMLHeadingElement>(null);
  const finished = kiosk !== null && kioskFinished(kiosk);

  useEffect(() => {
    if (blocker.state === 'blocked') blocker.reset();
  }, [blocker]);
  // A kiosk resumed after a reload and unlock is guarded again.
  useEffect(() => {
    if (armed === null && fromHistory && !released.current) kioskGuard.arm(fromHistory);
  }, [armed, fromHistory]);
  useEffect(() => {
    if (finished) heading.current?.focus();
  }, [finished]);

  if (kiosk === null) return <Navigate to="/clients" replace />;
  const update = (next: KioskState) => {
    kioskGuard.arm(next);
    // Also in history, so a reload resumes where the client was.
    void navigate(KIOSK_PATH, { replace: true, state: next });
  };
  const leave = () => {
    released.current = true;
    kioskGuard.release();
    void navigate(chartTabPath(kiosk.clientId, 'measures'), { replace: true });
  };
  const next = kiosk.instrumentIds.find((id) => !kiosk.done.includes(id));
  return (
    <Box component="main" mih="100vh" py="xl" bg="var(--mantine-color-gray-0)" lang={kiosk.language ?? DEFAULT_LOCALE}>
      <Container size="md">
        {kiosk.language === undefined ? (
          <LanguageChoice onChoose={(language) => update({ ...kiosk, language })} />
        ) : next === undefined ? (
          <Stack gap="xl" align="center" ta="center" py="xl">
            <Title order={1} ref={heading} tabIndex={-1}>
              {t('kiosk.thanksTitle')}
            </Title>
            <Text size="xl">{t('kiosk.thanksBody')}</Text>
            <Box w="100%" maw={420} ta="left">
              <StaffReturn saved onReturn={leave} />
            </Box>
          </Stack>
        ) : (
          <Questionnaire key={next} kiosk={kiosk} instrumentId={next} language={kiosk.language} onSaved={() => update({ ...kiosk, done: [...kiosk.done, next] })} />
        )}
        {!finished && (
          <Box maw={420} mt="xl">
            {staffReturning ? (
              <StaffReturn saved={false} onReturn={leave} />
            ) : (
              <Button variant="subtle" color="gray" size="xs" onClick={() => setStaffReturning(true)} lang={DEFAULT_LOCALE}>
                {t('kiosk.staffEnd', { lng: DEFAULT_LOCALE })}
              </Button>
            )}
          </Box>
        )}
      </Container>
    </Box>
  );
}
