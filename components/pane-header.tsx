import { memo, useMemo, type DragEvent } from 'react';
import type { PaneSnapshot } from '@/lib/messages/pane-store';
import type { PaneConfig } from '@/lib/panes/pane-config';
import { StatusText } from '@/components/status-text';
import { Sparkline } from '@/components/sparkline';
import { VisibleText } from '@/components/ui/visible-text';
import { CONSUMPTION_TEXT, paneConsumption } from '@/lib/watch/consume-warning';
import { paneTitle } from '@/lib/watch/firehose';
import { PaneLagBadge } from '@/components/pane-lag';
import { durableQueueOf } from '@/lib/panes/durable-queue';
import { isFallingBehind, type PaneLag } from '@/lib/panes/pane-lag';

interface PaneHeaderProps {
  config: PaneConfig;
  /** From `describePaneStatus`. */
  statusText: string;
  snapshot: PaneSnapshot;
  /** Rows in the list now: the window, or what of it matches the filter. */
  listed: number;
  filtering: boolean;
  /** Messages awaiting ACK/NACK; `null` when the pane acknowledges automatically. */
  unacked: number | null;
  /** The subscription's prefetch-count, shown with `unacked` in manual ack modes; `null` without one. */
  prefetch: number | null;
  /** Whether this pane has its queue to itself (fan-out) or takes turns on it (round-robin). */
  queueNote: { shared: boolean; text: string } | null;
  /** Starts dragging the pane to another place in the grid. */
  onDragStart?: (event: DragEvent) => void;
  /** How far behind the broker the pane is (topology poll); falling behind shows below the header. */
  lag?: PaneLag | null;
}

const number = (n: number) => n.toLocaleString('en-US');

/**
 * The pane's identity, state and live numbers on one line (wrapping only when narrow), with the
 * fan-out / round-robin badge beside them.
 */
