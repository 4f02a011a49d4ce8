import { ActionIcon, Button, NativeSelect, Table, Text, TextInput, Title } from '@mantine/core';
import { IconTrash } from '@tabler/icons-react';
import { MEDICATION_CHANGES, type Medication } from '../../../../shared/notes';
import { st } from '../../i18n/staff';

const CHANGE_LABELS: Record<(typeof MEDICATION_CHANGES)[number], string> = {
  started: st('sessions.MedicationsEditor.started'),
  continued: st('sessions.MedicationsEditor.continued'),
  increased: st('sessions.MedicationsEditor.increased'),
  decreased: st('sessions.MedicationsEditor.decreased'),
  stopped: st('sessions.MedicationsEditor.stopped'),
};

interface Props {
  medications: Medication[];
  /** Null when the note is signed: the list is shown, not edited. */
  onChange: ((next: Medication[]) => void) | null;
}

/** The medication list of a psychiatric note: name, dose, frequency and what changed today. */
export function MedicationsEditor({ medications, onChange }: Props) {
  const set = (index: number, patch: Partial<Medication>) => onChange?.(medications.map((m, i) => (i === index ? { ...m, ...patch } : m)));
  return (
    <section aria-labelledby="medications-heading">
      <Title order={4} size="sm" id="medications-heading" mb={4}>
        {st('sessions.MedicationsEditor.heading')}
      </Title>
      {medications.length === 0 ? (
        <Text size="sm" c="dimmed">
          {st('sessions.MedicationsEditor.none')}
        </Text>
      ) : (
        <Table aria-label={st('sessions.MedicationsEditor.heading')} verticalSpacing={4}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{st('sessions.MedicationsEditor.medication')}</Table.Th>
              <Table.Th scope="col">{st('sessions.MedicationsEditor.dose')}</Table.Th>
              <Table.Th scope="col">{st('sessions.MedicationsEditor.frequency')}</Table.Th>
              <Table.Th scope="col">{st('sessions.MedicationsEditor.change')}</Table.Th>
              {onChange && <Table.Th scope="col">{st('sessions.MedicationsEditor.remove')}</Table.Th>}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {medications.map((m, i) =>
              onChange ? (
                <Table.Tr key={i}>
                  <Table.Td>
                    <TextInput size="xs" aria-label={st('sessions.MedicationsEditor.nameOf', { number: i + 1 })} value={m.name} onChange={(e) => set(i, { name: e.currentTarget.value })} />
                  </Table.Td>
                  <Table.Td>
                    <TextInput size="xs" aria-label={st('sessions.MedicationsEditor.doseOf', { number: i + 1 })} placeholder={st('sessions.MedicationsEditor.doseExample')} value={m.dose} onChange={(e) => set(i, { dose: e.currentTarget.value })} />
                  </Table.Td>
                  <Table.Td>
                    <TextInput size="xs" aria-label={st('sessions.MedicationsEditor.frequencyOf', { number: i + 1 })} placeholder={st('sessions.MedicationsEditor.frequencyExample')} value={m.frequency} onChange={(e) => set(i, { frequency: e.currentTarget.value })} />
                  </Table.Td>
                  <Table.Td>
                    <NativeSelect
                      size="xs"
                      aria-label={st('sessions.MedicationsEditor.changeOf', { number: i + 1 })}
                      data={[{ value: '', label: st('sessions.MedicationsEditor.choose') }, ...MEDICATION_CHANGES.map((value) => ({ value, label: CHANGE_LABELS[value] }))]}
                      value={m.change ?? ''}
                      onChange={(e) => {
                        const value = e.currentTarget.value as Medication['change'] | '';
                        const next: Medication = { name: m.name, dose: m.dose, frequency: m.frequency, ...(value ? { change: value } : {}) };
                        onChange(medications.map((x, j) => (j === i ? next : x)));
                      }}
                    />
                  </Table.Td>
                  <Table.Td>
                    <ActionIcon variant="subtle" color="gray" aria-label={st('sessions.MedicationsEditor.removeOne', { number: i + 1 })} onClick={() => onChange(medications.filter((_, j) => j !== i))}>
                      <IconTrash size={16} />
                    </ActionIcon>
                  </Table.Td>
                </Table.Tr>
              ) : (
                <Table.Tr key={i}>
                  <Table.Td>{m.name}</Table.Td>
                  <Table.Td>{m.dose}</Table.Td>
                  <Table.Td>{m.frequency}</Table.Td>
                  <Table.Td>{m.change ? CHANGE_LABELS[m.change] : '—'}</Table.Td>
                </Table.Tr>
              ),
            )}
          </Table.Tbody>
        </Table>
      )}
      {onChange && (
        <Button size="compact-sm" variant="light" mt={4} onClick={() => onChange([...medications, { name: '', dose: '', frequency: '' }])}>
          {st('sessions.MedicationsEditor.add')}
        </Button>
      )}
    </section>
  );
}
