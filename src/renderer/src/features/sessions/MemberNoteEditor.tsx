import { useEffect, useRef, useState, type MutableRefObject } from 'react';
import { Trans } from 'react-i18next';
import { Alert, Badge, Button, Card, Group, Kbd, Modal, MultiSelect, Stack, Text, Textarea, Title } from '@mantine/core';
import { getHotkeyHandler } from '@mantine/hooks';
import { applyPrefill, ATTESTATION, carryForward, isSignedFinal, missingRequiredFields, shownFields, untouchedCarriedKeys, type FacilitatorCheck, type Medication, type NoteChange, type NoteField, type NoteTemplate, type Prefill } from '../../../../shared/notes';
import { SaveStatus } from '../../app/SaveStatus';
import { useAutosave } from '../../hooks/useAutosave';
import { st } from '../../i18n/staff';
import type { AddendumRecord, NoteRecord } from '../../repositories/notes';
import type { ObjectiveChoice } from '../../repositories/plans';
import { MedicationsEditor } from './MedicationsEditor';
import './quick-picks.css';
import { errorText, sharedText } from '../../i18n/shared';

interface Props {
  memberName: string;
  template: NoteTemplate;
  record: NoteRecord | null;
  addenda: AddendumRecord[];
  onSave: (change: NoteChange) => Promise<unknown>;
  /** Signs the note with `change` (what the editor holds that is not yet saved) applied, in one write. */
  onSign: (change: NoteChange) => Promise<unknown>;
  /** The member's last note of this kind, to start from. */
  onCopyForward: () => Promise<Pick<NoteChange, 'fields' | 'medications'> | null>;
  /** The objectives of the member's treatment plan this note can address (the golden thread). */
  objectives: ObjectiveChoice[];
  onAddendum: (text: string) => Promise<unknown>;
  /** A session not open yet: the note is shown, not written. */
  readOnly: boolean;
  /** Whether the signer facilitated the session, under the practice's policy. */
  facilitator: FacilitatorCheck;
  /** Set to this editor's flush, so "sign all" writes what is pending first. */
  flushRef: MutableRefObject<(() => Promise<void>) | null>;
  /** What the goal, intervention and plan start from (shared/notes/prefill.ts). */
  prefill: Prefill;
}

/** "Name, credentials", or the name alone. */
const person = (name: string, credentials: string | undefined) => (credentials ? st('sessions.MemberNoteEditor.person', { name, credentials }) : name);
/** The minute of an ISO instant as written: "2026-12-07 09:30". */
const minuteOf = (at: string) => at.slice(0, 16).replace('T', ' ');

function append(current: string, phrase: string): string {
  const text = current.trimEnd();
  if (text === '') return phrase;
  return /[.!?]$/.test(text) ? `${text} ${phrase}` : `${text}. ${phrase}`;
}

/** Signs the current note, after the confirm step. */
const SIGN_KEY = 'mod+Enter';

