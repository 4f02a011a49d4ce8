import { useMemo, useState } from 'react';
import { Trans } from 'react-i18next';
import { Alert, Badge, Button, Card, Group, Paper, Progress, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { AUTHORIZATION_STATUSES, certificationSchema, REVIEW_BUCKETS, REVIEW_TYPES, reviewBucket, reviewsInOrder, WARNING_TEXT, type Payer } from '../../../../shared/billing';
import { LEVELS_OF_CARE, type LevelOfCare } from '../../../../shared/episodes';
import { formatHours } from '../../../../shared/hours';
import { useSchemaForm } from '../../app/forms';
import { ModalForm } from '../../app/ModalForm';
import { WeekStatusBadge } from '../reports/WeekStatusBadge';
import { useServices } from '../../app/services';
import { useObservable } from '../../hooks/useObservable';
import { messagesText, sharedText } from '../../i18n/shared';
import { st } from '../../i18n/staff';
import type { AuthorizationRecord } from '../../repositories/authorizations';
import { AuthorizationForm, ReviewForm } from './AuthorizationForms';
import { clientStanding$, type AuthorizationStanding } from './standing';

const STATUS_COLOURS = { requested: 'blue', approved: 'teal', 'partially-approved': 'yellow', denied: 'red', expired: 'gray' } as const;

function CertificationForm({ record, today, onClose }: { record: AuthorizationRecord; today: string; onClose: () => void }) {
  const { authorizations } = useServices();
  const form = useSchemaForm(certificationSchema, { on: today, physician: '' });
  return (
    <ModalForm title={st('authorizations.AuthorizationsSection.certifyTitle')} submitLabel={st('authorizations.AuthorizationsSection.recordTheCertification')} onClose={onClose} form={form} onSubmit={() => authorizations.recordCertification(record.id, form.getValues())}>
      <Group grow align="flex-start">
        <TextInput label={st('authorizations.AuthorizationsSection.signedOn')} type="date" required {...form.getInputProps('on')} />
        <TextInput label={st('authorizations.AuthorizationsSection.physician')} required {...form.getInputProps('physician')} />
      </Group>
    </ModalForm>
  );
}

function Standing({ s, today, onEdit, onReview, onCertify }: { s: AuthorizationStanding; today: string; onEdit: () => void; onReview: () => void; onCertify: () => void }) {
  const a = s.record.data;
  const c = s.consumption;
  const payer = s.payer?.name ?? st('authorizations.AuthorizationsSection.payerGone');
  const title = a.number ? st('authorizations.AuthorizationsSection.title', { payer, number: a.number }) : st('authorizations.AuthorizationsSection.titleNoNumber', { payer });
  const bucket = reviewBucket(a.nextReviewOn, today);
  const perDay = s.payer?.rules.unitRule.per === 'day';
  return (
    <Paper withBorder p="sm" component="article" aria-label={title}>
      <Group justify="space-between" align="flex-start">
        <Stack gap={2}>
          <Group gap="xs">
            <Text fw={600}>{title}</Text>
            <Badge color={STATUS_COLOURS[a.status]}>{sharedText(AUTHORIZATION_STATUSES[a.status])}</Badge>
          </Group>
          <Text size="sm" c="dimmed">
            {/* Separate phrases, each whole: the dates, the frequency as typed, the care manager. */}
            {[
              st('authorizations.AuthorizationsSection.dates', { startOn: a.startOn, endOn: a.endOn }),
              a.frequency,
              a.careManager.name ? st('authorizations.AuthorizationsSection.careManager', { contact: [a.careManager.name, a.careManager.phone].filter(Boolean).join(', ') }) : '',
            ]
              .filter(Boolean)
              .join(' · ')}
          </Text>
        </Stack>
        <Group gap="xs">
          <Button size="compact-sm" variant="light" onClick={onReview}>
            {st('authorizations.AuthorizationsSection.recordAReview')}
          </Button>
          <Button size="compact-sm" variant="default" onClick={onEdit}>
            {st('authorizations.AuthorizationsSection.edit')}
          </Button>
        </Group>
      </Group>
      {c && (
        <Stack gap={4} mt="xs">
          <Text size="sm">
            <Trans t={st} i18nKey={perDay ? 'authorizations.AuthorizationsSection.unitsUsedDays' : 'authorizations.AuthorizationsSection.unitsUsedSessions'} values={{ used: c.used, units: a.units, left: Math.max(c.remaining, 0) }} components={{ b: <b /> }} />
            {' · '}
            {c.daysLeft === 1 ? st('authorizations.AuthorizationsSection.oneDayLeft') : st('authorizations.AuthorizationsSection.daysLeft', { count: c.daysLeft })}
          </Text>
          <Progress value={a.units === 0 ? 100 : Math.min(100, (c.used / a.units) * 100)} color={c.warnings.length > 0 ? 'orange' : 'teal'} aria-label={st('authorizations.AuthorizationsSection.unitsUsedLabel', { used: c.used, units: a.units })} />
          {c.warnings.length > 0 && (
            <Group gap="xs" role="status" aria-label={st('authorizations.AuthorizationsSection.warnings')}>
              {c.warnings.map((w) => (
                <Badge key={w} color={w === 'units-low' || w === 'days-low' ? 'orange' : 'red'} variant="filled">
                  {messagesText([WARNING_TEXT[w](c)])}
                </Badge>
              ))}
            </Group>
          )}
        </Stack>
      )}
      <Text size="sm" mt="xs">
        <Trans t={st} i18nKey="authorizations.AuthorizationsSection.level" values={{ level: sharedText(LEVELS_OF_CARE[a.authorizedLevel]) }} components={{ b: <b /> }} />
        {s.clinicalLevel && ` · ${st('authorizations.AuthorizationsSection.clinical', { level: sharedText(LEVELS_OF_CARE[s.clinicalLevel]) })}`}
        {a.levelDifferenceReason && s.clinicalLevel !== a.authorizedLevel ? ` · ${st('authorizations.AuthorizationsSection.whyTheyDiffer', { reason: a.levelDifferenceReason })}` : ''}
      </Text>
      {s.levelProblem && (
        <Text size="sm" c="red" role="alert">
          {sharedText(s.levelProblem.key, s.levelProblem.values)}
        </Text>
      )}
      {s.certification && (
        <Group gap="xs" mt={4}>
          <Text size="sm">
            <Trans t={st} i18nKey={`authorizations.AuthorizationsSection.certification.${s.certification.kind}`} values={{ dueOn: s.certification.dueOn }} components={{ b: <b /> }} />
            {Object.keys(a.certifications).length > 0 && ` · ${st('authorizations.AuthorizationsSection.lastSigned', { date: Object.values(a.certifications).map((c) => c.on).sort().at(-1) })}`}
          </Text>
          {s.certification.overdue && (
            <Badge color="red" size="sm">
              {st('authorizations.AuthorizationsSection.overdue')}
            </Badge>
          )}
          <Button size="compact-xs" variant="subtle" onClick={onCertify}>
            {st('authorizations.AuthorizationsSection.recordACertification')}
          </Button>
        </Group>
      )}
      {s.week && (
        <Group gap="xs">
          <Text size="sm">
            <Trans t={st} i18nKey="authorizations.AuthorizationsSection.thisWeek" values={{ attended: formatHours(s.week.attendedMinutes), target: formatHours(s.week.targetMinutes) }} components={{ b: <b /> }} />
            {s.week.shortfallMinutes > 0 ? ` · ${st('authorizations.AuthorizationsSection.short', { shortfall: formatHours(s.week.shortfallMinutes) })}` : ''}
          </Text>
          <WeekStatusBadge status={s.week.status} unrecorded={s.week.unrecordedSessions} />
        </Group>
      )}
      <Text size="sm">
        {a.nextReviewOn ? (
          <Trans t={st} i18nKey="authorizations.AuthorizationsSection.nextReview" values={{ date: a.nextReviewOn, type: sharedText(REVIEW_TYPES[a.reviewType]).toLowerCase() }} components={{ b: <b /> }} />
        ) : (
          <Trans t={st} i18nKey="authorizations.AuthorizationsSection.noNextReview" components={{ b: <b /> }} />
        )}
        {bucket && (
          <Badge ml="xs" size="sm" color={bucket === 'overdue' ? 'red' : 'blue'}>
            {sharedText(REVIEW_BUCKETS[bucket])}
          </Badge>
        )}
      </Text>
      {Object.keys(a.reviews).length > 0 && (
        <Table mt="xs" aria-label={st('authorizations.AuthorizationsSection.reviewsOf', { title })}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{st('authorizations.AuthorizationsSection.date')}</Table.Th>
              <Table.Th scope="col">{st('authorizations.AuthorizationsSection.type')}</Table.Th>
              <Table.Th scope="col">{st('authorizations.AuthorizationsSection.whatWasSent')}</Table.Th>
              <Table.Th scope="col">{st('authorizations.AuthorizationsSection.outcome')}</Table.Th>
              <Table.Th scope="col">{st('authorizations.AuthorizationsSection.by')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {reviewsInOrder(a).map((r) => (
              <Table.Tr key={r.id}>
                <Table.Td>{r.on}</Table.Td>
                <Table.Td>{sharedText(REVIEW_TYPES[r.type])}</Table.Td>
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
          {st('authorizations.AuthorizationsSection.heading')}
        </Title>
        {episodeId && (
          <Button size="compact-sm" variant="light" onClick={() => setForm({ kind: 'add' })}>
            {st('authorizations.AuthorizationsSection.addAnAuthorization')}
          </Button>
        )}
      </Group>
      {payers.length === 0 && episodeId && (
        <Alert color="blue" mb="xs">
          {st('authorizations.AuthorizationsSection.noPayers')}
        </Alert>
      )}
      {standings.length === 0 ? (
        <Text size="sm" c="dimmed">
          {st('authorizations.AuthorizationsSection.none')}
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
