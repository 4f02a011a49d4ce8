import { useState, type ReactNode } from 'react';
import { Alert, Button, Checkbox, Group, Stack, TextInput } from '@mantine/core';
import { weeklyScheduleSchema, type WeeklySchedule, type Weekday } from '../../../../shared/schedule';
import { usePracticeZone } from '../../hooks/useToday';
import { TimeZoneSelect } from '../time-zone/TimeZoneSelect';

const DAY_LABELS: [Weekday, string][] = [
  [1, 'Mon'],
  [2, 'Tue'],
  [3, 'Wed'],
  [4, 'Thu'],
  [5, 'Fri'],
  [6, 'Sat'],
  [7, 'Sun'],
];

/** A schedule as typed: checkbox values and input strings. */
export interface ScheduleDraft {
  days: string[];
  start: string;
  end: string;
  startsOn: string;
  endsOn: string;
  timeZone: string;
}

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

export function parseSchedule(draft: ScheduleDraft) {
  const { days, endsOn, ...rest } = draft;
  return weeklyScheduleSchema.safeParse({ ...rest, days: days.map(Number).sort(), ...(endsOn ? { endsOn } : {}) });
}

/** Days, times, zone and dates of a recurring schedule: the fields alone, for any form. */
export function ScheduleFields({ value, onChange, besideDates }: { value: ScheduleDraft; onChange: (change: Partial<ScheduleDraft>) => void; besideDates?: ReactNode }) {
  return (
    <>
      <Checkbox.Group label="Meets on" value={value.days} onChange={(days) => onChange({ days })}>
        <Group mt={4} gap="md">
          {DAY_LABELS.map(([day, label]) => (
            <Checkbox key={day} value={String(day)} label={label} />
          ))}
        </Group>
      </Checkbox.Group>
      <Group grow align="flex-start">
        <TextInput label="Start time" type="time" value={value.start} onChange={(e) => onChange({ start: e.currentTarget.value })} />
        <TextInput label="End time" type="time" value={value.end} onChange={(e) => onChange({ end: e.currentTarget.value })} />
        <TimeZoneSelect label="Time zone" value={value.timeZone} onChange={(timeZone) => onChange({ timeZone })} />
      </Group>
      <Group grow align="flex-start">
        <TextInput label="First session on or after" type="date" value={value.startsOn} onChange={(e) => onChange({ startsOn: e.currentTarget.value })} />
        <TextInput label="Series ends (optional)" type="date" value={value.endsOn} onChange={(e) => onChange({ endsOn: e.currentTarget.value })} />
        {besideDates}
      </Group>
    </>
  );
}

/** Days, times and dates of a group's recurring schedule, in the practice's time zone. */
export function ScheduleEditor({ initial, today, onSave, onCancel }: { initial: WeeklySchedule | null; today: string; onSave: (schedule: WeeklySchedule) => Promise<void>; onCancel: () => void }) {
  const practice = usePracticeZone();
  const [draft, setDraft] = useState(() => scheduleDraft(initial, today, practice.zone));
  const [errors, setErrors] = useState<string[]>([]);
  const save = async (event: React.FormEvent) => {
    event.preventDefault();
    const parsed = parseSchedule(draft);
    if (!parsed.success) {
      setErrors(parsed.error.issues.map((i) => i.message));
      return;
    }
    setErrors([]);
    try {
      await onSave(parsed.data);
    } catch (failure) {
      setErrors([(failure as Error).message]);
    }
  };
  return (
    <form onSubmit={save} noValidate aria-label="Schedule">
      <Stack gap="sm">
        <ScheduleFields value={draft} onChange={(change) => setDraft((d) => ({ ...d, ...change }))} />
        {errors.length > 0 && (
          <Alert color="red" role="alert">
            {errors.join(' ')}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
          <Button type="submit">Save schedule</Button>
        </Group>
      </Stack>
    </form>
  );
}
