import { useFormat } from '../../i18n/useFormat';
import { useMemo } from 'react';
import { Alert, Loader } from '@mantine/core';
import { useParams } from 'react-router';
import { ATTENDANCE_STATUSES, countPresent, minutesAttended } from '../../../../shared/attendance';
import { displayName } from '../../../../shared/clients';
import { isPart2Record } from '../../../../shared/exports';
import { shownFields, templateFor, type Signature } from '../../../../shared/notes';
import { MODALITIES } from '../../../../shared/programs';
import { useServices } from '../../app/services';
import { useObservable } from '../../hooks/useObservable';
import type { ClientRecord } from '../../repositories/clients';
import type { ContactRecord, ReleaseRecord } from '../../repositories/contacts';
import { type AddendumRecord, type NoteRecord, type SharedRecord } from '../../repositories/notes';
import type { SessionRecord } from '../../repositories/sessions';
import { staffLabels, type StaffRecord } from '../../repositories/staff';
import { SESSION_KIND_LABELS } from '../sessions/sessionKinds';
import { PART2_PRINT_NOTICE } from './part2-notice';
import { PrintFields, PrintLayout, type PrintSection } from './PrintLayout';
import { chartTabPath } from '../clients/chart/chartPath';
import { st } from '../../i18n/staff';
import { sharedText } from '../../i18n/shared';


/** One client's note from one session, as signed, with its addenda: for the record or a release of information. */
export function ProgressNotePrintPage() {
  const { sessionId = '', clientId = '' } = useParams();
  const { sessions, notes, clients, contacts, staff } = useServices();
  const format = useFormat();
  const when = (at: string) => format.instant(at);
  const signed = (s: Pick<Signature, 'name' | 'credentials' | 'at'>) => st('print.ProgressNotePrintPage.signedBy', { name: s.name, credentials: s.credentials, at: when(s.at) });
  const session = useObservable<SessionRecord | null | undefined>(useMemo(() => sessions.get$(sessionId), [sessions, sessionId]), undefined);
  const written = useObservable<{ shared: SharedRecord | null; notes: NoteRecord[]; addenda: AddendumRecord[] } | null>(useMemo(() => notes.session$(sessionId), [notes, sessionId]), null);
  const client = useObservable<ClientRecord | null | undefined>(useMemo(() => clients.get$(clientId), [clients, clientId]), undefined);
  const people = useObservable<{ contacts: ContactRecord[]; releases: ReleaseRecord[] } | null>(useMemo(() => contacts.forClient$(clientId), [contacts, clientId]), null);
  const staffList = useObservable(useMemo(() => staff.active$(), [staff]), [] as StaffRecord[]);

  if (session === undefined || written === null || client === undefined || people === null) return <Loader aria-label={st('print.ProgressNotePrintPage.loadingTheNote')} />;
  const record = written.notes.find((n) => n.clientId === clientId);
  if (!session || !client || !record) return <Alert color="red">{st('print.ProgressNotePrintPage.thereIsNoNoteFor')}</Alert>;

  const note = record.data.note;
  const template = templateFor(note.templateId);
  const entry = session.data.attendance?.find((e) => e.clientId === clientId);
  const shared = record.data.shared ?? written.shared?.data;
  const sections: PrintSection[] = [];
  if (session.kind === 'group' && shared) {
    sections.push({
      title: st('print.ProgressNotePrintPage.groupSession'),
      content: (
        <PrintFields
          rows={[
            { label: st('print.ProgressNotePrintPage.topic'), value: shared.topic },
            { label: st('print.ProgressNotePrintPage.curriculum'), value: shared.curriculum },
            { label: st('print.ProgressNotePrintPage.interventionsUsed'), value: shared.interventions },
          ]}
        />
      ),
    });
  }
  sections.push({ title: template.label, content: <PrintFields rows={shownFields(template, note.fields).map((f) => ({ label: f.label, value: note.fields[f.key] ?? '' }))} /> });
  if (note.medications && note.medications.length > 0) {
    sections.push({
      title: st('print.ProgressNotePrintPage.medications'),
      content: <PrintFields rows={note.medications.map((m, i) => ({ label: m.name || st('print.ProgressNotePrintPage.medicationNumber', { number: i + 1 }), value: [m.dose, m.frequency, m.change].filter(Boolean).join(' · ') }))} />,
    });
  }
  sections.push({
    title: st('print.ProgressNotePrintPage.signatures'),
    content: (
      <PrintFields
        rows={[
          { label: st('print.ProgressNotePrintPage.signed'), value: note.signature ? signed(note.signature) : st('print.ProgressNotePrintPage.notSigned') },
          ...(note.cosignature ? [{ label: st('print.ProgressNotePrintPage.cosigned'), value: signed(note.cosignature) }] : []),
          ...(note.status === 'pending-cosign' ? [{ label: st('print.ProgressNotePrintPage.cosignature'), value: st('print.ProgressNotePrintPage.awaitingCosignature') }] : []),
        ]}
      />
    ),
  });
  const addenda = written.addenda.filter((a) => a.parentId === record.id);
  if (addenda.length > 0) {
    sections.push({ title: st('print.ProgressNotePrintPage.addenda'), content: <PrintFields rows={addenda.map((a) => ({ label: signed(a.data), value: a.data.text }))} /> });
  }
  const part2 = isPart2Record(client.data, people.releases.map((r) => r.data));
  return (
    <PrintLayout
      title={note.status === 'draft' ? st('print.ProgressNotePrintPage.progressNoteDraftNotSigned') : st('print.ProgressNotePrintPage.progressNote')}
      fileName={st('print.ProgressNotePrintPage.fileName', { date: session.date })}
      back={{ to: chartTabPath(clientId, 'documents'), label: st('print.common.backToTheChart') }}
      notice={part2 ? PART2_PRINT_NOTICE : null}
      disclosure={part2 ? { client: { id: clientId, name: displayName(client.data) }, information: ['progress-notes', 'attendance'], description: st('print.ProgressNotePrintPage.disclosureDescription', { date: session.date }) } : null}
      details={[
        { label: st('print.common.client'), value: displayName(client.data) },
        { label: st('print.common.dateOfBirth'), value: client.data.dateOfBirth },
        { label: st('print.ProgressNotePrintPage.service'), value: st('print.ProgressNotePrintPage.serviceValue', { kind: SESSION_KIND_LABELS[session.kind], title: session.data.title }) },
        { label: st('print.ProgressNotePrintPage.dateAndTime'), value: st('print.ProgressNotePrintPage.dateAndTimeValue', { day: format.day(session.date, 'long'), start: session.data.start, end: session.data.end }) },
        { label: st('print.ProgressNotePrintPage.modality'), value: sharedText(MODALITIES[session.data.modality]) },
        { label: st('print.ProgressNotePrintPage.facilitators'), value: staffLabels(session.data.facilitatorIds, staffList).join('; ') },
        { label: st('print.ProgressNotePrintPage.attendance'), value: entry ? st('print.ProgressNotePrintPage.attendanceValue', { status: sharedText(ATTENDANCE_STATUSES[entry.status]), attended: minutesAttended(entry, session.data), minutes: session.data.minutes }) : st('print.ProgressNotePrintPage.notTakenYet') },
        ...(session.kind === 'group' && session.data.attendance ? [{ label: st('print.ProgressNotePrintPage.membersPresent'), value: String(countPresent(session.data.attendance)) }] : []),
      ]}
      sections={sections}
    />
  );
}
