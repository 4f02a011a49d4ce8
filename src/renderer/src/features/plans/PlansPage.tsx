import { useMemo, useState } from 'react';
import { Anchor, Badge, Card, Group, Select, Stack, Table, Text, Title, UnstyledButton } from '@mantine/core';
import { IconArrowDown, IconArrowUp } from '@tabler/icons-react';
import { combineLatest, map } from 'rxjs';
import { Link } from 'react-router';
import { displayName } from '../../../../shared/clients';
import { carePlanStatus, CARE_PLAN_STATES, describeCarePlanStatus, reviewsDue, type CarePlanState, type CarePlanStatus } from '../../../../shared/plans';
import { isMemberOn } from '../../../../shared/roster';
import { DEFAULT_PRACTICE_SETTINGS } from '../../../../shared/settings';
import { useServices } from '../../app/services';
import { useObservable } from '../../hooks/useObservable';
import { useToday } from '../../hooks/useToday';
import type { ClientRecord } from '../../repositories/clients';
import { planRecordId, type PlanRecord } from '../../repositories/plans';
import { formerStaffLabel, staffLabel } from '../../repositories/staff';
import { chartTabPath } from '../clients/chart/chartPath';
import { st } from '../../i18n/staff';
import { labelOptions, messagesText } from '../../i18n/shared';

