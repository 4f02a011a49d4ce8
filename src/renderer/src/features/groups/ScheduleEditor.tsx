import { useState } from 'react';
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

/** Days, times and dates of a group's recurring schedule, in the practice's time zone. */
export function ScheduleEditor({ initial, today, onSave, onCancel }: { initial: WeeklySchedule | null; today: string; onSave: (schedule: WeeklySchedule) => Promise<void>; onCancel: () => void }) {
  const practice = usePracticeZone();
  const [days, setDays] = useState<string[]>((initial?.days ?? [1, 3, 5]).map(String));
  const [start, setStart] = useState(initial?.start ?? '09:00');
  const [end, setEnd] = useState(initial?.end ?? '12:00');
  const [startsOn, setStartsOn] = useState(initial?.startsOn ?? today);
  const [endsOn, setEndsOn] = useState(initial?.endsOn ?? '');
  const [timeZone, setTimeZone] = useState(initial?.timeZone ?? practice.zone);
  const [errors, setErrors] = useState<string[]>([]);
  const save = async (event: React.FormEvent) => {
    event.preventDefault();
    const parsed = weeklyScheduleSchema.safeParse({ timeZone, days: days.map(Number).sort(), start, end, startsOn, ...(endsOn ? { endsOn } : {}) });
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
        <Checkbox.Group label="Meets on" value={days} onChange={setDays}>
          <Group mt={4} gap="md">
            {DAY_LABELS.map(([day, label]) => (
              <Checkbox key={day} value={String(day)} label={label} />
            ))}
          </Group>
        </Checkbox.Group>
        <Group grow align="flex-start">
          <TextInput label="Start time" type="time" value={start} onChange={(e) => setStart(e.currentTarget.value)} />
          <TextInput label="End time" type="time" value={end} onChange={(e) => setEnd(e.currentTarget.value)} />
          <TimeZoneSelect label="Time zone" value={timeZone} onChange={setTimeZone} />
        </Group>
        <Group grow align="flex-start">
          <TextInput label="First session on or after" type="date" value={startsOn} onChange={(e) => setStartsOn(e.currentTarget.value)} />
          <TextInput label="Series ends (optional)" type="date" value={endsOn} onChange={(e) => setEndsOn(e.currentTarget.value)} />
        </Group>
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
