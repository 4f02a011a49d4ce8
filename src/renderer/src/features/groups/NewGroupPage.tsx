import { useMemo, useRef, useState } from 'react';
import { Alert, Button, Checkbox, Fieldset, Group, Loader, MultiSelect, NumberInput, Select, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { firstValueFrom } from 'rxjs';
import { useNavigate } from 'react-router';
import { addDays } from '../../../../shared/calendar';
import { displayName } from '../../../../shared/clients';
import { DEFAULT_GROUP_CAPACITY, groupSchema, MODALITIES, POPULATIONS, programSchema, trackSchema, type Modality, type Population } from '../../../../shared/programs';
import { useServices } from '../../app/services';
import { useObservable } from '../../hooks/useObservable';
import { usePracticeZone, useToday } from '../../hooks/useToday';
import type { ClientRecord } from '../../repositories/clients';
import type { GroupRecord, ProgramTree } from '../../repositories/programs';
import { staffLabel, type StaffRecord } from '../../repositories/staff';
import { parseSchedule, ScheduleFields, scheduleDraft, type ScheduleDraft } from './ScheduleEditor';

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
  const [values, setValues] = useState<Values>(() => ({
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
    scheduleNow: true,
    schedule: scheduleDraft(null, today, practice.zone),
    weeks: 4,
    memberIds: [],
  }));
  const [errors, setErrors] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const made = useRef<Made>({});

  if (tree === null || staffList === null) return <Loader aria-label="Loading programmes" />;
  const set = (change: Partial<Values>) => setValues((v) => ({ ...v, ...change }));
  const { programId, trackId } = resolved(values, tree);
  // Whoever sets the group up usually leads it: the unlocked person is the default facilitator.
  const facilitatorIds = values.facilitatorIds ?? (staffList.some((s) => s.id === me) ? [me] : []);
  const programOptions = [...tree.programs.map((p) => ({ value: p.id, label: p.data.name })), { value: NEW, label: 'New programme…' }];
  const trackOptions = [...tree.tracks.filter((t) => t.programId === programId).map((t) => ({ value: t.id, label: t.data.name })), { value: NEW, label: 'New track…' }];
  const candidates = clientList.filter((c) => c.status === 'active' || c.status === 'waitlist').map((c) => ({ value: c.id, label: displayName(c.data) }));
  const firstEmpty = programId === NEW ? 'programName' : trackId === NEW ? 'trackName' : 'name';

  const save = async (event: React.FormEvent) => {
    event.preventDefault();
    // Everything is checked before anything is written.
    const problems: string[] = [];
    const issue = (result: { success: boolean; error?: { issues: { message: string }[] } }) => result.error && problems.push(...result.error.issues.map((i) => i.message));
    if (!programId) problems.push('Choose a programme');
    if (programId === NEW) issue(programSchema.safeParse({ name: values.programName }));
    if (!trackId) problems.push('Choose a track');
    if (trackId === NEW) issue(trackSchema.safeParse({ name: values.trackName, population: values.population }));
    const schedule = values.scheduleNow ? parseSchedule(values.schedule) : null;
    if (schedule) issue(schedule);
    const group = groupSchema.safeParse({ name: values.name, facilitatorIds, capacity: Number(values.capacity), modality: values.modality, location: values.location, schedule: schedule?.data ?? null });
    issue(group);
    const weeks = Number(values.weeks);
    if (schedule && !(Number.isInteger(weeks) && weeks >= 1 && weeks <= 26)) problems.push('Generate between 1 and 26 weeks of sessions');
    if (values.memberIds.length > Number(values.capacity)) problems.push(`${values.memberIds.length} members chosen, over the capacity of ${values.capacity}`);
    if (problems.length > 0 || !group.success) {
      setErrors([...new Set(problems)]);
      return;
    }
    setErrors([]);
    setBusy(true);
    try {
      const m = made.current;
      m.programId ??= programId === NEW ? (await programs.createProgram({ name: values.programName })).id : programId;
      m.trackId ??= trackId === NEW ? (await programs.createTrack(m.programId, { name: values.trackName, population: values.population })).id : trackId;
      m.group ??= await programs.createGroup(m.trackId, group.data);
      const startsOn = schedule?.data?.startsOn ?? today;
      if (values.memberIds.length > 0 && !m.members) {
        await programs.addMembers(m.group.id, values.memberIds, startsOn < today ? today : startsOn);
        m.members = true;
      }
      if (!schedule?.data) {
        void navigate(`/groups/${m.group.id}`);
        return;
      }
      await sessions.generateForGroup(m.group.id, m.group.data, { from: startsOn, to: addDays(startsOn, weeks * 7 - 1) }, (await settings.get()).holidays);
      const first = (await firstValueFrom(sessions.forGroup$(m.group.id))).find((s) => s.status === 'scheduled');
      void navigate(first ? `/sessions/${first.id}` : `/groups/${m.group.id}`);
    } catch (failure) {
      setErrors([`Not everything was saved: ${(failure as Error).message}. What is saved is kept; saving again continues from there.`]);
      setBusy(false);
    }
  };

  return (
    <Stack gap="sm">
      <Title order={2}>New group</Title>
      <form onSubmit={save} noValidate aria-label="New group">
        <Stack gap="sm">
          <SimpleGrid cols={{ base: 1, md: 2 }} spacing="sm">
            <Stack gap="sm">
              <Fieldset legend="Programme and track">
                <Stack gap="xs">
                  <Group grow align="flex-start">
                    <Select label="Programme" required allowDeselect={false} data={programOptions} value={programId || null} onChange={(v) => set({ programId: v ?? '', trackId: '' })} />
                    {programId === NEW && <TextInput label="Programme name" placeholder="e.g. Adult IOP" required value={values.programName} onChange={(e) => set({ programName: e.currentTarget.value })} autoFocus={firstEmpty === 'programName'} />}
                  </Group>
                  <Group grow align="flex-start">
                    {programId !== NEW && <Select label="Track" required allowDeselect={false} data={trackOptions} value={trackId || null} onChange={(v) => set({ trackId: v ?? '' })} />}
                    {trackId === NEW && <TextInput label="Track name" placeholder="e.g. Depression & Anxiety" required value={values.trackName} onChange={(e) => set({ trackName: e.currentTarget.value })} autoFocus={firstEmpty === 'trackName'} />}
                    {trackId === NEW && (
                      <Select label="Population" allowDeselect={false} data={Object.entries(POPULATIONS).map(([value, label]) => ({ value, label }))} value={values.population} onChange={(v) => v && set({ population: v as Population })} />
                    )}
                  </Group>
                </Stack>
              </Fieldset>
              <Fieldset legend="Group">
                <Stack gap="xs">
                  <TextInput label="Group name" placeholder="e.g. Morning process group" required value={values.name} onChange={(e) => set({ name: e.currentTarget.value })} autoFocus={firstEmpty === 'name'} />
                  <MultiSelect label="Facilitators" required data={staffList.map((s) => ({ value: s.id, label: staffLabel(s) }))} value={facilitatorIds} onChange={(ids) => set({ facilitatorIds: ids })} />
                  <Group grow align="flex-start">
                    <NumberInput label="Capacity" min={1} max={30} value={values.capacity} onChange={(capacity) => set({ capacity })} />
                    <Select label="Modality" allowDeselect={false} data={Object.entries(MODALITIES).map(([value, label]) => ({ value, label }))} value={values.modality} onChange={(v) => v && set({ modality: v as Modality })} />
                    <TextInput label="Location" placeholder="e.g. Room 2" value={values.location} onChange={(e) => set({ location: e.currentTarget.value })} />
                  </Group>
                </Stack>
              </Fieldset>
            </Stack>
            <Stack gap="sm">
              <Fieldset legend="Schedule">
                <Stack gap="xs">
                  <Checkbox label="Set the schedule and create the first sessions now" checked={values.scheduleNow} onChange={(e) => set({ scheduleNow: e.currentTarget.checked })} />
                  {values.scheduleNow && (
                    <>
                      <ScheduleFields
                        value={values.schedule}
                        onChange={(change) => set({ schedule: { ...values.schedule, ...change } })}
                        besideDates={<NumberInput label="Sessions for (weeks)" min={1} max={26} value={values.weeks} onChange={(weeks) => set({ weeks })} />}
                      />
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
                  value={values.memberIds}
                  onChange={(memberIds) => set({ memberIds })}
                  nothingFoundMessage="No active or waitlisted client of that name"
                />
              </Fieldset>
            </Stack>
          </SimpleGrid>
          {errors.length > 0 && (
            // Brought into view: on a small screen the form's end is below the fold.
            <Alert color="red" role="alert" title="The group was not created" ref={(node) => node?.scrollIntoView({ block: 'nearest' })}>
              {errors.join(' ')}
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
