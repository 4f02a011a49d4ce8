import { useMemo, useState } from 'react';
import { Checkbox, NativeSelect, Radio, ScrollArea, Stack, Text } from '@mantine/core';
import { PLAN_TOPICS, pickAll, problemFromLibrary, type LibraryEntry, type LibraryPick, type PlanTopic, type ProblemInput } from '../../../../shared/plans';
import { DEFAULT_PRACTICE_SETTINGS } from '../../../../shared/settings';
import { ModalForm } from '../../app/ModalForm';
import { useServices } from '../../app/services';
import { useObservable } from '../../hooks/useObservable';
import { st } from '../../i18n/staff';
import { labelOptions, sharedText } from '../../i18n/shared';

/**
 * Pick a problem from the practice's plan library, and which of its goals' objectives to take;
 * the choice is copied into the plan, where every word can then be edited for this client.
 */
export function LibraryPicker({ onPick, onClose }: { onPick: (problem: ProblemInput) => Promise<unknown>; onClose: () => void }) {
  const { settings } = useServices();
  const library = useObservable(useMemo(() => settings.observe(), [settings]), DEFAULT_PRACTICE_SETTINGS).planLibrary;
  const [topic, setTopic] = useState<PlanTopic | 'all'>('all');
  const [entryId, setEntryId] = useState<string | null>(null);
  const [pick, setPick] = useState<LibraryPick>({ objectives: {} });
  const shown = library.filter((e) => topic === 'all' || e.topic === topic);
  const entry: LibraryEntry | undefined = library.find((e) => e.id === entryId);
  const choose = (id: string) => {
    setEntryId(id);
    const next = library.find((e) => e.id === id);
    if (next) setPick(pickAll(next));
  };
  const toggle = (goal: number, objective: number, on: boolean) => {
    const current = pick.objectives[goal] ?? [];
    setPick({ objectives: { ...pick.objectives, [goal]: on ? [...current, objective] : current.filter((o) => o !== objective) } });
  };
  return (
    <ModalForm
      title={st('plans.LibraryPicker.addAProblemFromThe')}
      submitLabel={st('plans.LibraryPicker.addToThePlan')}
      onClose={onClose}
      onSubmit={async () => {
        if (!entry) throw new Error(st('plans.LibraryPicker.chooseAProblem'));
        const problem = problemFromLibrary(entry, pick);
        if (problem.goals.length === 0) throw new Error(st('plans.LibraryPicker.chooseAnObjective'));
        await onPick(problem);
      }}
    >
      <NativeSelect
        label={st('plans.LibraryPicker.topic')}
        data={[{ value: 'all', label: st('plans.LibraryPicker.everyTopic') }, ...labelOptions(PLAN_TOPICS)]}
        value={topic}
        onChange={(e) => setTopic(e.currentTarget.value as PlanTopic | 'all')}
        data-autofocus
      />
      <Radio.Group label={st('plans.LibraryPicker.problem')} value={entryId} onChange={choose}>
        <ScrollArea.Autosize mah={220} mt={4}>
          <Stack gap={6}>
            {shown.length === 0 && <Text size="sm">{st('plans.LibraryPicker.theLibraryHasNoProblem')}</Text>}
            {shown.map((e) => (
              <Radio key={e.id} value={e.id} label={e.problem} description={sharedText(PLAN_TOPICS[e.topic])} />
            ))}
          </Stack>
        </ScrollArea.Autosize>
      </Radio.Group>
      {entry && (
        <Stack gap={6} role="group" aria-label={st('plans.LibraryPicker.goalsAndObjectivesToAdd')}>
          {entry.goals.map((goal, g) => (
            <div key={g}>
              <Text size="sm" fw={600}>{st('plans.LibraryPicker.goal', { statement: goal.statement })}</Text>
              <Text size="xs" c="dimmed" mb={4}>
                {st('plans.LibraryPicker.measuredBy', { measuredBy: goal.measuredBy || '—' })}
              </Text>
              <Stack gap={4} pl="sm">
                {goal.objectives.map((objective, o) => (
                  <Checkbox key={o} label={objective.statement} checked={(pick.objectives[g] ?? []).includes(o)} onChange={(e) => toggle(g, o, e.currentTarget.checked)} />
                ))}
              </Stack>
            </div>
          ))}
          <Text size="xs" c="dimmed">
            {st('plans.LibraryPicker.targetDatesAndResponsibleStaff')}
          </Text>
        </Stack>
      )}
    </ModalForm>
  );
}
