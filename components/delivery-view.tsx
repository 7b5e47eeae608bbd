'use client';

import { useEffect, useState } from 'react';
import type { SendRun } from '@/lib/dashboard/dashboard';
import type { PaneRuntime } from '@/lib/panes/pane-runtime';
import { compareDelivery, type DeliveryStatus, type DeliveryVerdict } from '@/lib/routing/delivery-report';
import { Button } from '@/components/ui/button';

/** How long after a run ends its messages may still be on their way to the panes. */
const SETTLE_MS = 2000;
const RUNS_SHOWN = 6;

const STATUS: Record<DeliveryStatus, { label: string; tone: string }> = {
  'expected-copy': { label: 'copy ✓', tone: 'text-emerald-700 dark:text-emerald-400' },
  'expected-share': { label: 'share ✓', tone: 'text-emerald-700 dark:text-emerald-400' },
  'expected-none': { label: 'none ✓', tone: 'text-zinc-500' },
  unexpected: { label: 'unexpected ⚠', tone: 'font-semibold text-red-700 dark:text-red-300' },
  missing: { label: 'missing ⚠', tone: 'font-semibold text-red-700 dark:text-red-300' },
  'not-subscribed-yet': { label: 'subscribed later', tone: 'text-zinc-500 italic' },
  pending: { label: 'arriving…', tone: 'text-amber-700 dark:text-amber-400' },
};

interface Props {
  runs: readonly SendRun[];
  panes: readonly PaneRuntime[];
  online: boolean;
  onDemo: () => Promise<string | null>;
}

/**
 * The matrix of recent sends against panes: who got how many of each run, against what the
 * routing model predicted (a copy each, a share of a round-robin, or nothing), with the
 * difference in plain words. Counts change per message, so it redraws on a timer, not per message.
 */
export function DeliveryView({ runs, panes, online, onDemo }: Props) {
  const [, setTick] = useState(0);
  const [demoNote, setDemoNote] = useState<string | null>(null);
  const [demoRunning, setDemoRunning] = useState(false);
  useEffect(() => {
    if (runs.length === 0) return;
    const timer = setInterval(() => setTick((n) => n + 1), 250);
    return () => clearInterval(timer);
  }, [runs.length]);

  const shown = runs.slice(0, RUNS_SHOWN);
  const verdicts = shown.map((run) => ({ run, verdict: judge(run, panes) }));
  const demo = async () => {
    setDemoRunning(true);
    setDemoNote('Setting up four panes and sending…');
    setDemoNote(await onDemo());
    setDemoRunning(false);
  };

  return (
    <section aria-label="Delivery" className="flex flex-col gap-2">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 className="text-sm font-semibold">Delivery: who got which message</h2>
        <Button onClick={() => void demo()} disabled={!online || demoRunning}>
          Competing consumers vs fan-out
        </Button>
      </div>
      {demoNote ? <p className="text-xs text-zinc-500">{demoNote}</p> : null}
      {shown.length === 0 ? (
        <p className="text-sm text-zinc-500">
          Send something (or run the demo): every message the dashboard sends is tagged, and this matrix shows
          which panes received it against what the routing predicts.
        </p>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full border-collapse text-left text-xs">
            <thead>
              <tr className="border-b border-zinc-200 dark:border-zinc-800">
                <th scope="col" className="py-1 pr-3 font-medium">Send</th>
                {panes.map((pane) => (
                  <th key={pane.key} scope="col" className="px-2 py-1 font-mono font-medium break-all">
                    {pane.config.subscriptionId}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {verdicts.map(({ run, verdict }) => (
                <tr key={run.runId} className="border-b border-zinc-100 align-top dark:border-zinc-800/70">
                  <th scope="row" className="py-1 pr-3 font-mono font-normal break-all">
                    {verdict.sent} → {run.destination}
                  </th>
                  {panes.map((pane) => {
                    const cell = verdict.cells.get(pane.key);
                    const status = cell ? STATUS[cell.status] : STATUS['not-subscribed-yet'];
                    return (
                      <td key={pane.key} className="px-2 py-1" title={cell?.detail}>
                        <span className="font-mono tabular-nums">{cell?.received ?? 0}</span>{' '}
                        <span className={status.tone}>{status.label}</span>
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {verdicts.map(({ run, verdict }) => (
        <div key={run.runId} className="text-sm">
          <p aria-label="Delivery summary">{verdict.summary}</p>
          {verdict.contradictions.map((text) => (
            <p key={text} role="alert" className="text-red-700 dark:text-red-300">
              Prediction contradicted: {text}
            </p>
          ))}
        </div>
      ))}
    </section>
  );
}

function judge(run: SendRun, panes: readonly PaneRuntime[]): DeliveryVerdict {
  const progress = run.sender.progress;
  const running = progress.status === 'sending' || progress.status === 'waiting-for-connection';
  const endedAt = (progress.startedAt ?? run.startedAt) + progress.elapsedMs;
  const received = new Map(panes.map((pane) => [pane.key, pane.deliveries.get(run.runId).received]));
  const subscribedAfter = new Set(panes.filter((pane) => !run.subscribedPaneKeys.has(pane.key)).map((pane) => pane.key));
  return compareDelivery(run.prediction, progress.sent, received, subscribedAfter, {
    stillArriving: running || Date.now() - endedAt < SETTLE_MS,
  });
}
