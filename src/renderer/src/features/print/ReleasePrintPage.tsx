import { useMemo } from 'react';
import { Alert, Loader } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useParams, useSearchParams } from 'react-router';
import { displayName } from '../../../../shared/clients';
import { releaseStatus } from '../../../../shared/contacts';
import { DEFAULT_LOCALE, isLocale } from '../../../../shared/format';
import { useServices } from '../../app/services';
import { useObservable } from '../../hooks/useObservable';
import { useToday } from '../../hooks/useToday';
import { useFormat } from '../../i18n/useFormat';
import type { ClientRecord } from '../../repositories/clients';
import type { ContactRecord, ReleaseRecord } from '../../repositories/contacts';
import { chartTabPath } from '../clients/chart/chartPath';
import { PrintFields, PrintLayout } from './PrintLayout';
import { st } from '../../i18n/staff';

const STATUS_KEYS = { 'in force': 'inForce', revoked: 'inForce', expired: 'expired', 'not yet in force': 'notYet' } as const;

/**
 * A client's consent to release information to a family or support contact, the copy the client
 * keeps, in the client's language (?lang=es-US): who, what, why, from when to when, and whether it
 * has been revoked. The purpose is printed as it was recorded.
 */
export function ReleasePrintPage() {
  const { clientId = '', releaseId = '' } = useParams();
  const { clients, contacts } = useServices();
  const today = useToday();
  const [params, setParams] = useSearchParams();
  const requested = params.get('lang');
  const locale = isLocale(requested) ? requested : DEFAULT_LOCALE;
  const { t } = useTranslation(undefined, { lng: locale });
  const format = useFormat(locale);
  const client = useObservable<ClientRecord | null | undefined>(useMemo(() => clients.get$(clientId), [clients, clientId]), undefined);
  const people = useObservable<{ contacts: ContactRecord[]; releases: ReleaseRecord[] } | null>(useMemo(() => contacts.forClient$(clientId), [contacts, clientId]), null);
  if (client === undefined || people === null) return <Loader aria-label={t('release.loading')} />;
  const release = people.releases.find((r) => r.id === releaseId)?.data;
  const contact = release && people.contacts.find((c) => c.id === release.contactId)?.data;
  if (!client || !release || !contact) return <Alert color="red">{t('release.missing')}</Alert>;

  // A revoked release prints its revocation date instead of a status.
  const status = releaseStatus(release, today);
  return (
    <PrintLayout
      title={t('release.title')}
      fileName={st('print.ReleasePrintPage.fileName', { signedOn: release.signedOn })}
      back={{ to: chartTabPath(clientId, 'contacts'), label: t('release.back', { lng: DEFAULT_LOCALE }) }}
      language={{ value: locale, onChange: (next) => setParams(next === DEFAULT_LOCALE ? {} : { lang: next }, { replace: true }) }}
      details={[
        { label: t('release.client'), value: displayName(client.data) },
        { label: t('release.dateOfBirth'), value: format.day(client.data.dateOfBirth) },
      ]}
      sections={[
        {
          title: t('release.agreement'),
          content: (
            <PrintFields
              rows={[
                { label: t('release.recipient'), value: t('release.recipientValue', { name: contact.name, relationship: contact.relationship }) },
                { label: t('release.information'), value: release.scopes.map((scope) => t(`release.scope.${scope}`)).join('\n') },
                { label: t('release.purpose'), value: release.purpose },
                { label: t('release.signedOn'), value: format.day(release.signedOn) },
                { label: t('release.expiresOn'), value: format.day(release.expiresOn) },
                { label: t('release.status'), value: release.revokedOn ? t('release.revokedOn', { date: format.day(release.revokedOn) }) : t(`release.statusValue.${STATUS_KEYS[status]}`) },
              ]}
            />
          ),
        },
      ]}
    />
  );
}
