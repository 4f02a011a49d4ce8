import { useMemo } from 'react';
import { Anchor, Badge, Paper, SimpleGrid, Text } from '@mantine/core';
import { combineLatest, map } from 'rxjs';
import { Link } from 'react-router';
import { addDays } from '../../../../../shared/calendar';
import { currentLevel, LEVELS_OF_CARE } from '../../../../../shared/episodes';
import { isPart2Record } from '../../../../../shared/exports/part2';
import { carePlanStatus, describeCarePlanStatus, type CarePlanStatus } from '../../../../../shared/plans';
import { isMemberOn } from '../../../../../shared/roster';
import { useServices } from '../../../app/services';
import { useObservable } from '../../../hooks/useObservable';
import { useFormat } from '../../../i18n/useFormat';
import type { ClientRecord } from '../../../repositories/clients';
import type { EpisodeRecord } from '../../../repositories/episodes';
import type { MembershipRecord, ProgramTree } from '../../../repositories/programs';
import type { SessionRecord } from '../../../repositories/sessions';
import { SESSION_KIND_LABELS } from '../../sessions/sessionKinds';
import { chartTabPath } from './chartPath';
import type { ChartTabValue } from './chartTabs';
import { messagesText, sharedText } from '../../../i18n/shared';
import { st } from '../../../i18n/staff';

/** How far ahead the header looks for the next session. */
const NEXT_SESSION_DAYS = 60;

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed" component="dt">
        {label}
      </Text>
      <Text size="sm" fw={500} component="dd" m={0}>
        {children}
      </Text>
    </div>
  );
}

/** The next session the client is expected at: a one-off naming them or a session of a group they belong to that day. */
function useNextSession(clientId: string, memberships: MembershipRecord[], today: string): SessionRecord | null | undefined {
  const { sessions } = useServices();
  const next$ = useMemo(() => {
    const now = new Date().toISOString();
    const expected = (s: SessionRecord) => (s.groupId === '' ? s.data.clientIds.includes(clientId) : memberships.some((m) => m.groupId === s.groupId && isMemberOn(m.data, s.date)));
    return sessions.between$({ from: today, to: addDays(today, NEXT_SESSION_DAYS) }).pipe(map((list) => list.find((s) => s.status === 'scheduled' && s.data.endsAt > now && expected(s)) ?? null));
  }, [sessions, clientId, memberships, today]);
  return useObservable<SessionRecord | null | undefined>(next$, undefined);
}

/**
 * What a clinician needs at a glance, above the tabs: level of care, track and groups, open risk
 * alerts, Part 2, the next session and the plan review. Each fact links to the tab that holds it.
 */
export function ChartHeader({ client, episodes, tree, memberships, today }: { client: ClientRecord; episodes: EpisodeRecord[]; tree: ProgramTree; memberships: MembershipRecord[]; today: string }) {
  const { measures, contacts, plans, settings } = useServices();
  const format = useFormat();
  const clientId = client.id;
  const open = episodes.find((e) => e.status === 'active');
  const facts$ = useMemo(
    () =>
      combineLatest([measures.openAlerts$(today, clientId), contacts.forClient$(clientId), plans.forClient$(clientId), settings.observe()]).pipe(
        map(([alerts, people, planList, practice]) => ({
          alerts: alerts.length,
          part2: isPart2Record(client.data, people.releases.map((r) => r.data)),
          plan: open ? carePlanStatus(planList.filter((p) => p.data.episodeId === open.id).map((p) => p.data), today, { cadenceDays: practice.planReviewCadenceDays }) : null,
        })),
      ),
    [measures, contacts, plans, settings, clientId, client.data, open, today],
  );
  const facts = useObservable(facts$, { alerts: 0, part2: isPart2Record(client.data, []), plan: null as CarePlanStatus | null });
  const current = useMemo(() => memberships.filter((m) => isMemberOn(m.data, today)), [memberships, today]);
  const next = useNextSession(clientId, memberships, today);
  const track = open ? (tree.tracks.find((t) => t.id === open.data.trackId)?.data.name ?? st('app.unknownNames.track')) : null;
  const groups = current.map((m) => tree.groups.find((g) => g.id === m.groupId)?.data.name ?? st('app.unknownNames.group')).sort((a, b) => a.localeCompare(b));
  const tab = (value: ChartTabValue) => chartTabPath(clientId, value);

  return (
    <Paper withBorder p="sm" component="section" aria-label={st('clients.chart.ChartHeader.chartSummary')} bg="var(--mantine-color-gray-0)">
      <SimpleGrid cols={{ base: 2, md: 6 }} spacing="sm" component="dl" m={0}>
        <Fact label={st('clients.chart.ChartHeader.levelOfCare')}>{open ? sharedText(LEVELS_OF_CARE[currentLevel(open.data)]) : client.status === 'discharged' ? st('clients.chart.ChartHeader.discharged') : st('clients.chart.ChartHeader.notInCare')}</Fact>
        <Fact label={st('clients.chart.ChartHeader.trackAndGroup')}>{track ? `${track} · ${groups.join(', ') || st('clients.chart.ChartHeader.noGroup')}` : '—'}</Fact>
        <Fact label={st('clients.chart.ChartHeader.riskAlerts')}>
          {facts.alerts === 0 ? (
            st('clients.chart.ChartHeader.noneOpen')
          ) : (
            <Anchor component={Link} to={tab('measures')} c="red" fw={700} size="sm">
              {facts.alerts === 1 ? st('clients.chart.ChartHeader.oneOpenAlert') : st('clients.chart.ChartHeader.openAlerts', { count: facts.alerts })}
            </Anchor>
          )}
        </Fact>
        <Fact label={st('clients.chart.ChartHeader.42CfrPart2')}>
          {facts.part2 ? (
            <Badge color="red" variant="light">
              {st('clients.chart.ChartHeader.part2Record')}
            </Badge>
          ) : (
            st('clients.chart.ChartHeader.notAPart2Record')
          )}
        </Fact>
        <Fact label={st('clients.chart.ChartHeader.nextSession')}>
          {next === undefined ? (
            '…'
          ) : next === null ? (
            st('clients.chart.ChartHeader.noneScheduled')
          ) : (
            <Anchor component={Link} to={`/sessions/${next.id}`} size="sm">
              {format.instant(next.data.startsAt)} · {next.groupId === '' ? SESSION_KIND_LABELS[next.kind] : next.data.title}
            </Anchor>
          )}
        </Fact>
        <Fact label={st('clients.chart.ChartHeader.treatmentPlan')}>
          {facts.plan === null ? (
            '—'
          ) : (
            <Anchor component={Link} to={tab('plan')} size="sm" c={facts.plan.state === 'overdue' || facts.plan.state === 'none' ? 'red' : undefined}>
              {messagesText([describeCarePlanStatus(facts.plan)])}
            </Anchor>
          )}
        </Fact>
      </SimpleGrid>
    </Paper>
  );
}
