import { useState } from 'react';
import { Alert, Badge, Button, Card, Group, NativeSelect, Radio, Select, SimpleGrid, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import {
  MEDICATIONS,
  medicationsOn,
  SCREEN_RESULTS,
  screenFlags,
  screenTrend,
  sobrietyReviewSuggested,
  SPECIMENS,
  SUBSTANCES,
  TESTING,
  type ScreenResult,
  type Specimen,
  type Substance,
} from '../../../../shared/drug-screens';
import { instantIn } from '../../../../shared/practice-time';
import { ModalForm } from '../../app/ModalForm';
import { useServices } from '../../app/services';
import type { ScreenRecord, SubstanceUseState } from '../../repositories/substance-use';
import { RecordTable, type Column } from './RecordTable';

const SUBSTANCE_IDS = Object.keys(SUBSTANCES) as Substance[];

function ScreenForm({ clientId, episodeId, today, onClose }: { clientId: string; episodeId: string | null; today: string; onClose: () => void }) {
  const { substanceUse } = useServices();
  const [collectedOn, setCollectedOn] = useState(today);
  const [specimen, setSpecimen] = useState<Specimen>('urine');
  const [testing, setTesting] = useState<keyof typeof TESTING>('point-of-care');
  const [results, setResults] = useState<Partial<Record<Substance, ScreenResult>>>({});
  const [notes, setNotes] = useState('');
  return (
    <ModalForm title="Record a drug screen" submitLabel="Save the screen" onClose={onClose} onSubmit={() => substanceUse.recordScreen({ clientId, collectedOn, specimen, testing, results, notes }, episodeId)}>
      <Group grow align="flex-end">
        <TextInput label="Collected on" type="date" required value={collectedOn} onChange={(e) => setCollectedOn(e.currentTarget.value)} />
        <Select label="Specimen" allowDeselect={false} data={Object.entries(SPECIMENS).map(([value, label]) => ({ value, label }))} value={specimen} onChange={(s) => s && setSpecimen(s as Specimen)} />
      </Group>
      <Radio.Group label="Testing" value={testing} onChange={(t) => setTesting(t as keyof typeof TESTING)}>
        <Group gap="md" mt={4}>
          {Object.entries(TESTING).map(([value, label]) => (
            <Radio key={value} value={value} label={label} />
          ))}
        </Group>
      </Radio.Group>
      <SimpleGrid cols={3} spacing="xs">
        {SUBSTANCE_IDS.map((substance) => (
          <NativeSelect
            key={substance}
            label={SUBSTANCES[substance]}
            size="xs"
            data={Object.entries(SCREEN_RESULTS).map(([value, label]) => ({ value, label }))}
            value={results[substance] ?? 'not-tested'}
            onChange={(e) => setResults({ ...results, [substance]: e.currentTarget.value as ScreenResult })}
          />
        ))}
      </SimpleGrid>
      <Textarea label="Notes" autosize minRows={1} value={notes} onChange={(e) => setNotes(e.currentTarget.value)} />
    </ModalForm>
  );
}

function MedicationForm({ clientId, today, onClose }: { clientId: string; today: string; onClose: () => void }) {
  const { substanceUse } = useServices();
  const [medication, setMedication] = useState('buprenorphine');
  const [startedOn, setStartedOn] = useState(today);
  const [note, setNote] = useState('');
  return (
    <ModalForm title="Add an expected medication" size="md" submitLabel="Add the medication" onClose={onClose} onSubmit={() => substanceUse.addMedication(clientId, { medication, startedOn, note })}>
      <Select label="Medication" allowDeselect={false} data={Object.entries(MEDICATIONS).map(([value, m]) => ({ value, label: m.label }))} value={medication} onChange={(m) => m && setMedication(m)} />
      <TextInput label="Taken since" type="date" required value={startedOn} onChange={(e) => setStartedOn(e.currentTarget.value)} />
      <TextInput label="Note (prescriber, dose)" value={note} onChange={(e) => setNote(e.currentTarget.value)} />
    </ModalForm>
  );
}

/** The only way the sobriety date changes: a clinician, with credentials, confirms it and says why. */
function SobrietyForm({ clientId, today, onClose }: { clientId: string; today: string; onClose: () => void }) {
  const { substanceUse, staff, vault, clock } = useServices();
  const [sobrietyDate, setSobrietyDate] = useState(today);
  const [reason, setReason] = useState('');
  const confirm = async () => {
    const me = await staff.get(vault.currentProfile().id);
    if (me === null) throw new Error('Your staff record is not on this device');
    await substanceUse.confirmSobriety({
      clientId,
      sobrietyDate,
      reason,
      confirmedBy: { staffId: me.id, name: me.data.displayName, credentials: me.data.credentials },
      confirmedAt: instantIn(clock.zone, Date.now()),
    });
  };
  return (
    <ModalForm title="Confirm the sobriety date" size="md" submitLabel="Confirm" onClose={onClose} onSubmit={confirm}>
      <TextInput label="Sobriety date" type="date" required value={sobrietyDate} onChange={(e) => setSobrietyDate(e.currentTarget.value)} />
      <Textarea label="Why it is set or changed" required autosize minRows={2} value={reason} onChange={(e) => setReason(e.currentTarget.value)} />
    </ModalForm>
  );
}

const positives = (screen: ScreenRecord) =>
  SUBSTANCE_IDS.filter((s) => screen.data.results[s] === 'positive')
    .map((s) => SUBSTANCES[s])
    .join(', ') || 'None';

function screenColumns(expected: SubstanceUseState['expected'], review: ReadonlySet<string>): Column<ScreenRecord>[] {
  return [
    { header: 'Collected', cell: (s) => s.data.collectedOn },
    { header: 'Specimen', cell: (s) => `${SPECIMENS[s.data.specimen]}, ${TESTING[s.data.testing].toLowerCase()}` },
    { header: 'Positive for', cell: positives },
    {
      header: 'Flags',
      cell: (screen) => {
        const flags = screenFlags(screen.data, expected);
        return flags.length === 0 ? (
          <Badge color="teal" variant="light">
            As expected
          </Badge>
        ) : (
          <Stack gap={2}>
            {flags.map((flag) => (
              <Text key={flag.message} size="sm" c="red.9" fw={500}>
                Unexpected: {flag.message}
              </Text>
            ))}
            {review.has(screen.id) && (
              <Text size="xs" c="red.9">
                After the sobriety date: review it with the client.
              </Text>
            )}
          </Stack>
        );
      },
    },
  ];
}

const TREND: readonly Column<ReturnType<typeof screenTrend>[number]>[] = [
  { header: 'Substance', cell: (series) => series.label },
  {
    header: 'Results, oldest first',
    cell: (series) => (
      <Group gap={4}>
        {series.points.map((p) => (
          <Badge key={p.screenId} size="sm" color={p.result === 'positive' ? 'red' : 'gray'} variant="light" title={`${p.on}: ${SCREEN_RESULTS[p.result]}`}>
            {p.on.slice(5)} {p.result === 'positive' ? '+' : '−'}
          </Badge>
        ))}
      </Group>
    ),
  },
];

/**
 * Drug screens and medications for addiction treatment on the chart: results per specimen, the
 * medications expected, each screen's flags (a question for the clinician, never a decision), and
 * a trend per substance. The sobriety date shows as last confirmed by a clinician.
 */
export function DrugScreensSection({ clientId, episodeId, state, today }: { clientId: string; episodeId: string | null; state: SubstanceUseState; today: string }) {
  const [form, setForm] = useState<'screen' | 'medication' | 'sobriety' | null>(null);
  const { screens, expected, sobriety } = state;
  const review = new Set(sobrietyReviewSuggested(screens.map((s) => ({ id: s.id, screen: s.data })), expected, sobriety));
  const trend = screenTrend(screens.map((s) => ({ id: s.id, screen: s.data })), clientId);
  const current = medicationsOn(expected, today);
  return (
    <Card withBorder component="section" aria-labelledby="screens-heading">
      <Group justify="space-between" mb="xs">
        <Title order={3} size="h4" id="screens-heading">
          Drug screens and medications
        </Title>
        <Group gap="xs">
          <Button size="compact-sm" variant="default" onClick={() => setForm('medication')}>
            Add expected medication
          </Button>
          <Button size="compact-sm" variant="light" onClick={() => setForm('screen')}>
            Record a drug screen
          </Button>
        </Group>
      </Group>
      <Stack gap={4} mb="xs">
        <Text size="sm">
          Expected medications: {current.length === 0 ? 'none' : current.map((m) => `${MEDICATIONS[m.medication]!.label} (since ${m.startedOn})`).join('; ')}
        </Text>
        <Group gap="xs">
          <Text size="sm">Sobriety date: {sobriety ? `${sobriety.sobrietyDate}, confirmed by ${sobriety.confirmedBy.name}, ${sobriety.confirmedBy.credentials}` : 'not confirmed by a clinician'}</Text>
          <Button size="compact-xs" variant="subtle" onClick={() => setForm('sobriety')}>
            Confirm the sobriety date
          </Button>
        </Group>
      </Stack>
      <RecordTable label="Drug screens" columns={screenColumns(expected, review)} rows={[...screens].reverse()} rowKey={(s) => s.id} empty="No drug screens recorded." />
      <RecordTable label="Drug screen trend" columns={TREND} rows={trend} rowKey={(t) => t.substance} mt="sm" verticalSpacing={1} />
      {screens.some((s) => screenFlags(s.data, expected).length > 0) && (
        <Alert color="orange" mt="sm" role="note">
          Flags ask a question: talk it through with the client before drawing conclusions. The sobriety date changes only when a clinician confirms it.
        </Alert>
      )}
      {form === 'screen' && <ScreenForm clientId={clientId} episodeId={episodeId} today={today} onClose={() => setForm(null)} />}
      {form === 'medication' && <MedicationForm clientId={clientId} today={today} onClose={() => setForm(null)} />}
      {form === 'sobriety' && <SobrietyForm clientId={clientId} today={today} onClose={() => setForm(null)} />}
    </Card>
  );
}
