import { useEffect, useMemo, useState } from 'react';
import { Alert, Anchor, Badge, Button, Card, Group, List, Loader, Radio, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { Trans } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { displayName } from '../../../../shared/clients';
import { clientSignatureSchema, diffPlans, goldenThread, libraryEntryFrom, OBJECTIVE_STATUSES, PLAN_TOPICS, planOutline, planProblems, planReviewSchema, reviewDueOn, type GoldenThread, type PlanVersion, type ProblemInput } from '../../../../shared/plans';
import { DEFAULT_PRACTICE_SETTINGS } from '../../../../shared/settings';
import { useSchemaForm } from '../../app/forms';
import { InlineForm } from '../../app/InlineForm';
import { useServices } from '../../app/services';
import { SaveStatus } from '../../app/SaveStatus';
import { combinedSaveState, useAutosave } from '../../hooks/useAutosave';
import { useObservable } from '../../hooks/useObservable';
import { useToday } from '../../hooks/useToday';
import { planRecordId, type PlanRecord } from '../../repositories/plans';
import { staffLabel, type StaffRecord } from '../../repositories/staff';
import { PlanTreeEditor } from './PlanTreeEditor';
import { SignaturePad } from './SignaturePad';
import { chartTabPath } from '../clients/chart/chartPath';
import { st } from '../../i18n/staff';
import { errorText, messagesText, sharedText } from '../../i18n/shared';

/** A one-line reminder of what a note said, for the review's golden thread. */
function summaryOf(fields: Record<string, string>): string {
  const text = Object.values(fields).find((value) => value.trim() !== '') ?? '';
  return text.length > 120 ? `${text.slice(0, 117)}…` : text;
}

/** One version of a treatment plan: written and signed as a draft, read once signed, reviewed into the next. */
export function PlanPage() {
  const { planId = '' } = useParams();
  const { plans, clients, staff, settings } = useServices();
  const record = useObservable(useMemo(() => plans.get$(planId), [plans, planId]), undefined as PlanRecord | null | undefined);
  const client = useObservable(useMemo(() => clients.get$(record?.clientId ?? ''), [clients, record?.clientId]), null);
  const staffList = useObservable(useMemo(() => staff.active$(), [staff]), [] as StaffRecord[]);
  const cadence = useObservable(useMemo(() => settings.observe(), [settings]), DEFAULT_PRACTICE_SETTINGS).planReviewCadenceDays;
  if (record === undefined) return <Loader aria-label={st('plans.PlanPage.loadingThePlan')} />;
  if (record === null) return <Alert color="red">{st('plans.PlanPage.thisPlanDoesNotExist')}</Alert>;
  const plan = record.data;
  const name = client ? displayName(client.data) : '';
  return (
    <Stack gap="md" maw={980}>
      <Group justify="space-between" align="flex-start">
        <Stack gap={2}>
          <Title order={2}>{st('plans.PlanPage.treatmentPlan', { name })}</Title>
          <Text size="sm" c="dimmed">
            {plan.version === 1 ? st('plans.PlanPage.versionWritten', { version: plan.version, date: plan.effectiveOn }) : st('plans.PlanPage.versionReviewed', { version: plan.version, date: plan.effectiveOn })}
            {record.status === 'signed' ? ` · ${st('plans.PlanPage.nextReviewDue', { date: reviewDueOn(plan, cadence) })}` : ''}
          </Text>
        </Stack>
        <Group gap="xs">
          <Badge size="lg" variant="light" color={record.status === 'draft' ? 'gray' : record.status === 'signed' ? 'teal' : 'dark'}>
            {record.status === 'draft' ? st('plans.PlanPage.draft') : record.status === 'signed' ? st('plans.PlanPage.signed') : st('plans.PlanPage.superseded')}
          </Badge>
          <Anchor component={Link} to={`/print/plans/${record.id}`} size="sm">
            {st('plans.PlanPage.print')}
          </Anchor>
          <Anchor component={Link} to={chartTabPath(plan.clientId, 'plan')} size="sm">
            {st('plans.PlanPage.openTheChart')}
          </Anchor>
        </Group>
      </Group>
      {plan.version > 1 && <ReviewContext plan={plan} />}
      {record.status === 'draft' ? (
        <PlanDraftEditor key={record.id} record={record} staff={staffList.map((s) => ({ value: s.id, label: staffLabel(s) }))} />
      ) : (
        <PlanReadView record={record} staff={staffList} />
      )}
    </Stack>
  );
}

/** For a reviewed version: what the review found, what the notes did towards each objective, and what changed. */
function ReviewContext({ plan }: { plan: PlanVersion }) {
  const { plans, notes } = useServices();
  const previous = useObservable(useMemo(() => plans.get$(planRecordId(plan.planId, plan.version - 1)), [plans, plan.planId, plan.version]), null as PlanRecord | null);
  const [thread, setThread] = useState<GoldenThread | null>(null);
  useEffect(() => {
    if (!previous) return;
    void notes.forClient(plan.clientId).then((list) =>
      setThread(
        goldenThread(
          previous.data,
          list.filter((n) => n.date < plan.effectiveOn || n.date === plan.effectiveOn).map((n) => ({ id: n.id, date: n.date, goalIds: n.data.note.goalIds, status: n.data.note.status, summary: summaryOf(n.data.note.fields) })),
        ),
      ),
    );
  }, [notes, previous, plan.clientId, plan.effectiveOn]);
  if (!previous) return null;
  const changes = diffPlans(previous.data, plan);
  return (
    <Card withBorder component="section" aria-labelledby="review-heading">
      <Title order={3} size="h4" id="review-heading">{st('plans.PlanPage.reviewOfVersion', { version: previous.data.version })}</Title>
      <Text size="sm" mb="xs">
        {plan.review?.summary}
      </Text>
      <Title order={4} size="h5">{st('plans.PlanPage.progressRecordedInNotesSince', { effectiveOn: previous.data.effectiveOn })}</Title>
      {thread === null ? (
        <Loader size="xs" aria-label={st('plans.PlanPage.loadingTheNotes')} />
      ) : (
        <List size="sm" spacing={4} aria-label={st('plans.PlanPage.goldenThread')}>
          {thread.objectives.map((o) => (
            <List.Item key={o.objectiveId}>
              {/* The objective's statement, as typed, is a component: never markup in the sentence (docs/I18N.md). */}
              <Trans
                t={st}
                i18nKey={o.notes.length === 0 ? 'plans.PlanPage.objectiveNotAddressed' : o.notes.length === 1 ? 'plans.PlanPage.objectiveOneNote' : 'plans.PlanPage.objectiveNotes'}
                values={{ label: sharedText(o.label.key, o.label.values), status: sharedText(o.statusLabel), notes: o.notes.length, date: o.lastAddressedOn }}
                components={{ b: <Text span fw={600} />, statement: <span>{o.statement}</span>, warn: <Text span c="orange" /> }}
              />
              {o.notes.length > 0 && (
                <List size="xs" withPadding>
                  {o.notes.map((n) => (
                    <List.Item key={n.id}>
                      {n.date}: {n.summary}
                    </List.Item>
                  ))}
                </List>
              )}
            </List.Item>
          ))}
        </List>
      )}
      <Title order={4} size="h5" mt="xs">{st('plans.PlanPage.changesFromVersion', { version: previous.data.version })}</Title>
      {changes.length === 0 ? (
        <Text size="sm" c="dimmed">
          {st('plans.PlanPage.noChangesYet')}
        </Text>
      ) : (
        <List size="sm" aria-label={st('plans.PlanPage.changesFromThePreviousVersion')}>
          {changes.map((c, i) => (
            <List.Item key={`${c.id}-${i}`}>{messagesText([c.line])}</List.Item>
          ))}
        </List>
      )}
    </Card>
  );
}

function PlanDraftEditor({ record, staff }: { record: PlanRecord; staff: { value: string; label: string }[] }) {
  const { plans, vault, staff: staffRepo, settings } = useServices();
  const [problems, setProblems] = useState<ProblemInput[]>(record.data.problems);
  const [participation, setParticipation] = useState(record.data.participation);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const { save, flush, state: problemsSaveState } = useAutosave<ProblemInput[]>((next) => plans.saveDraft(record.id, { problems: next }));
  const saveParticipation = useAutosave<typeof participation>((next) =>
    plans.saveDraft(record.id, { participation: { clientParticipated: next.clientParticipated, clientWords: next.clientWords, notSignedReason: next.notSignedReason } }),
  );
  const missing = planProblems({ ...record.data, problems: problems as PlanVersion['problems'], participation });
  const run = (work: () => Promise<unknown>, ok: string) =>
    work().then(
      () => setMessage({ ok: true, text: ok }),
      (e: unknown) => setMessage({ ok: false, text: errorText(e) }),
    );

  return (
    <>
      <SaveStatus state={combinedSaveState(problemsSaveState, saveParticipation.state)} label={st('plans.PlanPage.planDraft')} />
      {record.data.version === 1 && (
        <TextInput
          label={st('plans.PlanPage.planDate')}
          description={st('plans.PlanPage.usuallyTheDayItWas')}
          type="date"
          w={220}
          defaultValue={record.data.effectiveOn}
          onChange={(e) => {
            const effectiveOn = e.currentTarget.value;
            if (effectiveOn) void plans.saveDraft(record.id, { effectiveOn }).catch((err: unknown) => setMessage({ ok: false, text: errorText(err) }));
          }}
        />
      )}
      <PlanTreeEditor
        problems={problems}
        staff={staff}
        onSaveToLibrary={async (problem, topic) => {
          try {
            const current = await settings.get();
            await settings.save({ planLibrary: [...current.planLibrary, libraryEntryFrom(problem, topic, `practice-${crypto.randomUUID()}`)] });
            setMessage({ ok: true, text: st('plans.PlanPage.savedToTheLibrary', { topic: sharedText(PLAN_TOPICS[topic]) }) });
          } catch (e) {
            setMessage({ ok: false, text: errorText(e) });
          }
        }}
        onChange={(next) => {
          setProblems(next);
          save(next);
        }}
        onAdd={(next) =>
          void flush()
            .then(() => plans.saveDraft(record.id, { problems: next }))
            .then(
              (saved) => setProblems(saved.data.problems),
              (e: unknown) => setMessage({ ok: false, text: errorText(e) }),
            )
        }
      />
      <Card withBorder component="section" aria-labelledby="participation-heading">
        <Title order={3} size="h4" id="participation-heading" mb="xs">
          {st('plans.PlanPage.theClientSParticipation')}
        </Title>
        <Radio.Group
          label={st('plans.PlanPage.didTheClientTakePart')}
          value={participation.clientParticipated === null ? '' : participation.clientParticipated ? 'yes' : 'no'}
          onChange={(value) => {
            const next = { ...participation, clientParticipated: value === 'yes' };
            setParticipation(next);
            saveParticipation.save(next);
          }}
        >
          <Group mt={4}>
            <Radio value="yes" label={st('plans.PlanPage.yes')} />
            <Radio value="no" label={st('plans.PlanPage.no')} />
          </Group>
        </Radio.Group>
        <Textarea
          mt="xs"
          label={st('plans.PlanPage.theClientSOwnWords')}
          autosize
          minRows={2}
          value={participation.clientWords}
          onChange={(e) => {
            const next = { ...participation, clientWords: e.currentTarget.value };
            setParticipation(next);
            saveParticipation.save(next);
          }}
        />
        <ClientSignatureCapture record={record} />
      </Card>
      {message && (
        <Alert color={message.ok ? 'teal' : 'red'} role={message.ok ? 'status' : 'alert'}>
          {message.text}
        </Alert>
      )}
      <Card withBorder>
        {missing.length > 0 && (
          <>
            <Text size="sm" fw={600}>
              {st('plans.PlanPage.beforeSigning')}
            </Text>
            <List size="sm" mb="xs" aria-label={st('plans.PlanPage.beforeSigning2')}>
              {missing.map((m) => messagesText([m])).map((text) => (
                <List.Item key={text}>{text}</List.Item>
              ))}
            </List>
          </>
        )}
        <Group justify="flex-end">
          <Button
            onClick={() =>
              void run(async () => {
                await flush();
                await saveParticipation.flush();
                const me = await staffRepo.get(vault.currentProfile().id);
                if (!me) throw new Error(st('plans.PlanPage.staffRecordLoading'));
                await plans.sign(record.id, { staffId: me.id, name: me.data.displayName, credentials: me.data.credentials }, new Date().toISOString());
              }, st('plans.PlanPage.planSigned'))
            }
          >
            {st('plans.PlanPage.signThePlan')}
          </Button>
        </Group>
      </Card>
    </>
  );
}

/** The client signs on screen, or the clinician records that they signed on paper. */
function ClientSignatureCapture({ record }: { record: PlanRecord }) {
  const { plans } = useServices();
  const today = useToday();
  const paper = useSchemaForm(clientSignatureSchema, { date: today }, { toInput: (v) => ({ kind: 'paper', ...v }) });
  const [error, setError] = useState<string | null>(null);
  const signature = record.data.participation.signature;
  if (signature) {
    return (
      <Text size="sm" mt="xs">
        {signature.kind === 'paper' ? st('plans.PlanPage.clientSignedOnPaper', { date: signature.date }) : st('plans.PlanPage.clientSignedOnScreen', { date: signature.at.slice(0, 10) })}
        {signature.kind === 'on-screen' && <img src={signature.imageDataUrl} alt={st('plans.PlanPage.theClientSSignature')} style={{ display: 'block', maxWidth: 240, marginTop: 4 }} />}
      </Text>
    );
  }
  const record$ = (work: Promise<unknown>) => void work.then(() => setError(null), (e: unknown) => setError(errorText(e)));
  return (
    <Stack gap="xs" mt="sm">
      <SignaturePad onSave={(imageDataUrl) => plans.recordClientSignature(record.id, { kind: 'on-screen', imageDataUrl, at: new Date().toISOString() })} />
      <InlineForm label={st('plans.PlanPage.recordThePaperSignature')} form={paper} onValid={({ date }) => record$(plans.recordClientSignature(record.id, { kind: 'paper', date }))}>
        <Group align="flex-start" gap="xs">
          <TextInput label={st('plans.PlanPage.orSignedOnPaperOn')} type="date" {...paper.getInputProps('date')} />
          <Button type="submit" variant="default" mt={25}>
            {st('plans.PlanPage.recordThePaperSignature')}
          </Button>
        </Group>
      </InlineForm>
      {error && (
        <Alert color="red" role="alert">
          {error}
        </Alert>
      )}
    </Stack>
  );
}

function PlanReadView({ record, staff }: { record: PlanRecord; staff: StaffRecord[] }) {
  const { plans } = useServices();
  const navigate = useNavigate();
  const plan = record.data;
  const today = useToday();
  const [reviewing, setReviewing] = useState(false);
  const review = useSchemaForm(planReviewSchema(plan), { reviewedOn: today, summary: '' });
  const [error, setError] = useState<string | null>(null);
  const names = new Map(staff.map((s) => [s.id, staffLabel(s)]));
  const statusOf = new Map(plan.problems.flatMap((p) => p.goals.flatMap((g) => g.objectives.map((o) => [o.id, sharedText(OBJECTIVE_STATUSES[o.status])] as const))));
  const details = new Map(plan.problems.flatMap((p) => p.goals.flatMap((g) => [[g.id, st('plans.PlanPage.goalDetails', { measuredBy: g.measuredBy, targetDate: g.targetDate })] as const, ...g.objectives.map((o) => [o.id, st('plans.PlanPage.objectiveDetails', { targetDate: o.targetDate })] as const)])));
  const interventions = new Map(plan.problems.flatMap((p) => p.goals.flatMap((g) => g.objectives.flatMap((o) => o.interventions.map((i) => [i.id, i] as const)))));
  return (
    <>
      <Card withBorder component="section" aria-label={st('plans.PlanPage.thePlan')}>
        <List spacing={4} listStyleType="none">
          {planOutline(plan).map((node) => {
            const intervention = interventions.get(node.id);
            const indent = { problem: 0, goal: 16, objective: 32, intervention: 48 }[node.level];
            return (
              <List.Item key={node.id} style={{ marginLeft: indent }}>
                <Trans t={st} i18nKey="plans.PlanPage.outlineNode" values={{ label: sharedText(node.label.key, node.label.values) }} components={{ b: <Text span fw={600} />, statement: <span>{node.statement}</span> }} />
                {details.has(node.id) && <Text span c="dimmed" size="sm">{` — ${details.get(node.id)}`}</Text>}
                {statusOf.has(node.id) && (
                  <Badge ml={6} size="xs" variant="light">
                    {statusOf.get(node.id)}
                  </Badge>
                )}
                {intervention && (
                  <Text span c="dimmed" size="sm">
                    {st('plans.PlanPage.minWeeks', { type: intervention.type, sessionMinutes: intervention.sessionMinutes, times: intervention.frequency?.times, per: intervention.frequency?.per, durationWeeks: intervention.durationWeeks, staff: intervention.staffIds.map((id) => names.get(id) ?? id).join(', ') })}
                  </Text>
                )}
              </List.Item>
            );
          })}
        </List>
        <Text size="sm" mt="sm">
          {st(plan.participation.clientParticipated ? 'plans.PlanPage.signedByClientTookPart' : 'plans.PlanPage.signedByClientDidNotTakePart', {
            name: plan.clinicianSignature?.name,
            credentials: plan.clinicianSignature?.credentials,
            at: plan.clinicianSignature?.at.slice(0, 16).replace('T', ' '),
          })}
        </Text>
        <ClientSignatureCapture record={record} />
      </Card>
      {record.status === 'signed' &&
        (reviewing ? (
          <Card withBorder>
            <InlineForm
              label={st('plans.PlanPage.reviewThePlan')}
              form={review}
              onValid={(values) =>
                void plans.review(record.id, values).then(
                  (next) => void navigate(`/plans/${next.id}`),
                  (failure: unknown) => setError(errorText(failure)),
                )
              }
            >
              <Stack gap="xs">
                <TextInput label={st('plans.PlanPage.reviewDate')} type="date" {...review.getInputProps('reviewedOn')} />
                <Textarea label={st('plans.PlanPage.reviewSummary')} description={st('plans.PlanPage.progressSinceTheLastReview')} autosize minRows={3} {...review.getInputProps('summary')} />
                {error && (
                  <Alert color="red" role="alert">
                    {error}
                  </Alert>
                )}
                <Group justify="flex-end">
                  <Button type="submit">{st('plans.PlanPage.startVersion', { version: plan.version + 1 })}</Button>
                </Group>
              </Stack>
            </InlineForm>
          </Card>
        ) : (
          <Button w="fit-content" onClick={() => setReviewing(true)}>
            {st('plans.PlanPage.reviewThePlan')}
          </Button>
        ))}
    </>
  );
}
