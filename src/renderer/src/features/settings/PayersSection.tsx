import { useMemo, useState } from 'react';
import { Button, Checkbox, Group, NumberInput, Paper, Select, SimpleGrid, Stack, Table, Text, TextInput, Title, VisuallyHidden } from '@mantine/core';
import { PER_DIEM_CODES } from '../../../../shared/exports';
import { defaultRules, PAYER_KINDS, payerSchema, type Payer, type PayerKind, type PayerRules } from '../../../../shared/billing';
import { useSchemaForm } from '../../app/forms';
import { ModalForm } from '../../app/ModalForm';
import { useServices } from '../../app/services';
import { useObservable } from '../../hooks/useObservable';
import { st } from '../../i18n/staff';
import { labelOptions, sharedText } from '../../i18n/shared';

type Values = Omit<Payer, 'id'>;
const valuesSchema = payerSchema.omit({ id: true });

/** A number field that keeps what was typed, so the shared schema names the problem instead of the field dropping it. */
function Whole({ label, description, value, onChange, error }: { label: string; description?: string; value: number | null; onChange: (n: number | null) => void; error?: React.ReactNode }) {
  return (
    <NumberInput
      label={label}
      description={description}
      allowDecimal={false}
      clampBehavior="none"
      value={value ?? ''}
      onChange={(n) => onChange(typeof n === 'number' ? n : n === '' ? null : Number.NaN)}
      error={error}
    />
  );
}

function PayerForm({ existing, onClose }: { existing: Payer | null; onClose: () => void }) {
  const { authorizations } = useServices();
  const form = useSchemaForm<Values>(valuesSchema, { name: existing?.name ?? '', kind: existing?.kind ?? 'commercial', rules: existing?.rules ?? defaultRules('commercial') });
  const { rules } = form.getValues();
  const set = (change: Partial<PayerRules>) => form.setFieldValue('rules', { ...form.getValues().rules, ...change });
  /** A whole-number rule: empty is null where the rule may be absent, else a number the schema refuses. */
  const wholeInputProps = (path: string, nullable = false) => ({
    value: path.split('.').reduce<unknown>((at, key) => (at as Record<string, unknown>)[key], form.getValues()) as number | null,
    onChange: (n: number | null) => form.setFieldValue(path, n ?? (nullable ? null : Number.NaN)),
    error: form.errors[path],
  });
  const day = rules.unitRule.per === 'day' ? rules.unitRule : null;
  return (
    <ModalForm
      title={existing ? st('settings.PayersSection.editName', { name: existing.name }) : st('settings.PayersSection.addAPayer')}
      submitLabel={st('settings.PayersSection.saveThePayer')}
      onClose={onClose}
      form={form}
      onSubmit={() => authorizations.savePayer({ ...(existing ? { id: existing.id } : {}), ...form.getValues() })}
    >
      <Group grow align="flex-start">
        <TextInput label={st('settings.PayersSection.name')} required {...form.getInputProps('name')} />
        <Select
          label={st('settings.PayersSection.kind')}
          description={existing ? undefined : st('settings.PayersSection.newPayerStartsFrom')}
          allowDeselect={false}
          data={labelOptions(PAYER_KINDS)}
          {...form.getInputProps('kind')}
          onChange={(k) => {
            if (!k) return;
            form.setFieldValue('kind', k as PayerKind);
            if (!existing) form.setFieldValue('rules', defaultRules(k as PayerKind));
          }}
        />
      </Group>
      <SimpleGrid cols={3} spacing="sm">
        <Select
          label={st('settings.PayersSection.aUnitIs')}
          allowDeselect={false}
          data={[
            { value: 'session', label: st('settings.PayersSection.aSessionAttended') },
            { value: 'day', label: st('settings.PayersSection.aDayOfServices') },
          ]}
          value={rules.unitRule.per}
          onChange={(per) => set({ unitRule: per === 'day' ? { per: 'day', minServices: 3, minMinutes: 0 } : { per: 'session' } })}
        />
        {day && <Whole label={st('settings.PayersSection.servicesADayNeeds')} {...wholeInputProps('rules.unitRule.minServices')} />}
        {day && <Whole label={st('settings.PayersSection.minutesADayNeeds')} description={st('settings.PayersSection.anyLength')} {...wholeInputProps('rules.unitRule.minMinutes')} />}
        <Whole label={st('settings.PayersSection.warnAtUnitsLeft')} {...wholeInputProps('rules.warnUnitsLeft')} />
        <Whole label={st('settings.PayersSection.warnAtDaysLeft')} {...wholeInputProps('rules.warnDaysLeft')} />
        <Whole label={st('settings.PayersSection.weeklyHoursExpected')} description={st('settings.PayersSection.emptyNone')} {...wholeInputProps('rules.weeklyMinimumHours', true)} />
        <Whole label={st('settings.PayersSection.recertifyEvery')} description={st('settings.PayersSection.emptyNoCertification')} {...wholeInputProps('rules.recertifyEveryDays', true)} />
        <Whole label={st('settings.PayersSection.planReviewEvery')} description={st('settings.PayersSection.emptyPracticeCadence')} {...wholeInputProps('rules.planReviewEveryDays', true)} />
        <TextInput label={st('settings.PayersSection.conditionCode')} {...form.getInputProps('rules.conditionCode')} />
        <TextInput label={st('settings.PayersSection.revenueCode')} {...form.getInputProps('rules.revenueCode')} />
        <TextInput label={st('settings.PayersSection.placeOfServiceInPerson')} {...form.getInputProps('rules.inPersonPlaceOfService')} />
        <Select
          label={st('settings.PayersSection.perDiemLine')}
          description={st('settings.PayersSection.perDiemLineExplained')}
          allowDeselect={false}
          data={[
            { value: 'none', label: st('settings.PayersSection.noneEachServiceBilled') },
            ...[...new Set([...Object.keys(PER_DIEM_CODES), ...(rules.perDiem ? [rules.perDiem.code] : [])])].map((code) => ({ value: code, label: code })),
          ]}
          value={rules.perDiem?.code ?? 'none'}
          onChange={(code) => set({ perDiem: code && code !== 'none' ? { minServices: 1, minMinutes: 180, ...rules.perDiem, code } : null })}
          error={form.errors['rules.perDiem.code']}
        />
        {rules.perDiem && <Whole label={st('settings.PayersSection.servicesAPerDiemDayNeeds')} {...wholeInputProps('rules.perDiem.minServices')} />}
        {rules.perDiem && <Whole label={st('settings.PayersSection.minutesAPerDiemDayNeeds')} description={st('settings.PayersSection.anyLength')} {...wholeInputProps('rules.perDiem.minMinutes')} />}
        <Select
          label={st('settings.PayersSection.placeOfServiceByTelehealth')}
          allowDeselect={false}
          data={[
            { value: '10', label: st('settings.PayersSection.atHome') },
            { value: '02', label: st('settings.PayersSection.elsewhere') },
          ]}
          {...form.getInputProps('rules.telehealthPlaceOfService')}
        />
      </SimpleGrid>
      <Checkbox label={st('settings.PayersSection.requiresAuthorization')} {...form.getInputProps('rules.requiresAuthorization', { type: 'checkbox' })} />
      <Checkbox label={st('settings.PayersSection.dayTiers')} {...form.getInputProps('rules.dayTiers', { type: 'checkbox' })} />
      <Checkbox label={st('settings.PayersSection.perDiemBundlesGroup')} {...form.getInputProps('rules.perDiemBundlesGroup', { type: 'checkbox' })} />
    </ModalForm>
  );
}

