'use client';

import { useEffect, useState } from 'react';
import type { SendRun } from '@/lib/dashboard/dashboard-types';
import type { PaneRuntime } from '@/lib/panes/pane-runtime';
import { deferred } from '@/components/deferred';

const RUNS_SHOWN = 6;

// The matrix has nothing to show before the first send: it is not part of the first load.
const DeliveryMatrix = deferred(
  () => import('@/components/delivery-matrix').then((module) => module.DeliveryMatrix),
  function DeliveryMatrixPlaceholder() {
    return <p className="text-xs text-zinc-600 dark:text-zinc-400">Loading the delivery matrix…</p>;
  },
);

interface Props {
  runs: readonly SendRun[];
  panes: readonly PaneRuntime[];
  /** What the demo is doing or did, if it ran. */
  note: string | null;
  /** Overlays a send on the routing graph. */
  onShowInGraph?: (runId: string) => void;
}

/**
 * The matrix of recent sends against panes: who got how many of each run, against what the
 * routing model predicted (a copy each, a share of a round-robin, or nothing), with the
 * difference in plain words. Counts change per message, so it redraws on a timer, not per message.
 */
export function DeliveryView({ runs, panes, note, onShowInGraph }: Props) {
  const [, setTick] = useState(0);
  useEffect(() => DeliveryMatrix.preload(), []);
  useEffect(() => {
    if (runs.length === 0) return;
    const timer = setInterval(() => setTick((n) => n + 1), 250);
    return () => clearInterval(timer);
  }, [runs.length]);

  const shown = runs.slice(0, RUNS_SHOWN);

  return (
    <section aria-label="Delivery" className="flex flex-col gap-2">
      <div className="flex flex-wrap items-baseline gap-x-3 gap-y-1">
        <h2 className="text-sm font-semibold">Delivery: who got which message</h2>
        {note ? <p className="text-xs text-zinc-700 dark:text-zinc-300">{note}</p> : null}
      </div>
      {shown.length === 0 ? (
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          Send something (or run the demo): every message the dashboard sends is tagged, and this
          matrix shows which panes received it against what the routing predicts.
        </p>
      ) : (
        <DeliveryMatrix runs={shown} panes={panes} onShowInGraph={onShowInGraph} />
      )}
    </section>
  );
}
