import { useMemo, useState } from 'react';
import { Alert, Badge, Button, Card, Checkbox, Group, Modal, Table, Text, Textarea, TextInput, Title } from '@mantine/core';
import { IconPrinter } from '@tabler/icons-react';
import { Link } from 'react-router';
import { accountingCells, accountingOfDisclosures, ACCOUNTING_COLUMNS, consentProblems, consentRevocationSchema, consentStatus, describePurposes, type ConsentStatus, type ScanFile } from '../../../../shared/part2';
import { useSchemaForm } from '../../app/forms';
import { ModalForm } from '../../app/ModalForm';
import { useServices } from '../../app/services';
import { useObservable } from '../../hooks/useObservable';
import { st } from '../../i18n/staff';
import type { ConsentRecord, DisclosureRecord } from '../../repositories/part2';
import { ConsentForm } from './ConsentForm';
import { ConsentElements } from './ConsentPrintPage';
import { ConsentScan, ScanPicker } from './ConsentScan';
import { messagesText, sharedText } from '../../i18n/shared';

const STATUS_COLOURS: Record<ConsentStatus, string> = { 'in force': 'teal', revoked: 'red', expired: 'gray', incomplete: 'orange', 'not yet in force': 'blue' };

/** The accounting's rows with each consent named by its signing date, not its record id. */
export function accountingRows(ledger: readonly DisclosureRecord[], consents: readonly ConsentRecord[], clientId: string, from = '0000-01-01', to = '9999-12-31') {
  const signed = new Map(consents.map((c) => [c.id, c.data.signature ? st('part2.Part2Section.signedOn', { date: c.data.signature.signedOn }) : st('part2.Part2Section.unsigned')]));
  return accountingOfDisclosures(
    ledger.map((r) => r.data),
    clientId,
    from,
    to,
  ).map((row) => ({ ...row, consentId: signed.get(row.consentId) ?? st('part2.Part2Section.notOnThisDevice') }));
}

interface RevocationValues extends Record<string, unknown> {
  on: string;
  inWriting: boolean;
  note: string;
  /** The letter or revocation form as scanned, checked as each file was picked. */
  scan: ScanFile[];
}

function RevokeForm({ consent, today, onClose }: { consent: ConsentRecord; today: string; onClose: () => void }) {
  const { part2, vault } = useServices();
  const recordedBy = vault.currentProfile().id;
  const form = useSchemaForm<RevocationValues>(
    consentRevocationSchema,
    { on: today, inWriting: false, note: '', scan: [] },
    { toInput: ({ scan: _scan, ...v }) => ({ ...v, recordedBy, recordedAt: new Date().toISOString() }) },
  );
  const v = form.getValues();
  return (
    <ModalForm
      title={st('part2.Part2Section.revokeTitle')}
      submitLabel={st('part2.Part2Section.recordTheRevocation')}
      size="md"
      onClose={onClose}
      form={form}
      onSubmit={() => {
        const { inWriting, ...values } = form.getValues();
        return part2.revokeConsent(consent.id, { ...values, inWriting: inWriting as true, recordedBy, recordedAt: new Date().toISOString() });
      }}
    >
      <Text size="sm">{st('part2.Part2Section.revokeExplained')}</Text>
      <TextInput label={st('part2.Part2Section.revocationDate')} type="date" required {...form.getInputProps('on')} />
      <Checkbox label={st('part2.Part2Section.receivedInWriting')} {...form.getInputProps('inWriting', { type: 'checkbox' })} />
      <Textarea label={st('part2.Part2Section.whatWasReceived')} autosize minRows={2} {...form.getInputProps('note')} />
      <ScanPicker id="revocation-scan" of="revocation" files={v.scan} error={form.errors['scan'] as string | undefined} onChange={(scan) => form.setFieldValue('scan', scan)} />
    </ModalForm>
  );
}

