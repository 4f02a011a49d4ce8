import { Suspense } from 'react';
import { Alert, AppShell, Badge, Button, Group, Kbd, NavLink, Stack, Text, Title, Tooltip } from '@mantine/core';
import { useHotkeys } from '@mantine/hooks';
import { spotlight } from '@mantine/spotlight';
import { IconAlertTriangle, IconCloudCheck, IconCloudOff, IconLock, IconSearch, IconUser } from '@tabler/icons-react';
import { NavLink as RouterNavLink, Outlet, useNavigate } from 'react-router';
import type { StoragePersistence } from '../../../shared/bridge';
import { ROLE_LABELS } from '../../../shared/vault-policy';
import { BackupReminder } from '../features/backup/BackupReminder';
import { describeSync } from '../features/sync/describeSync';
import { TimeZoneBanner } from '../features/time-zone/TimeZoneBanner';
import { useObservable } from '../hooks/useObservable';
import { SECTIONS } from '../app/navigation';
import { CommandPalette } from './CommandPalette';
import { ScreenLoading } from '../app/ScreenLoading';
import { NewerRecordsNotice } from '../app/NewerRecordsNotice';
import { ResealNotice } from '../app/ResealNotice';
import { useServices } from '../app/services';
import { st } from '../i18n/staff';
import { sharedText } from '../i18n/shared';

interface Props {
  storage: StoragePersistence | 'checking';
}

function StorageWarning({ storage }: Props) {
  if (storage === 'persisted' || storage === 'checking') return null;
  return (
    <Alert color="orange" icon={<IconAlertTriangle aria-hidden />} title={storage === 'refused' ? st('shell.AppFrame.thisBrowserHasNotYet') : st('shell.AppFrame.thisBrowserMayDeleteWaypoint')} mb="md">
      {storage === 'refused'
        ? st('shell.AppFrame.chromiumGrantsPersistentStorageTo')
        : st('shell.AppFrame.thisBrowserCannotKeepData')}
    </Alert>
  );
}

/** The sync state where clinicians look; opens the sync panel in Settings. */
function SyncBadge() {
  const { sync } = useServices();
  const navigate = useNavigate();
  const status = useObservable(sync.status$, sync.status$.value);
  const described = describeSync(status);
  const configured = status.phase !== 'off' || status.lastSyncedAt !== null;
  return (
    <Tooltip label={configured ? described.detail || described.label : st('shell.AppFrame.syncWithTheCentralOffice')}>
      <Badge
        component="button"
        variant="light"
        color={configured ? described.color : 'gray'}
        leftSection={status.phase === 'up-to-date' ? <IconCloudCheck size={14} aria-hidden /> : <IconCloudOff size={14} aria-hidden />}
        onClick={() => void navigate('/settings#sync')}
        style={{ cursor: 'pointer' }}
        aria-label={configured ? st('shell.AppFrame.syncDescribed', { label: described.label, detail: described.detail }) : st('shell.AppFrame.syncNotConfiguredLabel')}
      >
        {configured ? (status.phase === 'offline' && status.pending ? st('shell.AppFrame.offlineWaiting', { pending: status.pending }) : described.label) : st('shell.AppFrame.syncNotConfigured')}
      </Badge>
    </Tooltip>
  );
}

export function AppFrame({ storage }: Props) {
  const { vault } = useServices();
  const navigate = useNavigate();
  const lock = () => void vault.lock('manual');
  const profile = vault.currentProfile();
  useHotkeys([...SECTIONS.map((section) => [`alt+${section.shortcut}`, () => void navigate(section.path)] as [string, () => void]), ['mod+shift+L', lock]], []);

  return (
    <AppShell header={{ height: 52 }} navbar={{ width: 256, breakpoint: 0 }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between">
          <Title order={1} size="h3">
            {st('shell.AppFrame.waypoint')}
          </Title>
          <Button
            variant="default"
            size="xs"
            leftSection={<IconSearch size={14} aria-hidden />}
            rightSection={
              <Text component="span" size="xs" c="dimmed" aria-hidden>
                <Kbd size="xs">Ctrl</Kbd>+<Kbd size="xs">K</Kbd>
              </Text>
            }
            onClick={() => spotlight.open()}
            aria-keyshortcuts="Control+K"
            w={320}
            justify="space-between"
          >
            {st('shell.AppFrame.findAClientOrSection')}
          </Button>
          <Group gap="xs" role="group" aria-label={st('shell.AppFrame.status')}>
            <SyncBadge />
            <Badge variant="light" color="teal" leftSection={<IconUser size={14} aria-hidden />}>
              {profile.displayName} · {sharedText(ROLE_LABELS[profile.role])}
            </Badge>
            <Tooltip label={st('shell.AppFrame.lockNowCtrlShiftL')}>
              <Button size="xs" variant="default" leftSection={<IconLock size={14} aria-hidden />} onClick={lock} aria-keyshortcuts="Control+Shift+L">
                {st('shell.AppFrame.lock')}
              </Button>
            </Tooltip>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" component="nav" aria-label={st('shell.AppFrame.main')}>
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
      <CommandPalette />
      <AppShell.Main>
        <StorageWarning storage={storage} />
        <TimeZoneBanner />
        <BackupReminder />
        <NewerRecordsNotice />
        <ResealNotice />
        <Suspense fallback={<ScreenLoading />}>
          <Outlet />
        </Suspense>
      </AppShell.Main>
    </AppShell>
  );
}
