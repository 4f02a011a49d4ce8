import { Badge, Button, Card, Group, List, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { IconPrinter } from '@tabler/icons-react';
import { Trans } from 'react-i18next';
import { Link } from 'react-router';
import type { ClientIdentity } from '../../../../../shared/clients';
import { currentLevel, DISCHARGE_REASONS, LEVELS_OF_CARE, type Discharge } from '../../../../../shared/episodes';
import type { EpisodeRecord } from '../../../repositories/episodes';
import type { MembershipRecord, ProgramTree } from '../../../repositories/programs';
import { sharedText } from '../../../i18n/shared';
import { st } from '../../../i18n/staff';

function Detail({ label, value }: { label: string; value: string }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm">{value || '—'}</Text>
    </div>
  );
}

export function Details({ data }: { data: ClientIdentity }) {
  const emergency = [data.emergencyContact.name, data.emergencyContact.relationship, data.emergencyContact.phone].filter(Boolean).join(' · ');
  return (
    <Card withBorder>
      <Title order={3} size="h4" mb="sm">
        {st('clients.chart.ChartPanels.details')}
      </Title>
      <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
        <Detail label={st('clients.chart.ChartPanels.phone')} value={data.phone} />
        <Detail label={st('clients.chart.ChartPanels.email')} value={data.email} />
        <Detail label={st('clients.chart.ChartPanels.address')} value={data.address} />
        <Detail label={st('clients.chart.ChartPanels.emergencyContact')} value={emergency} />
        <Detail label={st('clients.chart.ChartPanels.payer')} value={[data.payer, data.memberId].filter(Boolean).join(' · ')} />
        <Detail label={st('clients.chart.ChartPanels.referralSource')} value={data.referralSource} />
      </SimpleGrid>
      <Text size="xs" c="dimmed" mt="sm">
        {st('clients.chart.ChartPanels.diagnoses')}
      </Text>
      {data.diagnoses.length === 0 ? (
        <Text size="sm">—</Text>
      ) : (
        <List size="sm">
          {data.diagnoses.map((d) => (
            <List.Item key={d.code}>
              <b>{d.code}</b> {d.label}
              {d.primary ? st('clients.chart.ChartPanels.primary') : ''}
            </List.Item>
          ))}
        </List>
      )}
    </Card>
  );
}

/** The aftercare in a discharge, each a phrase of its own: the referrals (as typed), the alumni group, the follow-up. */
function aftercareItems(aftercare: Discharge['aftercare']): string[] {
  return [
    aftercare.referrals.length > 0 ? aftercare.referrals.join('; ') : st('clients.chart.ChartPanels.noReferrals'),
    ...(aftercare.alumniGroup ? [st('clients.chart.ChartPanels.alumniGroup')] : []),
    ...(aftercare.followUpOn ? [st('clients.chart.ChartPanels.followUp', { followUpOn: aftercare.followUpOn })] : []),
  ];
}

