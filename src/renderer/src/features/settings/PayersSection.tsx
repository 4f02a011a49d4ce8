import { useMemo, useState } from 'react';
import { Button, Checkbox, Group, NumberInput, Paper, Select, SimpleGrid, Stack, Table, Text, TextInput, Title, VisuallyHidden } from '@mantine/core';
import { PER_DIEM_CODES } from '../../../../shared/exports';
import { defaultRules, PAYER_KINDS, type Payer, type PayerKind, type PayerRules } from '../../../../shared/billing';
import { ModalForm } from '../../app/ModalForm';
import { useServices } from '../../app/services';
import { useObservable } from '../../hooks/useObservable';

/** A number field that keeps what was typed, so the shared schema names the problem instead of the field dropping it. */
function Whole({ label, description, value, onChange }: { label: string; description?: string; value: number | null; onChange: (n: number | null) => void }) {
  return (
    <NumberInput
      label={label}
      description={description}
      allowDecimal={false}
      clampBehavior="none"
      value={value ?? ''}
      onChange={(n) => onChange(typeof n === 'number' ? n : n === '' ? null : Number.NaN)}
    />
  );
}

function PayerForm({ existing, onClose }: { existing: Payer | null; onClose: () => void }) {
  const { authorizations } = useServices();
  const [name, setName] = useState(existing?.name ?? '');
  const [kind, setKind] = useState<PayerKind>(existing?.kind ?? 'commercial');
  const [rules, setRules] = useState<PayerRules>(existing?.rules ?? defaultRules('commercial'));
  const set = (change: Partial<PayerRules>) => setRules((r) => ({ ...r, ...change }));
  const day = rules.unitRule.per === 'day' ? rules.unitRule : null;
  return (
    <ModalForm title={existing ? `Edit ${existing.name}` : 'Add a payer'} submitLabel="Save the payer" onClose={onClose} onSubmit={() => authorizations.savePayer({ ...(existing ? { id: existing.id } : {}), name, kind, rules })}>
      <Group grow align="flex-start">
        <TextInput label="Name" required value={name} onChange={(e) => setName(e.currentTarget.value)} />
        <Select
          label="Kind"
          description={existing ? undefined : 'A new payer starts from this kind’s rules'}
          allowDeselect={false}
          data={Object.entries(PAYER_KINDS).map(([value, label]) => ({ value, label }))}
          value={kind}
          onChange={(k) => {
            if (!k) return;
            setKind(k as PayerKind);
            if (!existing) setRules(defaultRules(k as PayerKind));
          }}
        />
      </Group>
      <SimpleGrid cols={3} spacing="sm">
        <Select
          label="A unit of an authorization is"
          allowDeselect={false}
          data={[
            { value: 'session', label: 'A session attended' },
            { value: 'day', label: 'A day of services' },
          ]}
          value={rules.unitRule.per}
          onChange={(per) => set({ unitRule: per === 'day' ? { per: 'day', minServices: 3, minMinutes: 0 } : { per: 'session' } })}
        />
        {day && <Whole label="Services a day needs" value={day.minServices} onChange={(n) => set({ unitRule: { ...day, minServices: n ?? Number.NaN } })} />}
        {day && <Whole label="Minutes a day needs" description="0: any length" value={day.minMinutes} onChange={(n) => set({ unitRule: { ...day, minMinutes: n ?? Number.NaN } })} />}
        <Whole label="Warn at units left" value={rules.warnUnitsLeft} onChange={(n) => set({ warnUnitsLeft: n ?? Number.NaN })} />
        <Whole label="Warn at days left" value={rules.warnDaysLeft} onChange={(n) => set({ warnDaysLeft: n ?? Number.NaN })} />
        <Whole label="Weekly hours expected" description="Empty: none" value={rules.weeklyMinimumHours} onChange={(n) => set({ weeklyMinimumHours: n })} />
        <Whole label="Recertify every (days)" description="Empty: no certification" value={rules.recertifyEveryDays} onChange={(n) => set({ recertifyEveryDays: n })} />
        <Whole label="Plan review every (days)" description="Empty: the practice's cadence" value={rules.planReviewEveryDays} onChange={(n) => set({ planReviewEveryDays: n })} />
        <TextInput label="Condition code" value={rules.conditionCode} onChange={(e) => set({ conditionCode: e.currentTarget.value })} />
        <TextInput label="Revenue code" value={rules.revenueCode} onChange={(e) => set({ revenueCode: e.currentTarget.value })} />
        <TextInput label="Place of service in person" value={rules.inPersonPlaceOfService} onChange={(e) => set({ inPersonPlaceOfService: e.currentTarget.value })} />
        <Select
          label="Per-diem line"
          description="One line a day for the IOP day"
          allowDeselect={false}
          data={[{ value: 'none', label: 'None: each service billed' }, ...[...new Set([...Object.keys(PER_DIEM_CODES), ...(rules.perDiem ? [rules.perDiem.code] : [])])].map((code) => ({ value: code, label: code }))]}
          value={rules.perDiem?.code ?? 'none'}
          onChange={(code) => set({ perDiem: code && code !== 'none' ? { minServices: 1, minMinutes: 180, ...rules.perDiem, code } : null })}
        />
        {rules.perDiem && <Whole label="Services a per-diem day needs" value={rules.perDiem.minServices} onChange={(n) => set({ perDiem: { ...rules.perDiem!, minServices: n ?? Number.NaN } })} />}
        {rules.perDiem && <Whole label="Minutes a per-diem day needs" description="0: any length" value={rules.perDiem.minMinutes} onChange={(n) => set({ perDiem: { ...rules.perDiem!, minMinutes: n ?? Number.NaN } })} />}
        <Select
          label="Place of service by telehealth"
          allowDeselect={false}
          data={[
            { value: '10', label: '10 (at home)' },
            { value: '02', label: '02 (elsewhere)' },
          ]}
          value={rules.telehealthPlaceOfService}
          onChange={(p) => p && set({ telehealthPlaceOfService: p as PayerRules['telehealthPlaceOfService'] })}
        />
      </SimpleGrid>
      <Checkbox label="Services need an approved authorization" checked={rules.requiresAuthorization} onChange={(e) => set({ requiresAuthorization: e.currentTarget.checked })} />
      <Checkbox label="Claims carry the day's tier (3 vs 4 or more services)" checked={rules.dayTiers} onChange={(e) => set({ dayTiers: e.currentTarget.checked })} />
      <Checkbox label="Group psychotherapy is part of the per diem (never billed on a per-diem day)" checked={rules.perDiemBundlesGroup} onChange={(e) => set({ perDiemBundlesGroup: e.currentTarget.checked })} />
    </ModalForm>
  );
}

