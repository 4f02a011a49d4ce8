import { useMemo, useRef, useState } from 'react';
import { Alert, Button, Checkbox, Fieldset, Group, Loader, MultiSelect, NumberInput, Select, SimpleGrid, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useForm, type FormErrors } from '@mantine/form';
import { firstValueFrom } from 'rxjs';
import { useNavigate } from 'react-router';
import { addDays } from '../../../../shared/calendar';
import { displayName } from '../../../../shared/clients';
import { DEFAULT_GROUP_CAPACITY, groupSchema, MODALITIES, POPULATIONS, programSchema, trackSchema, type Modality, type Population } from '../../../../shared/programs';
import { focusFirstError, zodValidate } from '../../app/forms';
import { useServices } from '../../app/services';
import { useObservable } from '../../hooks/useObservable';
import { usePracticeZone, useToday } from '../../hooks/useToday';
import type { ClientRecord } from '../../repositories/clients';
import type { GroupRecord, ProgramTree } from '../../repositories/programs';
import { staffLabel, type StaffRecord } from '../../repositories/staff';
import { parseSchedule, ScheduleFields, scheduleDraft, scheduleInput, type ScheduleDraft } from './ScheduleEditor';

/** The select value that stands for "create a new one with the name typed below". */
const NEW = 'new';

interface Values {
  programId: string;
  programName: string;
  trackId: string;
  trackName: string;
  population: Population;
  name: string;
  /** null until changed: then the unlocked person is the default. */
  facilitatorIds: string[] | null;
  capacity: number | string;
  modality: Modality;
  location: string;
  goal: string;
  plan: string;
  scheduleNow: boolean;
  schedule: ScheduleDraft;
  weeks: number | string;
  memberIds: string[];
}

/** A choice left empty takes the only one there is, or "new" when there is none. */
function resolved(values: Values, tree: ProgramTree): { programId: string; trackId: string } {
  const only = (ids: string[]) => (ids.length === 1 ? ids[0]! : ids.length === 0 ? NEW : '');
  const programId = values.programId || only(tree.programs.map((p) => p.id));
  const tracks = programId === NEW ? [] : tree.tracks.filter((t) => t.programId === programId).map((t) => t.id);
  const trackId = values.trackId && (values.trackId === NEW || tracks.includes(values.trackId)) ? values.trackId : only(tracks);
  return { programId, trackId };
}

const groupInput = (values: Values, facilitatorIds: string[]) => ({
  name: values.name,
  facilitatorIds,
  capacity: values.capacity === '' ? undefined : Number(values.capacity),
  modality: values.modality,
  location: values.location,
  goal: values.goal,
  plan: values.plan,
});

/** Every message under its own field, all checked before anything is written (the shared schemas' rules). */
function validate(values: Values, tree: ProgramTree, facilitatorIds: string[]): FormErrors {
  const { programId, trackId } = resolved(values, tree);
  const errors: FormErrors = {};
  if (!programId) errors.programId = 'Choose a programme';
  if (programId === NEW) Object.assign(errors, zodValidate(programSchema, { toInput: (v: Values) => ({ name: v.programName }), fields: { name: 'programName' } })(values));
  if (!trackId) errors.trackId = 'Choose a track';
  if (trackId === NEW) Object.assign(errors, zodValidate(trackSchema, { toInput: (v: Values) => ({ name: v.trackName, population: v.population }), fields: { name: 'trackName' } })(values));
  Object.assign(errors, zodValidate(groupSchema, { toInput: (v: Values) => groupInput(v, facilitatorIds) })(values));
  if (values.scheduleNow) {
    for (const [path, message] of Object.entries(zodValidate(scheduleInput.schema, { toInput: (v: Values) => scheduleInput.of(v.schedule) })(values))) errors[`schedule.${path}`] = message;
    const weeks = Number(values.weeks);
    if (!(Number.isInteger(weeks) && weeks >= 1 && weeks <= 26)) errors.weeks = 'Generate between 1 and 26 weeks of sessions';
  }
  if (values.memberIds.length > Number(values.capacity)) errors.memberIds = `${values.memberIds.length} members chosen, over the capacity of ${values.capacity}`;
  return errors;
}

/** What a retry after a failed save continues from, so nothing is created twice. */
interface Made {
  programId?: string;
  trackId?: string;
  group?: GroupRecord;
  members?: boolean;
}

/**
 * One form from nothing to a first session: whatever programme and track are missing, the group,
 * its schedule, its members and its first weeks of sessions; it lands on the first session.
 */
