import { useRef, useState, type ReactNode } from 'react';
import { Alert, Button, Checkbox, Group, Stack, TextInput } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { focusFirstError, useSchemaForm } from '../../app/forms';
import { st } from '../../i18n/staff';
import { WEEKDAYS, weeklyScheduleSchema, type WeeklySchedule } from '../../../../shared/schedule';
import { useFormat } from '../../i18n/useFormat';
import { usePracticeZone } from '../../hooks/useToday';
import { TimeZoneSelect } from '../time-zone/TimeZoneSelect';
import { errorText } from '../../i18n/shared';
import { parseOrThrow } from '../../../../shared/messages';

/** A schedule as typed: checkbox values and input strings. */
export type ScheduleDraft = {
  days: string[];
  start: string;
  end: string;
  startsOn: string;
  endsOn: string;
  timeZone: string;
};

/** `zone`: the practice's, for a new schedule. */
export function scheduleDraft(initial: WeeklySchedule | null, today: string, zone: string): ScheduleDraft {
  return {
    days: (initial?.days ?? [1, 3, 5]).map(String),
    start: initial?.start ?? '09:00',
    end: initial?.end ?? '12:00',
    startsOn: initial?.startsOn ?? today,
    endsOn: initial?.endsOn ?? '',
    timeZone: initial?.timeZone ?? zone,
  };
}

/** The schedule schema's input from a draft (days as numbers, no empty end date). */
function inputOf(draft: ScheduleDraft) {
  const { days, endsOn, ...rest } = draft;
  return { ...rest, days: days.map(Number).sort(), ...(endsOn ? { endsOn } : {}) };
}

/** For forms validating a draft: the schema and the input it checks. */
export const scheduleInput = { schema: weeklyScheduleSchema, of: inputOf };

export function parseSchedule(draft: ScheduleDraft) {
  return weeklyScheduleSchema.safeParse(inputOf(draft));
}

/** A form holding a schedule draft at `path` ('' for the whole form). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any form whose values hold a draft at `path`
type ScheduleForm = UseFormReturnType<any>;

/** Days, times, zone and dates of a recurring schedule: the fields alone, each with its message, for any form. */
export function ScheduleFields({ form, path = '', besideDates }: { form: ScheduleForm; path?: string; besideDates?: ReactNode }) {
  const at = (key: keyof ScheduleDraft) => (path ? `${path}.${key}` : key);
  const zone = form.getInputProps(at('timeZone'));
  const format = useFormat();
  return (
    <>
      <Checkbox.Group label={st('groups.ScheduleEditor.meetsOn')} {...form.getInputProps(at('days'))}>
        <Group mt={4} gap="md">
          {WEEKDAYS.map((day) => (
            <Checkbox key={day} value={String(day)} label={format.weekday(day)} />
          ))}
        </Group>
      </Checkbox.Group>
      <Group grow align="flex-start">
        <TextInput label={st('groups.ScheduleEditor.startTime')} type="time" {...form.getInputProps(at('start'))} />
        <TextInput label={st('groups.ScheduleEditor.endTime')} type="time" {...form.getInputProps(at('end'))} />
        <TimeZoneSelect label={st('groups.ScheduleEditor.timeZone')} value={zone.value as string} onChange={zone.onChange as (zone: string) => void} error={zone.error as ReactNode} />
      </Group>
      <Group grow align="flex-start">
        <TextInput label={st('groups.ScheduleEditor.firstSession')} type="date" {...form.getInputProps(at('startsOn'))} />
        <TextInput label={st('groups.ScheduleEditor.seriesEnds')} type="date" {...form.getInputProps(at('endsOn'))} />
        {besideDates}
      </Group>
    </>
  );
}

/** Days, times and dates of a group's recurring schedule, in the practice's time zone. */
export function ScheduleEditor({ initial, today, onSave, onCancel }: { initial: WeeklySchedule | null; today: string; onSave: (schedule: WeeklySchedule) => Promise<void>; onCancel: () => void }) {
  const practice = usePracticeZone();
  const element = useRef<HTMLFormElement>(null);
  const form = useSchemaForm<ScheduleDraft>(weeklyScheduleSchema, scheduleDraft(initial, today, practice.zone), { toInput: inputOf });
  const [failed, setFailed] = useState<string | null>(null);
  const save = async (event: React.FormEvent) => {
    event.preventDefault();
    if (form.validate().hasErrors) {
      focusFirstError(element.current);
      return;
    }
    setFailed(null);
    try {
      await onSave(parseOrThrow(weeklyScheduleSchema, inputOf(form.getValues())));
    } catch (failure) {
      setFailed(errorText(failure));
    }
  };
  return (
    <form onSubmit={(e) => void save(e)} noValidate aria-label={st('groups.ScheduleEditor.schedule')} ref={element}>
      <Stack gap="sm">
        <ScheduleFields form={form} />
        {failed && (
          <Alert color="red" role="alert">
            {failed}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            {st('groups.ScheduleEditor.cancel')}
          </Button>
          <Button type="submit">{st('groups.ScheduleEditor.save')}</Button>
        </Group>
      </Stack>
    </form>
  );
}
