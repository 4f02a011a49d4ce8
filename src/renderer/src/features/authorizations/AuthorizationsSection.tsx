import { useMemo, useState } from 'react';
import { Alert, Badge, Button, Card, Group, Paper, Progress, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { AUTHORIZATION_STATUSES, REVIEW_BUCKETS, REVIEW_TYPES, reviewBucket, reviewsInOrder, WARNING_TEXT, type Payer } from '../../../../shared/billing';
import { LEVELS_OF_CARE, type LevelOfCare } from '../../../../shared/episodes';
import { formatHours } from '../../../../shared/hours';
import { ModalForm } from '../../app/ModalForm';
import { WeekStatusBadge } from '../reports/WeekStatusBadge';
import { useServices } from '../../app/services';
import { useObservable } from '../../hooks/useObservable';
import type { AuthorizationRecord } from '../../repositories/authorizations';
import { AuthorizationForm, ReviewForm } from './AuthorizationForms';
import { clientStanding$, type AuthorizationStanding } from './standing';

const STATUS_COLOURS = { requested: 'blue', approved: 'teal', 'partially-approved': 'yellow', denied: 'red', expired: 'gray' } as const;

function CertificationForm({ record, today, onClose }: { record: AuthorizationRecord; today: string; onClose: () => void }) {
  const { authorizations } = useServices();
  const [v, setV] = useState({ on: today, physician: '' });
  return (
    <ModalForm title="Record a physician certification" submitLabel="Record the certification" onClose={onClose} onSubmit={() => authorizations.recordCertification(record.id, v)}>
      <Group grow align="flex-start">
        <TextInput label="Signed on" type="date" required value={v.on} onChange={(e) => setV({ ...v, on: e.currentTarget.value })} />
        <TextInput label="Certifying physician" required value={v.physician} onChange={(e) => setV({ ...v, physician: e.currentTarget.value })} />
      </Group>
    </ModalForm>
  );
}

function Standing({ s, today, onEdit, onReview, onCertify }: { s: AuthorizationStanding; today: string; onEdit: () => void; onReview: () => void; onCertify: () => void }) {
  const a = s.record.data;
  const c = s.consumption;
  const title = `${s.payer?.name ?? 'A payer no longer listed'} · ${a.number ? `authorization ${a.number}` : 'no authorization number'}`;
  const bucket = reviewBucket(a.nextReviewOn, today);
  const unit = s.payer?.rules.unitRule.per === 'day' ? 'days' : 'sessions';
  return (
    <Paper withBorder p="sm" component="article" aria-label={title}>
      <Group justify="space-between" align="flex-start">
        <Stack gap={2}>
          <Group gap="xs">
            <Text fw={600}>{title}</Text>
            <Badge color={STATUS_COLOURS[a.status]}>{AUTHORIZATION_STATUSES[a.status]}</Badge>
          </Group>
          <Text size="sm" c="dimmed">
            {a.startOn} to {a.endOn}
            {a.frequency ? ` · ${a.frequency}` : ''}
            {a.careManager.name ? ` · payer's care manager: ${[a.careManager.name, a.careManager.phone].filter(Boolean).join(', ')}` : ''}
          </Text>
        </Stack>
        <Group gap="xs">
          <Button size="compact-sm" variant="light" onClick={onReview}>
            Record a review
          </Button>
          <Button size="compact-sm" variant="default" onClick={onEdit}>
            Edit
          </Button>
        </Group>
      </Group>
      {c && (
        <Stack gap={4} mt="xs">
          <Text size="sm">
            <b>
              {c.used} of {a.units}
            </b>{' '}
            units used ({unit}) · {Math.max(c.remaining, 0)} left · {c.daysLeft} {c.daysLeft === 1 ? 'day' : 'days'} left
          </Text>
          <Progress value={a.units === 0 ? 100 : Math.min(100, (c.used / a.units) * 100)} color={c.warnings.length > 0 ? 'orange' : 'teal'} aria-label={`${c.used} of ${a.units} units used`} />
          {c.warnings.length > 0 && (
            <Group gap="xs" role="status" aria-label="Authorization warnings">
              {c.warnings.map((w) => (
                <Badge key={w} color={w === 'units-low' || w === 'days-low' ? 'orange' : 'red'} variant="filled">
                  {WARNING_TEXT[w](c)}
                </Badge>
              ))}
            </Group>
          )}
        </Stack>
      )}
      <Text size="sm" mt="xs">
        <b>Level of care:</b> authorized {LEVELS_OF_CARE[a.authorizedLevel]}
        {s.clinicalLevel && ` · clinical ${LEVELS_OF_CARE[s.clinicalLevel]}`}
        {a.levelDifferenceReason && s.clinicalLevel !== a.authorizedLevel ? ` · why they differ: ${a.levelDifferenceReason}` : ''}
      </Text>
      {s.levelProblem && (
        <Text size="sm" c="red" role="alert">
          {s.levelProblem}
        </Text>
      )}
      {s.certification && (
        <Group gap="xs" mt={4}>
          <Text size="sm">
            <b>Physician {s.certification.kind}:</b> due {s.certification.dueOn}
            {Object.keys(a.certifications).length > 0 && ` · last signed ${Object.values(a.certifications).map((c) => c.on).sort().at(-1)}`}
          </Text>
          {s.certification.overdue && (
            <Badge color="red" size="sm">
              Overdue
            </Badge>
          )}
          <Button size="compact-xs" variant="subtle" onClick={onCertify}>
            Record a certification
          </Button>
        </Group>
      )}
      {s.week && (
        <Group gap="xs">
          <Text size="sm">
            <b>This week:</b> {formatHours(s.week.attendedMinutes)} of the {formatHours(s.week.targetMinutes)} the payer expects
            {s.week.shortfallMinutes > 0 ? ` · ${formatHours(s.week.shortfallMinutes)} short even if every session left is attended` : ''}
          </Text>
          <WeekStatusBadge status={s.week.status} unrecorded={s.week.unrecordedSessions} />
        </Group>
      )}
      <Text size="sm">
        <b>Next review:</b> {a.nextReviewOn ? `${a.nextReviewOn} (${REVIEW_TYPES[a.reviewType].toLowerCase()})` : 'none set'}
        {bucket && (
          <Badge ml="xs" size="sm" color={bucket === 'overdue' ? 'red' : 'blue'}>
            {REVIEW_BUCKETS[bucket]}
          </Badge>
        )}
      </Text>
      {Object.keys(a.reviews).length > 0 && (
        <Table mt="xs" aria-label={`Utilization reviews of ${title}`}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Date</Table.Th>
              <Table.Th scope="col">Type</Table.Th>
              <Table.Th scope="col">What was sent</Table.Th>
              <Table.Th scope="col">Outcome</Table.Th>
              <Table.Th scope="col">By</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {reviewsInOrder(a).map((r) => (
              <Table.Tr key={r.id}>
                <Table.Td>{r.on}</Table.Td>
                <Table.Td>{REVIEW_TYPES[r.type]}</Table.Td>
                <Table.Td>{r.sent}</Table.Td>
                <Table.Td>{r.outcome}</Table.Td>
                <Table.Td>{r.by}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Paper>
  );
}

/**
 * The client's payer authorizations: units used by attended services (the payer's unit rule),
 * the warnings, the next review, authorized vs clinical level of care, and the reviews held.
 */
export function AuthorizationsSection({ clientId, episodeId, clinicalLevel, today }: { clientId: string; episodeId: string | null; clinicalLevel: LevelOfCare | null; today: string }) {
  const services = useServices();
  const standings = useObservable(useMemo(() => clientStanding$(services, clientId, today), [services, clientId, today]), [] as AuthorizationStanding[]);
  const payers = useObservable(useMemo(() => services.authorizations.payers$(), [services.authorizations]), [] as Payer[]);
  const [form, setForm] = useState<{ kind: 'add' } | { kind: 'edit' | 'review' | 'certify'; record: AuthorizationRecord } | null>(null);
  const editing = form?.kind === 'edit' ? standings.find((s) => s.record.id === form.record.id) : undefined;
  return (
    <Card withBorder component="section" aria-labelledby="authorizations-heading">
      <Group justify="space-between" mb="xs">
        <Title order={3} size="h4" id="authorizations-heading">
          Authorizations
        </Title>
        {episodeId && (
          <Button size="compact-sm" variant="light" onClick={() => setForm({ kind: 'add' })}>
            Add an authorization
          </Button>
        )}
      </Group>
      {payers.length === 0 && episodeId && (
        <Alert color="blue" mb="xs">
          The practice has no payers yet: an administrator adds them in Settings → Payers.
        </Alert>
      )}
      {standings.length === 0 ? (
        <Text size="sm" c="dimmed">
          No authorization on file.
        </Text>
      ) : (
        <Stack gap="sm">
          {standings.map((s) => (
            <Standing key={s.record.id} s={s} today={today} onEdit={() => setForm({ kind: 'edit', record: s.record })} onReview={() => setForm({ kind: 'review', record: s.record })} onCertify={() => setForm({ kind: 'certify', record: s.record })} />
          ))}
        </Stack>
      )}
      {form?.kind === 'add' && episodeId && <AuthorizationForm clientId={clientId} episodeId={episodeId} clinicalLevel={clinicalLevel} payers={payers} today={today} onClose={() => setForm(null)} />}
      {form?.kind === 'edit' && (
        <AuthorizationForm
          clientId={clientId}
          episodeId={form.record.data.episodeId}
          clinicalLevel={editing?.clinicalLevel ?? null}
          payers={payers}
          today={today}
          existing={form.record}
          onClose={() => setForm(null)}
        />
      )}
      {form?.kind === 'certify' && <CertificationForm record={form.record} today={today} onClose={() => setForm(null)} />}
      {form?.kind === 'review' && <ReviewForm record={form.record} today={today} reviewer={services.vault.currentProfile().displayName} onClose={() => setForm(null)} />}
    </Card>
  );
}
