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
import { st } from '../../i18n/staff';
import { usePracticeZone, useToday } from '../../hooks/useToday';
import type { ClientRecord } from '../../repositories/clients';
import type { GroupRecord, ProgramTree } from '../../repositories/programs';
import { staffLabel, type StaffRecord } from '../../repositories/staff';
import { parseSchedule, ScheduleFields, scheduleDraft, scheduleInput, type ScheduleDraft } from './ScheduleEditor';
import { parseOrThrow } from '../../../../shared/messages';
import { errorText, labelOptions } from '../../i18n/shared';

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
  if (!programId) errors.programId = st('groups.NewGroupPage.chooseProgramme');
  if (programId === NEW) Object.assign(errors, zodValidate(programSchema, { toInput: (v: Values) => ({ name: v.programName }), fields: { name: 'programName' } })(values));
  if (!trackId) errors.trackId = st('groups.NewGroupPage.chooseTrack');
  if (trackId === NEW) Object.assign(errors, zodValidate(trackSchema, { toInput: (v: Values) => ({ name: v.trackName, population: v.population }), fields: { name: 'trackName' } })(values));
  Object.assign(errors, zodValidate(groupSchema, { toInput: (v: Values) => groupInput(v, facilitatorIds) })(values));
  if (values.scheduleNow) {
    for (const [path, message] of Object.entries(zodValidate(scheduleInput.schema, { toInput: (v: Values) => scheduleInput.of(v.schedule) })(values))) errors[`schedule.${path}`] = message;
    const weeks = Number(values.weeks);
    if (!(Number.isInteger(weeks) && weeks >= 1 && weeks <= 26)) errors.weeks = st('groups.NewGroupPage.weeksRange');
  }
  if (values.memberIds.length > Number(values.capacity)) errors.memberIds = st('groups.NewGroupPage.overCapacity', { members: values.memberIds.length, capacity: values.capacity });
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

  if (tree === null || staffList === null) return <Loader aria-label={st('groups.NewGroupPage.loading')} />;
  const values = form.getValues();
  const { programId, trackId } = resolved(values, tree);
  // Whoever sets the group up usually leads it: the unlocked person is the default facilitator.
  const facilitatorIds = values.facilitatorIds ?? (staffList.some((s) => s.id === me) ? [me] : []);
  const programOptions = [...tree.programs.map((p) => ({ value: p.id, label: p.data.name })), { value: NEW, label: st('groups.NewGroupPage.newProgramme') }];
  const trackOptions = [...tree.tracks.filter((t) => t.programId === programId).map((t) => ({ value: t.id, label: t.data.name })), { value: NEW, label: st('groups.NewGroupPage.newTrack') }];
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
    const group = parseOrThrow(groupSchema, groupInput(values, facilitatorIds));
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
      setFailed(st('groups.NewGroupPage.notEverythingSaved', { message: errorText(failure) }));
      setBusy(false);
    }
  };

  return (
    <Stack gap="sm">
      <Title order={2}>{st('groups.NewGroupPage.heading')}</Title>
      <form onSubmit={(e) => void save(e)} noValidate aria-label={st('groups.NewGroupPage.heading')} ref={formElement}>
        <Stack gap="sm">
          <SimpleGrid cols={{ base: 1, md: 2 }} spacing="sm">
            <Stack gap="sm">
              <Fieldset legend={st('groups.NewGroupPage.programmeAndTrack')}>
                <Stack gap="xs">
                  <Group grow align="flex-start">
                    <Select label={st('groups.NewGroupPage.programme')} required allowDeselect={false} data={programOptions} value={programId || null} error={form.errors.programId} onChange={(v) => form.setValues({ programId: v ?? '', trackId: '' })} />
                    {programId === NEW && <TextInput label={st('groups.NewGroupPage.programmeName')} placeholder={st('groups.NewGroupPage.programmeExample')} required {...form.getInputProps('programName')} autoFocus={firstEmpty === 'programName'} />}
                  </Group>
                  <Group grow align="flex-start">
                    {programId !== NEW && <Select label={st('groups.NewGroupPage.track')} required allowDeselect={false} data={trackOptions} value={trackId || null} error={form.errors.trackId} onChange={(v) => form.setFieldValue('trackId', v ?? '')} />}
                    {trackId === NEW && <TextInput label={st('groups.NewGroupPage.trackName')} placeholder={st('groups.NewGroupPage.trackExample')} required {...form.getInputProps('trackName')} autoFocus={firstEmpty === 'trackName'} />}
                    {trackId === NEW && (
                      <Select label={st('groups.NewGroupPage.population')} allowDeselect={false} data={labelOptions(POPULATIONS)} {...form.getInputProps('population')} />
                    )}
                  </Group>
                </Stack>
              </Fieldset>
              <Fieldset legend={st('groups.NewGroupPage.group')}>
                <Stack gap="xs">
                  <TextInput label={st('groups.NewGroupPage.groupName')} placeholder={st('groups.NewGroupPage.groupExample')} required {...form.getInputProps('name')} autoFocus={firstEmpty === 'name'} />
                  <MultiSelect label={st('groups.NewGroupPage.facilitators')} required data={staffList.map((s) => ({ value: s.id, label: staffLabel(s) }))} value={facilitatorIds} error={form.errors.facilitatorIds} onChange={(ids) => form.setFieldValue('facilitatorIds', ids)} />
                  <Group grow align="flex-start">
                    <NumberInput label={st('groups.NewGroupPage.capacity')} min={1} max={30} {...form.getInputProps('capacity')} />
                    <Select label={st('groups.NewGroupPage.modality')} allowDeselect={false} data={labelOptions(MODALITIES)} {...form.getInputProps('modality')} />
                    <TextInput label={st('groups.NewGroupPage.location')} placeholder={st('groups.NewGroupPage.locationExample')} {...form.getInputProps('location')} />
                  </Group>
                  <Textarea
                    label={st('groups.NewGroupPage.goal')}
                    description={st('groups.NewGroupPage.goalHelp')}
                    placeholder={st('groups.NewGroupPage.goalExample')}
                    styles={{ input: { fieldSizing: 'content' } }}
                    {...form.getInputProps('goal')}
                  />
                  <Textarea
                    label={st('groups.NewGroupPage.plan')}
                    description={st('groups.NewGroupPage.planHelp')}
                    placeholder={st('groups.NewGroupPage.planExample')}
                    styles={{ input: { fieldSizing: 'content' } }}
                    {...form.getInputProps('plan')}
                  />
                </Stack>
              </Fieldset>
            </Stack>
            <Stack gap="sm">
              <Fieldset legend={st('groups.NewGroupPage.schedule')}>
                <Stack gap="xs">
                  <Checkbox label={st('groups.NewGroupPage.scheduleNow')} {...form.getInputProps('scheduleNow', { type: 'checkbox' })} />
                  {values.scheduleNow && (
                    <>
                      <ScheduleFields form={form} path="schedule" besideDates={<NumberInput label={st('groups.NewGroupPage.weeks')} min={1} max={26} {...form.getInputProps('weeks')} />} />
                      <Text size="xs" c="dimmed">
                        {st('groups.NewGroupPage.holidaysSkipped')}
                      </Text>
                    </>
                  )}
                </Stack>
              </Fieldset>
              <Fieldset legend={st('groups.NewGroupPage.members')}>
                <MultiSelect
                  label={st('groups.NewGroupPage.clients')}
                  description={values.scheduleNow ? st('groups.NewGroupPage.joinFromFirst') : st('groups.NewGroupPage.joinFromToday')}
                  searchable
                  data={candidates}
                  {...form.getInputProps('memberIds')}
                  nothingFoundMessage={st('groups.NewGroupPage.noClientFound')}
                />
              </Fieldset>
            </Stack>
          </SimpleGrid>
          {failed && (
            // Brought into view: on a small screen the form's end is below the fold.
            <Alert color="red" role="alert" title={st('groups.NewGroupPage.notCreated')} ref={(node) => node?.scrollIntoView({ block: 'nearest' })}>
              {failed}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => void navigate('/groups')}>
              {st('groups.NewGroupPage.cancel')}
            </Button>
            <Button type="submit" loading={busy}>
              {values.scheduleNow ? st('groups.NewGroupPage.createAndOpen') : st('groups.NewGroupPage.create')}
            </Button>
          </Group>
          <Text size="xs" c="dimmed" ta="right">
            {st('groups.NewGroupPage.changeLater')}
          </Text>
        </Stack>
      </form>
    </Stack>
  );
}
