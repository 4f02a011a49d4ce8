import { useMemo, useState } from 'react';
import { Anchor, Button, Card, Group, MultiSelect, Select, Table, Text, TextInput, Title } from '@mantine/core';
import { Link } from 'react-router';
import { isReleaseInForce } from '../../../../../shared/contacts';
import { MODALITIES, type Modality } from '../../../../../shared/programs';
import { ModalForm } from '../../../app/ModalForm';
import { useServices } from '../../../app/services';
import { useObservable } from '../../../hooks/useObservable';
import { usePracticeZone } from '../../../hooks/useToday';
import type { ContactRecord, ReleaseRecord } from '../../../repositories/contacts';
import type { SessionKind, SessionRecord } from '../../../repositories/sessions';
import { staffLabel } from '../../../repositories/staff';
import { SESSION_KIND_LABELS } from '../../sessions/sessionKinds';
import { st } from '../../../i18n/staff';
import { labelOptions } from '../../../i18n/shared';


function SessionForm({ clientId, clientName, today, onClose }: { clientId: string; clientName: string; today: string; onClose: () => void }) {
  const { sessions, staff, contacts } = useServices();
  const { zone } = usePracticeZone();
  const staffList = useObservable(useMemo(() => staff.active$(), [staff]), []);
  const people = useObservable(useMemo(() => contacts.forClient$(clientId), [contacts, clientId]), { contacts: [] as ContactRecord[], releases: [] as ReleaseRecord[] });
  const [v, setV] = useState({ kind: 'individual' as Exclude<SessionKind, 'group'>, date: today, start: '13:00', end: '13:50', facilitatorIds: [] as string[], modality: 'in-person' as Modality, location: '', contactIds: [] as string[] });
  const set = (change: Partial<typeof v>) => setV((current) => ({ ...current, ...change }));
  // Only contacts who take part in family sessions and whose release is in force on the day.
  const eligible = people.contacts.filter((c) => c.data.familySessions && people.releases.some((r) => r.data.contactId === c.id && isReleaseInForce(r.data, v.date)));
  const save = () =>
    sessions.createOneOff(v.kind, v.date, {
      title: `${SESSION_KIND_LABELS[v.kind]} · ${clientName}`,
      start: v.start,
      end: v.end,
      timeZone: zone,
      facilitatorIds: v.facilitatorIds,
      modality: v.modality,
      location: v.location,
      clientIds: [clientId],
      contactIds: v.kind === 'family' ? v.contactIds : [],
    });
  return (
    <ModalForm title={st('clients.chart.SessionsSection.scheduleASession')} submitLabel={st('clients.chart.SessionsSection.schedule')} onClose={onClose} onSubmit={save}>
      <Select label={st('clients.chart.SessionsSection.kindOfSession')} required allowDeselect={false} data={Object.entries(SESSION_KIND_LABELS).filter(([value]) => value !== 'group').map(([value, label]) => ({ value, label }))} value={v.kind} onChange={(k) => k && set({ kind: k as typeof v.kind })} />
      <Group grow align="flex-start">
        <TextInput label={st('clients.chart.SessionsSection.date')} type="date" required value={v.date} onChange={(e) => set({ date: e.currentTarget.value })} />
        <TextInput label={st('clients.chart.SessionsSection.start')} type="time" required value={v.start} onChange={(e) => set({ start: e.currentTarget.value })} />
        <TextInput label={st('clients.chart.SessionsSection.end')} type="time" required value={v.end} onChange={(e) => set({ end: e.currentTarget.value })} />
      </Group>
      <MultiSelect label={st('clients.chart.SessionsSection.clinicians')} required data={staffList.map((s) => ({ value: s.id, label: staffLabel(s) }))} value={v.facilitatorIds} onChange={(facilitatorIds) => set({ facilitatorIds })} />
      <Group grow align="flex-start">
        <Select label={st('clients.chart.SessionsSection.modality')} allowDeselect={false} data={labelOptions(MODALITIES)} value={v.modality} onChange={(m) => m && set({ modality: m as Modality })} />
        <TextInput label={st('clients.chart.SessionsSection.location')} value={v.location} onChange={(e) => set({ location: e.currentTarget.value })} />
      </Group>
      {v.kind === 'family' && (
        <MultiSelect
          label={st('clients.chart.SessionsSection.familyMembersTakingPart')}
          description={st('clients.chart.SessionsSection.contactsWhoTakePartIn')}
          data={eligible.map((c) => ({ value: c.id, label: `${c.data.name} (${c.data.relationship})` }))}
          value={v.contactIds}
          onChange={(contactIds) => set({ contactIds })}
          nothingFoundMessage={st('clients.chart.SessionsSection.noEligibleContact')}
        />
      )}
    </ModalForm>
  );
}

/** The client's individual, family, psychiatric and workshop sessions, and scheduling a new one. */
export function SessionsSection({ clientId, clientName, today }: { clientId: string; clientName: string; today: string }) {
  const { sessions } = useServices();
  const list = useObservable(useMemo(() => sessions.oneOffsForClient$(clientId), [sessions, clientId]), [] as SessionRecord[]);
  const [open, setOpen] = useState(false);
  return (
    <Card withBorder component="section" aria-labelledby="sessions-heading">
      <Group justify="space-between" mb="xs">
        <Title order={3} size="h4" id="sessions-heading">
          {st('clients.chart.SessionsSection.individualFamilyAndPsychiatricSessions')}
        </Title>
        <Button size="compact-sm" variant="light" onClick={() => setOpen(true)}>
          {st('clients.chart.SessionsSection.scheduleASession')}
        </Button>
      </Group>
      {list.length === 0 ? (
        <Text size="sm" c="dimmed">
          {st('clients.chart.SessionsSection.noneScheduledGroupSessionsFollow')}
        </Text>
      ) : (
        <Table aria-label={st('clients.chart.SessionsSection.clientSessions')}>
          <Table.Tbody>
            {list.map((s) => (
              <Table.Tr key={s.id}>
                <Table.Td>
                  <Anchor component={Link} to={`/sessions/${s.id}`} aria-label={st('clients.chart.SessionsSection.openTheSessionOf', { kind: SESSION_KIND_LABELS[s.kind].toLowerCase(), date: s.date })}>
                    {s.date}
                  </Anchor>
                </Table.Td>
                <Table.Td>
                  {s.data.start}–{s.data.end}
                </Table.Td>
                <Table.Td>{SESSION_KIND_LABELS[s.kind]}</Table.Td>
                <Table.Td>{s.status}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {open && <SessionForm clientId={clientId} clientName={clientName} today={today} onClose={() => setOpen(false)} />}
    </Card>
  );
}
