import { Alert, Button, Code, Group, Stack, Text, Title } from '@mantine/core';
import { st } from '../i18n/staff';

interface Props {
  error: Error;
  onRetry?: () => void;
}

export function ErrorScreen({ error, onRetry }: Props) {
  return (
    <Stack p="xl" maw={720}>
      <Title order={2}>{st('app.ErrorScreen.somethingWentWrong')}</Title>
      <Text>{st('app.ErrorScreen.recordsAreSafe')}</Text>
      <Alert color="red" title={error.name}>
        <Code block>{error.message}</Code>
      </Alert>
      <Group>
        {onRetry && <Button onClick={onRetry}>{st('app.ErrorScreen.tryAgain')}</Button>}
        <Button variant="default" onClick={() => window.location.reload()}>
          {st('app.ErrorScreen.reloadWaypoint')}
        </Button>
      </Group>
    </Stack>
  );
}
