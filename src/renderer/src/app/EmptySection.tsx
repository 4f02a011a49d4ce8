import { Paper, Stack, Text, Title } from '@mantine/core';

interface Props {
  title: string;
  emptyText: string;
}

/** A section's heading and its empty state, until the section has records to show. */
export function EmptySection({ title, emptyText }: Props) {
  return (
    <Stack gap="md">
      <Title order={2}>{title}</Title>
      <Paper withBorder p="lg">
        <Text c="dimmed">{emptyText}</Text>
      </Paper>
    </Stack>
  );
}