/** Plan reviews due across the practice, by urgency, each a link to the plan. */
export function ReviewsDueSection() {
  const { plans, clients, settings } = useServices();
  const today = useToday();
  const all = useObservable(useMemo(() => plans.all$(), [plans]), [] as PlanRecord[]);
  const clientList = useObservable(useMemo(() => clients.list$(), [clients]), [] as ClientRecord[]);
  const cadenceDays = useObservable(useMemo(() => settings.observe(), [settings]), DEFAULT_PRACTICE_SETTINGS).planReviewCadenceDays;
  const names = new Map(clientList.map((c) => [c.id, displayName(c.data)]));
  const due = reviewsDue(
    all.filter((p) => p.status !== 'superseded').map((p) => p.data),
    today,
    { cadenceDays },
  );
  return (
    <Card withBorder component="section" aria-labelledby="reviews-heading">
      <Title order={3} size="h4" id="reviews-heading" mb="xs">{st('plans.PlansPage.planReviewsDue', { length: due.length })}</Title>
      {due.length === 0 ? (
        <Text size="sm" c="dimmed">
          {st('plans.PlansPage.noPlanReviewIsDue')}
        </Text>
      ) : (
        <Table aria-label={st('plans.PlansPage.planReviewsDue2')}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{st('plans.PlansPage.client')}</Table.Th>
              <Table.Th scope="col">{st('plans.PlansPage.due')}</Table.Th>
              <Table.Th scope="col">{st('plans.PlansPage.plan')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {due.map((r) => (
              <Table.Tr key={r.planId}>
                <Table.Td>{names.get(r.clientId) ?? st('plans.PlansPage.unknownClient')}</Table.Td>
                <Table.Td>
                  {r.dueOn}{' '}
                  {r.daysOverdue > 0 && (
                    <Badge size="xs" color="red">{st('plans.PlansPage.daysOverdue', { daysOverdue: r.daysOverdue })}</Badge>
                  )}
                </Table.Td>
                <Table.Td>
                  <Anchor component={Link} to={`/plans/${planRecordId(r.planId, r.version)}`}>{st('plans.PlansPage.version', { version: r.version })}</Anchor>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Card>
  );
}

interface Row {
  clientId: string;
  name: string;
  groups: { id: string; name: string }[];
  clinicians: { id: string; name: string }[];
  status: CarePlanStatus;
}

const STATE_COLOR: Record<CarePlanState, string> = { none: 'red', draft: 'orange', signed: 'teal', 'review-due': 'yellow', overdue: 'red' };
/** Most urgent first when sorting by status: what needs doing now comes to the top. */
const URGENCY: Record<CarePlanState, number> = { overdue: 0, none: 1, draft: 2, 'review-due': 3, signed: 4 };

type SortKey = 'name' | 'status';


/** Every client in care with where their treatment plan stands, to sort and filter by clinician and group. */
function PlansInCare() {
  const { plans, clients, episodes, programs, staff, settings } = useServices();
  const today = useToday();
  const cadenceDays = useObservable(useMemo(() => settings.observe(), [settings]), DEFAULT_PRACTICE_SETTINGS).planReviewCadenceDays;
  const rows = useObservable(
    useMemo(
      () =>
        combineLatest([episodes.open$(), plans.all$(), clients.list$(), programs.tree$(), programs.allMemberships$(), staff.active$()]).pipe(
          map(([open, allPlans, clientList, tree, memberships, staffList]): Row[] => {
            const clientsById = new Map(clientList.map((c) => [c.id, c]));
            const staffById = new Map(staffList.map((s) => [s.id, staffLabel(s)]));
            return open.flatMap((episode) => {
              const client = clientsById.get(episode.clientId);
              if (client === undefined || client.status === 'merged') return [];
              const groups = tree.groups.filter((g) => memberships.some((m) => m.groupId === g.id && m.clientId === client.id && isMemberOn(m, today)));
              const clinicianIds = [...new Set(groups.flatMap((g) => g.data.facilitatorIds))];
              const versions = allPlans.filter((p) => p.data.episodeId === episode.id).map((p) => p.data);
              return [
                {
                  clientId: client.id,
                  name: displayName(client.data),
                  groups: groups.map((g) => ({ id: g.id, name: g.data.name })),
                  clinicians: clinicianIds.map((id) => ({ id, name: staffById.get(id) ?? formerStaffLabel() })),
                  status: carePlanStatus(versions, today, { cadenceDays }),
                },
              ];
            });
          }),
        ),
      [episodes, plans, clients, programs, staff, today, cadenceDays],
    ),
    null as Row[] | null,
  );
  const [clinician, setClinician] = useState<string | null>(null);
  const [group, setGroup] = useState<string | null>(null);
  const [state, setState] = useState<string | null>(null);
  const [sort, setSort] = useState<{ key: SortKey; ascending: boolean }>({ key: 'status', ascending: true });

  if (rows === null) return <Text size="sm">{st('plans.PlansPage.loadingTheClientsInCare')}</Text>;
  const options = (pick: (r: Row) => { id: string; name: string }[]) =>
    [...new Map(rows.flatMap(pick).map((o) => [o.id, o.name])).entries()].map(([value, label]) => ({ value, label })).sort((a, b) => a.label.localeCompare(b.label));
  const shown = rows
    .filter((r) => (clinician === null || r.clinicians.some((c) => c.id === clinician)) && (group === null || r.groups.some((g) => g.id === group)) && (state === null || r.status.state === state))
    .sort((a, b) => {
      const order = sort.key === 'name' ? a.name.localeCompare(b.name) : URGENCY[a.status.state] - URGENCY[b.status.state] || (a.status.daysToDue ?? 0) - (b.status.daysToDue ?? 0) || a.name.localeCompare(b.name);
      return sort.ascending ? order : -order;
    });
  const header = (key: SortKey, label: string) => {
    const active = sort.key === key;
    return (
      <Table.Th scope="col" aria-sort={active ? (sort.ascending ? 'ascending' : 'descending') : 'none'}>
        <UnstyledButton onClick={() => setSort({ key, ascending: active ? !sort.ascending : true })} fw={700} fz="sm">
          {label} {active && (sort.ascending ? <IconArrowUp size={12} aria-hidden /> : <IconArrowDown size={12} aria-hidden />)}
        </UnstyledButton>
      </Table.Th>
    );
  };

  return (
    <Card withBorder component="section" aria-labelledby="in-care-heading">
      <Title order={3} size="h4" id="in-care-heading" mb="xs">{st('plans.PlansPage.clientsInCareOf', { length: shown.length, length2: rows.length })}</Title>
      <Group gap="sm" mb="sm" align="flex-end">
        <Select label={st('plans.PlansPage.clinician')} placeholder={st('plans.PlansPage.everyClinician')} data={options((r) => r.clinicians)} value={clinician} onChange={setClinician} clearable w={240} />
        <Select label={st('plans.PlansPage.group')} placeholder={st('plans.PlansPage.everyGroup')} data={options((r) => r.groups)} value={group} onChange={setGroup} clearable w={240} />
        <Select label={st('plans.PlansPage.planStatus')} placeholder={st('plans.PlansPage.anyStatus')} data={labelOptions(CARE_PLAN_STATES)} value={state} onChange={setState} clearable w={220} />
      </Group>
      {shown.length === 0 ? (
        <Text size="sm" c="dimmed">
          {rows.length === 0 ? st('plans.PlansPage.noClientHasAnOpen') : st('plans.PlansPage.noClientInCareMatches')}
        </Text>
      ) : (
        <Table aria-label={st('plans.PlansPage.clientsInCareAndTheir')} striped>
          <Table.Thead>
            <Table.Tr>
              {header('name', st('plans.PlansPage.client'))}
              <Table.Th scope="col">{st('plans.PlansPage.group')}</Table.Th>
              <Table.Th scope="col">{st('plans.PlansPage.clinician')}</Table.Th>
              {header('status', st('plans.PlansPage.plan'))}
              <Table.Th scope="col">{st('plans.PlansPage.open')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {shown.map((r) => (
              <Table.Tr key={r.clientId}>
                <Table.Td>
                  <Anchor component={Link} to={`/clients/${r.clientId}`}>
                    {r.name}
                  </Anchor>
                </Table.Td>
                <Table.Td>{r.groups.map((g) => g.name).join(', ') || '—'}</Table.Td>
                <Table.Td>{r.clinicians.map((c) => c.name).join(', ') || '—'}</Table.Td>
                <Table.Td>
                  <Badge variant="light" color={STATE_COLOR[r.status.state]}>
                    {messagesText([describeCarePlanStatus(r.status)])}
                  </Badge>
                  {r.status.reviewInProgress && (
                    <Text span size="xs" c="dimmed" ml={6}>
                      {st('plans.PlansPage.reviewBeingWritten')}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  {r.status.open ? (
                    <Anchor component={Link} to={`/plans/${planRecordId(r.status.open.planId, r.status.open.version)}`}>{st('plans.PlansPage.version', { version: r.status.open.version })}</Anchor>
                  ) : (
                    <Anchor component={Link} to={chartTabPath(r.clientId, 'plan')}>
                      {st('plans.PlansPage.writeAPlan')}
                    </Anchor>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Card>
  );
}

/** Treatment plans across the practice; alerts and measures due live on the dashboard. */
export function PlansPage() {
  return (
    <Stack gap="md" maw={1100}>
      <Title order={2}>{st('plans.PlansPage.treatmentPlans')}</Title>
      <PlansInCare />
      <ReviewsDueSection />
    </Stack>
  );
}
