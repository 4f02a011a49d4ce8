import { useMemo } from 'react';
import { Alert, Loader } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useParams, useSearchParams } from 'react-router';
import { displayName } from '../../../../shared/clients';
import { isPart2Record } from '../../../../shared/exports';
import { DEFAULT_LOCALE, isLocale } from '../../../../shared/format';
import { useServices } from '../../app/services';
import { useObservable } from '../../hooks/useObservable';
import { useFormat } from '../../i18n/useFormat';
import type { ClientRecord } from '../../repositories/clients';
import type { ContactRecord, ReleaseRecord } from '../../repositories/contacts';
import type { EpisodeRecord } from '../../repositories/episodes';
import { chartTabPath } from '../clients/chart/chartPath';
import { PART2_PRINT_NOTICE } from './part2-notice';
import { PrintFields, PrintLayout } from './PrintLayout';
import { st } from '../../i18n/staff';

/**
 * The aftercare and relapse-prevention plan written at discharge, as the client takes it home, in
 * the client's language (?lang=es-US). What the clinician wrote is printed as written; the
 * document around it is translated.
 */
export function AftercarePrintPage() {
  const { clientId = '', episodeId = '' } = useParams();
  const { clients, episodes, contacts } = useServices();
  const [params, setParams] = useSearchParams();
  const requested = params.get('lang');
  const locale = isLocale(requested) ? requested : DEFAULT_LOCALE;
  const { t } = useTranslation(undefined, { lng: locale });
  const format = useFormat(locale);
  const client = useObservable<ClientRecord | null | undefined>(useMemo(() => clients.get$(clientId), [clients, clientId]), undefined);
  const history = useObservable<EpisodeRecord[] | null>(useMemo(() => episodes.forClient$(clientId), [episodes, clientId]), null);
  const people = useObservable<{ contacts: ContactRecord[]; releases: ReleaseRecord[] } | null>(useMemo(() => contacts.forClient$(clientId), [contacts, clientId]), null);
  if (client === undefined || history === null || people === null) return <Loader aria-label={t('aftercare.loading')} />;
  const discharge = history.find((e) => e.id === episodeId)?.data.discharge;
  if (!client || !discharge) return <Alert color="red">{t('aftercare.missing')}</Alert>;

  const { aftercare } = discharge;
  const part2 = isPart2Record(client.data, people.releases.map((r) => r.data));
  return (
    <PrintLayout
      title={t('aftercare.title')}
      fileName={st('print.AftercarePrintPage.fileName', { on: discharge.on })}
      back={{ to: chartTabPath(clientId, 'episodes'), label: t('aftercare.back', { lng: DEFAULT_LOCALE }) }}
      language={{ value: locale, onChange: (next) => setParams(next === DEFAULT_LOCALE ? {} : { lang: next }, { replace: true }) }}
      notice={part2 ? PART2_PRINT_NOTICE : null}
      disclosure={part2 ? { client: { id: clientId, name: displayName(client.data) }, information: ['discharge'], description: st('print.AftercarePrintPage.disclosureDescription', { on: discharge.on }) } : null}
      details={[
        { label: t('aftercare.client'), value: displayName(client.data) },
        { label: t('aftercare.dischargedOn'), value: format.day(discharge.on) },
      ]}
      sections={[
        {
          title: t('aftercare.afterTreatment'),
          content: (
            <PrintFields
              rows={[
                { label: t('aftercare.referrals'), value: aftercare.referrals.join('\n') || t('aftercare.noReferrals') },
                { label: t('aftercare.alumniGroup'), value: aftercare.alumniGroup ? t('aftercare.alumniYes') : t('aftercare.alumniNo') },
                { label: t('aftercare.followUp'), value: aftercare.followUpOn ? format.day(aftercare.followUpOn) : t('aftercare.noFollowUp') },
              ]}
            />
          ),
        },
        {
          title: t('aftercare.relapsePrevention'),
          content: <p style={{ whiteSpace: 'pre-wrap' }}>{aftercare.relapsePreventionPlan || t('aftercare.noRelapsePlan')}</p>,
        },
      ]}
    />
  );
}