export function PaneHeader({
  config,
  statusText,
  snapshot,
  listed,
  filtering,
  unacked,
  prefetch,
  queueNote,
  onDragStart,
  lag = null,
}: PaneHeaderProps) {
  const durableQueue = durableQueueOf(config);
  // The header renders on every publish; the title parses the destination, which does not change.
  const title = useMemo(() => paneTitle(config.destination), [config.destination]);
  return (
    // Its own compositing layer: the numbers change on every publish, and without one each
    // change had the browser repaint the whole page's layer (2 full-page paints per frame).
    <header className="flex min-w-0 flex-wrap items-center gap-x-2 gap-y-1 text-xs [will-change:transform] @lg:flex-nowrap">
      {onDragStart ? (
        <span
          draggable
          onDragStart={onDragStart}
          title="Drag to move this pane"
          aria-hidden
          className="shrink-0 cursor-grab text-zinc-600 select-none active:cursor-grabbing dark:text-zinc-400"
        >
          ⠿
        </span>
      ) : null}
      <h2
        className="min-w-20 shrink truncate font-mono text-[13px] font-semibold"
        title={config.destination}
      >
        <VisibleText text={title} />
      </h2>
      <span
        className="max-w-32 min-w-6 shrink-[4] truncate font-mono text-zinc-700 dark:text-zinc-300"
        title={`subscription id ${config.subscriptionId}, ack ${config.ackMode}, ${config.connection} connection`}
      >
        <VisibleText text={config.subscriptionId} />
      </span>
      <div
        className="max-w-[40%] min-w-0 shrink-0 truncate [&_p]:text-xs [&_span]:truncate"
        title={statusText}
      >
        <StatusText label="Subscription status" text={statusText} tone={statusTone(statusText)} />
      </div>
      {queueNote ? (
        <span
          aria-label="Queue sharing"
          title={queueNote.text}
          className={`shrink-0 rounded px-1.5 py-0.5 font-medium ${queueNote.shared ? 'bg-amber-100 text-amber-900 dark:bg-amber-900/50 dark:text-amber-100' : 'bg-emerald-100 text-emerald-900 dark:bg-emerald-900/50 dark:text-emerald-100'}`}
        >
          {queueNote.shared ? 'round-robin' : 'fan-out'}
          <span className="sr-only">
            : <VisibleText text={queueNote.text} />
          </span>
        </span>
      ) : null}
      <ConsumptionBadge config={config} />
      {durableQueue ? (
        <span
          aria-label="Durable queue"
          title={`durable queue ${durableQueue}: keeps its messages across broker restarts, and stays on the broker after this pane closes`}
          className="max-w-48 min-w-20 shrink-[0.5] truncate rounded bg-sky-100 px-1.5 py-0.5 font-mono text-sky-900 dark:bg-sky-900/50 dark:text-sky-100"
        >
          durable <VisibleText text={durableQueue} />
        </span>
      ) : null}
      {lag && lag.waiting > 0 && !isFallingBehind(lag, snapshot.ratePerSecond) ? (
        <PaneLagBadge lag={lag} ratePerSecond={snapshot.ratePerSecond} />
      ) : null}
      <span className="grow" />
      <dl className="flex shrink-0 items-center gap-x-2 text-zinc-700 dark:text-zinc-300">
        <div className="flex items-baseline gap-1">
          <dt className="sr-only">Received</dt>
          <dd
            aria-label="Message count"
            title={
              filtering
                ? `showing ${number(listed)} matching of ${number(snapshot.shown)} (keeps at most ${number(snapshot.capacity)})`
                : `showing ${number(listed)} of ${number(snapshot.count)} (keeps at most ${number(snapshot.capacity)})`
            }
            className="font-mono text-sm font-semibold text-zinc-900 tabular-nums dark:text-zinc-100"
          >
            {number(snapshot.count)}
          </dd>
          {snapshot.redelivered > 0 ? (
            <>
              <dt className="sr-only">Redeliveries</dt>
              <dd
                aria-label="Redeliveries"
                title="deliveries the broker flagged redelivered; a redelivery of a message counted here is not counted again"
                className="font-mono tabular-nums"
              >
                · {number(snapshot.redelivered)} redelivered
              </dd>
            </>
          ) : null}
        </div>
        <div className="flex items-center gap-1">
          <dt className="sr-only">Rate</dt>
          <dd className="flex items-center gap-1 font-mono tabular-nums">
            {number(Math.round(snapshot.ratePerSecond))}/s
            <Sparkline values={snapshot.sparkline} width={48} height={16} />
          </dd>
        </div>
        {unacked !== null ? (
          <div className="flex items-baseline gap-1">
            <dt className="sr-only">Acknowledgements</dt>
            <dd aria-label="Unacked" className="font-mono whitespace-nowrap tabular-nums">
              {prefetch !== null ? `prefetch ${number(prefetch)} · ` : ''}
              {number(unacked)} unacked
            </dd>
          </div>
        ) : null}
      </dl>
    </header>
  );
}

/**
 * Whether the pane takes messages from its queue or only watches (the firehose). A narrow pane
 * shows the first word only; the words in brackets stay there for screen readers and the title.
 * Memoised: the header renders on every publish, and the answer parses the destination.
 */
const ConsumptionBadge = memo(function ConsumptionBadge({ config }: { config: PaneConfig }) {
  const consumption = paneConsumption(config);
  if (consumption === null) return null;
  const text = CONSUMPTION_TEXT[consumption];
  const cut = text.indexOf(' (');
  const requeue = config.requeueAll ? ', puts each back' : '';
  return (
    <span
      title={`${text}${requeue}`}
      className={`min-w-0 shrink-0 truncate rounded px-1.5 py-0.5 ${consumption === 'watching' ? 'bg-sky-100 text-sky-900 dark:bg-sky-900/50 dark:text-sky-100' : 'bg-zinc-100 text-zinc-800 dark:bg-zinc-800 dark:text-zinc-200'}`}
    >
      {text.slice(0, cut)}
      <span className="sr-only @xl:not-sr-only">
        {text.slice(cut)}
        {requeue}
      </span>
    </span>
  );
});

/** The dot colour for a `describePaneStatus` text, which always starts with the state's word. */
function statusTone(text: string): 'ok' | 'busy' | 'bad' | 'idle' {
  if (text.startsWith('error')) return 'bad';
  if (text.startsWith('subscribed')) return 'ok';
  if (text.startsWith('subscribing') || text.startsWith('reconnecting')) return 'busy';
  return 'idle';
}
