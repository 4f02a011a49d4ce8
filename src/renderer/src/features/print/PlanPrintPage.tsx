import { useFormat } from '../../i18n/useFormat';
import { useMemo } from 'react';
import { Alert, Loader } from '@mantine/core';
import { useParams } from 'react-router';
import { displayName } from '../../../../shared/clients';
import { isPart2Record } from '../../../../shared/exports';
import { describeIntervention, OBJECTIVE_STATUSES } from '../../../../shared/plans';
import { useServices } from '../../app/services';
import { useObservable } from '../../hooks/useObservable';
import type { ClientRecord } from '../../repositories/clients';
import type { ContactRecord, ReleaseRecord } from '../../repositories/contacts';
import type { PlanRecord } from '../../repositories/plans';
import { staffLabels, type StaffRecord } from '../../repositories/staff';
import { PART2_PRINT_NOTICE } from './part2-notice';
import { PrintFields, PrintLayout, type PrintSection } from './PrintLayout';


/** One version of a treatment plan, outlined as on screen, with both signatures: for the record or a release. */
export function PlanPrintPage() {
  const { planId = '' } = useParams();
  const { plans, clients, contacts, staff } = useServices();
  const format = useFormat();
  const when = (at: string) => format.instant(at);
  const record = useObservable<PlanRecord | null | undefined>(useMemo(() => plans.get$(planId), [plans, planId]), undefined);
  const clientId = record?.clientId ?? '';
  const client = useObservable<ClientRecord | null | undefined>(useMemo(() => clients.get$(clientId), [clients, clientId]), undefined);
  const people = useObservable<{ contacts: ContactRecord[]; releases: ReleaseRecord[] } | null>(useMemo(() => contacts.forClient$(clientId), [contacts, clientId]), null);
  const staffList = useObservable(useMemo(() => staff.active$(), [staff]), [] as StaffRecord[]);
  if (record === undefined || (record && (client === undefined || people === null))) return <Loader aria-label="Loading the plan" />;
  if (!record || !client || !people) return <Alert color="red">There is no such plan on this device.</Alert>;

  const plan = record.data;
  // Goals are numbered through the whole plan, as on screen.
  const goalsBefore = plan.problems.map((_, p) => plan.problems.slice(0, p).reduce((n, q) => n + q.goals.length, 0));
  const sections: PrintSection[] = plan.problems.map((problem, p) => ({
    title: `Problem ${p + 1}: ${problem.statement}`,
    content: (
      <PrintFields
        rows={problem.goals.flatMap((goal, index) => {
          const g = goalsBefore[p]! + index + 1;
          return [
            { label: `Goal ${g}`, value: `${goal.statement}\nMeasured by: ${goal.measuredBy}\nTarget: ${goal.targetDate}` },
            ...goal.objectives.flatMap((objective, o) => [
              { label: `Objective ${g}.${o + 1}`, value: `${objective.statement}\nTarget: ${objective.targetDate} · ${OBJECTIVE_STATUSES[objective.status]}` },
              ...objective.interventions.map((intervention, i) => ({
                label: `Intervention ${g}.${o + 1}.${i + 1}`,
                value: `${describeIntervention(intervention)}\nResponsible: ${staffLabels(intervention.staffIds, staffList).join('; ')}`,
              })),
            ]),
          ];
        })}
      />
    ),
  }));
  const signature = plan.participation.signature;
  sections.push({
    title: 'Participation and signatures',
    content: (
      <PrintFields
        rows={[
          { label: 'Client took part', value: plan.participation.clientParticipated === null ? 'Not recorded' : plan.participation.clientParticipated ? 'Yes' : 'No' },
          { label: "Client's words", value: plan.participation.clientWords },
          { label: 'Client signature', value: signature ? (signature.kind === 'paper' ? `Signed on paper, ${signature.date}` : `Signed on screen, ${when(signature.at)}`) : plan.participation.notSignedReason || 'Not signed' },
          { label: 'Clinician', value: plan.clinicianSignature ? `${plan.clinicianSignature.name}, ${plan.clinicianSignature.credentials}, ${when(plan.clinicianSignature.at)}` : 'Not signed: this is a draft' },
        ]}
      />
    ),
  });
  if (plan.review) sections.unshift({ title: `Review of version ${plan.version - 1}`, content: <PrintFields rows={[{ label: plan.review.reviewedOn, value: plan.review.summary }]} /> });
  return (
    <PrintLayout
      title={record.status === 'draft' ? `Treatment plan, version ${plan.version} (draft, not signed)` : `Treatment plan, version ${plan.version}`}
      fileName={`Treatment plan v${plan.version} ${plan.effectiveOn}`}
      back={{ to: `/plans/${record.id}`, label: 'Back to the plan' }}
      notice={isPart2Record(client.data, people.releases.map((r) => r.data)) ? PART2_PRINT_NOTICE : null}
      details={[
        { label: 'Client', value: displayName(client.data) },
        { label: 'Date of birth', value: client.data.dateOfBirth },
        { label: 'Plan date', value: plan.effectiveOn },
      ]}
      sections={sections}
    />
  );
}
