import { useMemo, useState } from 'react';
import { Button, Card, Group, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { PLAN_TOPICS, STARTER_PLAN_LIBRARY, type LibraryEntry } from '../../../../shared/plans';
import { DEFAULT_PRACTICE_SETTINGS } from '../../../../shared/settings';
import { useServices } from '../../app/services';
import { useObservable } from '../../hooks/useObservable';
import { st } from '../../i18n/staff';
import { errorText, sharedText } from '../../i18n/shared';

/**
 * The practice's plan library: what clinicians pick from when writing a plan. Entries come from
 * the starter set and from plans ("Save to the library" on a plan's problem); here they are
 * reviewed and removed. A setting like any other, so it syncs to every laptop.
 */
export function PlanLibrarySection() {
  const { settings } = useServices();
  const library = useObservable(useMemo(() => settings.observe(), [settings]), DEFAULT_PRACTICE_SETTINGS).planLibrary;
  const [status, setStatus] = useState<{ ok: boolean; text: string } | null>(null);
  const save = (next: LibraryEntry[], done: string) =>
    settings.save({ planLibrary: next }).then(
      () => setStatus({ ok: true, text: done }),
      (e: unknown) => setStatus({ ok: false, text: errorText(e) }),
    );
  const missingStarters = STARTER_PLAN_LIBRARY.filter((s) => !library.some((e) => e.id === s.id));
  return (
    <Card withBorder component="section" aria-labelledby="plan-library-heading">
      <Title order={3} id="plan-library-heading" mb={4}>{st('plans.PlanLibrarySection.planLibrary', { length: library.length })}</Title>
      <Text size="sm" c="dimmed" mb="xs">
        {st('plans.PlanLibrarySection.problemsWithTheirGoalsObjectives')}
      </Text>
      <Stack gap="xs">
        <Table aria-label={st('plans.PlanLibrarySection.planLibrary2')}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{st('plans.PlanLibrarySection.topic')}</Table.Th>
              <Table.Th scope="col">{st('plans.PlanLibrarySection.problem')}</Table.Th>
              <Table.Th scope="col">{st('plans.PlanLibrarySection.objectives')}</Table.Th>
              <Table.Th scope="col">
                <VisuallyHidden>{st('plans.PlanLibrarySection.actions')}</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {[...library]
              .sort((a, b) => a.topic.localeCompare(b.topic) || a.problem.localeCompare(b.problem))
              .map((entry) => (
                <Table.Tr key={entry.id}>
                  <Table.Td>{sharedText(PLAN_TOPICS[entry.topic])}</Table.Td>
                  <Table.Td>{entry.problem}</Table.Td>
                  <Table.Td>{entry.goals.reduce((n, g) => n + g.objectives.length, 0)}</Table.Td>
                  <Table.Td>
                    <Button size="compact-xs" variant="subtle" color="red" aria-label={st('plans.PlanLibrarySection.removeFromTheLibrary', { problem: entry.problem })} onClick={() => void save(library.filter((e) => e.id !== entry.id), st('plans.PlanLibrarySection.removed'))}>
                      {st('plans.PlanLibrarySection.remove')}
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
          </Table.Tbody>
        </Table>
        <Group justify="space-between">
          {missingStarters.length > 0 ? (
            <Button size="compact-sm" variant="default" onClick={() => void save([...library, ...missingStarters], st('plans.PlanLibrarySection.startersRestored', { restored: missingStarters.length }))}>{st('plans.PlanLibrarySection.restoreTheStarterSet', { length: missingStarters.length })}</Button>
          ) : (
            <span />
          )}
          <Text role="status" aria-live="polite" size="sm" c={status?.ok === false ? 'red' : 'teal'}>
            {status?.text}
          </Text>
        </Group>
      </Stack>
    </Card>
  );
}
