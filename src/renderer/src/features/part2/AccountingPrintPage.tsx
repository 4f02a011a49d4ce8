import { useMemo, useState } from 'react';
import { Group, Loader, TextInput } from '@mantine/core';
import { useParams } from 'react-router';
import { chartTabPath } from '../clients/chart/chartPath';
import { displayName } from '../../../../shared/clients';
import { useServices } from '../../app/services';
import { useObservable } from '../../hooks/useObservable';
import { useToday } from '../../hooks/useToday';
import type { ClientRecord } from '../../repositories/clients';
import type { ConsentRecord, DisclosureRecord } from '../../repositories/part2';
import { PrintLayout } from '../print/PrintLayout';
import { AccountingTable, accountingRows } from './Part2Section';
import { st } from '../../i18n/staff';

/** A client's accounting of disclosures for a period, printed for them on request. */
export function AccountingPrintPage() {
  const { clientId = '' } = useParams();
  const { clients, part2 } = useServices();
  const today = useToday();
  const client = useObservable<ClientRecord | null | undefined>(useMemo(() => clients.get$(clientId), [clients, clientId]), undefined);
  const consents = useObservable(useMemo(() => part2.consents$(clientId), [part2, clientId]), [] as ConsentRecord[]);
  const ledger = useObservable<DisclosureRecord[] | null>(useMemo(() => part2.ledger$(clientId), [part2, clientId]), null);
  const [from, setFrom] = useState(`${Number(today.slice(0, 4)) - 3}${today.slice(4)}`);
  const [to, setTo] = useState(today);
  if (client === undefined || ledger === null) return <Loader aria-label={st('part2.AccountingPrintPage.loading')} />;
  const rows = accountingRows(ledger, consents, clientId, from, to);
  return (
    <>
      <Group gap="sm" mb="sm">
        <TextInput label={st('part2.AccountingPrintPage.from')} type="date" value={from} onChange={(e) => setFrom(e.currentTarget.value)} />
        <TextInput label={st('part2.AccountingPrintPage.to')} type="date" value={to} onChange={(e) => setTo(e.currentTarget.value)} />
      </Group>
      <PrintLayout
        title={st('part2.Part2Section.accounting')}
        fileName={st('part2.AccountingPrintPage.fileName', { date: today })}
        back={{ to: chartTabPath(clientId, 'substance-use'), label: st('part2.ConsentPrintPage.back') }}
        details={[
          { label: st('part2.ConsentPrintPage.client'), value: client ? displayName(client.data) : clientId },
          { label: st('part2.AccountingPrintPage.period'), value: st('part2.AccountingPrintPage.periodValue', { from, to }) },
          { label: st('part2.AccountingPrintPage.disclosures'), value: String(rows.length) },
        ]}
        sections={[{ title: st('part2.AccountingPrintPage.section'), content: rows.length === 0 ? <p>{st('part2.AccountingPrintPage.none')}</p> : <AccountingTable rows={rows} /> }]}
      />
    </>
  );
}
