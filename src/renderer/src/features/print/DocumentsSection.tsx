import { useEffect, useState } from 'react';
import { Anchor, Button, Card, Group, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { IconPrinter } from '@tabler/icons-react';
import { Link } from 'react-router';
import { useServices } from '../../app/services';
import type { NoteRecord } from '../../repositories/notes';
import { SESSION_KIND_LABELS } from '../sessions/sessionKinds';
import { st } from '../../i18n/staff';

const SHOWN = 6;
const STATUS_LABELS: Record<NoteRecord['status'], string> = {
  draft: st('print.DocumentsSection.statuses.draft'),
  signed: st('print.DocumentsSection.statuses.signed'),
  'pending-cosign': st('print.DocumentsSection.statuses.pendingCosign'),
  returned: st('print.DocumentsSection.statuses.returned'),
  cosigned: st('print.DocumentsSection.statuses.cosigned'),
};
/** A member's note of a group session is a 'progress' note; other notes are named after their session. */
const KIND_OF_NOTE: Partial<Record<NoteRecord['kind'], string>> = { ...SESSION_KIND_LABELS, progress: SESSION_KIND_LABELS.group };

/** The chart's printable documents: the client summary and the client's progress notes, newest first. */
export function DocumentsSection({ clientId }: { clientId: string }) {
  const { notes } = useServices();
  const [list, setList] = useState<NoteRecord[] | null>(null);
  const [all, setAll] = useState(false);
  useEffect(() => {
    let live = true;
    void notes.forClient(clientId).then((found) => live && setList([...found].reverse()));
    return () => {
      live = false;
    };
  }, [notes, clientId]);
  const shown = all ? (list ?? []) : (list ?? []).slice(0, SHOWN);
  return (
    <Card withBorder component="section" aria-labelledby="documents-heading">
      <Group justify="space-between" mb="xs">
        <Title order={3} size="h4" id="documents-heading">
          {st('print.DocumentsSection.printableDocuments')}
        </Title>
        <Button component={Link} to={`/print/clients/${clientId}`} size="compact-sm" variant="light" leftSection={<IconPrinter size={14} aria-hidden />}>
          {st('print.DocumentsSection.clientSummary')}
        </Button>
      </Group>
      {list !== null && list.length === 0 && (
        <Text size="sm" c="dimmed">
          {st('print.DocumentsSection.noProgressNotesYet')}
        </Text>
      )}
      {shown.length > 0 && (
        <Table aria-label={st('print.DocumentsSection.progressNotes')} verticalSpacing={2}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{st('print.DocumentsSection.date')}</Table.Th>
              <Table.Th scope="col">{st('print.DocumentsSection.session')}</Table.Th>
              <Table.Th scope="col">{st('print.DocumentsSection.note')}</Table.Th>
              <Table.Th scope="col">
                <VisuallyHidden>{st('print.DocumentsSection.print')}</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {shown.map((n) => (
              <Table.Tr key={n.id}>
                <Table.Td>{n.date}</Table.Td>
                <Table.Td>{KIND_OF_NOTE[n.kind] ?? n.kind}</Table.Td>
                <Table.Td>{STATUS_LABELS[n.status]}</Table.Td>
                <Table.Td>
                  <Anchor component={Link} to={`/print/sessions/${n.sessionId}/notes/${clientId}`} size="sm" aria-label={st('print.DocumentsSection.printTheNoteOf', { date: n.date })}>
                    {st('print.DocumentsSection.print')}
                  </Anchor>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {list !== null && list.length > SHOWN && (
        <Button variant="subtle" size="compact-sm" mt={4} onClick={() => setAll(!all)}>
          {all ? st('print.DocumentsSection.showTheLatestOnly') : st('print.DocumentsSection.showAllNotes', { length: list.length })}
        </Button>
      )}
    </Card>
  );
}
