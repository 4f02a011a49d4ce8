import { useMemo, useState } from 'react';
import { Alert, Anchor, Badge, Button, Card, Group, NumberInput, Radio, Select, Stack, Table, Text, Textarea, TextInput, Title } from '@mantine/core';
import { Link } from 'react-router';
import {
  BREACH_DECISIONS,
  BREACH_LARGE_THRESHOLD,
  BREACH_NOTIFIED,
  BREACH_RISK_FACTORS,
  breachDeadline,
  breachIncidentSchema,
  breachNotificationSchema,
  type BreachDecision,
  type BreachIncident,
  type BreachNotified,
  type BreachRiskFactor,
} from '../../../../shared/part2';
import { ModalForm } from '../../app/ModalForm';
import { useSchemaForm } from '../../app/forms';
import { useServices } from '../../app/services';
import { useObservable } from '../../hooks/useObservable';
import { useToday } from '../../hooks/useToday';
import { st } from '../../i18n/staff';
import type { BreachRecord } from '../../repositories/part2';
import { labelOptions, sharedText } from '../../i18n/shared';

const FACTORS = Object.keys(BREACH_RISK_FACTORS) as BreachRiskFactor[];

/** The incident as the form edits it: every field present, the count as typed. */
type IncidentValues = Omit<BreachIncident, 'affectedClients' | 'closedOn'> & { affectedClients: number | string; closedOn: string };

const valuesOf = (incident: BreachIncident): IncidentValues => ({ ...incident, closedOn: incident.closedOn ?? '' });
const incidentOf = ({ closedOn, affectedClients, ...rest }: IncidentValues) => ({
  ...rest,
  affectedClients: affectedClients === '' ? Number.NaN : Number(affectedClients),
  ...(closedOn === '' ? {} : { closedOn }),
});

/** Records a suspected breach, or edits one: what happened, whose records, the four-factor risk assessment and the decision. */
function IncidentForm({ existing, today, onClose }: { existing: BreachRecord | null; today: string; onClose: () => void }) {
  const { part2 } = useServices();
  const blank: IncidentValues = { discoveredOn: today, description: '', records: '', affectedClients: 0, risk: { nature: '', person: '', acquired: '', mitigated: '' }, decision: 'undecided', status: 'open', closedOn: '', notifications: {} };
  const form = useSchemaForm<IncidentValues>(breachIncidentSchema, existing ? valuesOf(existing.data) : blank, { toInput: incidentOf });
  const save = () => {
    const input = incidentOf(form.getValues());
    return existing ? part2.updateBreach(existing.id, input) : part2.recordBreach(input);
  };
  return (
    <ModalForm title={existing ? st('part2.BreachLogPage.editTitle') : st('part2.BreachLogPage.recordTitle')} submitLabel={existing ? st('part2.BreachLogPage.saveIncident') : st('part2.BreachLogPage.recordIncident')} onClose={onClose} onSubmit={save} form={form}>
      <Group grow align="flex-start">
        <TextInput label={st('part2.BreachLogPage.discoveredOn')} description={st('part2.BreachLogPage.discoveredOnHelp')} type="date" required {...form.getInputProps('discoveredOn')} />
        <NumberInput label={st('part2.BreachLogPage.affected')} description={st('part2.BreachLogPage.affectedHelp')} min={0} allowDecimal={false} clampBehavior="none" required {...form.getInputProps('affectedClients')} />
      </Group>
      <Textarea label={st('part2.BreachLogPage.whatHappened')} required autosize minRows={2} {...form.getInputProps('description')} />
      <Textarea label={st('part2.BreachLogPage.whichRecords')} description={st('part2.BreachLogPage.whichRecordsHelp')} autosize minRows={1} {...form.getInputProps('records')} />
      <Title order={4} size="h5" mt="xs">
        {st('part2.BreachLogPage.riskAssessment')}
      </Title>
      <Text size="sm" c="dimmed">
        {st('part2.BreachLogPage.presumed')}
      </Text>
      {FACTORS.map((factor) => (
        <Textarea key={factor} label={sharedText(BREACH_RISK_FACTORS[factor])} autosize minRows={1} {...form.getInputProps(`risk.${factor}`)} />
      ))}
      <Radio.Group label={st('part2.BreachLogPage.decision')} {...form.getInputProps('decision')}>
        <Stack gap={4} mt={4}>
          {(Object.keys(BREACH_DECISIONS) as BreachDecision[]).map((d) => (
            <Radio key={d} value={d} label={sharedText(BREACH_DECISIONS[d])} />
          ))}
        </Stack>
      </Radio.Group>
      {existing && (
        <Group grow align="flex-start">
          <Select
            label={st('part2.BreachLogPage.status')}
            allowDeselect={false}
            data={[
              { value: 'open', label: st('part2.BreachLogPage.open') },
              { value: 'closed', label: st('part2.BreachLogPage.closed') },
            ]}
            {...form.getInputProps('status')}
          />
          <TextInput label={st('part2.BreachLogPage.closedOn')} type="date" {...form.getInputProps('closedOn')} />
        </Group>
      )}
    </ModalForm>
  );
}

