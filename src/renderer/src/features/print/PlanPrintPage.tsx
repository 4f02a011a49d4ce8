import { useFormat } from '../../i18n/useFormat';
import { useMemo } from 'react';
import { Alert, Loader } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useParams, useSearchParams } from 'react-router';
import { DEFAULT_LOCALE, isLocale } from '../../../../shared/format';
import { displayName } from '../../../../shared/clients';
import { isPart2Record } from '../../../../shared/exports';
import type { Intervention } from '../../../../shared/plans';
import { useServices } from '../../app/services';
import { useObservable } from '../../hooks/useObservable';
import type { ClientRecord } from '../../repositories/clients';
import type { ContactRecord, ReleaseRecord } from '../../repositories/contacts';
import type { PlanRecord } from '../../repositories/plans';
import { staffLabels, type StaffRecord } from '../../repositories/staff';
import { PART2_PRINT_NOTICE } from './part2-notice';
import { PrintFields, PrintLayout, type PrintSection } from './PrintLayout';
import { st } from '../../i18n/staff';

/**
 * One version of a treatment plan, outlined as on screen, with both signatures: for the record, a
 * release, or the client's own copy in the client's language (?lang=es-US). What the clinician
 * wrote is printed as written; the document around it is translated.
 */
export function PlanPrintPage() {
  const { planId = '' } = useParams();
  const { plans, clients, contacts, staff } = useServices();
  const [params, setParams] = useSearchParams();
  const requested = params.get('lang');
  const locale = isLocale(requested) ? requested : DEFAULT_LOCALE;
  const { t } = useTranslation(undefined, { lng: locale });
  const format = useFormat(locale);
  const when = (at: string) => format.instant(at);
  /** "Group, 180 min, 3 times a week for 8 weeks", in the copy's language. */
  const amount = (intervention: Intervention) => {
    const parts: string[] = [t(`plan.interventionType.${intervention.type}`)];
    if (intervention.sessionMinutes !== null) parts.push(t('plan.minutes', { minutes: format.number(intervention.sessionMinutes) }));
    const frequency = intervention.frequency;
    const often = frequency ? (frequency.times === 1 ? t('plan.once', { period: t(`plan.period.${frequency.per}`) }) : t('plan.times', { times: format.number(frequency.times), period: t(`plan.period.${frequency.per}`) })) : '';
    const weeks = intervention.durationWeeks === null ? '' : intervention.durationWeeks === 1 ? t('plan.forWeek') : t('plan.forWeeks', { weeks: format.number(intervention.durationWeeks) });
    const rest = [often, weeks].filter(Boolean).join(' ');
    if (rest) parts.push(rest);
    return parts.join(', ');
  };
  const record = useObservable<PlanRecord | null | undefined>(useMemo(() => plans.get$(planId), [plans, planId]), undefined);
  const clientId = record?.clientId ?? '';
  const client = useObservable<ClientRecord | null | undefined>(useMemo(() => clients.get$(clientId), [clients, clientId]), undefined);
  const people = useObservable<{ contacts: ContactRecord[]; releases: ReleaseRecord[] } | null>(useMemo(() => contacts.forClient$(clientId), [contacts, clientId]), null);
  const staffList = useObservable(useMemo(() => staff.active$(), [staff]), [] as StaffRecord[]);
  if (record === undefined || (record && (client === undefined || people === null))) return <Loader aria-label={t('plan.loading')} />;
  if (!record || !client || !people) return <Alert color="red">{t('plan.missing')}</Alert>;

  const plan = record.data;
  // Goals are numbered through the whole plan, as on screen.
  const goalsBefore = plan.problems.map((_, p) => plan.problems.slice(0, p).reduce((n, q) => n + q.goals.length, 0));
  const sections: PrintSection[] = plan.problems.map((problem, p) => ({
    title: t('plan.problem', { number: p + 1, statement: problem.statement }),
    content: (
      <PrintFields
        rows={problem.goals.flatMap((goal, index) => {
          const g = goalsBefore[p]! + index + 1;
          return [
            { label: t('plan.goal', { number: g }), value: t('plan.goalBody', { statement: goal.statement, measuredBy: goal.measuredBy, target: goal.targetDate }) },
            ...goal.objectives.flatMap((objective, o) => [
              { label: t('plan.objective', { number: `${g}.${o + 1}` }), value: t('plan.objectiveBody', { statement: objective.statement, target: objective.targetDate, status: t(`plan.objectiveStatus.${objective.status}`) }) },
              ...objective.interventions.map((intervention, i) => ({
                label: t('plan.intervention', { number: `${g}.${o + 1}.${i + 1}` }),
                value: t('plan.interventionBody', { amount: amount(intervention), staff: staffLabels(intervention.staffIds, staffList).join('; ') }),
              })),
            ]),
          ];
        })}
      />
    ),
  }));
  const signature = plan.participation.signature;
  sections.push({
    title: t('plan.signatures'),
    content: (
      <PrintFields
        rows={[
          { label: t('plan.clientTookPart'), value: plan.participation.clientParticipated === null ? t('plan.notRecorded') : plan.participation.clientParticipated ? t('plan.yes') : t('plan.no') },
          { label: t('plan.clientWords'), value: plan.participation.clientWords },
          {
            label: t('plan.clientSignature'),
            value: signature ? (signature.kind === 'paper' ? t('plan.signedOnPaper', { date: signature.date }) : t('plan.signedOnScreen', { when: when(signature.at) })) : plan.participation.notSignedReason || t('plan.notSigned'),
          },
          { label: t('plan.clinician'), value: plan.clinicianSignature ? `${plan.clinicianSignature.name}, ${plan.clinicianSignature.credentials}, ${when(plan.clinicianSignature.at)}` : t('plan.clinicianDraft') },
        ]}
      />
    ),
  });
  if (plan.review) sections.unshift({ title: t('plan.review', { version: plan.version - 1 }), content: <PrintFields rows={[{ label: plan.review.reviewedOn, value: plan.review.summary }]} /> });
  const part2 = isPart2Record(client.data, people.releases.map((r) => r.data));
  return (
    <PrintLayout
      title={record.status === 'draft' ? t('plan.titleDraft', { version: plan.version }) : t('plan.title', { version: plan.version })}
      fileName={st('print.PlanPrintPage.fileName', { version: plan.version, effectiveOn: plan.effectiveOn })}
      back={{ to: `/plans/${record.id}`, label: t('plan.back', { lng: DEFAULT_LOCALE }) }}
      language={{ value: locale, onChange: (next) => setParams(next === DEFAULT_LOCALE ? {} : { lang: next }, { replace: true }) }}
      notice={part2 ? PART2_PRINT_NOTICE : null}
      disclosure={part2 ? { client: { id: client.id, name: displayName(client.data) }, information: ['treatment-plans', 'diagnosis'], description: st('print.PlanPrintPage.disclosureDescription', { version: plan.version, effectiveOn: plan.effectiveOn }) } : null}
      details={[
        { label: t('plan.client'), value: displayName(client.data) },
        { label: t('plan.dateOfBirth'), value: client.data.dateOfBirth },
        { label: t('plan.planDate'), value: plan.effectiveOn },
      ]}
      sections={sections}
    />
  );
}
