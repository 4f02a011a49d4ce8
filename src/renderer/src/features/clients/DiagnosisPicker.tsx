import { useMemo, useState } from 'react';
import { ActionIcon, Group, Radio, Select, Stack, Table, Text } from '@mantine/core';
import { IconTrash } from '@tabler/icons-react';
import type { Diagnosis } from '../../../../shared/clients';
import { searchCodes } from '../../../../shared/icd10';
import { st } from '../../i18n/staff';

interface Props {
  value: Diagnosis[];
  onChange: (value: Diagnosis[]) => void;
  error?: string;
}

/** ICD-10-CM diagnoses from the list shipped with the app: search by code or words, one primary. */
export function DiagnosisPicker({ value, onChange, error }: Props) {
  const [search, setSearch] = useState('');
  const options = useMemo(
    () => (search.trim().length < 2 ? [] : searchCodes(search, 30).filter((c) => !value.some((d) => d.code === c.code)).map((c) => ({ value: c.code, label: `${c.code} — ${c.label}` }))),
    [search, value],
  );
  const add = (code: string | null) => {
    const found = code ? searchCodes(code, 1).find((c) => c.code === code) : undefined;
    if (!found) return;
    onChange([...value, { code: found.code, label: found.label, primary: value.length === 0 }]);
    setSearch('');
  };
  return (
    <Stack gap="xs">
      <Select
        label={st('clients.DiagnosisPicker.diagnosesIcd10Cm')}
        description={st('clients.DiagnosisPicker.typeACodeF411')}
        placeholder={st('clients.DiagnosisPicker.searchDiagnoses')}
        searchable
        searchValue={search}
        onSearchChange={setSearch}
        data={options}
        value={null}
        onChange={add}
        filter={({ options: all }) => all}
        nothingFoundMessage={search.trim().length < 2 ? st('clients.DiagnosisPicker.typeTwoCharacters') : st('clients.DiagnosisPicker.noMatchingCode')}
        error={error}
        maxDropdownHeight={280}
      />
      {value.length > 0 && (
        <Radio.Group value={value.find((d) => d.primary)?.code ?? ''} onChange={(code) => onChange(value.map((d) => ({ ...d, primary: d.code === code })))} label={st('clients.DiagnosisPicker.primaryDiagnosis')}>
          <Table withTableBorder aria-label={st('clients.DiagnosisPicker.diagnoses')}>
            <Table.Tbody>
              {value.map((d) => (
                <Table.Tr key={d.code}>
                  <Table.Td w={40}>
                    <Radio value={d.code} aria-label={st('clients.DiagnosisPicker.primary', { code: d.code })} />
                  </Table.Td>
                  <Table.Td>
                    <Group gap="xs" wrap="nowrap">
                      <Text fw={600} size="sm">
                        {d.code}
                      </Text>
                      <Text size="sm">{d.label}</Text>
                    </Group>
                  </Table.Td>
                  <Table.Td w={48}>
                    <ActionIcon variant="subtle" color="red" aria-label={st('clients.DiagnosisPicker.remove', { code: d.code })} onClick={() => onChange(value.filter((x) => x.code !== d.code))}>
                      <IconTrash size={16} aria-hidden />
                    </ActionIcon>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Radio.Group>
      )}
    </Stack>
  );
}
