import '@mantine/charts/styles.css';
import { LineChart } from '@mantine/charts';
import type { Trend } from '../../../../shared/measures';
import { st } from '../../i18n/staff';

/** Band shading from the least to the most severe; the band names are written on the chart, so colour is never the only cue. */
const SHADES = ['teal', 'lime', 'yellow', 'orange', 'red'] as const;

function shade(index: number, count: number): string {
  // Two bands (PCL-5): the least and the most severe shades.
  return SHADES[Math.round((index * (SHADES.length - 1)) / Math.max(count - 1, 1))]!;
}

/** The drawn chart (recharts, through @mantine/charts): its own chunk, loaded only where a trend is shown. */
export function TrendLines({ trend: t, labelWidth, height }: { trend: Trend; labelWidth: number; height: number }) {
  return (
    <LineChart
      h={height}
      data={t.points.map((p) => ({ label: p.label, total: p.total }))}
      dataKey="label"
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
      referenceDots={t.points.filter((p) => p.alert).map((p) => ({ x: p.label, y: p.total, r: 9, color: 'red.7', fillOpacity: 0, stroke: 'var(--mantine-color-red-7)', strokeWidth: 2, label: { value: st('measures.TrendLines.alert'), fontSize: 12, fontWeight: 600, offset: 8 }, labelPosition: 'bottom' }))}
      // The table below carries the data for assistive technology; the chart is for the eye.
      accessibilityLayer={false}
      aria-hidden
    />
  );
}