function EpisodeCard({ episode, tree, memberships, onChangeLevel, onDischarge }: { episode: EpisodeRecord; tree: ProgramTree; memberships: MembershipRecord[]; onChangeLevel: () => void; onDischarge: () => void }) {
  const e = episode.data;
  const program = tree.programs.find((p) => p.id === e.programId)?.data.name ?? st('app.unknownNames.programme');
  const track = tree.tracks.find((t) => t.id === e.trackId)?.data.name ?? st('app.unknownNames.track');
  const groups = memberships.filter((m) => m.data.joinedOn >= e.admittedOn && (!e.discharge || m.data.joinedOn <= e.discharge.on));
  return (
    <Card withBorder aria-label={st('clients.chart.ChartPanels.episodeAdmitted', { admittedOn: e.admittedOn })} component="section">
      <Group justify="space-between" align="flex-start">
        <Stack gap={2}>
          <Text fw={600}>
            {program} · {track}
          </Text>
          <Text size="sm" c="dimmed">
            {e.discharge
              ? st('clients.chart.ChartPanels.admittedAtDischarged', { admittedOn: e.admittedOn, level: sharedText(LEVELS_OF_CARE[e.admittedLevel]), on: e.discharge.on })
              : st('clients.chart.ChartPanels.admittedAt', { admittedOn: e.admittedOn, level: sharedText(LEVELS_OF_CARE[e.admittedLevel]) })}
          </Text>
        </Stack>
        {e.discharge ? (
          <Group gap="xs">
            <Button component={Link} to={`/print/clients/${e.clientId}/episodes/${episode.id}/aftercare`} size="compact-sm" variant="light" leftSection={<IconPrinter size={14} aria-hidden />}>
              {st('clients.chart.ChartPanels.printTheAftercarePlan')}
            </Button>
            <Badge color="gray">{st('clients.chart.ChartPanels.discharged2')}</Badge>
          </Group>
        ) : (
          <Group gap="xs">
            <Badge color="teal">{sharedText(LEVELS_OF_CARE[currentLevel(e)])}</Badge>
            <Button size="compact-sm" variant="light" onClick={onChangeLevel}>
              {st('clients.chart.ChartPanels.changeLevelOfCare')}
            </Button>
            <Button size="compact-sm" variant="light" color="orange" onClick={onDischarge}>
              {st('clients.chart.ChartPanels.discharge')}
            </Button>
          </Group>
        )}
      </Group>
      {e.levelChanges.length > 0 && (
        <Table mt="sm" aria-label={st('clients.chart.ChartPanels.levelOfCareChanges')}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{st('clients.chart.ChartPanels.date')}</Table.Th>
              <Table.Th scope="col">{st('clients.chart.ChartPanels.change')}</Table.Th>
              <Table.Th scope="col">{st('clients.chart.ChartPanels.reason')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {e.levelChanges.map((c) => (
              <Table.Tr key={`${c.on}-${c.to}`}>
                <Table.Td>{c.on}</Table.Td>
                <Table.Td>
                  {sharedText(LEVELS_OF_CARE[c.from])} → {sharedText(LEVELS_OF_CARE[c.to])}
                </Table.Td>
                <Table.Td>{c.reason}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {groups.length > 0 && (
        <Text size="sm" mt="sm">
          {st('clients.chart.ChartPanels.groups', {
            groups: groups
              .map((m) => {
                const name = tree.groups.find((g) => g.id === m.groupId)?.data.name ?? st('clients.chart.ChartPanels.unknownGroup');
                return m.data.leftOn ? st('clients.chart.ChartPanels.groupFromTo', { name, from: m.data.joinedOn, to: m.data.leftOn }) : st('clients.chart.ChartPanels.groupFrom', { name, from: m.data.joinedOn });
              })
              .join('; '),
          })}
        </Text>
      )}
      {e.discharge && (
        <Stack gap={4} mt="sm">
          <Text size="sm">
            {/* What staff typed is a component, never markup in the sentence (docs/I18N.md). */}
            <Trans
              t={st}
              i18nKey={e.discharge.summary ? 'clients.chart.ChartPanels.dischargeReasonSummary' : 'clients.chart.ChartPanels.dischargeReason'}
              values={{ reason: sharedText(DISCHARGE_REASONS[e.discharge.reason]) }}
              components={{ b: <b />, summary: <span>{e.discharge.summary}</span> }}
            />
          </Text>
          <Text size="sm">
            <Trans t={st} i18nKey="clients.chart.ChartPanels.aftercare" components={{ b: <b />, items: <span>{aftercareItems(e.discharge.aftercare).join(' · ')}</span> }} />
          </Text>
          {e.discharge.aftercare.relapsePreventionPlan && (
            <Text size="sm">
              <Trans t={st} i18nKey="clients.chart.ChartPanels.relapsePreventionPlan" components={{ b: <b />, plan: <span>{e.discharge.aftercare.relapsePreventionPlan}</span> }} />
            </Text>
          )}
        </Stack>
      )}
    </Card>
  );
}

/** Every episode of care, newest first, with the open one's actions. */
export function EpisodesPanel({ episodes, tree, memberships, onChangeLevel, onDischarge }: { episodes: EpisodeRecord[]; tree: ProgramTree; memberships: MembershipRecord[]; onChangeLevel: () => void; onDischarge: () => void }) {
  return (
    <Stack gap="md">
      {episodes.length === 0 && <Text c="dimmed">{st('clients.chart.ChartPanels.noEpisodesYet')}</Text>}
      {episodes.map((episode) => (
        <EpisodeCard key={episode.id} episode={episode} tree={tree} memberships={memberships} onChangeLevel={onChangeLevel} onDischarge={onDischarge} />
      ))}
    </Stack>
  );
}
