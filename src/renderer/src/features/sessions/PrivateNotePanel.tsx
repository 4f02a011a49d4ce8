import { useMemo, useState } from 'react';
import { catchError, of } from 'rxjs';
import { Alert, Button, Card, Group, Loader, NativeSelect, Text, Textarea } from '@mantine/core';
import { IconLock } from '@tabler/icons-react';
import { useServices } from '../../app/services';
import { SaveStatus } from '../../app/SaveStatus';
import { useAutosave } from '../../hooks/useAutosave';
import { useObservable } from '../../hooks/useObservable';
import { st } from '../../i18n/staff';
import type { PrivateNoteKind, PrivateNoteRecord } from '../../repositories/private-notes';
import { ColleaguesPrivateNotes } from './ColleaguesPrivateNotes';

const KINDS: Record<PrivateNoteKind, string> = {
  psychotherapy: st('sessions.PrivateNotePanel.psychotherapy'),
  'sud-counselling': st('sessions.PrivateNotePanel.sudCounselling'),
};

interface Props {
  sessionId: string;
  clientId: string;
  date: string;
  memberName: string;
}

/**
 * The clinician's private process note about one participant: closed until asked for, read only by
 * its author, and never part of the progress note, the chart, prints or exports.
 */
export function PrivateNotePanel({ sessionId, clientId, date, memberName }: Props) {
  const { privateNotes } = useServices();
  const [open, setOpen] = useState(false);
  // The author's key may not be open here (sealed under another laptop's passphrase): say why.
  const stored = useObservable(
    useMemo(() => privateNotes.mine$(sessionId, clientId).pipe(catchError((error: unknown) => of(error instanceof Error ? error : new Error(String(error))))), [privateNotes, sessionId, clientId]),
    undefined as PrivateNoteRecord | null | undefined | Error,
  );
  if (!open) {
    return (
      <>
        <Group gap="xs">
          <Button size="compact-sm" variant="subtle" color="gray" leftSection={<IconLock size={14} />} onClick={() => setOpen(true)}>
            {stored ? st('sessions.PrivateNotePanel.openMine') : st('sessions.PrivateNotePanel.write')}
          </Button>
        </Group>
        <ColleaguesPrivateNotes sessionId={sessionId} clientId={clientId} />
      </>
    );
  }
  if (stored === undefined) return <Loader size="xs" aria-label={st('sessions.PrivateNotePanel.loading')} />;
  if (stored instanceof Error) return <Alert color="yellow" title={st('sessions.PrivateNotePanel.cannotOpen')}>{stored.message}</Alert>;
  return <PrivateNoteEditor key={clientId} initial={stored} memberName={memberName} onSave={(kind, text) => privateNotes.save({ sessionId, clientId, date, kind }, text)} onClose={() => setOpen(false)} />;
}

function PrivateNoteEditor({ initial, memberName, onSave, onClose }: { initial: PrivateNoteRecord | null; memberName: string; onSave: (kind: PrivateNoteKind, text: string) => Promise<unknown>; onClose: () => void }) {
  const [kind, setKind] = useState<PrivateNoteKind>(initial?.kind ?? 'psychotherapy');
  const [text, setText] = useState(initial?.data.text ?? '');
  const { save, flush, state: saveState } = useAutosave<{ kind: PrivateNoteKind; text: string }>((v) => onSave(v.kind, v.text));
  return (
    <Card withBorder bg="var(--mantine-color-gray-0)" component="section" aria-label={st('sessions.PrivateNotePanel.about', { memberName })}>
      <Group justify="space-between" mb={4}>
        <Text size="sm" fw={600}>
          <IconLock size={14} aria-hidden /> {st('sessions.PrivateNotePanel.onlyYou')}
        </Text>
        <Group gap="xs">
          <SaveStatus state={saveState} label={st('sessions.PrivateNotePanel.privateNote')} />
          {/* A note that could not be saved stays open, with the reason shown beside it. */}
          <Button size="compact-xs" variant="subtle" onClick={() => void flush().then(onClose, () => undefined)}>
            {st('sessions.PrivateNotePanel.close')}
          </Button>
        </Group>
      </Group>
      <Text size="xs" c="dimmed" mb="xs">
        {st('sessions.PrivateNotePanel.keptApart')}
      </Text>
      <NativeSelect
        size="xs"
        label={st('sessions.PrivateNotePanel.kind')}
        data={Object.entries(KINDS).map(([value, label]) => ({ value, label }))}
        value={kind}
        onChange={(e) => {
          const next = e.currentTarget.value as PrivateNoteKind;
          setKind(next);
          save({ kind: next, text });
        }}
        mb="xs"
        w={320}
      />
      <Textarea
        label={st('sessions.PrivateNotePanel.processNote')}
        autosize
        minRows={3}
        value={text}
        onChange={(e) => {
          setText(e.currentTarget.value);
          save({ kind, text: e.currentTarget.value });
        }}
      />
    </Card>
  );
}
