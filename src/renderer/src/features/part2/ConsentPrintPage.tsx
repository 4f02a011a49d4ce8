import { useEffect, useMemo, useState } from 'react';
import { Loader, Table } from '@mantine/core';
import { useParams } from 'react-router';
import { describeConsent } from '../../../../shared/part2';
import { displayName } from '../../../../shared/clients';
import { useServices } from '../../app/services';
import { useObservable } from '../../hooks/useObservable';
import { st } from '../../i18n/staff';
import { useToday } from '../../hooks/useToday';
import type { ClientRecord } from '../../repositories/clients';
import type { ConsentRecord } from '../../repositories/part2';
import { chartTabPath } from '../clients/chart/chartPath';
import { PrintLayout } from '../print/PrintLayout';
import { ConsentScan } from './ConsentScan';
import { messagesText, sharedText } from '../../i18n/shared';

/** The consent element by element, its signature, and a paper consent's scanned pages. */
export function ConsentElements({ consent }: { consent: ConsentRecord }) {
  const { part2 } = useServices();
  const [image, setImage] = useState<string | null>(null);
  const signature = consent.data.signature;
  const ref = signature?.kind === 'on-screen' ? signature.imageRef : null;
  useEffect(() => {
    if (ref !== null) void part2.signatureImage(ref).then(setImage);
  }, [part2, ref]);
  return (
    <>
      <Table aria-label={st('part2.ConsentPrintPage.elements')}>
        <Table.Tbody>
          {describeConsent(consent.data).map((row) => (
            <Table.Tr key={row.label}>
              <Table.Th scope="row" w="30%">
                {sharedText(row.label)}
              </Table.Th>
              <Table.Td style={{ whiteSpace: 'pre-wrap' }}>{messagesText(row.value)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {image && <img src={image} alt={st('part2.ConsentPrintPage.signature')} style={{ maxWidth: 320, marginTop: 8 }} />}
    </>
  );
}

/** A Part 2 consent printed for the programme's file or for the patient: the elements, then the scanned paper form and written revocation. */
export function ConsentPrintPage() {
  const { clientId = '', consentId = '' } = useParams();
  const { clients, part2 } = useServices();
  const today = useToday();
  const client = useObservable<ClientRecord | null | undefined>(useMemo(() => clients.get$(clientId), [clients, clientId]), undefined);
  const consents = useObservable<ConsentRecord[] | null>(useMemo(() => part2.consents$(clientId), [part2, clientId]), null);
  if (client === undefined || consents === null) return <Loader aria-label={st('part2.ConsentPrintPage.loading')} />;
  const consent = consents.find((c) => c.id === consentId);
  const scanRef = consent?.data.signature?.kind === 'paper' ? consent.data.signature.scanRef : undefined;
  const revocationScanRef = consent?.data.revocation?.scanRef;
  return (
    <PrintLayout
      title={st('part2.ConsentPrintPage.title')}
      fileName={st('part2.ConsentPrintPage.fileName', { date: consent?.data.signature?.signedOn ?? today })}
      back={{ to: chartTabPath(clientId, 'substance-use'), label: st('part2.ConsentPrintPage.back') }}
      details={[{ label: st('part2.ConsentPrintPage.client'), value: client ? displayName(client.data) : clientId }]}
      sections={[
        { title: st('part2.ConsentPrintPage.theConsent'), content: consent ? <ConsentElements consent={consent} /> : <p>{st('part2.ConsentPrintPage.notHere')}</p> },
        ...(scanRef ? [{ title: st('part2.Part2Section.paperFormScanned'), content: <ConsentScan scanRef={scanRef} printing /> }] : []),
        ...(revocationScanRef ? [{ title: st('part2.Part2Section.revocationScanned'), content: <ConsentScan scanRef={revocationScanRef} of="revocation" printing /> }] : []),
      ]}
    />
  );
}