const unitText = ({ unitRule }: PayerRules) =>
  unitRule.per === 'session'
    ? st('settings.PayersSection.unitSession')
    : unitRule.minMinutes > 0
      ? st('settings.PayersSection.unitDayWithMinutes', { services: unitRule.minServices, minutes: unitRule.minMinutes })
      : st('settings.PayersSection.unitDay', { services: unitRule.minServices });

function perDiemText({ perDiem }: PayerRules): string {
  if (perDiem === null) return st('settings.PayersSection.perDiemNone');
  const values = { code: perDiem.code, services: perDiem.minServices, minutes: perDiem.minMinutes };
  if (perDiem.minServices === 1) return perDiem.minMinutes > 0 ? st('settings.PayersSection.perDiemOneServiceMinutes', values) : st('settings.PayersSection.perDiemOneService', values);
  return perDiem.minMinutes > 0 ? st('settings.PayersSection.perDiemServicesMinutes', values) : st('settings.PayersSection.perDiemServices', values);
}

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
            {st('settings.PayersSection.payers')}
          </Title>
          {canEdit && <Button onClick={() => setEditing('new')}>{st('settings.PayersSection.addAPayer')}</Button>}
        </Group>
        {payers.length === 0 ? (
          <Text size="sm" c="dimmed">
            {st('settings.PayersSection.noPayersYet')}
          </Text>
        ) : (
          <Table aria-label={st('settings.PayersSection.payers')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{st('settings.PayersSection.name')}</Table.Th>
                <Table.Th scope="col">{st('settings.PayersSection.kind')}</Table.Th>
                <Table.Th scope="col">{st('settings.PayersSection.aUnitIsColumn')}</Table.Th>
                <Table.Th scope="col">{st('settings.PayersSection.warningsAt')}</Table.Th>
                <Table.Th scope="col">{st('settings.PayersSection.authorization')}</Table.Th>
                <Table.Th scope="col">{st('settings.PayersSection.perDiem')}</Table.Th>
                <Table.Th scope="col">
                  <VisuallyHidden>{st('settings.PayersSection.actions')}</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {payers.map((p) => (
                <Table.Tr key={p.id}>
                  <Table.Td>{p.name}</Table.Td>
                  <Table.Td>{sharedText(PAYER_KINDS[p.kind])}</Table.Td>
                  <Table.Td>{unitText(p.rules)}</Table.Td>
                  <Table.Td>{st('settings.PayersSection.warnings', { units: p.rules.warnUnitsLeft, days: p.rules.warnDaysLeft })}</Table.Td>
                  <Table.Td>{p.rules.requiresAuthorization ? st('settings.PayersSection.required') : st('settings.PayersSection.notRequired')}</Table.Td>
                  <Table.Td>{perDiemText(p.rules)}</Table.Td>
                  <Table.Td>
                    {canEdit && (
                      <Button size="compact-sm" variant="default" onClick={() => setEditing(p)} aria-label={st('settings.PayersSection.editName', { name: p.name })}>
                        {st('settings.PayersSection.edit')}
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
            {st('settings.PayersSection.onlyAnAdministrator')}
          </Text>
        )}
      </Stack>
      {editing !== null && <PayerForm existing={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
    </Paper>
  );
}
