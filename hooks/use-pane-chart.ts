'use client';

import { useSyncExternalStore } from 'react';
import type { ChartSnapshot, PaneChart } from '@/lib/charts/pane-chart';

/** The chart's summary (series, last/min/max); changes at most once per published batch. */
export function usePaneChart(chart: PaneChart): ChartSnapshot {
  return useSyncExternalStore(chart.subscribe, chart.getSnapshot, chart.getSnapshot);
}
