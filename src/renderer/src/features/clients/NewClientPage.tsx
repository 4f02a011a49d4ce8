import { useState } from 'react';
import { Alert, Button, Group, Loader, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useNavigate } from 'react-router';
import { validateClientIdentity, type ClientIdentityInput } from '../../../../shared/clients';
import { useServices } from '../../app/services';
import { useDraft } from '../../hooks/useDraft';

const EMPTY: Required<ClientIdentityInput> = { firstName: '', lastName: '', preferredName: '', dateOfBirth: '' };
type Field = keyof typeof EMPTY;

/** Intake of a new client. What is typed is kept as a sealed draft until the client is saved. */
export function NewClientPage() {
  const { clients } = useServices();
  const navigate = useNavigate();
  const draft = useDraft('new-client', EMPTY);
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [failure, setFailure] = useState<string | null>(null);

  if (!draft.loaded) return <Loader aria-label="Loading the draft" />;

  const field = (name: Field) => ({
    value: draft.value[name],
    onChange: (event: React.ChangeEvent<HTMLInputElement>) => draft.update({ [name]: event.currentTarget.value } as Partial<typeof EMPTY>),
    error: errors[name],
  });

  const save = async (event: React.FormEvent) => {
    event.preventDefault();
    const parsed = validateClientIdentity(draft.value, new Date().toISOString().slice(0, 10));
    if (!parsed.success) {
      setErrors(Object.fromEntries(parsed.error.issues.map((issue) => [String(issue.path[0]), issue.message])));
      return;
    }
    setErrors({});
    try {
      await clients.create(parsed.data);
      await draft.discard();
      void navigate('/clients');
    } catch (error) {
      setFailure(`The client was not saved: ${(error as Error).message}. What you typed is kept.`);
    }
  };

  return (
    <Stack gap="md">
      <Title order={2}>New client</Title>
      <Paper withBorder p="lg" maw={640} component="form" onSubmit={save} noValidate aria-label="New client">
        <Stack gap="sm">
          <Group grow align="flex-start">
            <TextInput label="First name" required autoComplete="off" {...field('firstName')} />
            <TextInput label="Last name" required autoComplete="off" {...field('lastName')} />
          </Group>
          <Group grow align="flex-start">
            <TextInput label="Preferred name" autoComplete="off" {...field('preferredName')} />
            <TextInput label="Date of birth" type="date" required {...field('dateOfBirth')} />
          </Group>
          {failure && (
            <Alert color="red" role="alert">
              {failure}
            </Alert>
          )}
          <Group justify="space-between">
            <Text size="xs" c="dimmed">
              Saved as a draft on this device as you type.
            </Text>
            <Group>
              <Button variant="default" onClick={() => void navigate('/clients')}>
                Back to clients
              </Button>
              <Button type="submit">Save client</Button>
            </Group>
          </Group>
        </Stack>
      </Paper>
    </Stack>
  );
}
