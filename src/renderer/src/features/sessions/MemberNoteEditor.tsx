import { useRef, useState } from 'react';
import { Alert, Badge, Button, Card, Group, MultiSelect, Stack, Text, Textarea, Title } from '@mantine/core';
import { isSignedFinal, type Medication, type NoteChange, type NoteTemplate } from '../../../../shared/notes';
import { SaveStatus } from '../../app/SaveStatus';
import { useAutosave } from '../../hooks/useAutosave';
import type { AddendumRecord, NoteRecord } from '../../repositories/notes';
import type { ObjectiveChoice } from '../../repositories/plans';
import { MedicationsEditor } from './MedicationsEditor';

interface Props {
  memberName: string;
  template: NoteTemplate;
  record: NoteRecord | null;
  addenda: AddendumRecord[];
  onSave: (change: NoteChange) => Promise<unknown>;
  onSign: () => Promise<unknown>;
  /** The member's last note of this kind, to start from. */
  onCopyForward: () => Promise<Pick<NoteChange, 'fields' | 'medications'> | null>;
  /** The objectives of the member's treatment plan this note can address (the golden thread). */
  objectives: ObjectiveChoice[];
  onAddendum: (text: string) => Promise<unknown>;
}

const STATUS_LABEL = { draft: 'Draft', signed: 'Signed', 'pending-cosign': 'Awaiting co-signature', returned: 'Returned for correction', cosigned: 'Co-signed' } as const;

function append(current: string, phrase: string): string {
  const text = current.trimEnd();
  if (text === '') return phrase;
  return /[.!?]$/.test(text) ? `${text} ${phrase}` : `${text}. ${phrase}`;
}

/** A medication carried forward keeps name, dose and frequency; what changed today is chosen again. */
const carriedForward = (m: Medication): Medication => ({ name: m.name, dose: m.dose, frequency: m.frequency });

