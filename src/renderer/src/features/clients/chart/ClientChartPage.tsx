import { useEffect, useMemo, useState } from 'react';
import { Alert, Anchor, Badge, Button, Group, List, Loader, Select, Stack, Tabs, Text, TextInput, Title } from '@mantine/core';
import { useHotkeys } from '@mantine/hooks';
import { Link, useLocation, useParams, useSearchParams } from 'react-router';
import { ageOn, CLIENT_FLAGS, displayName, WAITLIST_PRIORITIES } from '../../../../../shared/clients';
import { currentLevel, type DischargeReason } from '../../../../../shared/episodes';
import { useServices } from '../../../app/services';
import { useObservable } from '../../../hooks/useObservable';
import type { ClientRecord } from '../../../repositories/clients';
import { useToday } from '../../../hooks/useToday';
import type { EpisodeRecord } from '../../../repositories/episodes';
import type { MembershipRecord, ProgramTree } from '../../../repositories/programs';
import { ChartHeader } from './ChartHeader';
import { CHART_TABS, isChartTab, type ChartContext } from './chartTabs';
import { Duplicates } from './Duplicates';
import { admitClient } from '../admission';
import { AdmitForm, dischargeInput, DischargeForm, LevelChangeForm, type AdmitValues, type DischargeValues } from './EpisodeForms';
import { st } from '../../../i18n/staff';
import { errorText, sharedText } from '../../../i18n/shared';

const EMPTY_TREE: ProgramTree = { programs: [], tracks: [], groups: [] };

const METHODS = ['phone', 'text', 'email', 'letter', 'in person'] as const;

function Waitlist({ client, today }: { client: ClientRecord; today: string }) {
  const { clients } = useServices();
  const [attempt, setAttempt] = useState({ on: today, method: 'phone' as (typeof METHODS)[number], outcome: '' });
  const [error, setError] = useState<string | null>(null);
  const waitlist = client.data.waitlist;
  if (client.status !== 'waitlist' || !waitlist) return null;
  return (
    <Alert color="yellow" role="status" title={st('clients.chart.ClientChartPage.onTheWaitlistSincePriority', { addedOn: waitlist.addedOn, priority: sharedText(WAITLIST_PRIORITIES[waitlist.priority]) })}>
      <Stack gap="xs">
        {waitlist.reason && <Text size="sm">{waitlist.reason}</Text>}
        {waitlist.attempts.length === 0 ? (
          <Text size="sm">{st('clients.chart.ClientChartPage.noContactAttemptsYet')}</Text>
        ) : (
          <List size="sm" aria-label={st('clients.chart.ClientChartPage.contactAttempts')}>
            {waitlist.attempts.map((a, i) => (
              <List.Item key={i}>
                {a.on} · {a.method}: {a.outcome}
              </List.Item>
            ))}
          </List>
        )}
        <form
          aria-label={st('clients.chart.ClientChartPage.recordAContactAttempt')}
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            clients.addContactAttempt(client.id, attempt).then(
              () => {
                setAttempt({ ...attempt, outcome: '' });
                setError(null);
              },
              (failure: unknown) => setError(errorText(failure)),
            );
          }}
        >
          <Group align="flex-end" gap="xs">
            <TextInput label={st('clients.chart.ClientChartPage.date')} type="date" size="xs" value={attempt.on} onChange={(e) => setAttempt({ ...attempt, on: e.currentTarget.value })} />
            <Select label={st('clients.chart.ClientChartPage.method')} size="xs" w={120} allowDeselect={false} data={[...METHODS]} value={attempt.method} onChange={(m) => m && setAttempt({ ...attempt, method: m as (typeof METHODS)[number] })} />
            <TextInput label={st('clients.chart.ClientChartPage.outcome')} size="xs" w={280} placeholder={st('clients.chart.ClientChartPage.eGLeftAVoicemail')} value={attempt.outcome} onChange={(e) => setAttempt({ ...attempt, outcome: e.currentTarget.value })} />
            <Button type="submit" size="xs" variant="light">
              {st('clients.chart.ClientChartPage.recordAttempt')}
            </Button>
          </Group>
          {error && (
            <Text size="sm" c="red" role="alert" mt={4}>
              {error}
            </Text>
          )}
        </form>
      </Stack>
    </Alert>
  );
}

