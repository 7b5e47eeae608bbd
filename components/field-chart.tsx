'use client';

import { memo } from 'react';
import type { PaneChart, SeriesSummary } from '@/lib/charts/pane-chart';
import { usePaneChart } from '@/hooks/use-pane-chart';
import { Button } from '@/components/ui/button';
import { deferred } from '@/components/deferred';
import { SERIES_COLOURS } from '@/components/field-chart-colours';

export interface FieldChartProps {
  chart: PaneChart;
  onRemove: (path: string) => void;
}

/** Same height as the canvas, so nothing moves when uPlot arrives. */
function CanvasPlaceholder() {
  return <div className="h-[120px]" aria-hidden />;
}

// uPlot stays out of the first load: it is fetched when a pane first charts a field.
const FieldChartCanvas = deferred(
  () => import('@/components/field-chart-canvas').then((m) => m.FieldChartCanvas),
  CanvasPlaceholder,
);

/**
 * A pane's chart of numeric fields over receive time: the canvas (uPlot, loaded on demand) and,
 * as text, each series' last, min and max, which is also the figure's accessible summary.
 * Renders nothing while no field is charted.
 */
export const FieldChart = memo(function FieldChart({ chart, onRemove }: FieldChartProps) {
  const { series } = usePaneChart(chart);
  if (series.length === 0) return null;
  return (
    <figure
      aria-label="Field chart"
      className="shrink-0 rounded-md border border-zinc-200 p-1 dark:border-zinc-800"
    >
      <FieldChartCanvas chart={chart} />
      <figcaption className="flex flex-wrap gap-x-3 gap-y-0.5 text-[11px] leading-tight text-zinc-700 tabular-nums dark:text-zinc-300">
        {series.map((summary, i) => (
          <span key={summary.path} className="flex items-center gap-1">
            <span
              aria-hidden
              className="inline-block size-2 rounded-full"
              style={{ background: SERIES_COLOURS[i] }}
            />
            <span>{describeSeries(summary)}</span>
            <Button
              variant="ghost"
              size="xs"
              aria-label={`Remove chart ${summary.path}`}
              title={`Stop charting ${summary.path}`}
              onClick={() => onRemove(summary.path)}
            >
              ✕
            </Button>
          </span>
        ))}
      </figcaption>
    </figure>
  );
});

const number = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 6 });

/** `body.i: last 100, min 1, max 100 (100 points)`, or that no value arrived yet. */
export function describeSeries({ path, points, last, min, max }: SeriesSummary): string {
  if (points === 0 || last === null || min === null || max === null)
    return `${path}: no values yet`;
  return `${path}: last ${number(last)}, min ${number(min)}, max ${number(max)} (${number(points)} ${points === 1 ? 'point' : 'points'})`;
}
