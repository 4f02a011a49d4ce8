import { useEffect, useMemo, useState } from 'react';
import { Alert, Anchor, Badge, Button, Card, Group, List, Loader, Select, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { Link, useLocation, useParams } from 'react-router';
import { ageOn, CLIENT_FLAGS, displayName, WAITLIST_PRIORITIES, type ClientIdentity } from '../../../../../shared/clients';
import { currentLevel, DISCHARGE_REASONS, LEVELS_OF_CARE } from '../../../../../shared/episodes';
import { useServices } from '../../../app/services';
import { useObservable } from '../../../hooks/useObservable';
import type { ClientRecord } from '../../../repositories/clients';
import { useToday } from '../../../hooks/useToday';
import type { EpisodeRecord } from '../../../repositories/episodes';
import type { MembershipRecord, ProgramTree } from '../../../repositories/programs';
import { ContactsSection } from './ContactsSection';
import { Duplicates } from './Duplicates';
import { SessionsSection } from './SessionsSection';
import { MeasuresSection } from '../../measures/MeasuresSection';
import { TreatmentPlanSection } from '../../plans/TreatmentPlanSection';
import { SubstanceUseSections } from '../../part2/SubstanceUseSections';
import { HoursSection } from '../../reports/HoursSection';
import { AuthorizationsSection } from '../../authorizations/AuthorizationsSection';
import { DocumentsSection } from '../../print/DocumentsSection';
import { admitClient } from '../admission';
import { AdmitForm, DischargeForm, LevelChangeForm, type AdmitValues, type DischargeValues } from './EpisodeForms';

const EMPTY_TREE: ProgramTree = { programs: [], tracks: [], groups: [] };

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

function Details({ data }: { data: ClientIdentity }) {
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
          <Badge color="gray">Discharged</Badge>
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

const METHODS = ['phone', 'text', 'email', 'letter', 'in person'] as const;

function Waitlist({ client, today }: { client: ClientRecord; today: string }) {
  const { clients } = useServices();
  const [attempt, setAttempt] = useState({ on: today, method: 'phone' as (typeof METHODS)[number], outcome: '' });
  const [error, setError] = useState<string | null>(null);
  const waitlist = client.data.waitlist;
  if (client.status !== 'waitlist' || !waitlist) return null;
  return (
    <Alert color="yellow" role="status" title={`On the waitlist since ${waitlist.addedOn} · ${WAITLIST_PRIORITIES[waitlist.priority]} priority`}>
      <Stack gap="xs">
        {waitlist.reason && <Text size="sm">{waitlist.reason}</Text>}
        {waitlist.attempts.length === 0 ? (
          <Text size="sm">No contact attempts yet.</Text>
        ) : (
          <List size="sm" aria-label="Contact attempts">
            {waitlist.attempts.map((a, i) => (
              <List.Item key={i}>
                {a.on} · {a.method}: {a.outcome}
              </List.Item>
            ))}
          </List>
        )}
        <form
          aria-label="Record a contact attempt"
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            clients.addContactAttempt(client.id, attempt).then(
              () => {
                setAttempt({ ...attempt, outcome: '' });
                setError(null);
              },
              (failure: unknown) => setError((failure as Error).message),
            );
          }}
        >
          <Group align="flex-end" gap="xs">
            <TextInput label="Date" type="date" size="xs" value={attempt.on} onChange={(e) => setAttempt({ ...attempt, on: e.currentTarget.value })} />
            <Select label="Method" size="xs" w={120} allowDeselect={false} data={[...METHODS]} value={attempt.method} onChange={(m) => m && setAttempt({ ...attempt, method: m as (typeof METHODS)[number] })} />
            <TextInput label="Outcome" size="xs" w={280} placeholder="e.g. left a voicemail" value={attempt.outcome} onChange={(e) => setAttempt({ ...attempt, outcome: e.currentTarget.value })} />
            <Button type="submit" size="xs" variant="light">
              Record attempt
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

  if (client === undefined) return <Loader aria-label="Loading the chart" />;
  if (client === null) return <Alert color="red">This client record does not exist on this device.</Alert>;
  const open = history.find((e) => e.status === 'active');

  const admit = (v: AdmitValues) => admitClient({ episodes, programs, clients }, clientId, v);
  const discharge = async (v: DischargeValues) => {
    await episodes.discharge(open!.id, {
      on: v.on,
      reason: v.reason as never,
      summary: v.summary,
      aftercare: { referrals: v.referrals.split('\n').map((r) => r.trim()).filter(Boolean), relapsePreventionPlan: v.relapsePreventionPlan, alumniGroup: v.alumniGroup, followUpOn: v.followUpOn },
    });
    for (const m of memberships) if (!m.data.leftOn || m.data.leftOn > v.on) await programs.endMembership(m.id, v.on, 'Discharged');
    await clients.setStatus(clientId, 'discharged');
  };

  const d = client.data;
  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-start">
        <Stack gap={4}>
          <Title order={2}>{displayName(d)}</Title>
          <Group gap="xs">
            <Text size="sm" c="dimmed">
              Born {d.dateOfBirth} (age {ageOn(d.dateOfBirth, today)}){d.pronouns ? ` · ${d.pronouns}` : ''}
            </Text>
            <Badge variant="light">{client.status}</Badge>
            {d.flags.map((flag) => (
              <Badge key={flag} color={flag === 'part2' ? 'red' : 'grape'}>
                {CLIENT_FLAGS[flag]}
              </Badge>
            ))}
          </Group>
        </Stack>
        {client.status !== 'merged' && (
          <Group gap="xs">
            <Button variant="default" component={Link} to={`/clients/${clientId}/edit`}>
              Edit details
            </Button>
            {!open && <Button onClick={() => setForm('admit')}>Admit to a programme</Button>}
          </Group>
        )}
      </Group>
      {client.status === 'merged' && client.data.mergedInto && (
        <Alert color="gray" role="status" title="This record was merged">
          <Anchor component={Link} to={`/clients/${client.data.mergedInto}`}>
            Open the record it was merged into
          </Anchor>
        </Alert>
      )}
      {admissionError && !open && (
        <Alert color="red" role="alert" title="Saved, but not admitted">
          {admissionError}. Admit from here with “Admit to a programme”.
        </Alert>
      )}
      {client.status !== 'merged' && <Duplicates client={client} />}
      <Waitlist client={client} today={today} />
      <Details data={d} />
      <MeasuresSection clientId={clientId} episodes={history} today={today} />
      <ContactsSection clientId={clientId} today={today} />
      <SubstanceUseSections clientId={clientId} client={d} clientName={`${d.firstName} ${d.lastName}`} episodes={history} today={today} />
      <HoursSection clientId={clientId} clientName={displayName(d)} today={today} />
      <AuthorizationsSection clientId={clientId} episodeId={open?.id ?? null} clinicalLevel={open ? currentLevel(open.data) : null} today={today} />
      <SessionsSection clientId={clientId} clientName={displayName(d)} today={today} />
      <TreatmentPlanSection clientId={clientId} openEpisodeId={open?.id ?? null} today={today} />
      <DocumentsSection clientId={clientId} />
      <Title order={3} size="h4">
        Episodes of care
      </Title>
      {history.length === 0 && <Text c="dimmed">No episodes yet.</Text>}
      {history.map((episode) => (
        <EpisodeCard key={episode.id} episode={episode} tree={tree} memberships={memberships} onChangeLevel={() => setForm('level')} onDischarge={() => setForm('discharge')} />
      ))}
      {form === 'admit' && <AdmitForm onClose={() => setForm(null)} tree={tree} today={today} onAdmit={admit} />}
      {form === 'level' && open && (
        <LevelChangeForm onClose={() => setForm(null)} current={currentLevel(open.data)} today={today} onChange={(v) => episodes.changeLevel(open.id, v).then(() => undefined)} />
      )}
      {form === 'discharge' && open && <DischargeForm onClose={() => setForm(null)} today={today} onDischarge={discharge} />}
    </Stack>
  );
}
