import { useMemo, type ReactNode } from 'react';
import { Alert, Table, Text } from '@mantine/core';
import { catchError, from, map, of } from 'rxjs';
import type { MergeConflict } from '../../../../shared/sync/merge';
import { useServices } from '../../app/services';
import { useObservable } from '../../hooks/useObservable';
import type { PrivateNoteConflictView } from '../../repositories/private-notes';
import { st } from '../../i18n/staff';
import { errorText } from '../../i18n/shared';

type Shown = { view: PrivateNoteConflictView } | { problem: string } | null;

/**
 * A sync conflict on a private note (docs/ARCHITECTURE.md, Private notes per author): its author
 * sees both versions opened with their author key and chooses; anyone else sees only that the
 * author's note has two versions, never its text or ciphertext, and cannot choose blind.
 */
export function PrivateNoteConflict({ conflict, keepButtons }: { conflict: MergeConflict; keepButtons: ReactNode }) {
  const { privateNotes, staff } = useServices();
  const shown = useObservable<Shown>(
    useMemo(
      () =>
        from(privateNotes.conflictView(conflict)).pipe(
          map((view): Shown => ({ view })),
          catchError((error: unknown) => of<Shown>({ problem: errorText(error) })),
        ),
      [privateNotes, conflict],
    ),
    null,
  );
  const names = useObservable(useMemo(() => staff.active$().pipe(map((list) => new Map(list.map((s) => [s.id, s.data.displayName])))), [staff]), new Map<string, string>());
  if (shown === null) return <Text size="sm">{st('sync.PrivateNoteConflict.opening')}</Text>;
  if ('problem' in shown) return <Alert color="yellow">{shown.problem}</Alert>;
  const { view } = shown;
  if (!view.mine) {
    return (
      <Text size="sm">
        {st('sync.PrivateNoteConflict.notYours', { author: names.get(view.authorId) ?? st('sync.PrivateNoteConflict.aColleague') })}
      </Text>
    );
  }
  return (
    <>
      <Table aria-label={st('sync.PrivateNoteConflict.theTwoVersions')} layout="fixed">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{st('sync.PrivateNoteConflict.yourNote')}</Table.Th>
            <Table.Th scope="col">{st('sync.PrivateNoteConflict.versionA')}</Table.Th>
            <Table.Th scope="col">{st('sync.PrivateNoteConflict.versionB')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          <Table.Tr>
            <Table.Td>{st('sync.PrivateNoteConflict.text')}</Table.Td>
            {view.texts.map((text, i) => (
              <Table.Td key={i} style={{ whiteSpace: 'pre-wrap' }}>
                {text ?? st('sync.PrivateNoteConflict.deleted')}
              </Table.Td>
            ))}
          </Table.Tr>
        </Table.Tbody>
      </Table>
      {keepButtons}
    </>
  );
}
