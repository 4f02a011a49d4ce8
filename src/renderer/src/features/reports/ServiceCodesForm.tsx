import { Autocomplete, Checkbox, Group, NumberInput, SimpleGrid, Text, TextInput } from '@mantine/core';
import { DEFAULT_SERVICE_CODES, PER_DIEM_CODES, serviceCodeMappingSchema, type ServiceCodeMapping } from '../../../../shared/exports';
import { SERVICE_TYPES, type ServiceType } from '../../../../shared/hours';
import { useSchemaForm } from '../../app/forms';
import { ModalForm } from '../../app/ModalForm';
import { useServices } from '../../app/services';
import { st } from '../../i18n/staff';
import { sharedText } from '../../i18n/shared';
import { parseOrThrow } from '../../../../shared/messages';

type Values = {
  services: ServiceCodeMapping['services'];
  /** Whether the practice bills a per-diem code; the code and minimum are kept while it is off, in case it is turned on again. */
  billsPerDiem: boolean;
  perDiem: NonNullable<ServiceCodeMapping['perDiem']>;
};

const mappingOf = (values: Values) => ({ services: values.services, perDiem: values.billsPerDiem ? values.perDiem : null });

/** The practice's codes per kind of service and its per-diem code: payers differ, so the practice sets them. */
export function ServiceCodesForm({ initial, onClose }: { initial: ServiceCodeMapping; onClose: () => void }) {
  const { settings } = useServices();
  const form = useSchemaForm<Values>(
    serviceCodeMappingSchema,
    { services: initial.services, billsPerDiem: initial.perDiem !== null, perDiem: initial.perDiem ?? DEFAULT_SERVICE_CODES.perDiem! },
    { toInput: mappingOf },
  );
  const billsPerDiem = form.getValues().billsPerDiem;
  return (
    <ModalForm title={st('reports.ServiceCodesForm.title')} submitLabel={st('reports.ServiceCodesForm.save')} onClose={onClose} form={form} onSubmit={() => settings.save({ serviceCodes: parseOrThrow(serviceCodeMappingSchema, mappingOf(form.getValues())) })}>
      <Text size="sm" c="dimmed">
        {st('reports.ServiceCodesForm.explained')}
      </Text>
      <SimpleGrid cols={2} spacing="sm">
        {(Object.keys(SERVICE_TYPES) as ServiceType[]).map((type) => (
          <TextInput key={type} label={sharedText(SERVICE_TYPES[type])} {...form.getInputProps(`services.${type}`)} />
        ))}
      </SimpleGrid>
      <Checkbox label={st('reports.ServiceCodesForm.billPerDiem')} {...form.getInputProps('billsPerDiem', { type: 'checkbox' })} />
      {billsPerDiem && (
        <Group grow align="flex-start">
          <Autocomplete
            label={st('reports.ServiceCodesForm.perDiemCode')}
            description={Object.entries(PER_DIEM_CODES)
              .map(([code, meaning]) => st('reports.ServiceCodesForm.codeMeaning', { code, meaning }))
              .join(' · ')}
            data={Object.keys(PER_DIEM_CODES)}
            {...form.getInputProps('perDiem.code')}
          />
          <NumberInput label={st('reports.ServiceCodesForm.minimumMinutes')} min={1} max={1440} allowDecimal={false} clampBehavior="none" {...form.getInputProps('perDiem.minimumMinutes')} />
        </Group>
      )}
    </ModalForm>
  );
}