function ConsentCopy({ consent, onClose }: { consent: ConsentRecord; onClose: () => void }) {
  const scanRef = consent.data.signature?.kind === 'paper' ? consent.data.signature.scanRef : undefined;
  const revocationScanRef = consent.data.revocation?.scanRef;
  return (
    <Modal opened onClose={onClose} title={st('part2.Part2Section.part2Consent')} size="lg">
      <ConsentElements consent={consent} />
      {scanRef && (
        <>
          <Title order={4} size="h5" mt="md" mb={4}>
            {st('part2.Part2Section.paperFormScanned')}
          </Title>
          <ConsentScan scanRef={scanRef} />
        </>
      )}
      {revocationScanRef && (
        <>
          <Title order={4} size="h5" mt="md" mb={4}>
            {st('part2.Part2Section.revocationScanned')}
          </Title>
          <ConsentScan scanRef={revocationScanRef} of="revocation" />
        </>
      )}
      <Button component={Link} to={`/print/clients/${consent.data.clientId}/consents/${consent.id}`} mt="md" size="compact-sm" variant="default" leftSection={<IconPrinter size={14} aria-hidden />}>
        {st('part2.Part2Section.printTheConsent')}
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
          {st('part2.Part2Section.heading')}
        </Title>
        <Button size="compact-sm" variant="light" onClick={() => setForm({ kind: 'new' })}>
          {st('part2.Part2Section.recordAConsent')}
        </Button>
      </Group>
      {consents.length === 0 ? (
        <Text size="sm" c="dimmed">
          {st('part2.Part2Section.noConsent')}
        </Text>
      ) : (
        <Table aria-label={st('part2.Part2Section.consents')} verticalSpacing={4}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{st('part2.Part2Section.signed')}</Table.Th>
              <Table.Th scope="col">{st('part2.Part2Section.kind')}</Table.Th>
              <Table.Th scope="col">{st('part2.Part2Section.purposes')}</Table.Th>
              <Table.Th scope="col">{st('part2.Part2Section.status')}</Table.Th>
              <Table.Th scope="col">{st('part2.Part2Section.actions')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {consents.map((c) => {
              const status = consentStatus(c.data, today);
              const problems = consentProblems(c.data);
              return (
                <Table.Tr key={c.id}>
                  <Table.Td>{c.data.signature ? st(`part2.Part2Section.signedWith.${c.data.signature.kind}`, { date: c.data.signature.signedOn }) : st('part2.Part2Section.notSigned')}</Table.Td>
                  <Table.Td>{st(`part2.Part2Section.type.${c.data.type}`)}</Table.Td>
                  <Table.Td>{messagesText(describePurposes(c.data))}</Table.Td>
                  <Table.Td>
                    <Badge color={STATUS_COLOURS[status]}>{status}</Badge>
                    {c.data.revocation && (
                      <Text size="xs" mt={2}>
                        {st('part2.Part2Section.revokedOn', { date: c.data.revocation.on })}
                      </Text>
                    )}
                    {problems.length > 0 && (
                      <Text size="xs" c="red.9" mt={2}>
                        {messagesText(problems)}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Group gap={4} wrap="nowrap">
                      <Button size="compact-xs" variant="subtle" onClick={() => setForm({ kind: 'view', consent: c })}>
                        {st('part2.Part2Section.view')}
                      </Button>
                      {!c.data.revocation && (
                        <Button size="compact-xs" variant="subtle" color="red" onClick={() => setForm({ kind: 'revoke', consent: c })}>
                          {st('part2.Part2Section.revoke')}
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
          {st('part2.Part2Section.disclosures', { count: rows.length })}
        </Title>
        <Button component={Link} to={`/print/clients/${clientId}/disclosures`} size="compact-sm" variant="default" leftSection={<IconPrinter size={14} aria-hidden />}>
          {st('part2.Part2Section.printTheAccounting')}
        </Button>
      </Group>
      {rows.length === 0 ? (
        <Text size="sm" c="dimmed">
          {st('part2.Part2Section.nothingDisclosed')}
        </Text>
      ) : (
        <AccountingTable rows={rows} />
      )}
      {form?.kind === 'new' && <ConsentForm clientId={clientId} clientName={clientName} today={today} onClose={() => setForm(null)} />}
      {form?.kind === 'revoke' && <RevokeForm consent={form.consent} today={today} onClose={() => setForm(null)} />}
      {form?.kind === 'view' && <ConsentCopy consent={form.consent} onClose={() => setForm(null)} />}
      {!consents.some((c) => consentStatus(c.data, today) === 'in force') && (
        <Alert color="gray" mt="sm" role="note">
          {st('part2.Part2Section.noneInForce')}
        </Alert>
      )}
    </Card>
  );
}

export function AccountingTable({ rows }: { rows: ReturnType<typeof accountingRows> }) {
  return (
    <Table aria-label={st('part2.Part2Section.accounting')} verticalSpacing={2}>
      <Table.Thead>
        <Table.Tr>
          {ACCOUNTING_COLUMNS.map((c) => (
            <Table.Th key={c} scope="col">
              {sharedText(c)}
            </Table.Th>
          ))}
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {accountingCells(rows).map((cells, i) => (
          <Table.Tr key={i}>
            {cells.map((cell, j) => (
              <Table.Td key={j}>{sharedText(cell.key, cell.values)}</Table.Td>
            ))}
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
