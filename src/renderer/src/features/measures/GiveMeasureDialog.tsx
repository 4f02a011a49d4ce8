import { useState } from 'react';
import { Button, Group, Select, Text, TextInput } from '@mantine/core';
import { IconDeviceLaptop } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { MEASURES, responseProblems, type MeasureAnswers, type MeasureId } from '../../../../shared/measures';
import { ModalForm } from '../../app/ModalForm';
import { useServices } from '../../app/services';
import { KIOSK_PATH, type KioskState } from './kiosk';
import { INSTRUMENT_OPTIONS } from './labels';
import { LiveScore, MeasureItems } from './MeasureItems';
import { st } from '../../i18n/staff';

interface Props {
  clientId: string;
  episodeId: string;
  today: string;
  /** Preselected, e.g. from a due measure. */
  instrumentId: MeasureId | null;
  onClose: () => void;
}

/** The clinician enters a client's answers, or hands the device to the client to answer alone. */
export function GiveMeasureDialog({ clientId, episodeId, today, instrumentId: initial, onClose }: Props) {
  const { measures, vault } = useServices();
  const navigate = useNavigate();
  const { t } = useTranslation();
  const [instrumentId, setInstrumentId] = useState<MeasureId | null>(initial);
  const [date, setDate] = useState(today);
  const [answers, setAnswers] = useState<MeasureAnswers>({});
  const [showErrors, setShowErrors] = useState(false);
  const def = instrumentId ? MEASURES[instrumentId] : null;

  const save = async () => {
    if (!def) throw new Error(st('measures.GiveMeasureDialog.chooseAnInstrument'));
    const unanswered = responseProblems(def, answers).length;
    if (unanswered > 0) {
      setShowErrors(true);
      throw new Error(unanswered === 1 ? st('measures.GiveMeasureDialog.oneUnanswered') : st('measures.GiveMeasureDialog.unanswered', { unanswered }));
    }
    await measures.record({ instrumentId: def.id, clientId, episodeId, date, answers, enteredBy: 'clinician', recordedBy: vault.currentProfile().id });
  };

  return (
    <ModalForm title={st('measures.GiveMeasureDialog.giveAMeasure')} submitLabel={st('measures.GiveMeasureDialog.saveTheMeasure')} onClose={onClose} onSubmit={save}>
      <Group align="flex-end" grow>
        <Select
          label={st('measures.GiveMeasureDialog.instrument')}
          required
          allowDeselect={false}
          data={INSTRUMENT_OPTIONS}
          value={instrumentId}
          onChange={(id) => {
            setInstrumentId(id as MeasureId);
            setAnswers({});
            setShowErrors(false);
          }}
        />
        <TextInput label={st('measures.GiveMeasureDialog.dateGiven')} type="date" required max={today} value={date} onChange={(e) => setDate(e.currentTarget.value)} />
      </Group>
      {def && (
        <>
          <Group justify="space-between" wrap="nowrap" gap="sm">
            <Text size="sm">
              <b>{def.instructions}</b>
            </Text>
            <Button
              variant="light"
              leftSection={<IconDeviceLaptop size={16} aria-hidden />}
              style={{ flexShrink: 0 }}
              onClick={() => void navigate(KIOSK_PATH, { state: { clientId, episodeId, instrumentIds: [def.id], recordedBy: vault.currentProfile().id, done: [] } satisfies KioskState })}
            >
              {t('kiosk.handOver')}
            </Button>
          </Group>
          <MeasureItems def={def} answers={answers} onChange={setAnswers} showErrors={showErrors} />
          <Text size="xs" c="dimmed">
            {def.source.citation}
          </Text>
          <LiveScore def={def} answers={answers} />
        </>
      )}
    </ModalForm>
  );
}
