import { useEffect, useState } from 'react';
import { Alert, Badge, Button, Card, Group, NativeSelect, Radio, Select, SimpleGrid, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import {
  drugScreenSchema,
  expectedMedicationSchema,
  MEDICATIONS,
  medicationsOn,
  SCREEN_RESULTS,
  screenFlags,
  sobrietyConfirmationSchema,
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
import { useSchemaForm } from '../../app/forms';
import { ModalForm } from '../../app/ModalForm';
import { useServices } from '../../app/services';
import { st } from '../../i18n/staff';
import type { StaffRecord } from '../../repositories/staff';
import type { ScreenRecord, SubstanceUseState } from '../../repositories/substance-use';
import { RecordTable, type Column } from './RecordTable';
import { labelOptions, sharedText } from '../../i18n/shared';

const SUBSTANCE_IDS = Object.keys(SUBSTANCES) as Substance[];

interface ScreenValues extends Record<string, unknown> {
  collectedOn: string;
  specimen: Specimen;
  testing: keyof typeof TESTING;
  results: Partial<Record<Substance, ScreenResult>>;
  notes: string;
}

function ScreenForm({ clientId, episodeId, today, onClose }: { clientId: string; episodeId: string | null; today: string; onClose: () => void }) {
  const { substanceUse } = useServices();
  const form = useSchemaForm<ScreenValues>(drugScreenSchema, { collectedOn: today, specimen: 'urine', testing: 'point-of-care', results: {}, notes: '' }, { toInput: (v) => ({ clientId, ...v }) });
  const { results } = form.getValues();
  const resultsError = form.errors['results'];
  return (
    <ModalForm title={st('part2.DrugScreensSection.recordAScreen')} submitLabel={st('part2.DrugScreensSection.saveTheScreen')} onClose={onClose} form={form} onSubmit={() => substanceUse.recordScreen({ clientId, ...form.getValues() }, episodeId)}>
      <Group grow align="flex-start">
        <TextInput label={st('part2.DrugScreensSection.collectedOn')} type="date" required {...form.getInputProps('collectedOn')} />
        <Select label={st('part2.DrugScreensSection.specimen')} allowDeselect={false} data={labelOptions(SPECIMENS)} {...form.getInputProps('specimen')} />
      </Group>
      <Radio.Group label={st('part2.DrugScreensSection.testing')} {...form.getInputProps('testing')}>
        <Group gap="md" mt={4}>
          {labelOptions(TESTING).map(({ value, label }) => (
            <Radio key={value} value={value} label={label} />
          ))}
        </Group>
      </Radio.Group>
      <fieldset style={{ border: 0, padding: 0, margin: 0 }} aria-describedby={resultsError === undefined ? undefined : 'screen-results-error'}>
        <legend style={{ fontSize: 'var(--mantine-font-size-sm)', fontWeight: 500, padding: 0 }}>{st('part2.DrugScreensSection.results')}</legend>
        <SimpleGrid cols={3} spacing="xs">
          {SUBSTANCE_IDS.map((substance) => (
            <NativeSelect
              key={substance}
              label={sharedText(SUBSTANCES[substance])}
              size="xs"
              data={labelOptions(SCREEN_RESULTS)}
              value={results[substance] ?? 'not-tested'}
              // The first result stands for them all: a screen with none tested is marked where it is fixed.
              aria-invalid={resultsError !== undefined && substance === SUBSTANCE_IDS[0]}
              onChange={(e) => {
                form.setFieldValue('results', { ...results, [substance]: e.currentTarget.value as ScreenResult });
                form.clearFieldError('results');
              }}
            />
          ))}
        </SimpleGrid>
        {resultsError !== undefined && (
          <Text size="sm" c="red.9" mt={4} id="screen-results-error">
            {resultsError}
          </Text>
        )}
      </fieldset>
      <Textarea label={st('part2.DrugScreensSection.notes')} autosize minRows={1} {...form.getInputProps('notes')} />
    </ModalForm>
  );
}

function MedicationForm({ clientId, today, onClose }: { clientId: string; today: string; onClose: () => void }) {
  const { substanceUse } = useServices();
  const form = useSchemaForm(expectedMedicationSchema, { medication: 'buprenorphine', startedOn: today, note: '' });
  return (
    <ModalForm
      title={st('part2.DrugScreensSection.addAMedicationTitle')}
      size="md"
      submitLabel={st('part2.DrugScreensSection.addTheMedication')}
      onClose={onClose}
      form={form}
      onSubmit={() => substanceUse.addMedication(clientId, form.getValues())}
    >
      <Select label={st('part2.DrugScreensSection.medication')} allowDeselect={false} data={Object.entries(MEDICATIONS).map(([value, m]) => ({ value, label: sharedText(m.label) }))} {...form.getInputProps('medication')} />
      <TextInput label={st('part2.DrugScreensSection.takenSince')} type="date" required {...form.getInputProps('startedOn')} />
      <TextInput label={st('part2.DrugScreensSection.medicationNote')} {...form.getInputProps('note')} />
    </ModalForm>
  );
}

/** The only way the sobriety date changes: a clinician, with credentials, confirms it and says why. */
function SobrietyForm({ clientId, today, onClose }: { clientId: string; today: string; onClose: () => void }) {
  const { substanceUse, staff, vault, clock } = useServices();
  // Undefined while loading, null when this profile has no staff record on this device.
  const [me, setMe] = useState<StaffRecord | null | undefined>(undefined);
  useEffect(() => {
    let live = true;
    void staff.get(vault.currentProfile().id).then((record) => live && setMe(record));
    return () => {
      live = false;
    };
  }, [staff, vault]);
  const confirmation = (v: { sobrietyDate: string; reason: string }) => ({
    clientId,
    ...v,
    confirmedBy: { staffId: me?.id ?? '', name: me?.data.displayName ?? '', credentials: me?.data.credentials ?? '' },
    confirmedAt: instantIn(clock.zone, Date.now()),
  });
  // Who confirms is not a field: a message about it shows under the form's heading line.
  const form = useSchemaForm(sobrietyConfirmationSchema, { sobrietyDate: today, reason: '' }, { toInput: confirmation, fields: { 'confirmedBy.staffId': 'confirmedBy', 'confirmedBy.name': 'confirmedBy', 'confirmedBy.credentials': 'confirmedBy' } });
  const confirmedByError = me === null ? st('part2.DrugScreensSection.noStaffRecord') : form.errors['confirmedBy'];
  return (
    <ModalForm title={st('part2.DrugScreensSection.confirmTheSobrietyDate')} size="md" submitLabel={st('part2.DrugScreensSection.confirm')} onClose={onClose} form={form} onSubmit={() => substanceUse.confirmSobriety(confirmation(form.getValues()))}>
      {confirmedByError !== undefined && (
        // Focusable, so that a failed save takes the focus here like to any other invalid field.
        <Text size="sm" c="red.9" tabIndex={-1} aria-invalid role="alert">
          {confirmedByError}
        </Text>
      )}
      <TextInput label={st('part2.DrugScreensSection.sobrietyDate')} type="date" required {...form.getInputProps('sobrietyDate')} />
      <Textarea label={st('part2.DrugScreensSection.why')} required autosize minRows={2} {...form.getInputProps('reason')} />
    </ModalForm>
  );
}

const positives = (screen: ScreenRecord) =>
  SUBSTANCE_IDS.filter((s) => screen.data.results[s] === 'positive')
    .map((s) => sharedText(SUBSTANCES[s]))
    .join(', ') || st('part2.DrugScreensSection.none');

function screenColumns(expected: SubstanceUseState['expected'], review: ReadonlySet<string>): Column<ScreenRecord>[] {
  return [
    { header: st('part2.DrugScreensSection.collected'), cell: (s) => s.data.collectedOn },
    { header: st('part2.DrugScreensSection.specimen'), cell: (s) => st('part2.DrugScreensSection.specimenAndTesting', { specimen: sharedText(SPECIMENS[s.data.specimen]), testing: sharedText(TESTING[s.data.testing]).toLowerCase() }) },
    { header: st('part2.DrugScreensSection.positiveFor'), cell: positives },
    {
      header: st('part2.DrugScreensSection.flags'),
      cell: (screen) => {
        const flags = screenFlags(screen.data, expected);
        return flags.length === 0 ? (
          <Badge color="teal" variant="light">
            {st('part2.DrugScreensSection.asExpected')}
          </Badge>
        ) : (
          <Stack gap={2}>
            {flags.map((flag) => (
              <Text key={flag.kind === 'expected-absent' ? flag.medication : flag.substance} size="sm" c="red.9" fw={500}>
                {st('part2.DrugScreensSection.unexpected', { flag: sharedText(flag.message.key, flag.message.values) })}
              </Text>
            ))}
            {review.has(screen.id) && (
              <Text size="xs" c="red.9">
                {st('part2.DrugScreensSection.afterSobriety')}
              </Text>
            )}
          </Stack>
        );
      },
    },
  ];
}

const TREND: readonly Column<ReturnType<typeof screenTrend>[number]>[] = [
  { header: st('part2.DrugScreensSection.substance'), cell: (series) => sharedText(series.label) },
  {
    header: st('part2.DrugScreensSection.resultsOldestFirst'),
    cell: (series) => (
      <Group gap={4}>
        {series.points.map((p) => (
          <Badge key={p.screenId} size="sm" color={p.result === 'positive' ? 'red' : 'gray'} variant="light" title={st('part2.DrugScreensSection.point', { date: p.on, result: sharedText(SCREEN_RESULTS[p.result]) })}>
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
          {st('part2.DrugScreensSection.heading')}
        </Title>
        <Group gap="xs">
          <Button size="compact-sm" variant="default" onClick={() => setForm('medication')}>
            {st('part2.DrugScreensSection.addExpectedMedication')}
          </Button>
          <Button size="compact-sm" variant="light" onClick={() => setForm('screen')}>
            {st('part2.DrugScreensSection.recordAScreenButton')}
          </Button>
        </Group>
      </Group>
      <Stack gap={4} mb="xs">
        <Text size="sm">
          {current.length === 0
            ? st('part2.DrugScreensSection.noExpectedMedications')
            : st('part2.DrugScreensSection.expectedMedications', { medications: current.map((m) => st('part2.DrugScreensSection.medicationSince', { medication: sharedText(MEDICATIONS[m.medication]!.label), date: m.startedOn })).join('; ') })}
        </Text>
        <Group gap="xs">
          <Text size="sm">
            {sobriety
              ? st('part2.DrugScreensSection.sobrietyConfirmed', { date: sobriety.sobrietyDate, name: sobriety.confirmedBy.name, credentials: sobriety.confirmedBy.credentials })
              : st('part2.DrugScreensSection.sobrietyNotConfirmed')}
          </Text>
          <Button size="compact-xs" variant="subtle" onClick={() => setForm('sobriety')}>
            {st('part2.DrugScreensSection.confirmTheSobrietyDate')}
          </Button>
        </Group>
      </Stack>
      <RecordTable label={st('part2.DrugScreensSection.screens')} columns={screenColumns(expected, review)} rows={[...screens].reverse()} rowKey={(s) => s.id} empty={st('part2.DrugScreensSection.noScreens')} />
      <RecordTable label={st('part2.DrugScreensSection.trend')} columns={TREND} rows={trend} rowKey={(t) => t.substance} mt="sm" verticalSpacing={1} />
      {screens.some((s) => screenFlags(s.data, expected).length > 0) && (
        <Alert color="orange" mt="sm" role="note">
          {st('part2.DrugScreensSection.flagsAskAQuestion')}
        </Alert>
      )}
      {form === 'screen' && <ScreenForm clientId={clientId} episodeId={episodeId} today={today} onClose={() => setForm(null)} />}
      {form === 'medication' && <MedicationForm clientId={clientId} today={today} onClose={() => setForm(null)} />}
      {form === 'sobriety' && <SobrietyForm clientId={clientId} today={today} onClose={() => setForm(null)} />}
    </Card>
  );
}