const unitText = (rules: PayerRules) => (rules.unitRule.per === 'session' ? 'a session' : `a day with ${rules.unitRule.minServices}+ services${rules.unitRule.minMinutes > 0 ? ` and ${rules.unitRule.minMinutes}+ minutes` : ''}`);

const perDiemText = ({ perDiem }: PayerRules) =>
  perDiem === null ? 'None' : `${perDiem.code}: ${perDiem.minServices}+ ${perDiem.minServices === 1 ? 'service' : 'services'}${perDiem.minMinutes > 0 ? `, ${perDiem.minMinutes}+ minutes` : ''}`;

/** The payers the practice bills and each one's rules (each its own record, so laptops editing different payers never conflict). */
export function PayersSection() {
  const { authorizations, vault } = useServices();
  const payers = useObservable(useMemo(() => authorizations.payers$(), [authorizations]), [] as Payer[]);
  const [editing, setEditing] = useState<Payer | 'new' | null>(null);
  const canEdit = vault.currentProfile().role === 'administrator';
  return (
    <Paper withBorder p="lg" maw={760} component="section" aria-labelledby="payers-heading">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={3} id="payers-heading">
            Payers
          </Title>
          {canEdit && <Button onClick={() => setEditing('new')}>Add a payer</Button>}
        </Group>
        {payers.length === 0 ? (
          <Text size="sm" c="dimmed">
            No payers yet. Authorizations name one of these.
          </Text>
        ) : (
          <Table aria-label="Payers">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Name</Table.Th>
                <Table.Th scope="col">Kind</Table.Th>
                <Table.Th scope="col">A unit is</Table.Th>
                <Table.Th scope="col">Warnings at</Table.Th>
                <Table.Th scope="col">Authorization</Table.Th>
                <Table.Th scope="col">Per diem</Table.Th>
                <Table.Th scope="col">
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {payers.map((p) => (
                <Table.Tr key={p.id}>
                  <Table.Td>{p.name}</Table.Td>
                  <Table.Td>{PAYER_KINDS[p.kind]}</Table.Td>
                  <Table.Td>{unitText(p.rules)}</Table.Td>
                  <Table.Td>
                    {p.rules.warnUnitsLeft} units or {p.rules.warnDaysLeft} days left
                  </Table.Td>
                  <Table.Td>{p.rules.requiresAuthorization ? 'Required' : 'Not required'}</Table.Td>
                  <Table.Td>{perDiemText(p.rules)}</Table.Td>
                  <Table.Td>
                    {canEdit && (
                      <Button size="compact-sm" variant="default" onClick={() => setEditing(p)} aria-label={`Edit ${p.name}`}>
                        Edit
                      </Button>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        {!canEdit && (
          <Text size="sm" c="dimmed">
            Only an administrator can change the payers.
          </Text>
        )}
      </Stack>
      {editing !== null && <PayerForm existing={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
    </Paper>
  );
}
