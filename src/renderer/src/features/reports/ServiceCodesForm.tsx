import { useState } from 'react';
import { Autocomplete, Checkbox, Group, NumberInput, SimpleGrid, Text, TextInput } from '@mantine/core';
import { describeIssues } from '../../../../shared/bridge';
import { PER_DIEM_CODES, serviceCodeMappingSchema, type ServiceCodeMapping } from '../../../../shared/exports';
import { SERVICE_TYPES, type ServiceType } from '../../../../shared/hours';
import { ModalForm } from '../../app/ModalForm';
import { useServices } from '../../app/services';

/** The practice's codes per kind of service and its per-diem code: payers differ, so the practice sets them. */
export function ServiceCodesForm({ initial, onClose }: { initial: ServiceCodeMapping; onClose: () => void }) {
  const { settings } = useServices();
  const [services, setServices] = useState(initial.services);
  const [perDiem, setPerDiem] = useState(initial.perDiem ?? { code: 'S9480', minimumMinutes: 180 });
  const [billsPerDiem, setBillsPerDiem] = useState(initial.perDiem !== null);
  const save = async () => {
    const parsed = serviceCodeMappingSchema.safeParse({ services, perDiem: billsPerDiem ? perDiem : null });
    if (!parsed.success) throw new Error(describeIssues(parsed.error));
    await settings.save({ serviceCodes: parsed.data });
  };
  return (
    <ModalForm title="Service codes" submitLabel="Save codes" onClose={onClose} onSubmit={save}>
      <Text size="sm" c="dimmed">
        Five letters or digits, with modifiers if the payer wants them (H0015-HQ). Leave a code empty for the billing office to code that service.
      </Text>
      <SimpleGrid cols={2} spacing="sm">
        {(Object.keys(SERVICE_TYPES) as ServiceType[]).map((type) => (
          <TextInput key={type} label={SERVICE_TYPES[type]} value={services[type]} onChange={(e) => setServices({ ...services, [type]: e.currentTarget.value })} />
        ))}
      </SimpleGrid>
      <Checkbox label="Bill a per-diem code for each IOP day" checked={billsPerDiem} onChange={(e) => setBillsPerDiem(e.currentTarget.checked)} />
      {billsPerDiem && (
        <Group grow align="flex-start">
          <Autocomplete
            label="Per-diem code"
            description={Object.entries(PER_DIEM_CODES)
              .map(([code, meaning]) => `${code}: ${meaning}`)
              .join(' · ')}
            data={Object.keys(PER_DIEM_CODES)}
            value={perDiem.code}
            onChange={(code) => setPerDiem({ ...perDiem, code })}
          />
          <NumberInput
            label="Minimum minutes attended that day"
            min={1}
            max={1440}
            allowDecimal={false}
            clampBehavior="none"
            value={perDiem.minimumMinutes}
            onChange={(v) => setPerDiem({ ...perDiem, minimumMinutes: typeof v === 'number' ? v : Number.NaN })}
          />
        </Group>
      )}
    </ModalForm>
  );
}
