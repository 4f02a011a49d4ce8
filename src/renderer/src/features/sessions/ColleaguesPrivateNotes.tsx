import { useMemo, useState } from 'react';
import { Alert, Button, Group, Modal, PasswordInput, Stack, Text, Textarea } from '@mantine/core';
import { IconLock } from '@tabler/icons-react';
import { map } from 'rxjs';
import { useServices } from '../../app/services';
import { useObservable } from '../../hooks/useObservable';
import type { PrivateNoteRecord, SealedPrivateNote } from '../../repositories/private-notes';

const KIND_WORDS: Record<SealedPrivateNote['kind'], string> = { psychotherapy: 'psychotherapy note', 'sud-counselling': 'SUD counselling note' };

/**
 * Colleagues' private notes about this participant in this session: that one exists and whose it
 * is, never its text. The only way in is break-glass with the practice's recovery code, which the
 * audit trail records (docs/ARCHITECTURE.md, Private notes per author).
 */
export function ColleaguesPrivateNotes({ sessionId, clientId }: { sessionId: string; clientId: string }) {
  const { privateNotes, staff } = useServices();
  const notes = useObservable(
    useMemo(() => privateNotes.othersForClient$(clientId).pipe(map((all) => all.filter((n) => n.sessionId === sessionId))), [privateNotes, clientId, sessionId]),
    [] as SealedPrivateNote[],
  );
  const names = useObservable(useMemo(() => staff.active$().pipe(map((list) => new Map(list.map((s) => [s.id, s.data.displayName])))), [staff]), new Map<string, string>());
  const [opening, setOpening] = useState<SealedPrivateNote | null>(null);
  if (notes.length === 0) return null;
  return (
    <>
      {notes.map((note) => (
        <Group key={note.id} gap="xs">
          <Text size="sm" c="dimmed">
            <IconLock size={14} aria-hidden /> {names.get(note.authorId) ?? 'A colleague'}’s {KIND_WORDS[note.kind]}: sealed to its author
          </Text>
          <Button size="compact-sm" variant="subtle" color="red" onClick={() => setOpening(note)}>
            Break glass…
          </Button>
        </Group>
      ))}
      {opening && <BreakGlassModal note={opening} author={names.get(opening.authorId) ?? 'a colleague'} onClose={() => setOpening(null)} />}
    </>
  );
}

function BreakGlassModal({ note, author, onClose }: { note: SealedPrivateNote; author: string; onClose: () => void }) {
  const { privateNotes } = useServices();
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [opened, setOpened] = useState<PrivateNoteRecord | null>(null);
  const open = async () => {
    setBusy(true);
    setError(null);
    try {
      setOpened(await privateNotes.openWithRecoveryCode(note.id, code));
      setCode('');
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal opened onClose={onClose} title={`Break glass: ${author}’s ${KIND_WORDS[note.kind]}`} size="lg">
      {opened === null ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void open();
          }}
        >
          <Stack gap="sm">
            <Alert color="red" title="Recorded in the audit trail">
              Only its author can read this note. The practice’s recovery code opens it in an emergency (the author cannot be reached and the client’s safety or the law
              requires it). The opening is recorded with your name, the note and the time.
            </Alert>
            <PasswordInput label="Recovery code" autoComplete="off" value={code} onChange={(e) => setCode(e.currentTarget.value)} error={error} data-autofocus required />
            <Group justify="flex-end">
              <Button variant="default" onClick={onClose}>
                Cancel
              </Button>
              <Button type="submit" color="red" loading={busy} disabled={code.trim() === ''}>
                Open with the recovery code
              </Button>
            </Group>
          </Stack>
        </form>
      ) : (
        <Stack gap="sm">
          <Text size="sm" c="dimmed">
            Read only. {note.date}. This opening is in the audit trail.
          </Text>
          <Textarea label="Process note" value={opened.data.text} readOnly autosize minRows={3} />
          <Group justify="flex-end">
            <Button onClick={onClose}>Done</Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
