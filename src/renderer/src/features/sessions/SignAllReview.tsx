import { useState } from 'react';
import { Alert, Badge, Button, Group, Modal, Stack, Table, Text } from '@mantine/core';
import { ATTESTATION, NOTE_STATE_LABEL, type FacilitatorCheck, type SignAllRow } from '../../../../shared/notes';
import { commaList } from '../../../../shared/messages';
import { st } from '../../i18n/staff';
import { messagesText, sharedText } from '../../i18n/shared';

interface Props {
  onClose: () => void;
  /** Present members in the list's order, with their notes' review. */
  rows: (SignAllRow<string> & { name: string })[];
  facilitator: FacilitatorCheck;
  /** Signs the ready notes (by client id), one after another; resolves with what failed. */
  onSign: (clientIds: string[]) => Promise<{ clientId: string; error: string }[]>;
}

const STATE_COLOR = { 'not-started': 'gray', draft: 'yellow', ready: 'blue', signed: 'teal', 'pending-cosign': 'teal', returned: 'orange' } as const;

/**
 * "Review and sign all": every present member's note with what it still lacks, then one
 * confirmation signs the ready ones. Notes that are not ready are named and left as they are.
 */
export function SignAllReview({ onClose, rows, facilitator, onSign }: Props) {
  const [failed, setFailed] = useState<{ clientId: string; error: string }[]>([]);
  const [busy, setBusy] = useState(false);
  const ready = rows.filter((r) => r.state === 'ready');
  const carried = ready.filter((r) => r.carried.length > 0);
  const name = (clientId: string) => rows.find((r) => r.key === clientId)?.name ?? clientId;
  return (
    <Modal opened onClose={onClose} size="xl" title={st('sessions.SignAllReview.title')}>
      <Stack gap="sm">
        <Table aria-label={st('sessions.SignAllReview.notesToSign')} verticalSpacing={4}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{st('sessions.SignAllReview.member')}</Table.Th>
              <Table.Th scope="col">{st('sessions.SignAllReview.note')}</Table.Th>
              <Table.Th scope="col">{st('sessions.SignAllReview.stillMissing')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((r) => (
              <Table.Tr key={r.key}>
                <Table.Td>{r.name}</Table.Td>
                <Table.Td>
                  <Badge size="sm" variant="light" color={STATE_COLOR[r.state]}>
                    {sharedText(NOTE_STATE_LABEL[r.state])}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">
                    {r.missing.length > 0 ? messagesText([commaList(r.missing)]) : '—'}
                    {r.carried.length > 0 && (
                      <Text span size="sm" c="orange" display="block">
                        {st('sessions.SignAllReview.filledInFields', { fields: r.carried.join(', ') })}
                      </Text>
                    )}
                  </Text>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        {facilitator.kind !== 'ok' && (
          <Alert color={facilitator.kind === 'refuse' ? 'red' : 'orange'} role="alert" title={st('sessions.SignAllReview.notYourSession')}>
            {sharedText(facilitator.message.key)}
          </Alert>
        )}
        {carried.length > 0 && (
          <Alert color="orange" role="alert" title={st('sessions.SignAllReview.filledIn')}>
            {st('sessions.SignAllReview.filledInExplained', { names: carried.map((r) => r.name).join('; ') })}
          </Alert>
        )}
        {failed.length > 0 && (
          <Alert color="red" role="alert" title={st('sessions.SignAllReview.notSigned')}>
            {failed.map((f) => st('sessions.SignAllReview.failure', { name: name(f.clientId), error: f.error })).join(' ')}
          </Alert>
        )}
        <Text size="sm">{sharedText(ATTESTATION)}</Text>
        <Group justify="space-between">
          <Text size="sm" c="dimmed">
            {ready.length === rows.length ? st('sessions.SignAllReview.everyReady') : st('sessions.SignAllReview.notReady', { count: rows.length - ready.length })}
          </Text>
          <Group gap="xs">
            <Button variant="default" onClick={onClose}>
              {st('sessions.SignAllReview.cancel')}
            </Button>
            <Button
              data-autofocus
              loading={busy}
              disabled={ready.length === 0 || facilitator.kind === 'refuse'}
              onClick={() => {
                setBusy(true);
                void onSign(ready.map((r) => r.key)).then((problems) => {
                  setBusy(false);
                  setFailed(problems);
                  if (problems.length === 0) onClose();
                });
              }}
            >
              {ready.length === 1 ? st('sessions.SignAllReview.signOne') : st('sessions.SignAllReview.signMany', { count: ready.length })}
            </Button>
          </Group>
        </Group>
      </Stack>
    </Modal>
  );
}
