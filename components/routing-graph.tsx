'use client';

import '@xyflow/react/dist/style.css';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { SendRun } from '@/lib/dashboard/dashboard-types';
import type { PaneRuntime } from '@/lib/panes/pane-runtime';
import type { TopologyState } from '@/lib/management/topology-store';
import { toPaneLike } from '@/lib/routing/queue-model';
import type { Prediction } from '@/lib/routing/predict';
import { buildRoutingGraph } from '@/lib/routing/graph-model';
import { keepUnchanged } from '@/lib/routing/graph-memo';
import type { GraphPane, GraphRun } from '@/lib/routing/graph-types';
import { runStillArriving } from '@/lib/dashboard/send-run-arrival';
import { LAYOUT_GAP } from '@/lib/routing/graph-layout';
import { readableGraphHeight } from '@/lib/routing/graph-size';
import { GraphCanvas, type Focused } from '@/components/graph-canvas';
import { nodeHeight } from '@/components/graph-node-card';
import { GraphDetails } from '@/components/graph-details';
import { RoutesTable } from '@/components/routes-table';
import { VisibleText } from '@/components/ui/visible-text';

/**
 * Counts change per message; the graph follows on a timer, a few times a second at most, and a
 * redraw that finds the same picture (a flood that is not the dashboard's own sends) draws nothing.
 */
const REDRAW_MS = 250;

export interface RoutingGraphProps {
  runs: readonly SendRun[];
  panes: readonly PaneRuntime[];
  topology: TopologyState;
  /** Predicts a SEND with the panes and broker facts as they are now. */
  predict: (destination: string) => Prediction;
  /** The send to overlay (picked in the Delivery matrix); the latest when null. */
  selectedRunId: string | null;
  onSelectRun: (runId: string | null) => void;
  onShowPane: (paneKey: string) => void;
  onUseExchange: (exchange: string) => void;
}

/**
 * The Graph tab: sender → exchanges → queues → panes with what the panes actually counted on the
 * edges, the selected send's prediction over it, details of what is hovered or focused in a side
 * card, and the same facts as the `Routes` table.
 */
export function RoutingGraph({
  runs,
  panes,
  topology,
  predict,
  selectedRunId,
  onSelectRun,
  onShowPane,
  onUseExchange,
}: RoutingGraphProps) {
  // The clock of the last redraw: counts live in the panes' tallies, so time drives the redraws.
  const [now, setNow] = useState(Date.now);
  const [focused, setFocused] = useState<Focused | null>(null);
  const [keep] = useState(() => keepUnchanged<ReturnType<typeof buildRoutingGraph>>());
  // The page hands new functions on each of its renders: the canvas gets stable ones, so it is
  // drawn again only when the graph changes.
  const latest = useRef({ onShowPane, onUseExchange });
  useEffect(() => {
    latest.current = { onShowPane, onUseExchange };
  });
  const showPane = useCallback((key: string) => latest.current.onShowPane(key), []);
  const toExchange = useCallback((name: string) => latest.current.onUseExchange(name), []);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), REDRAW_MS);
    return () => clearInterval(timer);
  }, []);

  const graph = useMemo(() => {
    const graphPanes: GraphPane[] = panes.map((pane) => ({
      ...toPaneLike(pane.config),
      received: (runId) => pane.deliveries.get(runId).received,
    }));
    const graphRuns: GraphRun[] = runs.map((run) => ({
      runId: run.runId,
      destination: run.destination,
      sent: run.sender.progress.sent,
      prediction: run.prediction,
      subscribedPaneKeys: run.subscribedPaneKeys,
      stillArriving: runStillArriving(run, now),
    }));
    const broker =
      topology.status === 'ok' ? { lists: topology.lists, topology: topology.topology } : null;
    return keep(
      buildRoutingGraph({
        panes: graphPanes,
        runs: graphRuns,
        selectedRunId,
        predict,
        broker,
      }),
    );
  }, [keep, panes, runs, topology, selectedRunId, predict, now]);

  const readableHeight = readableGraphHeight(
    graph.nodes.map((node) => ({ kind: node.kind, height: nodeHeight(node) })),
    LAYOUT_GAP,
  );
  if (graph.nodes.length === 0) {
    return (
      <p className="text-sm text-zinc-500">
        Subscribe or send something: the graph draws the routes from the dashboard to its panes.
      </p>
    );
  }
  return (
    <div className="flex h-full flex-col gap-2">
      <div className="flex shrink-0 flex-wrap items-center gap-x-3 gap-y-1 text-xs">
        {runs.length > 0 ? (
          <label className="flex items-center gap-1">
            Send shown
            <select
              className="max-w-72 rounded border border-zinc-300 bg-white px-1 py-0.5 dark:border-zinc-700 dark:bg-zinc-900"
              value={selectedRunId ?? ''}
              onChange={(event) =>
                onSelectRun(event.target.value === '' ? null : event.target.value)
              }
            >
              <option value="">latest</option>
              {runs.map((run) => (
                <option key={run.runId} value={run.runId}>
                  {run.sender.progress.sent} → {run.destination}
                </option>
              ))}
            </select>
          </label>
        ) : null}
        <Legend />
        {graph.selected ? (
          <p className="basis-full text-zinc-700 dark:text-zinc-300">
            <VisibleText text={graph.selected.summary} />
          </p>
        ) : null}
      </div>
      {/* As tall as its tallest column needs to stay readable; the panel scrolls beyond. */}
      <div className="flex flex-1 gap-2" style={{ minHeight: readableHeight }}>
        <figure
          aria-label="Routing graph"
          className="relative min-w-0 flex-1 rounded border border-zinc-200 dark:border-zinc-800"
        >
          <GraphCanvas
            graph={graph}
            onFocus={setFocused}
            onShowPane={showPane}
            onUseExchange={toExchange}
          />
        </figure>
        <GraphDetails graph={graph} focused={focused} />
      </div>
      <RoutesTable routes={graph.routes} />
    </div>
  );
}

function Legend() {
  const swatch = (className: string) => (
    <span aria-hidden className={`inline-block h-0.5 w-5 align-middle ${className}`} />
  );
  return (
    <p className="flex flex-wrap gap-x-3 text-zinc-600 dark:text-zinc-400">
      <span>{swatch('h-1 bg-emerald-600')} expected and carried</span>
      <span>{swatch('border-t-2 border-dashed border-red-600')} expected, missing</span>
      <span>{swatch('h-1 bg-red-600')} not predicted</span>
      <span>{swatch('h-1 bg-slate-500')} earlier sends</span>
      <span>thicker = more messages</span>
    </p>
  );
}
