import { Alert, Group, List, Radio, Select, Stack, Text, TextInput } from '@mantine/core';
import { IconLock } from '@tabler/icons-react';
import { PURPOSES, RECIPIENT_CLASSES, type PurposeKind, type RecipientClass } from '../../../../shared/part2';
import type { Audience } from './disclosure-gate';

const options = (labels: Readonly<Record<string, string>>) => Object.entries(labels).map(([value, label]) => ({ value, label }));

/** Who receives a print or an export of a Part 2 record, and why: what the gate checks. */
export function AudienceFields({ value, onChange, what }: { value: Audience; onChange: (next: Audience) => void; what: string }) {
  const set = (change: Partial<Audience>) => onChange({ ...value, ...change });
  return (
    <Stack gap="xs" mt="sm">
      <Radio.Group label={`Who receives ${what}`} value={value.kind} onChange={(kind) => set({ kind: kind as Audience['kind'] })}>
        <Stack gap={4} mt={4}>
          <Radio value="outside" label="Someone outside the programme (a billing service, a payer, another provider): a disclosure" />
          <Radio value="within" label="This programme’s own staff: not a disclosure" />
        </Stack>
      </Radio.Group>
      {value.kind === 'outside' && (
        <>
          <Group align="flex-end" gap="sm">
            <TextInput label="Recipient’s name" required w={240} value={value.name} onChange={(e) => set({ name: e.currentTarget.value })} />
            <TextInput label="Organisation" w={240} value={value.organisation} onChange={(e) => set({ organisation: e.currentTarget.value })} />
            <Select label="Kind of recipient" w={280} allowDeselect={false} data={options(RECIPIENT_CLASSES)} value={value.class} onChange={(v) => v && set({ class: v as RecipientClass })} />
          </Group>
          <Group align="flex-end" gap="sm">
            <Select label="Purpose" w={240} allowDeselect={false} data={options(PURPOSES)} value={value.purpose} onChange={(v) => v && set({ purpose: v as PurposeKind })} />
            {value.purpose === 'other' && <TextInput label="Describe the purpose" required w={280} value={value.purposeDescription} onChange={(e) => set({ purposeDescription: e.currentTarget.value })} />}
            <Select
              label="With the notice, send"
              w={360}
              allowDeselect={false}
              data={[
                { value: 'explanation', label: 'What was disclosed, under which consent' },
                { value: 'consent-copy', label: 'A copy of the consent' },
              ]}
              value={value.cover}
              onChange={(v) => v && set({ cover: v as Audience['cover'] })}
            />
          </Group>
          <Text size="xs" c="dimmed">
            Each Part 2 client’s consent must cover this recipient and purpose; otherwise nothing leaves and the reason is shown.
          </Text>
        </>
      )}
    </Stack>
  );
}

/** Why a disclosure was refused, client by client: nothing was saved or printed. */
export function RefusedDisclosure({ refused, action }: { refused: { name: string; message: string }[]; action: string }) {
  return (
    <Alert color="red" role="alert" mt="sm" icon={<IconLock aria-hidden />} title={`${action}: a 42 CFR Part 2 consent does not allow this disclosure`}>
      <List size="sm">
        {refused.map((r) => (
          <List.Item key={r.name}>
            {r.name}: {r.message}
          </List.Item>
        ))}
      </List>
      <Text size="sm" mt="xs">
        Nothing left the programme. Record the client’s signed consent on their chart, or choose a recipient and purpose their consent covers.
      </Text>
    </Alert>
  );
}
