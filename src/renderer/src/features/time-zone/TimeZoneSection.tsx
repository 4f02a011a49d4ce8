import { useEffect, useRef, useState } from 'react';
import { Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useLocation } from 'react-router';
import { utcOffsetLabel } from '../../../../shared/practice-time';
import { useServices } from '../../app/services';
import { useOpenedAt, usePracticeZone } from '../../hooks/useToday';
import { laptopTimeZone } from '../../time/practice-clock';
import { TimeZoneSelect } from './TimeZoneSelect';
import { st } from '../../i18n/staff';

/** Settings → the practice's time zone: administrators change it, everyone sees it. */
export function TimeZoneSection() {
  const { settings, vault } = useServices();
  const practice = usePracticeZone();
  const admin = vault.currentProfile().role === 'administrator';
  const now = useOpenedAt();
  const [zone, setZone] = useState(practice.zone);
  const [status, setStatus] = useState<{ kind: 'saved' | 'error'; text: string } | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const { hash } = useLocation();
  // The banner links here (#time-zone): bring the section into view and put focus on it.
  useEffect(() => {
    if (hash !== '#time-zone') return;
    heading.current?.scrollIntoView({ block: 'start' });
    heading.current?.focus();
  }, [hash]);

  const save = async (event: React.FormEvent) => {
    event.preventDefault();
    setStatus(null);
    try {
      await settings.save({ timeZone: zone });
      setStatus({ kind: 'saved', text: `The practice’s time zone is now ${zone}.` });
    } catch (error) {
      setStatus({ kind: 'error', text: `The time zone was not saved: ${(error as Error).message}` });
    }
  };
  const laptop = laptopTimeZone();

  return (
    <Paper withBorder p="lg" maw={560} component="section" aria-labelledby="time-zone-heading" id="time-zone">
      <form onSubmit={save} noValidate aria-label={st('time-zone.TimeZoneSection.practiceTimeZone')}>
        <Stack gap="sm">
          <Title order={3} id="time-zone-heading" ref={heading} tabIndex={-1}>
            {st('time-zone.TimeZoneSection.practiceTimeZone')}
          </Title>
          <Text size="sm">
            {st('time-zone.TimeZoneSection.todayNewSessionsAndEvery')}
            {practice.chosen ? '' : st('time-zone.TimeZoneSection.noneIsChosenYetThis', { laptop })}{' '}{st('time-zone.TimeZoneSection.thisLaptop')}{' '}{laptop} ({utcOffsetLabel(laptop, now)}).
          </Text>
          {admin ? (
            <>
              <TimeZoneSelect label={st('time-zone.TimeZoneSection.timeZone')} description={st('time-zone.TimeZoneSection.now', { value0: utcOffsetLabel(zone, now) })} value={zone} onChange={setZone} />
              <Group justify="space-between">
                <Text role="status" aria-live="polite" c={status?.kind === 'error' ? 'red' : 'teal'} size="sm">
                  {status?.text ?? ''}
                </Text>
                <Button type="submit" disabled={practice.chosen && zone === practice.zone}>
                  {st('time-zone.TimeZoneSection.saveTimeZone')}
                </Button>
              </Group>
            </>
          ) : (
            <Text size="sm">
              {practice.chosen ? `${practice.zone} (${utcOffsetLabel(practice.zone, now)}).` : ''}{' '}{st('time-zone.TimeZoneSection.onlyAnAdministratorCanChange')}
            </Text>
          )}
        </Stack>
      </form>
    </Paper>
  );
}
