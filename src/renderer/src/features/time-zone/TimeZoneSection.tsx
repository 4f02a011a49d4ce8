import { useEffect, useRef, useState } from 'react';
import { Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useLocation } from 'react-router';
import { z } from 'zod';
import { timeZoneSchema, utcOffsetLabel } from '../../../../shared/practice-time';
import { focusFirstError, useSchemaForm } from '../../app/forms';
import { useServices } from '../../app/services';
import { useOpenedAt, usePracticeZone } from '../../hooks/useToday';
import { laptopTimeZone } from '../../time/practice-clock';
import { TimeZoneSelect } from './TimeZoneSelect';
import { st } from '../../i18n/staff';
import { errorText } from '../../i18n/shared';

const schema = z.object({ zone: timeZoneSchema });

/** Settings → the practice's time zone: administrators change it, everyone sees it. */
export function TimeZoneSection() {
  const { settings, vault } = useServices();
  const practice = usePracticeZone();
  const admin = vault.currentProfile().role === 'administrator';
  const now = useOpenedAt();
  const form = useSchemaForm(schema, { zone: practice.zone });
  const zone = form.getValues().zone;
  const [status, setStatus] = useState<{ kind: 'saved' | 'error'; text: string } | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const { hash } = useLocation();
  // The banner links here (#time-zone): bring the section into view and put focus on it.
  useEffect(() => {
    if (hash !== '#time-zone') return;
    heading.current?.scrollIntoView({ block: 'start' });
    heading.current?.focus();
  }, [hash]);

  const save = (event: React.FormEvent<HTMLFormElement>) => {
    const element = event.currentTarget;
    setStatus(null);
    form.onSubmit(
      async (values) => {
        try {
          await settings.save({ timeZone: values.zone });
          setStatus({ kind: 'saved', text: st('time-zone.TimeZoneSection.savedZone', { zone: values.zone }) });
        } catch (error) {
          setStatus({ kind: 'error', text: st('time-zone.TimeZoneSection.notSaved', { reason: errorText(error) }) });
        }
      },
      () => focusFirstError(element),
    )(event);
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
            {[
              st('time-zone.TimeZoneSection.todayNewSessionsAndEvery'),
              ...(practice.chosen ? [] : [st('time-zone.TimeZoneSection.noneIsChosenYet', { laptop })]),
              st('time-zone.TimeZoneSection.thisLaptop', { laptop, offset: utcOffsetLabel(laptop, now) }),
            ].join(' ')}
          </Text>
          {admin ? (
            <>
              <TimeZoneSelect
                label={st('time-zone.TimeZoneSection.timeZone')}
                description={st('time-zone.TimeZoneSection.now', { offset: utcOffsetLabel(zone, now) })}
                value={zone}
                onChange={(next) => form.setFieldValue('zone', next)}
                error={form.errors.zone}
              />
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
              {[...(practice.chosen ? [st('time-zone.TimeZoneSection.zoneNow', { zone: practice.zone, offset: utcOffsetLabel(practice.zone, now) })] : []), st('time-zone.TimeZoneSection.onlyAnAdministratorCanChange')].join(' ')}
            </Text>
          )}
        </Stack>
      </form>
    </Paper>
  );
}