export function NewGroupPage() {
  const { programs, sessions, staff, clients, settings, vault } = useServices();
  const navigate = useNavigate();
  const today = useToday();
  const practice = usePracticeZone();
  const tree = useObservable(useMemo(() => programs.tree$(), [programs]), null as ProgramTree | null);
  const staffList = useObservable(useMemo(() => staff.active$(), [staff]), null as StaffRecord[] | null);
  const clientList = useObservable(useMemo(() => clients.list$(), [clients]), [] as ClientRecord[]);
  const me = vault.currentProfile().id;
  const formElement = useRef<HTMLFormElement>(null);
  const form = useForm<Values>({
    mode: 'controlled',
    initialValues: {
      programId: '',
      programName: '',
      trackId: '',
      trackName: '',
      population: 'adult',
      name: '',
      facilitatorIds: null,
      capacity: DEFAULT_GROUP_CAPACITY,
      modality: 'in-person',
      location: '',
      goal: '',
      plan: '',
      scheduleNow: true,
      schedule: scheduleDraft(null, today, practice.zone),
      weeks: 4,
      memberIds: [],
    },
  });
  const [failed, setFailed] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const made = useRef<Made>({});

  if (tree === null || staffList === null) return <Loader aria-label="Loading programmes" />;
  const values = form.getValues();
  const { programId, trackId } = resolved(values, tree);
  // Whoever sets the group up usually leads it: the unlocked person is the default facilitator.
  const facilitatorIds = values.facilitatorIds ?? (staffList.some((s) => s.id === me) ? [me] : []);
  const programOptions = [...tree.programs.map((p) => ({ value: p.id, label: p.data.name })), { value: NEW, label: 'New programme…' }];
  const trackOptions = [...tree.tracks.filter((t) => t.programId === programId).map((t) => ({ value: t.id, label: t.data.name })), { value: NEW, label: 'New track…' }];
  const candidates = clientList.filter((c) => c.status === 'active' || c.status === 'waitlist').map((c) => ({ value: c.id, label: displayName(c.data) }));
  const firstEmpty = programId === NEW ? 'programName' : trackId === NEW ? 'trackName' : 'name';

  const save = async (event: React.FormEvent) => {
    event.preventDefault();
    const errors = validate(values, tree, facilitatorIds);
    form.setErrors(errors);
    if (Object.keys(errors).length > 0) {
      focusFirstError(formElement.current);
      return;
    }
    const group = groupSchema.parse(groupInput(values, facilitatorIds));
    const schedule = values.scheduleNow ? parseSchedule(values.schedule).data : undefined;
    const weeks = Number(values.weeks);
    setFailed(null);
    setBusy(true);
    try {
      const m = made.current;
      m.programId ??= programId === NEW ? (await programs.createProgram({ name: values.programName })).id : programId;
      m.trackId ??= trackId === NEW ? (await programs.createTrack(m.programId, { name: values.trackName, population: values.population })).id : trackId;
      m.group ??= await programs.createGroup(m.trackId, { ...group, schedule: schedule ?? null });
      const startsOn = schedule?.startsOn ?? today;
      if (values.memberIds.length > 0 && !m.members) {
        await programs.addMembers(m.group.id, values.memberIds, startsOn < today ? today : startsOn);
        m.members = true;
      }
      if (!schedule) {
        void navigate(`/groups/${m.group.id}`);
        return;
      }
      await sessions.generateForGroup(m.group.id, m.group.data, { from: startsOn, to: addDays(startsOn, weeks * 7 - 1) }, (await settings.get()).holidays);
      const first = (await firstValueFrom(sessions.forGroup$(m.group.id))).find((s) => s.status === 'scheduled');
      void navigate(first ? `/sessions/${first.id}` : `/groups/${m.group.id}`);
    } catch (failure) {
      setFailed(`Not everything was saved: ${(failure as Error).message}. What is saved is kept; saving again continues from there.`);
      setBusy(false);
    }
  };

  return (
    <Stack gap="sm">
      <Title order={2}>New group</Title>
      <form onSubmit={(e) => void save(e)} noValidate aria-label="New group" ref={formElement}>
        <Stack gap="sm">
          <SimpleGrid cols={{ base: 1, md: 2 }} spacing="sm">
            <Stack gap="sm">
              <Fieldset legend="Programme and track">
                <Stack gap="xs">
                  <Group grow align="flex-start">
                    <Select label="Programme" required allowDeselect={false} data={programOptions} value={programId || null} error={form.errors.programId} onChange={(v) => form.setValues({ programId: v ?? '', trackId: '' })} />
                    {programId === NEW && <TextInput label="Programme name" placeholder="e.g. Adult IOP" required {...form.getInputProps('programName')} autoFocus={firstEmpty === 'programName'} />}
                  </Group>
                  <Group grow align="flex-start">
                    {programId !== NEW && <Select label="Track" required allowDeselect={false} data={trackOptions} value={trackId || null} error={form.errors.trackId} onChange={(v) => form.setFieldValue('trackId', v ?? '')} />}
                    {trackId === NEW && <TextInput label="Track name" placeholder="e.g. Depression & Anxiety" required {...form.getInputProps('trackName')} autoFocus={firstEmpty === 'trackName'} />}
                    {trackId === NEW && (
                      <Select label="Population" allowDeselect={false} data={Object.entries(POPULATIONS).map(([value, label]) => ({ value, label }))} {...form.getInputProps('population')} />
                    )}
                  </Group>
                </Stack>
              </Fieldset>
              <Fieldset legend="Group">
                <Stack gap="xs">
                  <TextInput label="Group name" placeholder="e.g. Morning process group" required {...form.getInputProps('name')} autoFocus={firstEmpty === 'name'} />
                  <MultiSelect label="Facilitators" required data={staffList.map((s) => ({ value: s.id, label: staffLabel(s) }))} value={facilitatorIds} error={form.errors.facilitatorIds} onChange={(ids) => form.setFieldValue('facilitatorIds', ids)} />
                  <Group grow align="flex-start">
                    <NumberInput label="Capacity" min={1} max={30} {...form.getInputProps('capacity')} />
                    <Select label="Modality" allowDeselect={false} data={Object.entries(MODALITIES).map(([value, label]) => ({ value, label }))} {...form.getInputProps('modality')} />
                    <TextInput label="Location" placeholder="e.g. Room 2" {...form.getInputProps('location')} />
                  </Group>
                  <Textarea
                    label="Group goal"
                    description="A member's note starts its goal from it where the member's treatment plan has no objective."
                    placeholder="e.g. Use CBT skills to reduce anxiety and worry"
                    styles={{ input: { fieldSizing: 'content' } }}
                    {...form.getInputProps('goal')}
                  />
                  <Textarea
                    label="Plan for members' notes"
                    description="Each member's note starts its plan from it; edit it where a member's differs."
                    placeholder="e.g. Continue IOP as scheduled; practise this week's skill daily"
                    styles={{ input: { fieldSizing: 'content' } }}
                    {...form.getInputProps('plan')}
                  />
                </Stack>
              </Fieldset>
            </Stack>
            <Stack gap="sm">
              <Fieldset legend="Schedule">
                <Stack gap="xs">
                  <Checkbox label="Set the schedule and create the first sessions now" {...form.getInputProps('scheduleNow', { type: 'checkbox' })} />
                  {values.scheduleNow && (
                    <>
                      <ScheduleFields form={form} path="schedule" besideDates={<NumberInput label="Sessions for (weeks)" min={1} max={26} {...form.getInputProps('weeks')} />} />
                      <Text size="xs" c="dimmed">
                        Practice holidays (Settings) are skipped.
                      </Text>
                    </>
                  )}
                </Stack>
              </Fieldset>
              <Fieldset legend="Members (optional)">
                <MultiSelect
                  label="Clients"
                  description={values.scheduleNow ? 'They join from the first session.' : 'They join from today.'}
                  searchable
                  data={candidates}
                  {...form.getInputProps('memberIds')}
                  nothingFoundMessage="No active or waitlisted client of that name"
                />
              </Fieldset>
            </Stack>
          </SimpleGrid>
          {failed && (
            // Brought into view: on a small screen the form's end is below the fold.
            <Alert color="red" role="alert" title="The group was not created" ref={(node) => node?.scrollIntoView({ block: 'nearest' })}>
              {failed}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => void navigate('/groups')}>
              Cancel
            </Button>
            <Button type="submit" loading={busy}>
              {values.scheduleNow ? 'Create and open the first session' : 'Create the group'}
            </Button>
          </Group>
          <Text size="xs" c="dimmed" ta="right">
            Programme and track details, exceptions and more sessions can be changed later on the group page.
          </Text>
        </Stack>
      </form>
    </Stack>
  );
}