/** Adds one notification (individuals, HHS, the media, another) with its date. */
function NotificationForm({ record, today, onClose }: { record: BreachRecord; today: string; onClose: () => void }) {
  const { part2 } = useServices();
  const schema = useMemo(
    () =>
      breachNotificationSchema.refine((n) => n.on >= record.data.discoveredOn, {
        message: st('part2.BreachLogPage.notBeforeDiscovery', { date: record.data.discoveredOn }),
        path: ['on'],
        // Checked whenever the date itself is valid, so its message shows beside the others.
        when: ({ value }) => breachNotificationSchema.shape.on.safeParse((value as { on?: unknown }).on).success,
      }),
    [record.data.discoveredOn],
  );
  const form = useSchemaForm<{ to: BreachNotified | ''; on: string; how: string }>(schema, { to: '', on: today, how: '' });
  const save = () => part2.updateBreach(record.id, { ...record.data, notifications: { ...record.data.notifications, [crypto.randomUUID()]: form.getValues() as BreachIncident['notifications'][string] } });
  return (
    <ModalForm title={st('part2.BreachLogPage.recordANotification')} size="md" submitLabel={st('part2.BreachLogPage.recordTheNotification')} onClose={onClose} onSubmit={save} form={form}>
      <Select label={st('part2.BreachLogPage.whoNotified')} required data={labelOptions(BREACH_NOTIFIED)} {...form.getInputProps('to')} />
      <TextInput label={st('part2.BreachLogPage.on')} type="date" required {...form.getInputProps('on')} />
      <TextInput label={st('part2.BreachLogPage.how')} description={st('part2.BreachLogPage.howHelp')} required {...form.getInputProps('how')} />
    </ModalForm>
  );
}

