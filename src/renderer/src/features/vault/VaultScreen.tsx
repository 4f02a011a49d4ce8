import { useEffect, type ReactNode } from 'react';
import { Center, Paper, Stack, Text, Title } from '@mantine/core';
import { st } from '../../i18n/staff';

/** The centred card every vault screen (set-up, unlock, recovery) sits in. */
export function VaultScreen({ title, subtitle, children, width = 460 }: { title: string; subtitle?: string; children: ReactNode; width?: number }) {
  useEffect(() => {
    // The benchmark measures cold start up to this mark: the first screen (set-up or unlock) is usable.
    if (performance.getEntriesByName('waypoint:first-screen').length === 0) requestAnimationFrame(() => performance.mark('waypoint:first-screen'));
  }, []);
  return (
    <Center mih="100vh" p="md" bg="gray.0">
      <Paper withBorder shadow="sm" p="xl" w={width} maw="100%" component="main">
        <Stack gap="md">
          <Stack gap={4}>
            <Text fw={700} c="teal" size="sm">
              {st('vault.VaultScreen.waypoint')}
            </Text>
            <Title order={1} size="h2">
              {title}
            </Title>
            {subtitle && <Text c="dimmed">{subtitle}</Text>}
          </Stack>
          {children}
        </Stack>
      </Paper>
    </Center>
  );
}
