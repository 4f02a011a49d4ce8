import { useMemo, useState } from 'react';
import { Alert, Badge, Button, Card, Checkbox, Group, Modal, Table, Text, Textarea, TextInput, Title } from '@mantine/core';
import { IconPrinter } from '@tabler/icons-react';
import { Link } from 'react-router';
import { accountingCells, accountingOfDisclosures, ACCOUNTING_COLUMNS, consentProblems, consentStatus, describePurposes, type ConsentStatus } from '../../../../shared/part2';
import { ModalForm } from '../../app/ModalForm';
import { useServices } from '../../app/services';
import { useObservable } from '../../hooks/useObservable';
import type { ConsentRecord, DisclosureRecord } from '../../repositories/part2';
import { ConsentForm } from './ConsentForm';
import { ConsentElements } from './ConsentPrintPage';
import { ConsentScan } from './ConsentScan';

const STATUS_COLOURS: Record<ConsentStatus, string> = { 'in force': 'teal', revoked: 'red', expired: 'gray', incomplete: 'orange', 'not yet in force': 'blue' };

/** The accounting's rows with each consent named by its signing date, not its record id. */
export function accountingRows(ledger: readonly DisclosureRecord[], consents: readonly ConsentRecord[], clientId: string, from = '0000-01-01', to = '9999-12-31') {
  const signed = new Map(consents.map((c) => [c.id, c.data.signature ? `Signed ${c.data.signature.signedOn}` : 'Unsigned']));
  return accountingOfDisclosures(
    ledger.map((r) => r.data),
    clientId,
    from,
    to,
  ).map((row) => ({ ...row, consentId: signed.get(row.consentId) ?? 'Not on this device' }));
}

function RevokeForm({ consent, today, onClose }: { consent: ConsentRecord; today: string; onClose: () => void }) {
  const { part2, vault } = useServices();
  const [on, setOn] = useState(today);
  const [inWriting, setInWriting] = useState(false);
  const [note, setNote] = useState('');
  return (
    <ModalForm
      title="Record a written revocation"
      submitLabel="Record the revocation"
      size="md"
      onClose={onClose}
      onSubmit={() => part2.revokeConsent(consent.id, { on, inWriting: inWriting as true, recordedBy: vault.currentProfile().id, recordedAt: new Date().toISOString(), note })}
    >
      <Text size="sm">From this date the consent allows no disclosure. Disclosures already made under it stay in the ledger.</Text>
      <TextInput label="Date of the written revocation" type="date" required value={on} onChange={(e) => setOn(e.currentTarget.value)} />
      <Checkbox label="The revocation was received in writing (a signed letter or the revocation form)" checked={inWriting} onChange={(e) => setInWriting(e.currentTarget.checked)} />
      <Textarea label="What was received" autosize minRows={2} value={note} onChange={(e) => setNote(e.currentTarget.value)} />
    </ModalForm>
  );
}

function ConsentCopy({ consent, onClose }: { consent: ConsentRecord; onClose: () => void }) {
  const scanRef = consent.data.signature?.kind === 'paper' ? consent.data.signature.scanRef : undefined;
  return (
    <Modal opened onClose={onClose} title="Part 2 consent" size="lg">
      <ConsentElements consent={consent} />
      {scanRef && (
        <>
          <Title order={4} size="h5" mt="md" mb={4}>
            The signed paper form, as scanned
          </Title>
          <ConsentScan scanRef={scanRef} />
        </>
      )}
      <Button component={Link} to={`/print/clients/${consent.data.clientId}/consents/${consent.id}`} mt="md" size="compact-sm" variant="default" leftSection={<IconPrinter size={14} aria-hidden />}>
        Print the consent
      </Button>
    </Modal>
  );
}