/** A client's chart: identity, waitlist, details and the whole episode history with its actions. */
export function ClientChartPage() {
  const { clientId = '' } = useParams();
  const { clients, episodes, programs, audit } = useServices();
  useEffect(() => void audit.record({ action: 'chart-opened', target: { collection: 'clients', id: clientId, clientId } }), [audit, clientId]);
  const client$ = useMemo(() => clients.get$(clientId), [clients, clientId]);
  const episodes$ = useMemo(() => episodes.forClient$(clientId), [episodes, clientId]);
  const tree$ = useMemo(() => programs.tree$(), [programs]);
  const memberships$ = useMemo(() => programs.membershipsOfClient$(clientId), [programs, clientId]);
  const client = useObservable<ClientRecord | null | undefined>(client$, undefined);
  const history = useObservable<EpisodeRecord[]>(episodes$, []);
  const tree = useObservable(tree$, EMPTY_TREE);
  const memberships = useObservable<MembershipRecord[]>(memberships$, []);
  const [form, setForm] = useState<'admit' | 'level' | 'discharge' | null>(null);
  const today = useToday();
  // The intake form saved the client but could not admit them: it says why here.
  const admissionError = (useLocation().state as { admissionError?: string } | null)?.admissionError;

  const [search, setSearch] = useSearchParams();
  const requested = search.get('tab');
  const tab = isChartTab(requested) ? requested : CHART_TABS[0].value;
  // Alt+<digit> is the app's sections; Alt+Shift+<digit> the chart's tabs.
  // Physical keys: with Shift held, the key pressed is a symbol ("$" for 4 on a US layout). The
  // chord types nothing, so it works from inside a field too (no tags ignored).
  useHotkeys(
    CHART_TABS.slice(0, 9).map((t, i) => [`alt+shift+digit${i + 1}`, () => setSearch({ tab: t.value }, { replace: true }), { usePhysicalKeys: true }] as const),
    [],
  );

  if (client === undefined) return <Loader aria-label={st('clients.chart.ClientChartPage.loadingTheChart')} />;
  if (client === null) return <Alert color="red">{st('clients.chart.ClientChartPage.thisClientRecordDoesNot')}</Alert>;
  const open = history.find((e) => e.status === 'active');

  const admit = (v: AdmitValues) => admitClient({ episodes, programs, clients }, clientId, v);
  const discharge = async (v: DischargeValues) => {
    // The form validated it: a reason was chosen.
    await episodes.discharge(open!.id, { ...dischargeInput(v), reason: v.reason as DischargeReason });
    for (const m of memberships) if (!m.data.leftOn || m.data.leftOn > v.on) await programs.endMembership(m.id, v.on, st('clients.chart.ClientChartPage.dischargedReason'));
    await clients.setStatus(clientId, 'discharged');
  };

  const d = client.data;
  const chart: ChartContext = { clientId, client, today, episodes: history, open, tree, memberships, openForm: setForm };
  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-start">
        <Stack gap={4}>
          <Title order={2}>{displayName(d)}</Title>
          <Group gap="xs">
            <Text size="sm" c="dimmed">
              {d.pronouns
                ? st('clients.chart.ClientChartPage.bornAgePronouns', { dateOfBirth: d.dateOfBirth, age: ageOn(d.dateOfBirth, today), pronouns: d.pronouns })
                : st('clients.chart.ClientChartPage.bornAge', { dateOfBirth: d.dateOfBirth, age: ageOn(d.dateOfBirth, today) })}
            </Text>
            <Badge variant="light">{client.status}</Badge>
            {d.flags.map((flag) => (
              <Badge key={flag} color={flag === 'part2' ? 'red' : 'grape'}>
                {sharedText(CLIENT_FLAGS[flag])}
              </Badge>
            ))}
          </Group>
        </Stack>
        {client.status !== 'merged' && (
          <Group gap="xs">
            <Button variant="default" component={Link} to={`/clients/${clientId}/edit`}>
              {st('clients.chart.ClientChartPage.editDetails')}
            </Button>
            {!open && <Button onClick={() => setForm('admit')}>{st('clients.chart.ClientChartPage.admitToAProgramme')}</Button>}
          </Group>
        )}
      </Group>
      <ChartHeader client={client} episodes={history} tree={tree} memberships={memberships} today={today} />
      {client.status === 'merged' && client.data.mergedInto && (
        <Alert color="gray" role="status" title={st('clients.chart.ClientChartPage.thisRecordWasMerged')}>
          <Anchor component={Link} to={`/clients/${client.data.mergedInto}`}>
            {st('clients.chart.ClientChartPage.openTheRecordItWas')}
          </Anchor>
        </Alert>
      )}
      {admissionError && !open && (
        <Alert color="red" role="alert" title={st('clients.chart.ClientChartPage.savedButNotAdmitted')}>{st('clients.chart.ClientChartPage.admitFromHereWithAdmit', { admissionError })}</Alert>
      )}
      {client.status !== 'merged' && <Duplicates client={client} />}
      <Waitlist client={client} today={today} />
      <Tabs value={tab} onChange={(value) => isChartTab(value) && setSearch({ tab: value }, { replace: true })} keepMounted={false}>
        <Tabs.List aria-label={st('clients.chart.ClientChartPage.chartSections')}>
          {CHART_TABS.map((t, i) => (
            <Tabs.Tab key={t.value} value={t.value} aria-keyshortcuts={i < 9 ? `Alt+Shift+${i + 1}` : undefined} title={i < 9 ? st('clients.chart.ClientChartPage.altShift', { key: i + 1 }) : undefined}>
              {t.label}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        {CHART_TABS.map((t) => (
          <Tabs.Panel key={t.value} value={t.value} pt="md">
            {t.render(chart)}
          </Tabs.Panel>
        ))}
      </Tabs>
      {form === 'admit' && <AdmitForm onClose={() => setForm(null)} tree={tree} today={today} onAdmit={admit} />}
      {form === 'level' && open && (
        <LevelChangeForm onClose={() => setForm(null)} current={currentLevel(open.data)} today={today} onChange={(v) => episodes.changeLevel(open.id, v).then(() => undefined)} />
      )}
      {form === 'discharge' && open && <DischargeForm onClose={() => setForm(null)} today={today} onDischarge={discharge} />}
    </Stack>
  );
}
