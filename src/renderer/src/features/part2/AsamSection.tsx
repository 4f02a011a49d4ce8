import { useMemo, useState } from 'react';
import { Badge, Button, Card, Group, Select, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import {
  ASAM_DIMENSIONS,
  asamAssessmentSchema,
  asamRatingsSchema,
  DEFAULT_PLACEMENT_RULES,
  levelHistory,
  recommendLevel,
  RISK_RATINGS,
  startReassessment,
  type AsamDimension,
  type AsamRatings,
  type AssessmentInput,
} from '../../../../shared/asam';
import { LEVELS_OF_CARE } from '../../../../shared/episodes';
import { ModalForm } from '../../app/ModalForm';
import { useSchemaForm } from '../../app/forms';
import { useServices } from '../../app/services';
import type { EpisodeRecord } from '../../repositories/episodes';
import type { AssessmentRecord } from '../../repositories/substance-use';
import { RecordTable, type Column } from './RecordTable';

const DIMENSIONS = Object.keys(ASAM_DIMENSIONS) as AsamDimension[];
const RATING_OPTIONS = Object.entries(RISK_RATINGS).map(([value, label]) => ({ value, label: `${value} · ${label}` }));
const LEVEL_OPTIONS = Object.entries(LEVELS_OF_CARE).map(([value, label]) => ({ value, label }));
/** "1. Acute intoxication…" → "D1", for the history table's narrow columns. */
const short = (d: AsamDimension) => `D${ASAM_DIMENSIONS[d].split('.')[0]}`;

/** The recommendation for the form's ratings, by the rules in force; null while a rating is not valid. */
function recommend(ratings: AssessmentInput['ratings']) {
  const parsed = asamRatingsSchema.safeParse(ratings);
  // The placement rules are data; until they are a practice setting, the default table applies.
  return parsed.success ? recommendLevel(parsed.data, DEFAULT_PLACEMENT_RULES) : null;
}

type AssessmentValues = AssessmentInput & { differenceReason: string };

function AssessmentForm({ start, onClose }: { start: AssessmentInput; onClose: () => void }) {
  const { substanceUse } = useServices();
  // Checked as it will be stored: the recommendation comes from the rules, so the reason is asked for under its field.
  const form = useSchemaForm<AssessmentValues>(asamAssessmentSchema, { ...start, differenceReason: start.differenceReason ?? '' }, {
    toInput: (v) => ({ ...v, recommended: recommend(v.ratings) ?? { level: v.actual, because: '', rules: '' } }),
  });
  const v = form.getValues();
  const recommendation = recommend(v.ratings);
  return (
    <ModalForm
      title={v.occasion === 'admission' ? 'ASAM assessment at admission' : 'ASAM review (starts from the previous answers)'}
      label="ASAM assessment"
      submitLabel="Save the assessment"
      onClose={onClose}
      onSubmit={() => substanceUse.recordAssessment(form.getValues(), DEFAULT_PLACEMENT_RULES)}
      form={form}
    >
      <TextInput label="Assessment date" type="date" required w={200} {...form.getInputProps('on')} />
      {DIMENSIONS.map((d) => (
        <Group key={d} align="flex-start" grow>
          <Select
            label={ASAM_DIMENSIONS[d]}
            allowDeselect={false}
            data={RATING_OPTIONS}
            value={String(v.ratings[d].rating)}
            onChange={(r) => r !== null && form.setFieldValue(`ratings.${d}.rating`, Number(r))}
            error={form.errors[`ratings.${d}.rating`]}
          />
          <Textarea label={`Notes on dimension ${short(d).slice(1)}`} autosize minRows={1} {...form.getInputProps(`ratings.${d}.notes`)} />
        </Group>
      ))}
      {recommendation && (
        <Text size="sm" role="status">
          Recommended: <strong>{LEVELS_OF_CARE[recommendation.level]}</strong>. {recommendation.because}. ({recommendation.rules}: advice, not the ASAM Criteria.)
        </Text>
      )}
      <Select label="Level of care chosen" allowDeselect={false} data={LEVEL_OPTIONS} {...form.getInputProps('actual')} />
      {recommendation && recommendation.level !== v.actual && <Textarea label="Why it differs from the recommendation" required autosize minRows={2} {...form.getInputProps('differenceReason')} />}
    </ModalForm>
  );
}

const HISTORY: readonly Column<AssessmentRecord>[] = [
  { header: 'Date', cell: (a) => a.data.on },
  { header: 'Occasion', cell: (a) => (a.data.occasion === 'admission' ? 'Admission' : 'Review') },
  ...DIMENSIONS.map((d): Column<AssessmentRecord> => ({ header: short(d), title: ASAM_DIMENSIONS[d], cell: (a) => a.data.ratings[d].rating, cellTitle: (a) => a.data.ratings[d].notes || undefined })),
  { header: 'Recommended', cell: (a) => LEVELS_OF_CARE[a.data.recommended.level] },
  {
    header: 'Chosen',
    cell: (a) => (
      <>
        {LEVELS_OF_CARE[a.data.actual]}
        {a.data.actual !== a.data.recommended.level && (
          <Text size="xs" c="red.9">
            Differs: {a.data.differenceReason}
          </Text>
        )}
      </>
    ),
  },
];

/** ASAM placement on the chart: each assessment's six ratings, recommended against actual level, and the days at each level. */
export function AsamSection({ clientId, open, episodes, assessments, today }: { clientId: string; open: EpisodeRecord | null; episodes: EpisodeRecord[]; assessments: AssessmentRecord[]; today: string }) {
  const { staff, vault } = useServices();
  const [start, setStart] = useState<AssessmentInput | null>(null);
  const latest = assessments.at(-1) ?? null;
  const begin = async () => {
    const me = await staff.get(vault.currentProfile().id);
    const assessedBy = { staffId: vault.currentProfile().id, name: me?.data.displayName ?? vault.currentProfile().displayName, credentials: me?.data.credentials ?? '' };
    if (latest !== null && latest.data.episodeId === open!.id) return setStart(startReassessment(latest.data, today, assessedBy));
    const ratings = Object.fromEntries(DIMENSIONS.map((d) => [d, { rating: 0, notes: '' }])) as AsamRatings;
    setStart({ clientId, episodeId: open!.id, occasion: 'admission', on: today, ratings, actual: open!.data.admittedLevel, differenceReason: '', assessedBy });
  };
  const spans = useMemo(() => episodes.flatMap((e) => levelHistory(e.data, today)), [episodes, today]);
  return (
    <Card withBorder component="section" aria-labelledby="asam-heading">
      <Group justify="space-between" mb="xs">
        <Title order={3} size="h4" id="asam-heading">
          ASAM placement
        </Title>
        {open ? (
          <Button size="compact-sm" variant="light" onClick={() => void begin()}>
            {latest !== null && latest.data.episodeId === open.id ? 'Review the assessment' : 'Assess at admission'}
          </Button>
        ) : (
          <Text size="sm" c="dimmed">
            Admit the client to assess them.
          </Text>
        )}
      </Group>
      <RecordTable label="ASAM assessments" columns={HISTORY} rows={assessments} rowKey={(a) => a.id} empty="No ASAM assessment yet." />
      {spans.length > 0 && (
        <Stack gap={4} mt="sm">
          <Text size="sm" fw={500}>
            Days at each level of care
          </Text>
          <Stack gap={4} aria-label="Level of care history" role="list">
            {spans.map((span) => (
              <Group key={`${span.level}-${span.from}`} gap={6} wrap="nowrap" role="listitem">
                <Badge variant="light">{LEVELS_OF_CARE[span.level]}</Badge>
                <Text size="sm">
                  {span.from} to {span.to}: {span.days} {span.days === 1 ? 'day' : 'days'}
                </Text>
              </Group>
            ))}
          </Stack>
        </Stack>
      )}
      {start && <AssessmentForm start={start} onClose={() => setStart(null)} />}
    </Card>
  );
}
