import { Alert, Group, List, Radio, Select, Stack, Text, TextInput } from '@mantine/core';
import { IconLock } from '@tabler/icons-react';
import { PURPOSES, RECIPIENT_CLASSES, type PurposeKind, type RecipientClass } from '../../../../shared/part2';
import { st } from '../../i18n/staff';
import type { Audience } from './disclosure-gate';
import { labelOptions } from '../../i18n/shared';


/** Who receives a print or an export of a Part 2 record, and why: what the gate checks. */
export function AudienceFields({ value, onChange, what }: { value: Audience; onChange: (next: Audience) => void; what: string }) {
  const set = (change: Partial<Audience>) => onChange({ ...value, ...change });
  return (
    <Stack gap="xs" mt="sm">
      <Radio.Group label={st('part2.AudienceFields.whoReceives', { what })} value={value.kind} onChange={(kind) => set({ kind: kind as Audience['kind'] })}>
        <Stack gap={4} mt={4}>
          <Radio value="outside" label={st('part2.AudienceFields.outside')} />
          <Radio value="within" label={st('part2.AudienceFields.within')} />
        </Stack>
      </Radio.Group>
      {value.kind === 'outside' && (
        <>
          <Group align="flex-end" gap="sm">
            <TextInput label={st('part2.AudienceFields.recipientName')} required w={240} value={value.name} onChange={(e) => set({ name: e.currentTarget.value })} />
            <TextInput label={st('part2.AudienceFields.organisation')} w={240} value={value.organisation} onChange={(e) => set({ organisation: e.currentTarget.value })} />
            <Select label={st('part2.AudienceFields.recipientKind')} w={280} allowDeselect={false} data={labelOptions(RECIPIENT_CLASSES)} value={value.class} onChange={(v) => v && set({ class: v as RecipientClass })} />
          </Group>
          <Group align="flex-end" gap="sm">
            <Select label={st('part2.AudienceFields.purpose')} w={240} allowDeselect={false} data={labelOptions(PURPOSES)} value={value.purpose} onChange={(v) => v && set({ purpose: v as PurposeKind })} />
            {value.purpose === 'other' && <TextInput label={st('part2.AudienceFields.describePurpose')} required w={280} value={value.purposeDescription} onChange={(e) => set({ purposeDescription: e.currentTarget.value })} />}
            <Select
              label={st('part2.AudienceFields.withTheNotice')}
              w={360}
              allowDeselect={false}
              data={[
                { value: 'explanation', label: st('part2.AudienceFields.explanation') },
                { value: 'consent-copy', label: st('part2.AudienceFields.consentCopy') },
              ]}
              value={value.cover}
              onChange={(v) => v && set({ cover: v as Audience['cover'] })}
            />
          </Group>
          <Text size="xs" c="dimmed">
            {st('part2.AudienceFields.mustCover')}
          </Text>
        </>
      )}
    </Stack>
  );
}

/** Why a disclosure was refused, client by client: nothing was saved or printed. */
export function RefusedDisclosure({ refused, action }: { refused: { name: string; message: string }[]; action: string }) {
  return (
    <Alert color="red" role="alert" mt="sm" icon={<IconLock aria-hidden />} title={st('part2.AudienceFields.refusedTitle', { action })}>
      <List size="sm">
        {refused.map((r) => (
          <List.Item key={r.name}>
            {st('part2.AudienceFields.refusedReason', { name: r.name, message: r.message })}
          </List.Item>
        ))}
      </List>
      <Text size="sm" mt="xs">
        {st('part2.AudienceFields.nothingLeft')}
      </Text>
    </Alert>
  );
}
