'use client';

import type { SendRun } from '@/lib/dashboard/dashboard-types';
import type { PaneRuntime } from '@/lib/panes/pane-runtime';
import {
  compareDelivery,
  type DeliveryStatus,
  type DeliveryVerdict,
} from '@/lib/routing/delivery-report';
import { VisibleText } from '@/components/ui/visible-text';
import { runStillArriving } from '@/lib/dashboard/send-run-arrival';
import { FIREHOSE_MARK, isWatchPane } from '@/lib/watch/firehose';

const STATUS: Record<DeliveryStatus, { label: string; tone: string }> = {
  'expected-copy': { label: 'copy ✓', tone: 'text-emerald-700 dark:text-emerald-400' },
  'expected-share': { label: 'share ✓', tone: 'text-emerald-700 dark:text-emerald-400' },
  'expected-none': { label: 'none ✓', tone: 'text-zinc-600 dark:text-zinc-400' },
  unexpected: { label: 'unexpected ⚠', tone: 'font-semibold text-red-700 dark:text-red-300' },
  missing: { label: 'missing ⚠', tone: 'font-semibold text-red-700 dark:text-red-300' },
  'not-subscribed-yet': {
    label: 'subscribed later',
    tone: 'text-zinc-600 dark:text-zinc-400 italic',
  },
  pending: { label: 'arriving…', tone: 'text-amber-700 dark:text-amber-400' },
};

/**
 * The Delivery view's matrix of runs against panes and its plain-words summaries. Split from
 * `delivery-view.tsx` and loaded on demand: there is nothing to show before the first send.
 */
export function DeliveryMatrix({
  runs,
  panes,
  onShowInGraph,
}: {
  runs: readonly SendRun[];
  panes: readonly PaneRuntime[];
  onShowInGraph?: (runId: string) => void;
}) {
  const verdicts = runs.map((run) => ({ run, verdict: judge(run, panes) }));
  return (
    <>
      <div className="overflow-x-auto">
        <table className="w-full border-collapse text-left text-xs">
          <thead>
            <tr className="border-b border-zinc-200 dark:border-zinc-800">
              <th scope="col" className="py-1 pr-3 font-medium">
                Send
              </th>
              {panes.map((pane) => (
                <th
                  key={pane.key}
                  scope="col"
                  className="px-2 py-1 font-mono font-medium break-all"
                >
                  <VisibleText text={pane.config.subscriptionId} />
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {verdicts.map(({ run, verdict }) => (
              <tr
                key={run.runId}
                className="border-b border-zinc-100 align-top dark:border-zinc-800/70"
              >
                <th scope="row" className="py-1 pr-3 font-mono font-normal break-all">
                  {verdict.sent} → <VisibleText text={run.destination} />
                  {onShowInGraph ? (
                    <button
                      type="button"
                      aria-label={`Show ${verdict.sent} → ${run.destination} in the graph`}
                      onClick={() => onShowInGraph(run.runId)}
                      className="ml-1 rounded px-1 font-sans text-sky-700 underline hover:bg-sky-50 dark:text-sky-300 dark:hover:bg-sky-950"
                    >
                      graph
                    </button>
                  ) : null}
                </th>
                {panes.map((pane) => {
                  if (isWatchPane(pane.config))
                    return (
                      <td key={pane.key} className="px-2 py-1" title={FIREHOSE_MARK}>
                        <span className="font-mono tabular-nums">
                          {pane.deliveries.get(run.runId).received}
                        </span>{' '}
                        <span className="text-sky-700 dark:text-sky-300">via firehose</span>
                      </td>
                    );
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
      {verdicts.map(({ run, verdict }) => (
        <div key={run.runId} className="text-sm">
          <p aria-label="Delivery summary">
            <VisibleText text={verdict.summary} />
          </p>
          {verdict.contradictions.map((text) => (
            <p key={text} role="alert" className="text-red-700 dark:text-red-300">
              Prediction contradicted: <VisibleText text={text} />
            </p>
          ))}
        </div>
      ))}
    </>
  );
}

function judge(run: SendRun, panes: readonly PaneRuntime[]): DeliveryVerdict {
  // Watch panes take nothing: what they saw through the firehose is shown, not judged.
  const received = new Map(
    panes
      .filter((pane) => !isWatchPane(pane.config))
      .map((pane) => [pane.key, pane.deliveries.get(run.runId).received]),
  );
  const subscribedAfter = new Set(
    panes.filter((pane) => !run.subscribedPaneKeys.has(pane.key)).map((pane) => pane.key),
  );
  return compareDelivery(run.prediction, run.sender.progress.sent, received, subscribedAfter, {
    stillArriving: runStillArriving(run, Date.now()),
  });
}
