import { useState } from 'react';
import { Checkbox, Stack, Text } from '@mantine/core';
import { MEASURE_IDS, MEASURES, SUGGESTED_SCHEDULES, type MeasureId, type MeasureSchedule } from '../../../../shared/measures';
import { ModalForm } from '../../app/ModalForm';
import { useServices } from '../../app/services';
import { describeSchedule } from './labels';
import { st } from '../../i18n/staff';
import { useFormat } from '../../i18n/useFormat';

interface Props {
  clientId: string;
  episodeId: string;
  today: string;
  current: readonly MeasureSchedule[];
  onClose: () => void;
}

/** Chooses which instruments the episode gives, each on the suggested IOP schedule (a schedule already set is kept as it is). */
export function ScheduleDialog({ clientId, episodeId, today, current, onClose }: Props) {
  const { measures } = useServices();
  const format = useFormat();
  const [chosen, setChosen] = useState<MeasureId[]>(current.map((s) => s.instrumentId));
  const scheduleOf = (id: MeasureId) => current.find((s) => s.instrumentId === id) ?? SUGGESTED_SCHEDULES[id];
  const save = () => measures.setSchedules({ clientId, episodeId, date: today }, MEASURE_IDS.filter((id) => chosen.includes(id)).map(scheduleOf));
  return (
    <ModalForm title={st('measures.ScheduleDialog.measureSchedule')} submitLabel={st('measures.ScheduleDialog.saveTheSchedule')} size="md" onClose={onClose} onSubmit={save}>
      <Text size="sm">{st('measures.ScheduleDialog.whichMeasuresThisEpisodeGives')}</Text>
      <Checkbox.Group label={st('measures.ScheduleDialog.instruments')} value={chosen} onChange={(ids) => setChosen(ids as MeasureId[])}>
        <Stack gap="sm" mt="xs">
          {MEASURE_IDS.map((id) => (
            <Checkbox key={id} value={id} label={MEASURES[id].shortName} description={describeSchedule(scheduleOf(id), format)} />
          ))}
        </Stack>
      </Checkbox.Group>
    </ModalForm>
  );
}
