import { Alert, Group, Paper, Radio, SimpleGrid, Stack, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { Locale } from '../../../../shared/format';
import { responseProblems, scoreResponse, skippedItemIds, type MeasureAnswers, type MeasureDefinition } from '../../../../shared/measures';
import { st } from '../../i18n/staff';

interface ItemsProps {
  def: MeasureDefinition;
  answers: MeasureAnswers;
  onChange: (answers: MeasureAnswers) => void;
  /** After a submit with questions unanswered: mark each of them. */
  showErrors: boolean;
  size?: 'sm' | 'md' | 'lg';
  /** Large cards, each option a touch target at least 64 px high, for the client's kiosk. */
  touch?: boolean;
  /** The language of the words around the items (the items are already in the instrument's language). */
  locale?: Locale;
}

/**
 * The instrument's items, each a radio group of its options (arrow keys move within an item, Tab
 * to the next). Items a skip rule leaves out are shown disabled and their answers dropped, so a
 * hidden answer never counts.
 */
export function MeasureItems({ def, answers, onChange, showErrors, size = 'sm', touch = false, locale }: ItemsProps) {
  const { t } = useTranslation(undefined, { lng: locale });
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
            description={isSkipped ? t('measures.skipped') : item.required ? undefined : t('measures.optional')}
            withAsterisk={item.required && !isSkipped}
            error={missing ? t('measures.answerThis') : undefined}
            value={answers[item.id] === undefined ? '' : String(answers[item.id])}
            onChange={(value) => answer(item.id, Number(value))}
            disabled={isSkipped}
          >
            {/* Columns, as on the paper forms: every item's options line up under each other. */}
            <SimpleGrid cols={touch ? { base: 1, sm: Math.min(item.options.length, 4) } : item.options.length} spacing="xs" mt={6}>
              {item.options.map((option, index) =>
                touch ? (
                  // Radio cards are buttons: only the chosen one (or the first) is in the tab order, as with native radios.
                  <Radio.Card
                    key={option.value}
                    value={String(option.value)}
                    disabled={isSkipped}
                    tabIndex={answers[item.id] === option.value || (answers[item.id] === undefined && index === 0) ? 0 : -1}
                    p="md"
                    mih={64}
                    radius="md"
                  >
                    <Group wrap="nowrap" gap="sm">
                      <Radio.Indicator size="md" />
                      <Text size="lg">{option.label}</Text>
                    </Group>
                  </Radio.Card>
                ) : (
                  <Radio key={option.value} value={String(option.value)} label={option.label} disabled={isSkipped} />
                ),
              )}
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
    <Paper withBorder p="xs" pos="sticky" bottom={0} bg="var(--mantine-color-body)" style={{ zIndex: 1 }} role="status" aria-label={st('measures.MeasureItems.score')}>
      {score ? (
        <Stack gap={4}>
          <Text fw={600}>{st('measures.MeasureItems.totalOf', { total: score.total, max: def.total.max, label: score.band.label })}</Text>
          {score.alerts.map((alert) => (
            <Alert key={alert.id} color="red" variant="light" icon={<IconAlertTriangle aria-hidden />} title={st('measures.MeasureItems.alert', { title: alert.title })} p="xs">
              {alert.action}
            </Alert>
          ))}
        </Stack>
      ) : (
        <Text size="sm">
          {unanswered === 1 ? st('measures.MeasureItems.oneStillToAnswer') : st('measures.MeasureItems.stillToAnswer', { unanswered })}
        </Text>
      )}
    </Paper>
  );
}
