import { useId } from 'react';
import { LineChart } from '@mantine/charts';
import { Table, Text, VisuallyHidden } from '@mantine/core';
import { trend, type Administration, type MeasureDefinition } from '../../../../shared/measures';

/** Band shading from the least to the most severe; the band names are written on the chart, so colour is never the only cue. */
const SHADES = ['teal', 'lime', 'yellow', 'orange', 'red'] as const;

function shade(index: number, count: number): string {
  // Two bands (PCL-5): the least and the most severe shades.
  return SHADES[Math.round((index * (SHADES.length - 1)) / Math.max(count - 1, 1))]!;
}

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
  const summary =
    t.points.length === 1
      ? `One ${def.shortName} so far: ${last.total} (${last.bandLabel}) on ${last.date}.`
      : `Latest ${last.total} (${last.bandLabel}) on ${last.date}; ${change === 0 ? 'the same as' : `${Math.abs(change)} ${change < 0 ? 'lower than' : 'higher than'}`} the first, ${first.total} (${first.bandLabel}) on ${first.date}. Lower is better.`;
  return (
    <figure aria-labelledby={captionId} style={{ margin: 0 }}>
      <LineChart
        h={300}
        data={t.points.map((p) => ({ date: p.date, total: p.total }))}
        dataKey="date"
        series={[{ name: 'total', label: t.title, color: 'indigo.8' }]}
        curveType="linear"
        // Each total written above its point, large enough to read without hovering.
        lineProps={{ label: { position: 'top', offset: 10, fontSize: 13, fontWeight: 600, fill: 'var(--mantine-color-text)' } }}
        strokeWidth={2.5}
        dotProps={{ r: 5 }}
        // The band names sit in the right margin, level with their shading and clear of the data.
        lineChartProps={{ margin: { top: 18, right: labelWidth, bottom: 0, left: 0 } }}
        yAxisProps={{ domain: [t.min, t.max], ticks: [t.min, ...t.thresholds, t.max], width: 36 }}
        referenceAreas={t.bands.map((band, i) => ({
          y1: band.from,
          // Areas meet at the next band's threshold, so the shading has no gaps between whole numbers.
          y2: t.bands[i + 1]?.from ?? t.max,
          color: shade(i, t.bands.length),
          fillOpacity: 0.14,
          strokeOpacity: 0,
          label: { value: band.label, fill: 'var(--mantine-color-text)', fontSize: 12 },
          labelPosition: 'right',
        }))}
        referenceLines={t.thresholds.map((threshold) => ({ y: threshold, color: 'gray.6', strokeDasharray: '4 4' }))}
        referenceDots={t.points.filter((p) => p.alert).map((p) => ({ x: p.date, y: p.total, r: 9, color: 'red.7', fillOpacity: 0, stroke: 'var(--mantine-color-red-7)', strokeWidth: 2, label: { value: 'Alert', fontSize: 12, fontWeight: 600, offset: 8 }, labelPosition: 'bottom' }))}
        // The table below carries the data for assistive technology; the chart is for the eye.
        accessibilityLayer={false}
        aria-hidden
      />
      <Text component="figcaption" id={captionId} size="sm" mt="xs">
        {t.title} over time. {summary}
      </Text>
      <VisuallyHidden>
        <Table aria-label={`${t.title} by date`}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Date</Table.Th>
              <Table.Th scope="col">Total</Table.Th>
              <Table.Th scope="col">Severity</Table.Th>
              <Table.Th scope="col">Alert</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {t.points.map((p, i) => (
              <Table.Tr key={`${p.date}-${i}`}>
                <Table.Td>{p.date}</Table.Td>
                <Table.Td>{p.total}</Table.Td>
                <Table.Td>{p.bandLabel}</Table.Td>
                <Table.Td>{p.alert ? 'Yes' : 'No'}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </VisuallyHidden>
    </figure>
  );
}
