import { Alert, Paper, Radio, SimpleGrid, Stack, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { responseProblems, scoreResponse, skippedItemIds, type MeasureAnswers, type MeasureDefinition } from '../../../../shared/measures';

interface ItemsProps {
  def: MeasureDefinition;
  answers: MeasureAnswers;
  onChange: (answers: MeasureAnswers) => void;
  /** After a submit with questions unanswered: mark each of them. */
  showErrors: boolean;
  size?: 'sm' | 'md' | 'lg';
}

/**
 * The instrument's items, each a radio group of its options (arrow keys move within an item, Tab
 * to the next). Items a skip rule leaves out are shown disabled and their answers dropped, so a
 * hidden answer never counts.
 */
export function MeasureItems({ def, answers, onChange, showErrors, size = 'sm' }: ItemsProps) {
  const skipped = skippedItemIds(def, answers);
  const answer = (itemId: string, value: number) => {
    const next: Record<string, number> = { ...answers, [itemId]: value };
    for (const id of skippedItemIds(def, next)) delete next[id];
    onChange(next);
  };
  return (
    <Stack gap={size === 'sm' ? 'sm' : 'lg'}>
      {def.items.map((item) => {
        const isSkipped = skipped.has(item.id);
        const missing = showErrors && item.required && !isSkipped && answers[item.id] === undefined;
        return (
          <Radio.Group
            key={`${def.id}-${item.id}`}
            size={size}
            label={`${item.number}. ${item.text}`}
            description={isSkipped ? 'Not asked: skipped because of an earlier answer' : item.required ? undefined : 'Optional'}
            withAsterisk={item.required && !isSkipped}
            error={missing ? 'Answer this question' : undefined}
            value={answers[item.id] === undefined ? '' : String(answers[item.id])}
            onChange={(value) => answer(item.id, Number(value))}
            disabled={isSkipped}
          >
            {/* Columns, as on the paper forms: every item's options line up under each other. */}
            <SimpleGrid cols={item.options.length} spacing="xs" mt={6}>
              {item.options.map((option) => (
                <Radio key={option.value} value={String(option.value)} label={option.label} disabled={isSkipped} />
              ))}
            </SimpleGrid>
          </Radio.Group>
        );
      })}
    </Stack>
  );
}

/** The clinician's live reading of the form: answered so far, then the total, band and any alert. */
export function LiveScore({ def, answers }: { def: MeasureDefinition; answers: MeasureAnswers }) {
  const unanswered = responseProblems(def, answers).length;
  const score = unanswered === 0 ? scoreResponse(def, answers) : null;
  return (
    <Paper withBorder p="xs" pos="sticky" bottom={0} bg="var(--mantine-color-body)" style={{ zIndex: 1 }} role="status" aria-label="Score">
      {score ? (
        <Stack gap={4}>
          <Text fw={600}>
            Total {score.total} of {def.total.max} · {score.band.label}
          </Text>
          {score.alerts.map((alert) => (
            <Alert key={alert.id} color="red" variant="light" icon={<IconAlertTriangle aria-hidden />} title={`Alert: ${alert.title}`} p="xs">
              {alert.action}
            </Alert>
          ))}
        </Stack>
      ) : (
        <Text size="sm">
          {unanswered} {unanswered === 1 ? 'question' : 'questions'} still to answer: the total and severity show when every question is answered.
        </Text>
      )}
    </Paper>
  );
}
