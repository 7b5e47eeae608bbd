'use client';

import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { PaneChart } from '@/lib/charts/pane-chart';
import { SERIES_COLOURS } from '@/components/field-chart-colours';

const HEIGHT = 120;

/**
 * The chart itself, drawn by uPlot on a canvas. It follows the pane's chart outside React: each
 * change asks for one redraw on the next animation frame, so a flood costs one `setData` a frame
 * at most, and the pane does not re-render for it. A new set of fields makes a new plot.
 * The canvas is hidden from assistive technology: the figure's caption says the same in text.
 */
export function FieldChartCanvas({ chart }: { chart: PaneChart }) {
  const host = useRef<HTMLDivElement>(null);
  const paths = chart.paths.join('\n');

  useEffect(() => {
    const element = host.current;
    if (!element) return;
    const names = paths.split('\n');
    const dark = window.matchMedia?.('(prefers-color-scheme: dark)').matches ?? false;
    const axis = {
      stroke: dark ? '#a1a1aa' : '#52525b',
      grid: { stroke: dark ? '#27272a' : '#e4e4e7', width: 1 },
      ticks: { stroke: dark ? '#3f3f46' : '#d4d4d8', width: 1 },
      font: '10px system-ui, sans-serif',
    };
    const plot = new uPlot(
      {
        width: Math.max(100, element.clientWidth),
        height: HEIGHT,
        legend: { show: false },
        cursor: { drag: { x: false, y: false } },
        scales: { x: { time: true } },
        axes: [axis, { ...axis, size: 44 }],
        series: [
          {},
          ...names.map((label, i) => ({
            label,
            stroke: SERIES_COLOURS[i],
            width: 1.5,
            spanGaps: true,
            points: { show: false },
          })),
        ],
      },
      toAligned(chart),
      element,
    );

    let frame: number | null = null;
    const redraw = () => {
      frame = null;
      plot.setData(toAligned(chart));
    };
    const stop = chart.subscribe(() => {
      frame ??= requestAnimationFrame(redraw);
    });
    const resize = new ResizeObserver(([entry]) => {
      const width = Math.round(entry?.contentRect.width ?? 0);
      if (width > 0 && width !== plot.width) plot.setSize({ width, height: HEIGHT });
    });
    resize.observe(element);
    return () => {
      stop();
      resize.disconnect();
      if (frame !== null) cancelAnimationFrame(frame);
      plot.destroy();
    };
  }, [chart, paths]);

  return <div ref={host} aria-hidden className="h-[120px] w-full min-w-0 overflow-hidden" />;
}

function toAligned(chart: PaneChart): uPlot.AlignedData {
  const { times, values } = chart.columns();
  return [times, ...values];
}
