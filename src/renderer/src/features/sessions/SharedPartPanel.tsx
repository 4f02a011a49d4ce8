import { useMemo, useState } from 'react';
import { Alert, Card, Group, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { findNamesInText, type RosterName } from '../../../../shared/phi-guard';
import { SaveStatus } from '../../app/SaveStatus';
import { useAutosave } from '../../hooks/useAutosave';
import { st } from '../../i18n/staff';
import type { SharedPart } from '../../repositories/notes';

interface Props {
  initial: SharedPart;
  roster: (RosterName & { name: string })[];
  presentCount: number;
  facilitators: string;
  modality: string;
  editable: boolean;
  onSave: (shared: SharedPart) => Promise<unknown>;
  /** Each change as typed, before it is saved: members' notes start their intervention from it. */
  onChange: (shared: SharedPart) => void;
}

/**
 * The part of the group note written once and copied into every member's chart. It must not
 * name anyone on the roster: the guard checks as the clinician types.
 */
export function SharedPartPanel({ initial, roster, presentCount, facilitators, modality, editable, onSave, onChange }: Props) {
  const [value, setValue] = useState(initial);
  const { save, state: saveState } = useAutosave<SharedPart>(onSave);
  const named = useMemo(() => {
    const text = [value.topic, value.curriculum, value.interventions].join('\n');
    const ids = new Set(findNamesInText(text, roster).map((m) => m.clientId));
    return roster.filter((r) => ids.has(r.clientId)).map((r) => r.name);
  }, [value, roster]);
  const set = (field: keyof SharedPart) => (e: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => {
    const next = { ...value, [field]: e.currentTarget.value };
    setValue(next);
    onChange(next);
    save(next);
  };
  return (
    <Card withBorder component="section" aria-labelledby="shared-heading" py="xs">
      <Group gap="xs" mb={4} align="baseline">
        <Title order={3} size="h5" id="shared-heading">
          {st('sessions.SharedPartPanel.heading')}
        </Title>
        <Text size="xs" c="dimmed">
          {st('sessions.SharedPartPanel.copied', { present: presentCount, modality, facilitators })}
        </Text>
        {editable && <SaveStatus state={saveState} label={st('sessions.SharedPartPanel.sharedPart')} />}
      </Group>
      <Stack gap="xs">
        {/* Side by side: the member's note should still be on screen below at 1366×768. */}
        <Group grow align="flex-start">
          <TextInput label={st('sessions.SharedPartPanel.topic')} value={value.topic} onChange={set('topic')} readOnly={!editable} />
          <TextInput label={st('sessions.SharedPartPanel.curriculum')} value={value.curriculum} onChange={set('curriculum')} readOnly={!editable} />
        </Group>
        {/* Grown by the browser (field-sizing), not measured in JS: autosize's measuring was the costliest part of opening a session. */}
        <Textarea label={st('sessions.SharedPartPanel.interventions')} styles={{ input: { fieldSizing: 'content' } }} value={value.interventions} onChange={set('interventions')} readOnly={!editable} />
        {named.length > 0 && (
          <Alert color="red" role="alert" title={st('sessions.SharedPartPanel.namesAMember')}>
            {st('sessions.SharedPartPanel.mentions', { names: named.join('; ') })}
          </Alert>
        )}
      </Stack>
    </Card>
  );
}