/** One participant's note: template fields as data, quick picks, copy-forward, medications, signing, addenda. */
export function MemberNoteEditor({ memberName, template, record, addenda, onSave, onSign, onCopyForward, onAddendum, objectives, readOnly, facilitator, flushRef, prefill }: Props) {
  const note = record?.data.note;
  const locked = readOnly || (note !== undefined && (isSignedFinal(note) || note.status === 'pending-cosign'));
  // A note opens with its goal, intervention and plan started for it (never in one that is final).
  const [start] = useState(() => {
    const draft = { fields: { ...Object.fromEntries(template.fields.map((f) => [f.key, ''])), ...(note?.fields ?? {}) }, goalIds: note?.goalIds ?? [], carried: note?.carried ?? {} };
    return (!locked && applyPrefill(draft, prefill, {})) || draft;
  });
  const [fields, setFields] = useState<Record<string, string>>(start.fields);
  const [medications, setMedications] = useState<Medication[]>(() => record?.data.note.medications ?? []);
  const [goalIds, setGoalIds] = useState<string[]>(start.goalIds);
  // What the prefill last put in, so a later one (the shared part finished, objectives loaded) replaces only that.
  const prefilled = useRef(prefill.fields);
  // Prefilled text is saved with the first thing typed (or at signing): opening a note, even a
  // draft, writes nothing, so moving between members costs no seal and write.
  const started = useRef(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [addendum, setAddendum] = useState('');
  // Focus returns here when signing removes the button that had it (and Alt+↓/↑ land here on a signed note).
  const root = useRef<HTMLElement>(null);
  const [carried, setCarried] = useState<Record<string, string>>(start.carried);
  // The field whose quick picks are open from the keyboard, and the highlighted one.
  const [picking, setPicking] = useState<{ key: string; index: number } | null>(null);
  const [confirming, setConfirmingState] = useState(false);
  // The confirm dialog is unmounted when closed, so focus is put back by hand where it was.
  const returnTo = useRef<HTMLElement | null>(null);
  const setConfirming = (open: boolean) => {
    if (open) returnTo.current = document.activeElement as HTMLElement | null;
    setConfirmingState(open);
    if (!open) setTimeout(() => returnTo.current?.focus());
  };
  const { save, flush, commit, state: saveState } = useAutosave<NoteChange>(onSave);
  useEffect(() => {
    flushRef.current = flush;
  });
  const untouched = new Set(untouchedCarriedKeys({ fields, carried }));

  // The whole note, not the one field: a pending save is replaced by the next keystroke's.
  const saveAll = (nextFields: Record<string, string>, nextMedications: Medication[], nextGoals: string[] = goalIds, nextCarried = carried) =>
    save({ fields: nextFields, goalIds: nextGoals, carried: nextCarried, ...(template.medications ? { medications: nextMedications } : {}) });
  const setField = (key: string, value: string) => {
    const next = { ...fields, [key]: value };
    started.current = true;
    setFields(next);
    saveAll(next, medications);
  };
  const prefillKey = JSON.stringify(prefill);
  useEffect(() => {
    if (locked) return;
    const next = applyPrefill({ fields, goalIds, carried }, prefill, prefilled.current);
    prefilled.current = prefill.fields;
    if (!next) return;
    setFields(next.fields);
    setGoalIds(next.goalIds);
    setCarried(next.carried);
    if (started.current) saveAll(next.fields, medications, next.goalIds, next.carried);
    // Only a new prefill re-applies; what is typed meanwhile is in the state it reads.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [prefillKey]);
  /** Where an untouched carried field's text came from, for its marker. */
  const sourceOf = (key: string) => (prefill.fields[key] === fields[key] ? prefill.sources[key] : st('sessions.MemberNoteEditor.theLastNote'));
  const changeMedications = (next: Medication[]) => {
    started.current = true;
    setMedications(next);
    saveAll(fields, next);
  };
  const run = (work: () => Promise<unknown>, ok: string) =>
    work().then(
      () => setMessage({ ok: true, text: ok }),
      (e: unknown) => setMessage({ ok: false, text: errorText(e) }),
    );
  const sign = () => {
    setConfirming(false);
    void run(async () => {
      // What was filled in is part of what is signed, even when nothing was typed here; what is
      // waiting to be saved is signed with the note, in one write.
      started.current = true;
      await commit((pending) => onSign(pending ?? { fields, goalIds, carried, ...(template.medications ? { medications } : {}) }));
      root.current?.focus();
    }, st('sessions.MemberNoteEditor.signed'));
  };
  const carriedLabels = template.fields.filter((f) => untouched.has(f.key)).map((f) => f.label);
  // The button signs at once unless there is something to confirm (and says first what is missing);
  // the shortcut always confirms.
  const complete = missingRequiredFields({ templateId: template.id, fields, goalIds, medications, status: 'draft' }, template).length === 0;
  const askFirst = complete && (carriedLabels.length > 0 || facilitator.kind === 'warn');
  const pick = (field: NoteField, phrase: string) => setField(field.key, append(fields[field.key] ?? '', phrase));
  /** Ctrl+Space opens the field's quick picks; arrows move, Enter or the number picks, Escape closes. */
  const onFieldKey = (field: NoteField) => (e: React.KeyboardEvent<HTMLTextAreaElement>) => {
    const open = picking?.key === field.key ? picking : null;
    if (e.key === ' ' && e.ctrlKey && field.quickPicks.length > 0) {
      e.preventDefault();
      setPicking(open ? null : { key: field.key, index: 0 });
      return;
    }
    if (!open) return;
    const count = field.quickPicks.length;
    const chosen = e.key === 'Enter' ? open.index : /^[1-9]$/.test(e.key) && Number(e.key) <= count ? Number(e.key) - 1 : null;
    if (chosen !== null) {
      e.preventDefault();
      pick(field, field.quickPicks[chosen]!);
      setPicking(null);
    } else if (e.key === 'ArrowDown' || e.key === 'ArrowRight' || e.key === 'ArrowUp' || e.key === 'ArrowLeft') {
      e.preventDefault();
      const step = e.key === 'ArrowDown' || e.key === 'ArrowRight' ? 1 : -1;
      setPicking({ key: field.key, index: (open.index + step + count) % count });
    } else if (e.key === 'Escape' || e.key === 'Tab') {
      setPicking(null);
    }
  };
  return (
    <Card
      withBorder
      component="section"
      aria-label={st('sessions.MemberNoteEditor.noteFor', { memberName })}
      ref={root}
      tabIndex={-1}
      onKeyDown={(e) => getHotkeyHandler([[SIGN_KEY, () => !locked && facilitator.kind !== 'refuse' && setConfirming(true)]])(e)}
    >
      <Group justify="space-between" mb="xs">
        <Title order={3} size="h4">
          {memberName}
        </Title>
        <Group gap="xs">
          {!locked && <SaveStatus state={saveState} label={st('sessions.MemberNoteEditor.note')} />}
          <Badge variant="light" color={locked ? 'teal' : 'gray'}>
            {st('sessions.MemberNoteEditor.badge', { status: note ? st(`sessions.MemberNoteEditor.status.${note.status}`) : st('sessions.MemberNoteEditor.notStarted'), template: template.label })}
          </Badge>
          {!locked && template.fields.some((f) => f.carryForward) && (
            <Button
              size="compact-sm"
              variant="default"
              onClick={() =>
                void onCopyForward().then(
                  (last) => {
                    if (last === null) return setMessage({ ok: false, text: st('sessions.MemberNoteEditor.nothingToCopy') });
                    const change = carryForward(template, { fields: last.fields ?? {}, ...(last.medications ? { medications: last.medications } : {}) });
                    const next = { ...fields, ...change.fields };
                    const nextMedications = change.medications ?? medications;
                    setFields(next);
                    setMedications(nextMedications);
                    // What was started from the plan or shared part and not copied over stays marked.
                    const nextCarried = { ...carried, ...change.carried };
                    started.current = true;
                    setCarried(nextCarried);
                    saveAll(next, nextMedications, goalIds, nextCarried);
                    const copied = template.fields.filter((f) => f.key in change.fields).map((f) => f.label);
                    setMessage({
                      ok: true,
                      text: copied.length > 0 ? st('sessions.MemberNoteEditor.carriedForward', { fields: copied.join(', ') }) : st('sessions.MemberNoteEditor.nothingCarries'),
                    });
                  },
                  (e: unknown) => setMessage({ ok: false, text: errorText(e) }),
                )
              }
            >
              {st('sessions.MemberNoteEditor.copyForward')}
            </Button>
          )}
        </Group>
      </Group>
      {note?.status === 'returned' && note.returned && (
        <Alert color="orange" role="status" mb="xs" title={st('sessions.MemberNoteEditor.returnedBy', { name: note.returned.name })}>
          {note.returned.comment}
        </Alert>
      )}
      <Stack gap="sm">
        {shownFields(template, fields).map((field) =>
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
                description={
                  untouched.has(field.key) ? (
                    <Trans t={st} i18nKey="sessions.MemberNoteEditor.carried" values={{ source: sourceOf(field.key) }} components={{ badge: <Badge size="xs" color="orange" variant="light" component="span" /> }} />
                  ) : (
                    field.help
                  )
                }
                required={field.required}
                data-note-field
                aria-keyshortcuts={field.quickPicks.length > 0 ? 'Control+Space' : undefined}
                // The browser grows the box with its text (no JS measuring: opening a note stays fast).
                styles={{ input: { fieldSizing: 'content', minHeight: field.multiline ? '4rem' : undefined, ...(untouched.has(field.key) ? { borderLeft: '4px solid var(--mantine-color-orange-5)' } : {}) } }}
                value={fields[field.key] ?? ''}
                onChange={(e) => setField(field.key, e.currentTarget.value)}
                onKeyDown={onFieldKey(field)}
                onBlur={() => setPicking((p) => (p?.key === field.key ? null : p))}
              />
              {field.quickPicks.length > 0 && (
                <Group gap={4} mt={4} aria-label={st('sessions.MemberNoteEditor.quickPicksFor', { field: field.label })} role="group">
                  {field.quickPicks.map((phrase, i) => {
                    const active = picking?.key === field.key && picking.index === i;
                    return (
                      // Not Tab stops: Ctrl+Space in the field reaches them.
                      <button key={phrase} type="button" className="quick-pick" tabIndex={-1} aria-pressed={active} onMouseDown={(e) => e.preventDefault()} onClick={() => pick(field, phrase)}>
                        {picking?.key === field.key ? st('sessions.MemberNoteEditor.numberedPick', { number: i + 1, phrase }) : phrase}
                      </button>
                    );
                  })}
                  {picking?.key === field.key && (
                    <Text size="xs" c="dimmed" aria-live="polite">
                      {st('sessions.MemberNoteEditor.quickPickOf', { number: picking.index + 1, count: field.quickPicks.length, phrase: field.quickPicks[picking.index] })}
                    </Text>
                  )}
                </Group>
              )}
            </div>
          ),
        )}
        {objectives.length > 0 &&
          (locked ? (
            <div>
              <Text size="xs" c="dimmed">
                {st('sessions.MemberNoteEditor.objectivesAddressed')}
              </Text>
              <Text size="sm">{objectives.filter((o) => note?.goalIds.includes(o.id)).map((o) => st('sessions.MemberNoteEditor.objective', { label: sharedText(o.label.key, o.label.values), statement: o.statement })).join('; ') || '—'}</Text>
            </div>
          ) : (
            <MultiSelect
              label={st('sessions.MemberNoteEditor.objectivesAddressed')}
              description={st('sessions.MemberNoteEditor.objectivesHelp')}
              data={objectives.map((o) => ({ value: o.id, label: st('sessions.MemberNoteEditor.objective', { label: sharedText(o.label.key, o.label.values), statement: o.statement }) }))}
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
          <Group justify="space-between" align="flex-end" wrap="nowrap">
            <Text size="xs" c="dimmed" maw={520}>
              <Trans t={st} i18nKey="sessions.MemberNoteEditor.shortcut" values={{ attestation: sharedText(ATTESTATION) }} components={{ kbd: <Kbd size="xs" /> }} />
              {facilitator.kind !== 'ok' && (
                <Text span size="xs" c={facilitator.kind === 'refuse' ? 'red' : 'orange'} display="block">
                  {sharedText(facilitator.message.key)}
                </Text>
              )}
            </Text>
            <Button disabled={facilitator.kind === 'refuse'} onClick={() => (askFirst ? setConfirming(true) : sign())}>
              {st('sessions.MemberNoteEditor.signNote')}
            </Button>
          </Group>
        )}
        {/* Mounted only when asked for: a closed Modal still costs every note's first render. */}
        {confirming && (
          <Modal opened onClose={() => setConfirming(false)} title={st('sessions.MemberNoteEditor.signTheNoteFor', { memberName })}>
            <Stack gap="sm">
              {facilitator.kind === 'warn' && (
                <Alert color="orange" role="alert" title={st('sessions.MemberNoteEditor.notYourSession')}>
                  {sharedText(facilitator.message.key)}
                </Alert>
              )}
              {carriedLabels.length > 0 && (
                <Alert color="orange" role="alert" title={st('sessions.MemberNoteEditor.carriedNotEdited')}>
                  {st(carriedLabels.length === 1 ? 'sessions.MemberNoteEditor.stillHolds' : 'sessions.MemberNoteEditor.stillHold', { fields: carriedLabels.join(', ') })}
                </Alert>
              )}
              <Text size="sm">{sharedText(ATTESTATION)}</Text>
              <Group justify="flex-end">
                <Button variant="default" onClick={() => setConfirming(false)}>
                  {st('sessions.MemberNoteEditor.cancel')}
                </Button>
                <Button data-autofocus onClick={sign}>
                  {st('sessions.MemberNoteEditor.sign')}
                </Button>
              </Group>
            </Stack>
          </Modal>
        )}
        {note?.signature && (
          <Text size="sm">
            {note.cosignature
              ? st('sessions.MemberNoteEditor.signedAndCosigned', { person: person(note.signature.name, note.signature.credentials), at: minuteOf(note.signature.at), cosigner: st('sessions.MemberNoteEditor.person', { name: note.cosignature.name, credentials: note.cosignature.credentials }) })
              : st('sessions.MemberNoteEditor.signedBy', { person: person(note.signature.name, note.signature.credentials), at: minuteOf(note.signature.at) })}
          </Text>
        )}
        {addenda.map((a) => (
          <Alert key={a.id} color="blue" role="note" title={st('sessions.MemberNoteEditor.addendumBy', { person: person(a.data.name, a.data.credentials), at: minuteOf(a.data.at) })}>
            {a.data.text}
          </Alert>
        ))}
        {note && isSignedFinal(note) && (
          <form
            aria-label={st('sessions.MemberNoteEditor.addAnAddendum')}
            noValidate
            onSubmit={(e) => {
              e.preventDefault();
              void run(() => onAddendum(addendum).then(() => setAddendum('')), st('sessions.MemberNoteEditor.addendumAdded'));
            }}
          >
            <Group align="flex-end" gap="xs">
              <Textarea label={st('sessions.MemberNoteEditor.addendum')} description={st('sessions.MemberNoteEditor.addendumHelp')} autosize minRows={1} value={addendum} onChange={(e) => setAddendum(e.currentTarget.value)} style={{ flex: 1 }} />
              <Button type="submit" variant="light">
                {st('sessions.MemberNoteEditor.addAddendum')}
              </Button>
            </Group>
          </form>
        )}
      </Stack>
    </Card>
  );
}
