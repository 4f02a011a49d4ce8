import { useState } from 'react';
import { ActionIcon, Button, Card, Group, Menu, MultiSelect, NativeSelect, NumberInput, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { IconTrash } from '@tabler/icons-react';
import {
  FREQUENCY_PERIODS,
  INTERVENTION_TYPES,
  OBJECTIVE_STATUSES,
  PLAN_TOPICS,
  type FrequencyPeriod,
  type GoalInput,
  type InterventionInput,
  type InterventionType,
  type ObjectiveInput,
  type ObjectiveStatus,
  type PlanTopic,
  type ProblemInput,
} from '../../../../shared/plans';
import { LibraryPicker } from './LibraryPicker';
import { st } from '../../i18n/staff';
import { labelOptions, sharedText } from '../../i18n/shared';

const NEW_INTERVENTION: InterventionInput = { type: 'group', description: '', sessionMinutes: null, frequency: null, durationWeeks: null, staffIds: [] };
const NEW_OBJECTIVE: ObjectiveInput = { statement: '', targetDate: '', status: 'not-started', interventions: [NEW_INTERVENTION] };
const NEW_GOAL: GoalInput = { statement: '', measuredBy: '', targetDate: '', objectives: [NEW_OBJECTIVE] };
export const NEW_PROBLEM: ProblemInput = { statement: '', diagnosisCodes: [], goals: [NEW_GOAL] };

const replaceAt = <T,>(list: readonly T[], index: number, value: T): T[] => list.map((item, i) => (i === index ? value : item));
const removeAt = <T,>(list: readonly T[], index: number): T[] => list.filter((_, i) => i !== index);
const num = (value: string | number) => (value === '' ? null : Number(value));

interface Props {
  problems: ProblemInput[];
  /** Typing and removals: saved as typed. */
  onChange: (problems: ProblemInput[]) => void;
  /** A node added: saved at once, so the new node gets its lasting id before anyone types in it. */
  onAdd: (problems: ProblemInput[]) => void;
  staff: { value: string; label: string }[];
  /** Keeps a copy of a problem as written in the practice's plan library. */
  onSaveToLibrary: (problem: ProblemInput, topic: PlanTopic) => Promise<unknown>;
}

/**
 * The plan's tree as forms: problems → goals → objectives → interventions, numbered as on paper
 * (Goal 2, Objective 2.1, Intervention 2.1.1). Every field is labelled with its place in the
 * outline, so a screen reader and an error message name the same thing.
 */
export function PlanTreeEditor({ problems, onChange, onAdd, staff, onSaveToLibrary }: Props) {
  const [picking, setPicking] = useState(false);
  // Goals are numbered through the whole plan (Goal 3 may be the first goal of Problem 2).
  const goalsBefore = problems.map((_, p) => problems.slice(0, p).reduce((n, q) => n + q.goals.length, 0));
  // The setters rebuild the whole tree; `added` sends it through onAdd so the new node is saved at once.
  const tree = (next: ProblemInput[], added = false) => (added ? onAdd(next) : onChange(next));
  const addTo = <T,>(set: (value: T, added: boolean) => void, value: T) => set(value, true);
  return (
    <Stack gap="md">
      {problems.map((problem, p) => {
        const setProblem = (next: ProblemInput, added = false) => tree(replaceAt(problems, p, next), added);
        const problemLabel = st('plans.PlanTreeEditor.problem', { number: p + 1 });
        return (
          <Card key={problem.id ?? `new-${p}`} withBorder component="section" aria-label={problemLabel}>
            <Group justify="space-between" mb={4}>
              <Title order={3} size="h4">
                {problemLabel}
              </Title>
              <Group gap={4}>
                <Menu position="bottom-end">
                  <Menu.Target>
                    <Button size="compact-xs" variant="subtle" disabled={problem.statement.trim() === ''}>
                      {st('plans.PlanTreeEditor.saveToTheLibrary')}
                    </Button>
                  </Menu.Target>
                  <Menu.Dropdown aria-label={st('plans.PlanTreeEditor.topicForInTheLibrary', { item: problemLabel.toLowerCase() })}>
                    <Menu.Label>{st('plans.PlanTreeEditor.underTheTopic')}</Menu.Label>
                    {Object.entries(PLAN_TOPICS).map(([topic, label]) => (
                      <Menu.Item key={topic} onClick={() => void onSaveToLibrary(problem, topic as PlanTopic)}>
                        {sharedText(label)}
                      </Menu.Item>
                    ))}
                  </Menu.Dropdown>
                </Menu>
                <Button size="compact-xs" variant="subtle" color="red" onClick={() => tree(removeAt(problems, p))}>{st('plans.PlanTreeEditor.remove', { item: problemLabel.toLowerCase() })}</Button>
              </Group>
            </Group>
            <Textarea label={st('plans.PlanTreeEditor.statement', { problemLabel })} description={st('plans.PlanTreeEditor.theProblemInTheClient')} autosize minRows={1} value={problem.statement} onChange={(e) => setProblem({ ...problem, statement: e.currentTarget.value })} />
            <Stack gap="sm" mt="sm" pl="md" style={{ borderLeft: '3px solid var(--mantine-color-teal-2)' }}>
              {problem.goals.map((goal, g) => {
                const goalNumber = goalsBefore[p]! + g + 1;
                const goalLabel = st('plans.PlanTreeEditor.goal', { goalNumber });
                const setGoal = (next: GoalInput, added = false) => setProblem({ ...problem, goals: replaceAt(problem.goals, g, next) }, added);
                const objectivesPrefix = goalNumber;
                return (
                  <Stack key={goal.id ?? `new-${g}`} gap={6} component="section" aria-label={goalLabel}>
                    <Group justify="space-between">
                      <Text fw={600}>{goalLabel}</Text>
                      <Button size="compact-xs" variant="subtle" color="red" onClick={() => setProblem({ ...problem, goals: removeAt(problem.goals, g) })}>{st('plans.PlanTreeEditor.remove', { item: goalLabel.toLowerCase() })}</Button>
                    </Group>
                    <Textarea label={st('plans.PlanTreeEditor.statement2', { goalLabel })} autosize minRows={1} value={goal.statement} onChange={(e) => setGoal({ ...goal, statement: e.currentTarget.value })} />
                    <Group grow align="flex-start">
                      <TextInput label={st('plans.PlanTreeEditor.measuredBy', { goalLabel })} placeholder={st('plans.PlanTreeEditor.eGPhq9Below')} value={goal.measuredBy} onChange={(e) => setGoal({ ...goal, measuredBy: e.currentTarget.value })} />
                      <TextInput label={st('plans.PlanTreeEditor.targetDate', { goalLabel })} type="date" value={goal.targetDate} onChange={(e) => setGoal({ ...goal, targetDate: e.currentTarget.value })} />
                    </Group>
                    <Stack gap={6} pl="md" style={{ borderLeft: '3px solid var(--mantine-color-gray-3)' }}>
                      {goal.objectives.map((objective, o) => {
                        const objectiveLabel = st('plans.PlanTreeEditor.objective', { objectivesPrefix, number: o + 1 });
                        const setObjective = (next: ObjectiveInput, added = false) => setGoal({ ...goal, objectives: replaceAt(goal.objectives, o, next) }, added);
                        return (
                          <Stack key={objective.id ?? `new-${o}`} gap={6} component="section" aria-label={objectiveLabel}>
                            <Group justify="space-between">
                              <Text fw={600} size="sm">
                                {objectiveLabel}
                              </Text>
                              <Button size="compact-xs" variant="subtle" color="red" onClick={() => setGoal({ ...goal, objectives: removeAt(goal.objectives, o) })}>{st('plans.PlanTreeEditor.remove', { item: objectiveLabel.toLowerCase() })}</Button>
                            </Group>
                            <Textarea label={st('plans.PlanTreeEditor.statement3', { objectiveLabel })} description={st('plans.PlanTreeEditor.measurableAndTimeFramedWhat')} autosize minRows={1} value={objective.statement} onChange={(e) => setObjective({ ...objective, statement: e.currentTarget.value })} />
                            <Group grow align="flex-start">
                              <TextInput label={st('plans.PlanTreeEditor.targetDate2', { objectiveLabel })} type="date" value={objective.targetDate} onChange={(e) => setObjective({ ...objective, targetDate: e.currentTarget.value })} />
                              <NativeSelect
                                label={st('plans.PlanTreeEditor.status', { objectiveLabel })}
                                data={labelOptions(OBJECTIVE_STATUSES)}
                                value={objective.status}
                                onChange={(e) => setObjective({ ...objective, status: e.currentTarget.value as ObjectiveStatus })}
                              />
                            </Group>
                            {objective.interventions.map((intervention, i) => {
                              const label = st('plans.PlanTreeEditor.intervention', { objectivesPrefix, objective: o + 1, number: i + 1 });
                              const set = (next: Partial<InterventionInput>) => setObjective({ ...objective, interventions: replaceAt(objective.interventions, i, { ...intervention, ...next }) });
                              return (
                                <Card key={intervention.id ?? `new-${i}`} withBorder padding="xs" component="section" aria-label={label}>
                                  <Group justify="space-between" mb={4}>
                                    <Text size="sm" fw={600}>
                                      {label}
                                    </Text>
                                    <ActionIcon variant="subtle" color="red" aria-label={st('plans.PlanTreeEditor.remove2', { item: label.toLowerCase() })} onClick={() => setObjective({ ...objective, interventions: removeAt(objective.interventions, i) })}>
                                      <IconTrash size={14} />
                                    </ActionIcon>
                                  </Group>
                                  <Group grow align="flex-start" gap="xs">
                                    <NativeSelect label={st('plans.PlanTreeEditor.type', { label })} data={labelOptions(INTERVENTION_TYPES)} value={intervention.type} onChange={(e) => set({ type: e.currentTarget.value as InterventionType })} />
                                    <TextInput label={st('plans.PlanTreeEditor.description', { label })} value={intervention.description} onChange={(e) => set({ description: e.currentTarget.value })} />
                                  </Group>
                                  <Group grow align="flex-start" gap="xs" mt={4}>
                                    <NumberInput label={st('plans.PlanTreeEditor.minutesPerSession', { label })} min={5} max={600} allowDecimal={false} value={intervention.sessionMinutes ?? ''} onChange={(v) => set({ sessionMinutes: num(v) })} />
                                    <NumberInput
                                      label={st('plans.PlanTreeEditor.sessions', { label })}
                                      min={1}
                                      max={31}
                                      allowDecimal={false}
                                      value={intervention.frequency?.times ?? ''}
                                      onChange={(v) => set({ frequency: num(v) === null ? null : { times: num(v)!, per: intervention.frequency?.per ?? 'week' } })}
                                    />
                                    <NativeSelect
                                      label={st('plans.PlanTreeEditor.per', { label })}
                                      data={labelOptions(FREQUENCY_PERIODS)}
                                      value={intervention.frequency?.per ?? 'week'}
                                      onChange={(e) => set({ frequency: { times: intervention.frequency?.times ?? 1, per: e.currentTarget.value as FrequencyPeriod } })}
                                    />
                                    <NumberInput label={st('plans.PlanTreeEditor.forWeeks', { label })} min={1} max={104} allowDecimal={false} value={intervention.durationWeeks ?? ''} onChange={(v) => set({ durationWeeks: num(v) })} />
                                  </Group>
                                  <MultiSelect mt={4} label={st('plans.PlanTreeEditor.responsibleStaff', { label })} data={staff} value={intervention.staffIds} onChange={(staffIds) => set({ staffIds })} />
                                </Card>
                              );
                            })}
                            <Button size="compact-xs" variant="light" w="fit-content" onClick={() => addTo(setObjective, { ...objective, interventions: [...objective.interventions, NEW_INTERVENTION] })}>{st('plans.PlanTreeEditor.addAnInterventionTo', { item: objectiveLabel.toLowerCase() })}</Button>
                          </Stack>
                        );
                      })}
                      <Button size="compact-xs" variant="light" w="fit-content" onClick={() => addTo(setGoal, { ...goal, objectives: [...goal.objectives, NEW_OBJECTIVE] })}>{st('plans.PlanTreeEditor.addAnObjectiveTo', { item: goalLabel.toLowerCase() })}</Button>
                    </Stack>
                  </Stack>
                );
              })}
              <Button size="compact-xs" variant="light" w="fit-content" onClick={() => addTo(setProblem, { ...problem, goals: [...problem.goals, NEW_GOAL] })}>{st('plans.PlanTreeEditor.addAGoalTo', { item: problemLabel.toLowerCase() })}</Button>
            </Stack>
          </Card>
        );
      })}
      <Group gap="sm">
        <Button variant="light" w="fit-content" onClick={() => onAdd([...problems, NEW_PROBLEM])}>
          {st('plans.PlanTreeEditor.addAProblem')}
        </Button>
        <Button variant="default" w="fit-content" onClick={() => setPicking(true)}>
          {st('plans.PlanTreeEditor.addFromTheLibrary')}
        </Button>
      </Group>
      {picking && <LibraryPicker onClose={() => setPicking(false)} onPick={async (problem) => onAdd([...problems, problem])} />}
    </Stack>
  );
}
