import { useMemo } from 'react';
import { Badge, Button, Card, Group, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { breachDeadline } from '../../../../shared/part2';
import { useServices } from '../../app/services';
import { useObservable } from '../../hooks/useObservable';
import { useToday } from '../../hooks/useToday';
import { st } from '../../i18n/staff';

/** Settings → the way to the breach log, for administrators, with how many deadlines are open. */
export function BreachLogSection() {
  const { part2, vault } = useServices();
  const today = useToday();
  const breaches$ = useMemo(() => part2.breaches$(), [part2]);
  const breaches = useObservable(breaches$, []);
  if (vault.currentProfile().role !== 'administrator') return null;
  const open = breaches.map((b) => breachDeadline(b.data, today)).filter((d) => d.shown);
  const urgent = open.filter((d) => d.warn).length;
  return (
    <Card withBorder component="section" aria-labelledby="breach-log-heading" maw={760}>
      <Group justify="space-between" align="flex-start">
        <div>
          <Group gap="xs" mb={4}>
            <Title order={3} id="breach-log-heading">
              {st('part2.BreachLogSection.heading')}
            </Title>
            {open.length > 0 && (
              <Badge color={urgent > 0 ? 'red' : 'orange'} variant="light">
                {open.length === 1 ? st('part2.BreachLogSection.oneOpen') : st('part2.BreachLogSection.open', { count: open.length })}
              </Badge>
            )}
          </Group>
          <Text size="sm" c="dimmed">
            {st('part2.BreachLogSection.explained')}
          </Text>
        </div>
        <Button component={Link} to="/settings/breaches" variant="default">
          {st('part2.BreachLogSection.openTheLog')}
        </Button>
      </Group>
    </Card>
  );
}
