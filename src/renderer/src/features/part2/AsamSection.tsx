import { useMemo, useState } from 'react';
import { Trans } from 'react-i18next';
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
import { labelOptions, sharedText } from '../../i18n/shared';
import { st } from '../../i18n/staff';
import { RecordTable, type Column } from './RecordTable';

const DIMENSIONS = Object.keys(ASAM_DIMENSIONS) as AsamDimension[];
const RATING_OPTIONS = Object.entries(RISK_RATINGS).map(([value, label]) => ({ value, label: st('part2.AsamSection.ratingOption', { value, label: sharedText(label) }) }));
const LEVEL_OPTIONS = labelOptions(LEVELS_OF_CARE);
/** "1. Acute intoxication…" → "D1", for the history table's narrow columns. */
const short = (d: AsamDimension) => `D${DIMENSIONS.indexOf(d) + 1}`;

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
      title={v.occasion === 'admission' ? st('part2.AsamSection.titleAdmission') : st('part2.AsamSection.titleReview')}
      label={st('part2.AsamSection.label')}
      submitLabel={st('part2.AsamSection.save')}
      onClose={onClose}
      onSubmit={() => substanceUse.recordAssessment(form.getValues(), DEFAULT_PLACEMENT_RULES)}
      form={form}
    >
      <TextInput label={st('part2.AsamSection.date')} type="date" required w={200} {...form.getInputProps('on')} />
      {DIMENSIONS.map((d) => (
        <Group key={d} align="flex-start" grow>
          <Select
            label={sharedText(ASAM_DIMENSIONS[d])}
            allowDeselect={false}
            data={RATING_OPTIONS}
            value={String(v.ratings[d].rating)}
            onChange={(r) => r !== null && form.setFieldValue(`ratings.${d}.rating`, Number(r))}
            error={form.getInputProps(`ratings.${d}.rating`).error}
          />
          <Textarea label={st('part2.AsamSection.notesOn', { dimension: short(d).slice(1) })} autosize minRows={1} {...form.getInputProps(`ratings.${d}.notes`)} />
        </Group>
      ))}
      {recommendation && (
        <Text size="sm" role="status">
          <Trans t={st} i18nKey="part2.AsamSection.recommended" values={{ level: sharedText(LEVELS_OF_CARE[recommendation.level]), because: recommendation.because, rules: recommendation.rules }} components={{ b: <strong /> }} />
        </Text>
      )}
      <Select label={st('part2.AsamSection.levelChosen')} allowDeselect={false} data={LEVEL_OPTIONS} {...form.getInputProps('actual')} />
      {recommendation && recommendation.level !== v.actual && <Textarea label={st('part2.AsamSection.whyDiffers')} required autosize minRows={2} {...form.getInputProps('differenceReason')} />}
    </ModalForm>
  );
}

const HISTORY: readonly Column<AssessmentRecord>[] = [
  { header: st('part2.AsamSection.colDate'), cell: (a) => a.data.on },
  { header: st('part2.AsamSection.colOccasion'), cell: (a) => (a.data.occasion === 'admission' ? st('part2.AsamSection.admission') : st('part2.AsamSection.review')) },
  ...DIMENSIONS.map((d): Column<AssessmentRecord> => ({ header: short(d), title: sharedText(ASAM_DIMENSIONS[d]), cell: (a) => a.data.ratings[d].rating, cellTitle: (a) => a.data.ratings[d].notes || undefined })),
  { header: st('part2.AsamSection.colRecommended'), cell: (a) => sharedText(LEVELS_OF_CARE[a.data.recommended.level]) },
  {
    header: st('part2.AsamSection.colChosen'),
    cell: (a) => (
      <>
        {sharedText(LEVELS_OF_CARE[a.data.actual])}
        {a.data.actual !== a.data.recommended.level && (
          <Text size="xs" c="red.9">
            {st('part2.AsamSection.differs', { reason: a.data.differenceReason })}
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
          {st('part2.AsamSection.heading')}
        </Title>
        {open ? (
          <Button size="compact-sm" variant="light" onClick={() => void begin()}>
            {latest !== null && latest.data.episodeId === open.id ? st('part2.AsamSection.reviewTheAssessment') : st('part2.AsamSection.assessAtAdmission')}
          </Button>
        ) : (
          <Text size="sm" c="dimmed">
            {st('part2.AsamSection.admitToAssess')}
          </Text>
        )}
      </Group>
      <RecordTable label={st('part2.AsamSection.assessments')} columns={HISTORY} rows={assessments} rowKey={(a) => a.id} empty={st('part2.AsamSection.noAssessment')} />
      {spans.length > 0 && (
        <Stack gap={4} mt="sm">
          <Text size="sm" fw={500}>
            {st('part2.AsamSection.daysAtEachLevel')}
          </Text>
          <Stack gap={4} aria-label={st('part2.AsamSection.levelHistory')} role="list">
            {spans.map((span) => (
              <Group key={`${span.level}-${span.from}`} gap={6} wrap="nowrap" role="listitem">
                <Badge variant="light">{sharedText(LEVELS_OF_CARE[span.level])}</Badge>
                <Text size="sm">
                  {st(span.days === 1 ? 'part2.AsamSection.spanDay' : 'part2.AsamSection.spanDays', { from: span.from, to: span.to, days: span.days })}
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
