import type { PaneRuntime } from '@/lib/panes/pane-runtime';
import { ok, type Result } from '@/lib/util/result';
import { PaneChart } from './pane-chart';

const charts = new WeakMap<PaneRuntime, PaneChart>();

/**
 * The pane's field chart, made on first use with the fields its config names (a restored
 * workspace). Kept beside the pane rather than in it so the chart's code loads with the pane UI,
 * not with the page; it lives as long as the pane, mounted or not, and stops with its store.
 */
export function chartOf(pane: PaneRuntime): PaneChart {
  let chart = charts.get(pane);
  if (!chart) {
    chart = new PaneChart(pane.store);
    for (const path of pane.config.charts ?? []) chart.add(path);
    charts.set(pane, chart);
  }
  return chart;
}

/** Charts a field in the pane (see {@link PaneChart.add}) and saves it in the pane's config. */
export function chartField(pane: PaneRuntime, path: string): Result<void> {
  const chart = chartOf(pane);
  const added = chart.add(path);
  if (!added.ok) return added;
  pane.setChartPaths(chart.paths);
  return ok(undefined);
}

/** Stops charting a field, and forgets it in the pane's config. */
export function unchartField(pane: PaneRuntime, path: string): void {
  const chart = chartOf(pane);
  if (chart.remove(path)) pane.setChartPaths(chart.paths);
}
