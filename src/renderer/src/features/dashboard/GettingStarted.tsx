import { useMemo, useState } from 'react';
import { Anchor, Button, Card, Group, List, Progress, Text, ThemeIcon, Title, VisuallyHidden } from '@mantine/core';
import { IconCheck, IconCircleDashed } from '@tabler/icons-react';
import { Link } from 'react-router';
import { combineLatest, map } from 'rxjs';
import { useServices } from '../../app/services';
import { useObservable } from '../../hooks/useObservable';
import { st } from '../../i18n/staff';

interface Step {
  label: string;
  done: boolean;
  /** Where the step is done. */
  to: string;
  action: string;
}

/** Per device and staff profile (ids only): someone who chose to hide the list does not see it again here. */
const hiddenKey = (profileId: string) => `waypoint.gettingStartedHidden.${profileId}`;

/**
 * The first-run checklist on the dashboard: what a new practice sets up, each step a link to
 * where it is done, read from the records themselves so it is right on every device. It goes
 * away once every step is done (or when hidden).
 */
export function GettingStarted() {
  const { staff, programs, clients, backup, sync, vault } = useServices();
  const profileId = vault.currentProfile().id;
  const [hidden, setHidden] = useState(() => localStorage.getItem(hiddenKey(profileId)) === 'yes');
  const steps = useObservable(
    useMemo(
      () =>
        combineLatest([staff.active$(), programs.tree$(), clients.list$(), backup.status$(), sync.status$]).pipe(
          map(([staffList, tree, clientList, lastBackup, syncStatus]): Step[] => [
            { label: st('dashboard.GettingStarted.steps.setUpThePractice'), done: true, to: '/settings#practice', action: st('dashboard.GettingStarted.steps.practiceSettings') },
            { label: st('dashboard.GettingStarted.steps.addYourStaff'), done: staffList.length > 1, to: '/settings#staff', action: st('dashboard.GettingStarted.steps.addStaffProfiles') },
            { label: st('dashboard.GettingStarted.steps.createAProgramme'), done: tree.groups.length > 0, to: '/groups/new', action: st('dashboard.GettingStarted.steps.newGroup') },
            { label: st('dashboard.GettingStarted.steps.addYourFirstClient'), done: clientList.length > 0, to: '/clients/new', action: st('dashboard.GettingStarted.steps.newClient') },
            { label: st('dashboard.GettingStarted.steps.backUpThePractice'), done: lastBackup !== null, to: '/settings#backup', action: st('dashboard.GettingStarted.steps.backUp') },
            { label: st('dashboard.GettingStarted.steps.connectToTheOffice'), done: syncStatus.phase !== 'off' || syncStatus.lastSyncedAt !== null, to: '/settings#sync', action: st('dashboard.GettingStarted.steps.syncSettings') },
          ]),
        ),
      [staff, programs, clients, backup, sync],
    ),
    null as Step[] | null,
  );
  if (steps === null || hidden || steps.every((s) => s.done)) return null;
  const done = steps.filter((s) => s.done).length;
  return (
    <Card withBorder component="section" aria-labelledby="getting-started-heading">
      <Group justify="space-between" mb="xs">
        <Title order={3} size="h4" id="getting-started-heading">{st('dashboard.GettingStarted.gettingStartedOfDone', { done, length: steps.length })}</Title>
        <Button
          variant="subtle"
          size="compact-sm"
          onClick={() => {
            localStorage.setItem(hiddenKey(profileId), 'yes');
            setHidden(true);
          }}
        >
          {st('dashboard.GettingStarted.hideThisChecklist')}
        </Button>
      </Group>
      <Progress value={(100 * done) / steps.length} mb="sm" aria-hidden />
      <List spacing="xs" aria-label={st('dashboard.GettingStarted.gettingStartedSteps')} center>
        {steps.map((step) => (
          <List.Item
            key={step.label}
            icon={
              <ThemeIcon size={20} radius="xl" color={step.done ? 'teal' : 'gray'} variant={step.done ? 'filled' : 'light'} aria-hidden>
                {step.done ? <IconCheck size={14} /> : <IconCircleDashed size={14} />}
              </ThemeIcon>
            }
          >
            <Text span size="sm" td={step.done ? 'line-through' : undefined} c={step.done ? 'dimmed' : undefined}>
              {step.label}
            </Text>
            <VisuallyHidden>{step.done ? st('dashboard.GettingStarted.done') : st('dashboard.GettingStarted.toDo')}</VisuallyHidden>
            {!step.done && (
              <>
                {' · '}
                <Anchor component={Link} to={step.to} size="sm">
                  {step.action}
                </Anchor>
              </>
            )}
          </List.Item>
        ))}
      </List>
    </Card>
  );
}
