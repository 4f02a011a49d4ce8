import { useMemo, useState } from 'react';
import { Alert, Button, Group, Modal, PasswordInput, Stack, Text, Textarea } from '@mantine/core';
import { IconLock } from '@tabler/icons-react';
import { map } from 'rxjs';
import { useServices } from '../../app/services';
import { useObservable } from '../../hooks/useObservable';
import { st } from '../../i18n/staff';
import type { PrivateNoteRecord, SealedPrivateNote } from '../../repositories/private-notes';
import { errorText } from '../../i18n/shared';

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
            <IconLock size={14} aria-hidden /> {st(`sessions.ColleaguesPrivateNotes.sealed.${note.kind}`, { author: names.get(note.authorId) ?? st('sessions.ColleaguesPrivateNotes.aColleagueCapital') })}
          </Text>
          <Button size="compact-sm" variant="subtle" color="red" onClick={() => setOpening(note)}>
            {st('sessions.ColleaguesPrivateNotes.breakGlass')}
          </Button>
        </Group>
      ))}
      {opening && <BreakGlassModal note={opening} author={names.get(opening.authorId) ?? st('sessions.ColleaguesPrivateNotes.aColleague')} onClose={() => setOpening(null)} />}
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
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal opened onClose={onClose} title={st(`sessions.ColleaguesPrivateNotes.title.${note.kind}`, { author })} size="lg">
      {opened === null ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void open();
          }}
        >
          <Stack gap="sm">
            <Alert color="red" title={st('sessions.ColleaguesPrivateNotes.recorded')}>
              {st('sessions.ColleaguesPrivateNotes.explained')}
            </Alert>
            <PasswordInput label={st('sessions.ColleaguesPrivateNotes.recoveryCode')} autoComplete="off" value={code} onChange={(e) => setCode(e.currentTarget.value)} error={error} data-autofocus required />
            <Group justify="flex-end">
              <Button variant="default" onClick={onClose}>
                {st('sessions.ColleaguesPrivateNotes.cancel')}
              </Button>
              <Button type="submit" color="red" loading={busy} disabled={code.trim() === ''}>
                {st('sessions.ColleaguesPrivateNotes.open')}
              </Button>
            </Group>
          </Stack>
        </form>
      ) : (
        <Stack gap="sm">
          <Text size="sm" c="dimmed">
            {st('sessions.ColleaguesPrivateNotes.readOnly', { date: note.date })}
          </Text>
          <Textarea label={st('sessions.ColleaguesPrivateNotes.processNote')} value={opened.data.text} readOnly autosize minRows={3} />
          <Group justify="flex-end">
            <Button onClick={onClose}>{st('sessions.ColleaguesPrivateNotes.done')}</Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
