import { useMemo, useState } from 'react';
import { Alert, Anchor, Badge, Button, Card, Group, Stack, Text, Textarea, Title } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { Link } from 'react-router';
import { displayName } from '../../../../shared/clients';
import { MEASURES, type Administration, type MeasureAlertRule } from '../../../../shared/measures';
import { ModalForm } from '../../app/ModalForm';
import { useServices } from '../../app/services';
import { useObservable } from '../../hooks/useObservable';
import { useToday } from '../../hooks/useToday';
import type { ClientRecord } from '../../repositories/clients';
import type { AdministrationRecord, OpenAlertRecord } from '../../repositories/measures';
import { chartTabPath } from '../clients/chart/chartPath';
import { st } from '../../i18n/staff';

/** The rules that fired on an administration, in the instrument's order. */
function firedAlerts(admin: Administration): MeasureAlertRule[] {
  return MEASURES[admin.instrumentId].alerts.filter((rule) => admin.alertIds.includes(rule.id));
}

function AcknowledgeDialog({ record, onClose }: { record: AdministrationRecord; onClose: () => void }) {
  const { measures, vault } = useServices();
  const [note, setNote] = useState('');
  return (
    <ModalForm
      title={st('measures.MeasureAlerts.recordTheFollowUp')}
      submitLabel={st('measures.MeasureAlerts.acknowledgeTheAlert')}
      onClose={onClose}
      onSubmit={() => measures.acknowledge(record.id, { by: vault.currentProfile().id, followUpNote: note })}
    >
      <Text size="sm">{st('measures.MeasureAlerts.of', { shortName: MEASURES[record.data.instrumentId].shortName, date: record.date, actions: firedAlerts(record.data).map((a) => a.action).join(' ') })}</Text>
      <Textarea label={st('measures.MeasureAlerts.followUpNote')} description={st('measures.MeasureAlerts.whatWasDoneAndWith')} required autosize minRows={3} maxLength={2000} value={note} onChange={(e) => setNote(e.currentTarget.value)} data-autofocus />
    </ModalForm>
  );
}

/** One open alert: what fired and on which answer, what to do, and the way to record the follow-up. */
function MeasureAlert({ alert, client }: { alert: OpenAlertRecord; client?: { id: string; name: string } }) {
  const [acknowledging, setAcknowledging] = useState(false);
  const { record, overdue } = alert;
  const def = MEASURES[record.data.instrumentId];
  const fired = firedAlerts(record.data);
  return (
    <Alert role="alert" color="red" variant="light" icon={<IconAlertTriangle aria-hidden />} title={fired.map((a) => a.title).join('; ')}>
      <Stack gap={6}>
        {client && (
          <Anchor component={Link} to={chartTabPath(client.id, 'measures')} fw={600}>
            {client.name}
          </Anchor>
        )}
        <Text size="sm">
          {st(record.data.enteredBy === 'client' ? 'measures.MeasureAlerts.givenByClient' : 'measures.MeasureAlerts.given', {
            shortName: def.shortName,
            date: record.date,
            answers: fired
              .map((a) => {
                const item = def.items.find((i) => i.id === a.itemId)!;
                return st('measures.MeasureAlerts.questionAnswered', { number: item.number, answer: item.options.find((o) => o.value === record.data.answers[item.id])?.label ?? record.data.answers[item.id] });
              })
              .join(''),
          })}
        </Text>
        {overdue && (
          <Badge color="red" variant="filled" w="fit-content">
            {st('measures.MeasureAlerts.overdueNotFollowedUpOn')}
          </Badge>
        )}
        <Text size="sm">{fired.map((a) => a.action).join(' ')}</Text>
        <Group>
          <Button size="compact-sm" color="red" onClick={() => setAcknowledging(true)}>
            {st('measures.MeasureAlerts.recordTheFollowUp')}
          </Button>
        </Group>
      </Stack>
      {acknowledging && <AcknowledgeDialog record={record} onClose={() => setAcknowledging(false)} />}
    </Alert>
  );
}

/** A client's open alerts, at the top of their outcome measures; they stay until followed up. */
export function ClientMeasureAlerts({ clientId, today }: { clientId: string; today: string }) {
  const { measures } = useServices();
  const alerts = useObservable(useMemo(() => measures.openAlerts$(today, clientId), [measures, today, clientId]), [] as OpenAlertRecord[]);
  if (alerts.length === 0) return null;
  return (
    <Stack gap="xs">
      {alerts.map((alert) => (
        <MeasureAlert key={alert.record.id} alert={alert} />
      ))}
    </Stack>
  );
}

function ClientAlert({ alert }: { alert: OpenAlertRecord }) {
  const { clients } = useServices();
  const clientId = alert.record.clientId;
  const client = useObservable(useMemo(() => clients.get$(clientId), [clients, clientId]), null as ClientRecord | null);
  return <MeasureAlert alert={alert} client={{ id: clientId, name: client ? displayName(client.data) : st('measures.MeasureAlerts.loadingTheClient') }} />;
}

/** Open measure alerts across the practice, oldest first: for the dashboard. */
export function OpenAlertsSection() {
  const { measures } = useServices();
  const today = useToday();
  const alerts = useObservable(useMemo(() => measures.openAlerts$(today), [measures, today]), [] as OpenAlertRecord[]);
  return (
    <Card withBorder component="section" aria-labelledby="open-alerts-heading">
      <Title order={3} size="h4" id="open-alerts-heading" mb="xs">
        {st('measures.MeasureAlerts.openMeasureAlerts')}
      </Title>
      {alerts.length === 0 ? (
        <Text size="sm" c="dimmed">
          {st('measures.MeasureAlerts.noOpenAlertsEveryAlert')}
        </Text>
      ) : (
        <Stack gap="xs">
          {alerts.map((alert) => (
            <ClientAlert key={alert.record.id} alert={alert} />
          ))}
        </Stack>
      )}
    </Card>
  );
}