/** 42 CFR Part 2 on the chart: the client's consents, their revocation, and the accounting of disclosures. */
export function Part2Section({ clientId, clientName, today }: { clientId: string; clientName: string; today: string }) {
  const { part2 } = useServices();
  const consents = useObservable(useMemo(() => part2.consents$(clientId), [part2, clientId]), [] as ConsentRecord[]);
  const ledger = useObservable(useMemo(() => part2.ledger$(clientId), [part2, clientId]), [] as DisclosureRecord[]);
  const [form, setForm] = useState<{ kind: 'new' } | { kind: 'revoke' | 'view'; consent: ConsentRecord } | null>(null);
  const rows = accountingRows(ledger, consents, clientId);
  return (
    <Card withBorder component="section" aria-labelledby="part2-heading">
      <Group justify="space-between" mb="xs">
        <Title order={3} size="h4" id="part2-heading">
          Part 2 consents and disclosures
        </Title>
        <Button size="compact-sm" variant="light" onClick={() => setForm({ kind: 'new' })}>
          Record a Part 2 consent
        </Button>
      </Group>
      {consents.length === 0 ? (
        <Text size="sm" c="dimmed">
          No consent on file: nothing from this record may be disclosed outside the programme.
        </Text>
      ) : (
        <Table aria-label="Part 2 consents" verticalSpacing={4}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Signed</Table.Th>
              <Table.Th scope="col">Kind</Table.Th>
              <Table.Th scope="col">Purposes</Table.Th>
              <Table.Th scope="col">Status</Table.Th>
              <Table.Th scope="col">Actions</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {consents.map((c) => {
              const status = consentStatus(c.data, today);
              const problems = consentProblems(c.data);
              return (
                <Table.Tr key={c.id}>
                  <Table.Td>{c.data.signature ? `${c.data.signature.signedOn} (${c.data.signature.kind === 'paper' ? 'paper' : 'on screen'})` : 'Not signed'}</Table.Td>
                  <Table.Td>{c.data.type === 'tpo' ? 'Treatment, payment and operations' : 'Specific recipients'}</Table.Td>
                  <Table.Td>{describePurposes(c.data)}</Table.Td>
                  <Table.Td>
                    <Badge color={STATUS_COLOURS[status]}>{status}</Badge>
                    {c.data.revocation && (
                      <Text size="xs" mt={2}>
                        Revoked in writing on {c.data.revocation.on}
                      </Text>
                    )}
                    {problems.length > 0 && (
                      <Text size="xs" c="red.9" mt={2}>
                        {problems.join('; ')}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Group gap={4} wrap="nowrap">
                      <Button size="compact-xs" variant="subtle" onClick={() => setForm({ kind: 'view', consent: c })}>
                        View
                      </Button>
                      {!c.data.revocation && (
                        <Button size="compact-xs" variant="subtle" color="red" onClick={() => setForm({ kind: 'revoke', consent: c })}>
                          Revoke
                        </Button>
                      )}
                    </Group>
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      )}
      <Group justify="space-between" mt="md" mb={4}>
        <Title order={4} size="h5" id="ledger-heading">
          Disclosures ({rows.length})
        </Title>
        <Button component={Link} to={`/print/clients/${clientId}/disclosures`} size="compact-sm" variant="default" leftSection={<IconPrinter size={14} aria-hidden />}>
          Print the accounting of disclosures
        </Button>
      </Group>
      {rows.length === 0 ? (
        <Text size="sm" c="dimmed">
          Nothing has been disclosed.
        </Text>
      ) : (
        <AccountingTable rows={rows} />
      )}
      {form?.kind === 'new' && <ConsentForm clientId={clientId} clientName={clientName} today={today} onClose={() => setForm(null)} />}
      {form?.kind === 'revoke' && <RevokeForm consent={form.consent} today={today} onClose={() => setForm(null)} />}
      {form?.kind === 'view' && <ConsentCopy consent={form.consent} onClose={() => setForm(null)} />}
      {!consents.some((c) => consentStatus(c.data, today) === 'in force') && (
        <Alert color="gray" mt="sm" role="note">
          With no consent in force, every print or export of this record for someone outside the programme is refused.
        </Alert>
      )}
    </Card>
  );
}

export function AccountingTable({ rows }: { rows: ReturnType<typeof accountingRows> }) {
  return (
    <Table aria-label="Accounting of disclosures" verticalSpacing={2}>
      <Table.Thead>
        <Table.Tr>
          {ACCOUNTING_COLUMNS.map((c) => (
            <Table.Th key={c} scope="col">
              {c}
            </Table.Th>
          ))}
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {accountingCells(rows).map((cells, i) => (
          <Table.Tr key={i}>
            {cells.map((cell, j) => (
              <Table.Td key={j}>{cell}</Table.Td>
            ))}
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
