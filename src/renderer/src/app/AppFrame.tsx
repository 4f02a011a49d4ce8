import { useEffect } from 'react';
import { Alert, AppShell, Badge, Group, Kbd, NavLink, Stack, Text, Title, Tooltip } from '@mantine/core';
import { useHotkeys } from '@mantine/hooks';
import { IconAlertTriangle, IconCloudOff, IconLockOpen } from '@tabler/icons-react';
import { NavLink as RouterNavLink, Outlet, useNavigate } from 'react-router';
import type { StoragePersistence } from '../../../shared/bridge';
import { SECTIONS } from './navigation';

interface Props {
  storage: StoragePersistence | 'checking';
}

function StorageWarning({ storage }: Props) {
  if (storage === 'persisted' || storage === 'checking') return null;
  return (
    <Alert color="orange" icon={<IconAlertTriangle aria-hidden />} title="This browser may delete Waypoint's records" mb="md">
      {storage === 'refused'
        ? 'The browser refused persistent storage, so it may clear this site’s data when the disk runs low. Use the Waypoint desktop app for clinical work, or allow this site to store data persistently.'
        : 'This browser cannot keep data persistently. Use the Waypoint desktop app for clinical work.'}
    </Alert>
  );
}

export function AppFrame({ storage }: Props) {
  const navigate = useNavigate();
  useHotkeys(SECTIONS.map((section) => [`alt+${section.shortcut}`, () => void navigate(section.path)]));

  useEffect(() => {
    // The benchmark measures cold start up to this mark: the frame is on screen and usable.
    requestAnimationFrame(() => performance.mark('waypoint:frame-painted'));
  }, []);

  return (
    <AppShell header={{ height: 52 }} navbar={{ width: 256, breakpoint: 0 }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between">
          <Title order={1} size="h3">
            Waypoint
          </Title>
          <Group gap="xs" aria-label="Status">
            <Tooltip label="Sync with the central office is not configured on this device">
              <Badge variant="light" color="gray" leftSection={<IconCloudOff size={14} aria-hidden />} tabIndex={0}>
                Sync not configured
              </Badge>
            </Tooltip>
            <Tooltip label="Staff unlock and encryption are set up with the practice (vault)">
              <Badge variant="light" color="orange" leftSection={<IconLockOpen size={14} aria-hidden />} tabIndex={0}>
                Vault not set up
              </Badge>
            </Tooltip>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" component="nav" aria-label="Main">
        <Stack gap={2}>
          {SECTIONS.map((section) => (
            <NavLink
              key={section.path}
              component={RouterNavLink}
              to={section.path}
              label={section.label}
              rightSection={
                <Text component="span" size="xs" c="dimmed" aria-hidden>
                  <Kbd size="xs">Alt</Kbd>+<Kbd size="xs">{section.shortcut}</Kbd>
                </Text>
              }
              aria-keyshortcuts={`Alt+${section.shortcut}`}
            />
          ))}
        </Stack>
      </AppShell.Navbar>
      <AppShell.Main>
        <StorageWarning storage={storage} />
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
