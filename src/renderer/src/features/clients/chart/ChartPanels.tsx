import { Badge, Button, Card, Group, List, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { IconPrinter } from '@tabler/icons-react';
import { Link } from 'react-router';
import type { ClientIdentity } from '../../../../../shared/clients';
import { currentLevel, DISCHARGE_REASONS, LEVELS_OF_CARE } from '../../../../../shared/episodes';
import type { EpisodeRecord } from '../../../repositories/episodes';
import type { MembershipRecord, ProgramTree } from '../../../repositories/programs';

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
        Details
      </Title>
      <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
        <Detail label="Phone" value={data.phone} />
        <Detail label="Email" value={data.email} />
        <Detail label="Address" value={data.address} />
        <Detail label="Emergency contact" value={emergency} />
        <Detail label="Payer" value={[data.payer, data.memberId].filter(Boolean).join(' · ')} />
        <Detail label="Referral source" value={data.referralSource} />
      </SimpleGrid>
      <Text size="xs" c="dimmed" mt="sm">
        Diagnoses
      </Text>
      {data.diagnoses.length === 0 ? (
        <Text size="sm">—</Text>
      ) : (
        <List size="sm">
          {data.diagnoses.map((d) => (
            <List.Item key={d.code}>
              <b>{d.code}</b> {d.label}
              {d.primary ? ' (primary)' : ''}
            </List.Item>
          ))}
        </List>
      )}
    </Card>
  );
}

function EpisodeCard({ episode, tree, memberships, onChangeLevel, onDischarge }: { episode: EpisodeRecord; tree: ProgramTree; memberships: MembershipRecord[]; onChangeLevel: () => void; onDischarge: () => void }) {
  const e = episode.data;
  const program = tree.programs.find((p) => p.id === e.programId)?.data.name ?? 'Unknown programme';
  const track = tree.tracks.find((t) => t.id === e.trackId)?.data.name ?? 'Unknown track';
  const groups = memberships.filter((m) => m.data.joinedOn >= e.admittedOn && (!e.discharge || m.data.joinedOn <= e.discharge.on));
  return (
    <Card withBorder aria-label={`Episode admitted ${e.admittedOn}`} component="section">
      <Group justify="space-between" align="flex-start">
        <Stack gap={2}>
          <Text fw={600}>
            {program} · {track}
          </Text>
          <Text size="sm" c="dimmed">
            Admitted {e.admittedOn} at {LEVELS_OF_CARE[e.admittedLevel]}
            {e.discharge ? ` · discharged ${e.discharge.on}` : ''}
          </Text>
        </Stack>
        {e.discharge ? (
          <Group gap="xs">
            <Button component={Link} to={`/print/clients/${e.clientId}/episodes/${episode.id}/aftercare`} size="compact-sm" variant="light" leftSection={<IconPrinter size={14} aria-hidden />}>
              Print the aftercare plan
            </Button>
            <Badge color="gray">Discharged</Badge>
          </Group>
        ) : (
          <Group gap="xs">
            <Badge color="teal">{LEVELS_OF_CARE[currentLevel(e)]}</Badge>
            <Button size="compact-sm" variant="light" onClick={onChangeLevel}>
              Change level of care
            </Button>
            <Button size="compact-sm" variant="light" color="orange" onClick={onDischarge}>
              Discharge
            </Button>
          </Group>
        )}
      </Group>
      {e.levelChanges.length > 0 && (
        <Table mt="sm" aria-label="Level of care changes">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Date</Table.Th>
              <Table.Th scope="col">Change</Table.Th>
              <Table.Th scope="col">Reason</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {e.levelChanges.map((c) => (
              <Table.Tr key={`${c.on}-${c.to}`}>
                <Table.Td>{c.on}</Table.Td>
                <Table.Td>
                  {LEVELS_OF_CARE[c.from]} → {LEVELS_OF_CARE[c.to]}
                </Table.Td>
                <Table.Td>{c.reason}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {groups.length > 0 && (
        <Text size="sm" mt="sm">
          Groups:{' '}
          {groups
            .map((m) => `${tree.groups.find((g) => g.id === m.groupId)?.data.name ?? 'Unknown group'} (from ${m.data.joinedOn}${m.data.leftOn ? ` to ${m.data.leftOn}` : ''})`)
            .join('; ')}
        </Text>
      )}
      {e.discharge && (
        <Stack gap={4} mt="sm">
          <Text size="sm">
            <b>Discharge:</b> {DISCHARGE_REASONS[e.discharge.reason]}
            {e.discharge.summary ? ` — ${e.discharge.summary}` : ''}
          </Text>
          <Text size="sm">
            <b>Aftercare:</b> {e.discharge.aftercare.referrals.length > 0 ? e.discharge.aftercare.referrals.join('; ') : 'no referrals'}
            {e.discharge.aftercare.alumniGroup ? ' · alumni group' : ''}
            {e.discharge.aftercare.followUpOn ? ` · follow-up ${e.discharge.aftercare.followUpOn}` : ''}
          </Text>
          {e.discharge.aftercare.relapsePreventionPlan && (
            <Text size="sm">
              <b>Relapse-prevention plan:</b> {e.discharge.aftercare.relapsePreventionPlan}
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
      {episodes.length === 0 && <Text c="dimmed">No episodes yet.</Text>}
      {episodes.map((episode) => (
        <EpisodeCard key={episode.id} episode={episode} tree={tree} memberships={memberships} onChangeLevel={onChangeLevel} onDischarge={onDischarge} />
      ))}
    </Stack>
  );
}
