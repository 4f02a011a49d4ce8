import { useRef, useState } from 'react';
import { Alert, Button, Card, Group, Stack, Text, Textarea, Title } from '@mantine/core';
import { groupSchema } from '../../../../shared/programs';
import { focusFirstError, useSchemaForm } from '../../app/forms';
import { st } from '../../i18n/staff';
import { errorText } from '../../i18n/shared';

const schema = groupSchema.pick({ goal: true, plan: true });

/**
 * The group's goal and plan: every member's note starts from them (shared/notes/prefill.ts), so
 * they change here as the group moves on, not in each note.
 */
export function GroupNoteDefaults({ goal, plan, onSave }: { goal: string; plan: string; onSave: (values: { goal: string; plan: string }) => Promise<unknown> }) {
  const form = useSchemaForm(schema, { goal, plan });
  const element = useRef<HTMLFormElement>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  return (
    <Card withBorder component="section" aria-labelledby="note-defaults-heading">
      <Title order={3} size="h4" id="note-defaults-heading" mb={4}>
        {st('groups.GroupNoteDefaults.heading')}
      </Title>
      <Text size="xs" c="dimmed" mb="xs">
        {st('groups.GroupNoteDefaults.explained')}
      </Text>
      <form
        ref={element}
        noValidate
        aria-label={st('groups.GroupNoteDefaults.heading')}
        onSubmit={(event) =>
          form.onSubmit(
            (values) =>
              void onSave(values).then(
                () => setMessage({ ok: true, text: st('groups.GroupNoteDefaults.saved') }),
                (failure: unknown) => setMessage({ ok: false, text: errorText(failure) }),
              ),
            () => focusFirstError(element.current),
          )(event)
        }
      >
        <Stack gap="xs">
          <Textarea label={st('groups.GroupNoteDefaults.goal')} styles={{ input: { fieldSizing: 'content' } }} {...form.getInputProps('goal')} />
          <Textarea label={st('groups.GroupNoteDefaults.plan')} styles={{ input: { fieldSizing: 'content' } }} {...form.getInputProps('plan')} />
          {message && (
            <Alert color={message.ok ? 'teal' : 'red'} role={message.ok ? 'status' : 'alert'}>
              {message.text}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button type="submit" size="compact-sm" variant="default">
              {st('groups.GroupNoteDefaults.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}
