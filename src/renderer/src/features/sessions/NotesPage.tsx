import { useEffect, useMemo, useState } from 'react';
import { Trans } from 'react-i18next';
import { Alert, Anchor, Badge, Button, Card, Group, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import { Link } from 'react-router';
import { displayName } from '../../../../shared/clients';
import { isOverdue, noteAgeBusinessDays, shownFields, templateFor } from '../../../../shared/notes';
import { DEFAULT_PRACTICE_SETTINGS } from '../../../../shared/settings';
import { useServices } from '../../app/services';
import { useObservable } from '../../hooks/useObservable';
import { useToday } from '../../hooks/useToday';
import { st } from '../../i18n/staff';
import type { ClientRecord } from '../../repositories/clients';
import type { NoteRecord } from '../../repositories/notes';
import type { StaffRecord } from '../../repositories/staff';
import { dueNotes$ } from './notes-due';
import { errorText } from '../../i18n/shared';

function ReviewItem({ record, client, onDone }: { record: NoteRecord; client: string; onDone: (message: string) => void }) {
  const { notes, staff, vault } = useServices();
  const [comment, setComment] = useState('');
  const [error, setError] = useState<string | null>(null);
  const note = record.data.note;
  const template = templateFor(note.templateId);
  const reviewer = async () => {
    const me = await staff.get(vault.currentProfile().id);
    if (!me) throw new Error(st('sessions.NotesPage.staffNotFound'));
    return { staffId: me.id, name: me.data.displayName, credentials: me.data.credentials, needsCosignature: me.data.needsCosignature, role: me.role };
  };
  const act = (work: () => Promise<unknown>, done: string) => void work().then(() => onDone(done), (e: unknown) => setError(errorText(e)));
  return (
    <Card withBorder component="article" aria-label={st('sessions.NotesPage.noteFor', { client, date: record.date })}>
      <Group justify="space-between" mb="xs">
        <Text fw={600}>
          {st('sessions.NotesPage.clientOn', { client, date: record.date })}
        </Text>
        <Anchor component={Link} to={`/sessions/${record.sessionId}`} size="sm">
          {st('sessions.NotesPage.openSession')}
        </Anchor>
      </Group>
      <Text size="sm" c="dimmed" mb="xs">
        {note.signature?.credentials
          ? st('sessions.NotesPage.signedByWithCredentials', { template: template.label, name: note.signature.name, credentials: note.signature.credentials })
          : st('sessions.NotesPage.signedBy', { template: template.label, name: note.signature?.name })}
      </Text>
      <Stack gap={4} mb="sm">
        {shownFields(template, note.fields).map((f) => (
          <Text size="sm" key={f.key}>
            <Trans t={st} i18nKey="sessions.NotesPage.field" values={{ label: f.label, value: note.fields[f.key] || '—' }} components={{ b: <b /> }} />
          </Text>
        ))}
      </Stack>
      <Textarea label={st('sessions.NotesPage.comment')} autosize minRows={1} value={comment} onChange={(e) => setComment(e.currentTarget.value)} />
      {error && (
        <Alert color="red" role="alert" mt="xs">
          {error}
        </Alert>
      )}
      <Group justify="flex-end" mt="xs">
        <Button variant="default" onClick={() => act(async () => notes.returnForCorrection(record.id, await reviewer(), comment, new Date().toISOString()), st('sessions.NotesPage.returned', { client }))}>
          {st('sessions.NotesPage.returnForCorrection')}
        </Button>
        <Button onClick={() => act(async () => notes.cosign(record.id, await reviewer(), new Date().toISOString()), st('sessions.NotesPage.cosigned', { client }))}>{st('sessions.NotesPage.cosign')}</Button>
      </Group>
    </Card>
  );
}

/** Unsigned notes by age against the practice's deadline, and notes awaiting co-signature. */
export function NotesPage() {
  const { notes, clients, settings, staff, sessions } = useServices();
  const today = useToday();
  const due = useObservable(useMemo(() => dueNotes$({ notes, sessions }, today), [notes, sessions, today]), [] as NoteRecord[]);
  const queue = useObservable(useMemo(() => notes.reviewQueue$(), [notes]), [] as NoteRecord[]);
  const clientList = useObservable(useMemo(() => clients.list$(), [clients]), [] as ClientRecord[]);
  const deadline = useObservable(useMemo(() => settings.observe(), [settings]), DEFAULT_PRACTICE_SETTINGS).noteDeadlineBusinessDays;
  const staffList = useObservable(useMemo(() => staff.active$(), [staff]), [] as StaffRecord[]);
  const [message, setMessage] = useState<string | null>(null);
  useEffect(() => {
    if (message === null) return;
    const timer = setTimeout(() => setMessage(null), 6000);
    return () => clearTimeout(timer);
  }, [message]);
  const name = (clientId: string) => {
    const c = clientList.find((x) => x.id === clientId);
    return c ? displayName(c.data) : st('sessions.NotesPage.unknownClient');
  };
  const author = (id: string) => staffList.find((s) => s.id === id)?.data.displayName ?? st('sessions.NotesPage.formerStaff');
  return (
    <Stack gap="md">
      <Title order={2}>{st('sessions.NotesPage.heading')}</Title>
      {message && (
        <Alert color="teal" role="status">
          {message}
        </Alert>
      )}
      <Card withBorder component="section" aria-labelledby="due-heading">
        <Title order={3} size="h4" id="due-heading" mb="xs">
          {st('sessions.NotesPage.notesDue', { count: due.length, deadline })}
        </Title>
        {due.length === 0 ? (
          <Text size="sm" c="dimmed">
            {st('sessions.NotesPage.everySigned')}
          </Text>
        ) : (
          <Table aria-label={st('sessions.NotesPage.notesDueTable')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{st('sessions.NotesPage.sessionDate')}</Table.Th>
                <Table.Th scope="col">{st('sessions.NotesPage.client')}</Table.Th>
                <Table.Th scope="col">{st('sessions.NotesPage.author')}</Table.Th>
                <Table.Th scope="col">{st('sessions.NotesPage.age')}</Table.Th>
                <Table.Th scope="col">{st('sessions.NotesPage.status')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {due.map((n) => (
                <Table.Tr key={n.id}>
                  <Table.Td>
                    <Anchor component={Link} to={`/sessions/${n.sessionId}`}>
                      {n.date}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{name(n.clientId)}</Table.Td>
                  <Table.Td>{author(n.authorId)}</Table.Td>
                  <Table.Td>
                    {st('sessions.NotesPage.businessDays', { days: noteAgeBusinessDays(n.date, today) })}{' '}
                    {isOverdue(n.date, today, deadline) && (
                      <Badge color="red" size="sm">
                        {st('sessions.NotesPage.overdue')}
                      </Badge>
                    )}
                  </Table.Td>
                  <Table.Td>{n.status === 'returned' ? st('sessions.NotesPage.returnedForCorrection') : st('sessions.NotesPage.draft')}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Card>
      <Stack gap="sm" component="section" aria-labelledby="review-heading">
        <Title order={3} size="h4" id="review-heading">
          {st('sessions.NotesPage.awaiting', { count: queue.length })}
        </Title>
        {queue.length === 0 && (
          <Text size="sm" c="dimmed">
            {st('sessions.NotesPage.nothingToReview')}
          </Text>
        )}
        {queue.map((n) => (
          <ReviewItem key={n.id} record={n} client={name(n.clientId)} onDone={setMessage} />
        ))}
      </Stack>
    </Stack>
  );
}
