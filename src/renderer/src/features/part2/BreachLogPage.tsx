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
import type { BreachRecord } from '../../repositories/part2';

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
    <ModalForm title={existing ? 'Edit the incident' : 'Record a suspected breach'} submitLabel={existing ? 'Save the incident' : 'Record the incident'} onClose={onClose} onSubmit={save} form={form}>
      <Group grow align="flex-start">
        <TextInput label="Discovered on" description="The first day anyone in the practice knew, or should have known" type="date" required {...form.getInputProps('discoveredOn')} />
        <NumberInput label="Individuals affected" description="0 while not yet known" min={0} allowDecimal={false} clampBehavior="none" required {...form.getInputProps('affectedClients')} />
      </Group>
      <Textarea label="What happened" required autosize minRows={2} {...form.getInputProps('description')} />
      <Textarea label="Which records" description="Kinds of records and whose, by group or count: no client names here" autosize minRows={1} {...form.getInputProps('records')} />
      <Title order={4} size="h5" mt="xs">
        Risk assessment
      </Title>
      <Text size="sm" c="dimmed">
        An unauthorized use or disclosure is presumed a breach unless these four factors show a low probability that the information was compromised.
      </Text>
      {FACTORS.map((factor) => (
        <Textarea key={factor} label={BREACH_RISK_FACTORS[factor]} autosize minRows={1} {...form.getInputProps(`risk.${factor}`)} />
      ))}
      <Radio.Group label="Decision" {...form.getInputProps('decision')}>
        <Stack gap={4} mt={4}>
          {(Object.keys(BREACH_DECISIONS) as BreachDecision[]).map((d) => (
            <Radio key={d} value={d} label={BREACH_DECISIONS[d]} />
          ))}
        </Stack>
      </Radio.Group>
      {existing && (
        <Group grow align="flex-start">
          <Select
            label="Status"
            allowDeselect={false}
            data={[
              { value: 'open', label: 'Open' },
              { value: 'closed', label: 'Closed' },
            ]}
            {...form.getInputProps('status')}
          />
          <TextInput label="Closed on" type="date" {...form.getInputProps('closedOn')} />
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
        message: `Not before the discovery (${record.data.discoveredOn})`,
        path: ['on'],
        // Checked whenever the date itself is valid, so its message shows beside the others.
        when: ({ value }) => breachNotificationSchema.shape.on.safeParse((value as { on?: unknown }).on).success,
      }),
    [record.data.discoveredOn],
  );
  const form = useSchemaForm<{ to: BreachNotified | ''; on: string; how: string }>(schema, { to: '', on: today, how: '' });
  const save = () => part2.updateBreach(record.id, { ...record.data, notifications: { ...record.data.notifications, [crypto.randomUUID()]: form.getValues() as BreachIncident['notifications'][string] } });
  return (
    <ModalForm title="Record a notification" size="md" submitLabel="Record the notification" onClose={onClose} onSubmit={save} form={form}>
      <Select label="Who was notified" required data={Object.entries(BREACH_NOTIFIED).map(([value, label]) => ({ value, label }))} {...form.getInputProps('to')} />
      <TextInput label="On" type="date" required {...form.getInputProps('on')} />
      <TextInput label="How" description="e.g. letters by first-class mail, the HHS breach portal, a press release" required {...form.getInputProps('how')} />
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
            Discovered {b.discoveredOn}
          </Title>
          <Group gap={6} mt={4}>
            <Badge color={b.status === 'open' ? 'orange' : 'gray'} variant="light">
              {b.status === 'open' ? 'Open' : `Closed ${b.closedOn}`}
            </Badge>
            <Badge color={b.decision === 'breach' ? 'red.9' : b.decision === 'not-a-breach' ? 'green.9' : 'dark'} variant="outline">
              {b.decision === 'undecided' ? 'Not decided (presumed a breach)' : b.decision === 'breach' ? 'A breach' : 'Not a breach'}
            </Badge>
            <Text size="sm">
              {b.affectedClients} {b.affectedClients === 1 ? 'individual' : 'individuals'} affected
            </Text>
          </Group>
        </div>
        <Group gap="xs">
          <Button size="compact-sm" variant="default" onClick={onNotify}>
            Record a notification
          </Button>
          <Button size="compact-sm" variant="light" onClick={onEdit}>
            Edit the incident
          </Button>
        </Group>
      </Group>
      {(due.shown || b.status === 'open') && (
        <Alert color={due.state === 'overdue' ? 'red' : due.warn ? 'orange' : due.state === 'due' ? 'blue' : 'green'} role={due.warn ? 'alert' : 'status'} mb="xs" title={due.message}>
          {due.state !== 'not-a-breach' && (
            <Text size="sm">
              HHS: {large ? `within the same 60 days, by ${due.hhsDeadline} (${BREACH_LARGE_THRESHOLD} or more affected; the media too)` : `in the yearly report, by ${due.hhsDeadline}`}.
            </Text>
          )}
        </Alert>
      )}
      <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
        {b.description}
      </Text>
      {b.records && (
        <Text size="sm" c="dimmed" mt={4}>
          Records: {b.records}
        </Text>
      )}
      {FACTORS.some((f) => b.risk[f] !== '') && (
        <Table mt="xs" aria-label={`Risk assessment of the incident discovered ${b.discoveredOn}`} verticalSpacing={2}>
          <Table.Tbody>
            {FACTORS.map((f) => (
              <Table.Tr key={f}>
                <Table.Th scope="row" w="45%" fw={500}>
                  {BREACH_RISK_FACTORS[f]}
                </Table.Th>
                <Table.Td>{b.risk[f] || <Text span c="dimmed" size="sm">Not answered</Text>}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <Text size="sm" fw={500} mt="xs">
        Notifications
      </Text>
      {notifications.length === 0 ? (
        <Text size="sm" c="dimmed">
          None recorded.
        </Text>
      ) : (
        <Table aria-label={`Notifications of the incident discovered ${b.discoveredOn}`} verticalSpacing={2}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">On</Table.Th>
              <Table.Th scope="col">To</Table.Th>
              <Table.Th scope="col">How</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {notifications.map(([id, n]) => (
              <Table.Tr key={id}>
                <Table.Td>{n.on}</Table.Td>
                <Table.Td>{BREACH_NOTIFIED[n.to]}</Table.Td>
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
      <Alert color="yellow" title="Breach log">
        Only an administrator can see and keep the breach log.
      </Alert>
    );
  const open = (breaches ?? []).filter((b) => breachDeadline(b.data, today).shown);
  return (
    <Stack gap="md" maw={960}>
      <Group justify="space-between">
        <div>
          <Anchor component={Link} to="/settings#security" size="sm">
            Settings
          </Anchor>
          <Title order={2}>Breach log</Title>
        </div>
        <Button onClick={() => setEditing({ record: null })}>Record a suspected breach</Button>
      </Group>
      <Text size="sm" maw={760}>
        Affected individuals must be told without unreasonable delay and no later than 60 calendar days after a breach is discovered; HHS within the same 60 days when{' '}
        {BREACH_LARGE_THRESHOLD} or more are affected, otherwise within 60 days after the end of the year. Each deadline stays on this page until its incident is closed.
      </Text>
      {breaches === null ? null : breaches.length === 0 ? (
        <Text c="dimmed">No incident recorded.</Text>
      ) : (
        <>
          <Text size="sm" role="status">
            {breaches.length} {breaches.length === 1 ? 'incident' : 'incidents'}, {open.length} with a notification deadline open.
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