function Incident({ record, today, onEdit, onNotify }: { record: BreachRecord; today: string; onEdit: () => void; onNotify: () => void }) {
  const b = record.data;
  const due = breachDeadline(b, today);
  const notifications = Object.entries(b.notifications).sort(([, x], [, y]) => x.on.localeCompare(y.on));
  const large = b.affectedClients >= BREACH_LARGE_THRESHOLD;
  return (
    <Card withBorder component="article" aria-labelledby={`${record.id}-title`}>
      <Group justify="space-between" align="flex-start" mb="xs">
        <div>
          <Title order={3} size="h4" id={`${record.id}-title`}>
            {st('part2.BreachLogPage.discovered', { date: b.discoveredOn })}
          </Title>
          <Group gap={6} mt={4}>
            <Badge color={b.status === 'open' ? 'orange' : 'gray'} variant="light">
              {b.status === 'open' ? st('part2.BreachLogPage.open') : st('part2.BreachLogPage.closedDate', { date: b.closedOn })}
            </Badge>
            <Badge color={b.decision === 'breach' ? 'red.9' : b.decision === 'not-a-breach' ? 'green.9' : 'dark'} variant="outline">
              {b.decision === 'undecided' ? st('part2.BreachLogPage.undecided') : b.decision === 'breach' ? st('part2.BreachLogPage.aBreach') : st('part2.BreachLogPage.notABreach')}
            </Badge>
            <Text size="sm">
              {st(b.affectedClients === 1 ? 'part2.BreachLogPage.oneAffected' : 'part2.BreachLogPage.manyAffected', { count: b.affectedClients })}
            </Text>
          </Group>
        </div>
        <Group gap="xs">
          <Button size="compact-sm" variant="default" onClick={onNotify}>
            {st('part2.BreachLogPage.recordANotification')}
          </Button>
          <Button size="compact-sm" variant="light" onClick={onEdit}>
            {st('part2.BreachLogPage.editTitle')}
          </Button>
        </Group>
      </Group>
      {(due.shown || b.status === 'open') && (
        <Alert color={due.state === 'overdue' ? 'red' : due.warn ? 'orange' : due.state === 'due' ? 'blue' : 'green'} role={due.warn ? 'alert' : 'status'} mb="xs" title={sharedText(due.message.key, due.message.values)}>
          {due.state !== 'not-a-breach' && (
            <Text size="sm">
              {large ? st('part2.BreachLogPage.hhsLarge', { deadline: due.hhsDeadline, threshold: BREACH_LARGE_THRESHOLD }) : st('part2.BreachLogPage.hhsYearly', { deadline: due.hhsDeadline })}
            </Text>
          )}
        </Alert>
      )}
      <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
        {b.description}
      </Text>
      {b.records && (
        <Text size="sm" c="dimmed" mt={4}>
          {st('part2.BreachLogPage.records', { records: b.records })}
        </Text>
      )}
      {FACTORS.some((f) => b.risk[f] !== '') && (
        <Table mt="xs" aria-label={st('part2.BreachLogPage.riskOf', { date: b.discoveredOn })} verticalSpacing={2}>
          <Table.Tbody>
            {FACTORS.map((f) => (
              <Table.Tr key={f}>
                <Table.Th scope="row" w="45%" fw={500}>
                  {sharedText(BREACH_RISK_FACTORS[f])}
                </Table.Th>
                <Table.Td>{b.risk[f] || <Text span c="dimmed" size="sm">{st('part2.BreachLogPage.notAnswered')}</Text>}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <Text size="sm" fw={500} mt="xs">
        {st('part2.BreachLogPage.notifications')}
      </Text>
      {notifications.length === 0 ? (
        <Text size="sm" c="dimmed">
          {st('part2.BreachLogPage.noneRecorded')}
        </Text>
      ) : (
        <Table aria-label={st('part2.BreachLogPage.notificationsOf', { date: b.discoveredOn })} verticalSpacing={2}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{st('part2.BreachLogPage.on')}</Table.Th>
              <Table.Th scope="col">{st('part2.BreachLogPage.to')}</Table.Th>
              <Table.Th scope="col">{st('part2.BreachLogPage.how')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {notifications.map(([id, n]) => (
              <Table.Tr key={id}>
                <Table.Td>{n.on}</Table.Td>
                <Table.Td>{sharedText(BREACH_NOTIFIED[n.to])}</Table.Td>
                <Table.Td>{n.how}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Card>
  );
}

/**
 * Settings → Breach log (administrators): suspected breaches of Part 2 and other client records,
 * the four-factor risk assessment, the decision, the notifications, and the 60-day deadline shown
 * and warned about until the incident is closed.
 */
export function BreachLogPage() {
  const { part2, vault } = useServices();
  const today = useToday();
  const breaches$ = useMemo(() => part2.breaches$(), [part2]);
  const breaches = useObservable<BreachRecord[] | null>(breaches$, null);
  const [editing, setEditing] = useState<{ record: BreachRecord | null } | null>(null);
  const [notifying, setNotifying] = useState<BreachRecord | null>(null);
  if (vault.currentProfile().role !== 'administrator')
    return (
      <Alert color="yellow" title={st('part2.BreachLogPage.heading')}>
        {st('part2.BreachLogPage.adminsOnly')}
      </Alert>
    );
  const open = (breaches ?? []).filter((b) => breachDeadline(b.data, today).shown);
  return (
    <Stack gap="md" maw={960}>
      <Group justify="space-between">
        <div>
          <Anchor component={Link} to="/settings#security" size="sm">
            {st('part2.BreachLogPage.settings')}
          </Anchor>
          <Title order={2}>{st('part2.BreachLogPage.heading')}</Title>
        </div>
        <Button onClick={() => setEditing({ record: null })}>{st('part2.BreachLogPage.recordTitle')}</Button>
      </Group>
      <Text size="sm" maw={760}>
        {st('part2.BreachLogPage.deadlines', { threshold: BREACH_LARGE_THRESHOLD })}
      </Text>
      {breaches === null ? null : breaches.length === 0 ? (
        <Text c="dimmed">{st('part2.BreachLogPage.noIncident')}</Text>
      ) : (
        <>
          <Text size="sm" role="status">
            {st(breaches.length === 1 ? 'part2.BreachLogPage.oneIncident' : 'part2.BreachLogPage.manyIncidents', { count: breaches.length, open: open.length })}
          </Text>
          {breaches.map((b) => (
            <Incident key={b.id} record={b} today={today} onEdit={() => setEditing({ record: b })} onNotify={() => setNotifying(b)} />
          ))}
        </>
      )}
      {editing && <IncidentForm existing={editing.record} today={today} onClose={() => setEditing(null)} />}
      {notifying && <NotificationForm record={notifying} today={today} onClose={() => setNotifying(null)} />}
    </Stack>
  );
}
