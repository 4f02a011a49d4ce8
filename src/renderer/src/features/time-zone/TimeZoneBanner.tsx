import { useFormat } from '../../i18n/useFormat';
import { useMemo, useState } from 'react';
import { Alert, Anchor, Text } from '@mantine/core';
import { IconClock } from '@tabler/icons-react';
import { Link } from 'react-router';
import { sameClock, utcOffsetLabel } from '../../../../shared/practice-time';
import { useServices } from '../../app/services';
import { useOpenedAt, usePracticeZone, useToday } from '../../hooks/useToday';
import { laptopTimeZone } from '../../time/practice-clock';
import { st } from '../../i18n/staff';

/**
 * Says so when this laptop's clock is in another zone than the practice's (dates and times on
 * screen are the practice's, which the laptop's own clock would contradict), and tells
 * administrators of a practice that has not chosen its zone yet. Dismissed until the next unlock.
 */
export function TimeZoneBanner() {
  const format = useFormat();
  const { vault } = useServices();
  const practice = usePracticeZone();
  const today = useToday();
  const now = useOpenedAt();
  const [dismissed, setDismissed] = useState(false);
  const laptop = laptopTimeZone();
  // Compared over a year of rules: aliases (US/Central) and zones with the same clock raise nothing.
  const differs = useMemo(() => !sameClock(practice.zone, laptop, now), [practice.zone, laptop, now]);
  const admin = vault.currentProfile().role === 'administrator';
  if (dismissed) return null;
  const common = { color: 'blue', icon: <IconClock aria-hidden />, mb: 'md', role: 'region', withCloseButton: true, closeButtonLabel: st('time-zone.TimeZoneBanner.dismiss'), onClose: () => setDismissed(true) } as const;
  if (!practice.chosen) {
    if (!admin) return null;
    return (
      <Alert {...common} title={st('time-zone.TimeZoneBanner.chooseThePracticeSTime')}>
        <Text size="sm">
          {st('time-zone.TimeZoneBanner.datesAndTimesFollowThis', { laptop })}{' '}
          <Anchor component={Link} to="/settings#time-zone" size="sm">
            {st('time-zone.TimeZoneBanner.setThePracticeSTime')}
          </Anchor>
        </Text>
      </Alert>
    );
  }
  if (!differs) return null;
  return (
    <Alert {...common} title={st('time-zone.TimeZoneBanner.thisLaptopIsInAnother')}>
      <Text size="sm">{st('time-zone.TimeZoneBanner.thisLaptopIsSetTo', { laptop, laptopOffset: utcOffsetLabel(laptop, now), zone: practice.zone, zoneOffset: utcOffsetLabel(practice.zone, now), today: format.day(today, 'long') })}</Text>
    </Alert>
  );
}
