import { useMemo, type ReactNode } from 'react';
import { Alert, Table, Text } from '@mantine/core';
import { catchError, from, map, of } from 'rxjs';
import type { MergeConflict } from '../../../../shared/sync/merge';
import { useServices } from '../../app/services';
import { useObservable } from '../../hooks/useObservable';
import type { PrivateNoteConflictView } from '../../repositories/private-notes';

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
          catchError((error: unknown) => of<Shown>({ problem: error instanceof Error ? error.message : String(error) })),
        ),
      [privateNotes, conflict],
    ),
    null,
  );
  const names = useObservable(useMemo(() => staff.active$().pipe(map((list) => new Map(list.map((s) => [s.id, s.data.displayName])))), [staff]), new Map<string, string>());
  if (shown === null) return <Text size="sm">Opening the two versions…</Text>;
  if ('problem' in shown) return <Alert color="yellow">{shown.problem}</Alert>;
  const { view } = shown;
  if (!view.mine) {
    return (
      <Text size="sm">
        {names.get(view.authorId) ?? 'A colleague'}’s private note was changed on two devices. It is sealed to its author: only they can see the two versions and choose one.
      </Text>
    );
  }
  return (
    <>
      <Table aria-label="The two versions" layout="fixed">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Your private note</Table.Th>
            <Table.Th scope="col">Version A</Table.Th>
            <Table.Th scope="col">Version B</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          <Table.Tr>
            <Table.Td>Text</Table.Td>
            {view.texts.map((text, i) => (
              <Table.Td key={i} style={{ whiteSpace: 'pre-wrap' }}>
                {text ?? 'deleted'}
              </Table.Td>
            ))}
          </Table.Tr>
        </Table.Tbody>
      </Table>
      {keepButtons}
    </>
  );
}