/** One participant's note: template fields as data, quick picks, copy-forward, medications, signing, addenda. */
export function MemberNoteEditor({ memberName, template, record, addenda, onSave, onSign, onCopyForward, onAddendum, objectives }: Props) {
  const [fields, setFields] = useState<Record<string, string>>(() => ({ ...Object.fromEntries(template.fields.map((f) => [f.key, ''])), ...(record?.data.note.fields ?? {}) }));
  const [medications, setMedications] = useState<Medication[]>(() => record?.data.note.medications ?? []);
  const [goalIds, setGoalIds] = useState<string[]>(() => record?.data.note.goalIds ?? []);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [addendum, setAddendum] = useState('');
  // Focus returns here when signing removes the button that had it (and Alt+↓/↑ land here on a signed note).
  const root = useRef<HTMLElement>(null);
  const { save, flush, state: saveState } = useAutosave<NoteChange>(onSave);
  const note = record?.data.note;
  const locked = note !== undefined && (isSignedFinal(note) || note.status === 'pending-cosign');

  // The whole note, not the one field: a pending save is replaced by the next keystroke's.
  const saveAll = (nextFields: Record<string, string>, nextMedications: Medication[], nextGoals: string[] = goalIds) =>
    save({ fields: nextFields, goalIds: nextGoals, ...(template.medications ? { medications: nextMedications } : {}) });
  const setField = (key: string, value: string) => {
    const next = { ...fields, [key]: value };
    setFields(next);
    saveAll(next, medications);
  };
  const changeMedications = (next: Medication[]) => {
    setMedications(next);
    saveAll(fields, next);
  };
  const run = (work: () => Promise<unknown>, ok: string) =>
    work().then(
      () => setMessage({ ok: true, text: ok }),
      (e: unknown) => setMessage({ ok: false, text: (e as Error).message }),
    );

  return (
    <Card withBorder component="section" aria-label={`Note for ${memberName}`} ref={root} tabIndex={-1}>
      <Group justify="space-between" mb="xs">
        <Title order={3} size="h4">
          {memberName}
        </Title>
        <Group gap="xs">
          {!locked && <SaveStatus state={saveState} label="Note" />}
          <Badge variant="light" color={locked ? 'teal' : 'gray'}>
            {note ? STATUS_LABEL[note.status] : 'Not started'} · {template.label}
          </Badge>
          {!locked && (
            <Button
              size="compact-sm"
              variant="default"
              onClick={() =>
                void onCopyForward().then(
                  (last) => {
                    if (last === null) return setMessage({ ok: false, text: 'No earlier note for this member to copy from.' });
                    const next = { ...fields, ...Object.fromEntries(Object.entries(last.fields ?? {}).filter(([k]) => k in fields)) };
                    const nextMedications = template.medications && last.medications ? last.medications.map(carriedForward) : medications;
                    setFields(next);
                    setMedications(nextMedications);
                    saveAll(next, nextMedications);
                    setMessage({ ok: true, text: 'Copied from the last note: review every field before signing.' });
                  },
                  (e: unknown) => setMessage({ ok: false, text: (e as Error).message }),
                )
              }
            >
              Copy forward last note
            </Button>
          )}
        </Group>
      </Group>
      {note?.status === 'returned' && note.returned && (
        <Alert color="orange" role="status" mb="xs" title={`Returned by ${note.returned.name}`}>
          {note.returned.comment}
        </Alert>
      )}
      <Stack gap="sm">
        {template.fields.map((field) =>
          locked ? (
            <div key={field.key}>
              <Text size="xs" c="dimmed">
                {field.label}
              </Text>
              <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                {note?.fields[field.key] || '—'}
              </Text>
            </div>
          ) : (
            <div key={field.key}>
              <Textarea
                label={field.label}
                description={field.help}
                required={field.required}
                data-note-field
                // The browser grows the box with its text (no JS measuring: opening a note stays fast).
                styles={{ input: { fieldSizing: 'content', minHeight: field.multiline ? '4rem' : undefined } }}
                value={fields[field.key] ?? ''}
                onChange={(e) => setField(field.key, e.currentTarget.value)}
              />
              {field.quickPicks.length > 0 && (
                <Group gap={4} mt={4} aria-label={`Quick picks for ${field.label}`} role="group">
                  {field.quickPicks.map((phrase) => (
                    <Button key={phrase} size="compact-xs" variant="light" color="gray" onClick={() => setField(field.key, append(fields[field.key] ?? '', phrase))}>
                      {phrase}
                    </Button>
                  ))}
                </Group>
              )}
            </div>
          ),
        )}
        {objectives.length > 0 &&
          (locked ? (
            <div>
              <Text size="xs" c="dimmed">
                Plan objectives addressed
              </Text>
              <Text size="sm">{objectives.filter((o) => note?.goalIds.includes(o.id)).map((o) => `${o.label}: ${o.statement}`).join('; ') || '—'}</Text>
            </div>
          ) : (
            <MultiSelect
              label="Plan objectives addressed"
              description="From the member's treatment plan: reviews show which notes worked on which objective."
              data={objectives.map((o) => ({ value: o.id, label: `${o.label}: ${o.statement}` }))}
              value={goalIds}
              onChange={(next) => {
                setGoalIds(next);
                saveAll(fields, medications, next);
              }}
            />
          ))}
        {template.medications && <MedicationsEditor medications={locked ? (note?.medications ?? []) : medications} onChange={locked ? null : changeMedications} />}
        {message && (
          <Alert color={message.ok ? 'teal' : 'red'} role={message.ok ? 'status' : 'alert'}>
            {message.text}
          </Alert>
        )}
        {!locked && (
          <Group justify="flex-end">
            <Button
              onClick={() =>
                void run(async () => {
                  await flush();
                  await onSign();
                  root.current?.focus();
                }, 'Signed.')
              }
            >
              Sign note
            </Button>
          </Group>
        )}
        {note?.signature && (
          <Text size="sm">
            Signed by {note.signature.name}
            {note.signature.credentials ? `, ${note.signature.credentials}` : ''} at {note.signature.at.slice(0, 16).replace('T', ' ')}
            {note.cosignature ? ` · co-signed by ${note.cosignature.name}, ${note.cosignature.credentials}` : ''}
          </Text>
        )}
        {addenda.map((a) => (
          <Alert key={a.id} color="blue" role="note" title={`Addendum by ${a.data.name}${a.data.credentials ? `, ${a.data.credentials}` : ''}, ${a.data.at.slice(0, 16).replace('T', ' ')}`}>
            {a.data.text}
          </Alert>
        ))}
        {note && isSignedFinal(note) && (
          <form
            aria-label="Add an addendum"
            noValidate
            onSubmit={(e) => {
              e.preventDefault();
              void run(() => onAddendum(addendum).then(() => setAddendum('')), 'Addendum added.');
            }}
          >
            <Group align="flex-end" gap="xs">
              <Textarea label="Addendum" description="A signed note is final: corrections are added as dated addenda." autosize minRows={1} value={addendum} onChange={(e) => setAddendum(e.currentTarget.value)} style={{ flex: 1 }} />
              <Button type="submit" variant="light">
                Add addendum
              </Button>
            </Group>
          </form>
        )}
      </Stack>
    </Card>
  );
}
