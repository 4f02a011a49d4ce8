import { Alert, Button, Code, Group, Stack, Text, Title } from '@mantine/core';

interface Props {
  error: Error;
  onRetry?: () => void;
}

export function ErrorScreen({ error, onRetry }: Props) {
  return (
    <Stack p="xl" maw={720}>
      <Title order={2}>Something went wrong on this screen</Title>
      <Text>
        Your saved records are safe: Waypoint stores every change as you make it. You can try this screen again, or reload
        the app. If it keeps happening, tell your administrator what you were doing and the message below.
      </Text>
      <Alert color="red" title={error.name}>
        <Code block>{error.message}</Code>
      </Alert>
      <Group>
        {onRetry && <Button onClick={onRetry}>Try again</Button>}
        <Button variant="default" onClick={() => window.location.reload()}>
          Reload Waypoint
        </Button>
      </Group>
    </Stack>
  );
}
