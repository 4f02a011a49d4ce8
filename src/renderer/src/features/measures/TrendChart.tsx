import { lazy, Suspense, useId } from 'react';
import { Skeleton, Table, Text, VisuallyHidden } from '@mantine/core';
import { trend, type Administration, type MeasureDefinition } from '../../../../shared/measures';
import { st } from '../../i18n/staff';

const TrendLines = lazy(async () => ({ default: (await import('./TrendLines')).TrendLines }));
/** The placeholder shown while the chart's code loads has the chart's height, so nothing below moves. */
const CHART_HEIGHT = 300;

/**
 * One instrument's totals over time on its whole range, with every severity band shaded and
 * labelled and a line at each band's threshold. A table of the same points is there for screen
 * readers, and a sentence sums up the change for everyone.
 */
export function TrendChart({ def, administrations }: { def: MeasureDefinition; administrations: readonly Administration[] }) {
  const captionId = useId();
  const t = trend(def, administrations);
  const first = t.points[0];
  const last = t.points.at(-1);
  if (!first || !last) return null;
  const change = last.total - first.total;
  // About 7 px a character at 12 px, capped so the longest (the PCL-5's) wraps no data away.
  const labelWidth = Math.min(240, 16 + 7 * Math.max(...t.bands.map((b) => b.label.length)));
  const points = { total: last.total, band: last.bandLabel, date: last.date, firstTotal: first.total, firstBand: first.bandLabel, firstDate: first.date, change: Math.abs(change) };
  const summary =
    t.points.length === 1
      ? st('measures.TrendChart.oneSoFar', { instrument: def.shortName, total: last.total, band: last.bandLabel, date: last.date })
      : st(change === 0 ? 'measures.TrendChart.latestSame' : change < 0 ? 'measures.TrendChart.latestLower' : 'measures.TrendChart.latestHigher', points);
  return (
    <figure aria-labelledby={captionId} style={{ margin: 0 }}>
      <Suspense fallback={<Skeleton h={CHART_HEIGHT} animate={false} aria-hidden />}>
        <TrendLines trend={t} labelWidth={labelWidth} height={CHART_HEIGHT} />
      </Suspense>
      <Text component="figcaption" id={captionId} size="sm" mt="xs">{st('measures.TrendChart.overTime', { title: t.title, summary })}</Text>
      <VisuallyHidden>
        <Table aria-label={st('measures.TrendChart.byDate', { title: t.title })}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{st('measures.TrendChart.date')}</Table.Th>
              <Table.Th scope="col">{st('measures.TrendChart.total')}</Table.Th>
              <Table.Th scope="col">{st('measures.TrendChart.severity')}</Table.Th>
              <Table.Th scope="col">{st('measures.TrendChart.alert')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {t.points.map((p, i) => (
              <Table.Tr key={`${p.label}-${i}`}>
                <Table.Td>{p.label}</Table.Td>
                <Table.Td>{p.total}</Table.Td>
                <Table.Td>{p.bandLabel}</Table.Td>
                <Table.Td>{p.alert ? st('measures.TrendChart.yes') : st('measures.TrendChart.no')}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </VisuallyHidden>
    </figure>
  );
}
