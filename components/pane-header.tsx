import type { PaneSnapshot } from '@/lib/messages/pane-store';
import type { PaneConfig } from '@/lib/panes/pane-config';
import { StatusText } from '@/components/status-text';
import { Sparkline } from '@/components/sparkline';
import { VisibleText } from '@/components/ui/visible-text';

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
  /** Whether this pane has its queue to itself (fan-out) or takes turns on it (round-robin). */
  queueNote: { shared: boolean; text: string } | null;
}

const number = (n: number) => n.toLocaleString('en-US');

/** The pane's identity, state and live numbers. */
export function PaneHeader({
  config,
  statusText,
  snapshot,
  listed,
  filtering,
  unacked,
  queueNote,
}: PaneHeaderProps) {
  return (
    // Its own compositing layer: the numbers change on every publish, and without one each
    // change had the browser repaint the whole page's layer (2 full-page paints per frame).
    <header className="flex flex-col gap-1.5 [will-change:transform]">
      <div className="flex flex-wrap items-baseline justify-between gap-x-3 gap-y-0.5">
        <h2 className="min-w-0 font-mono text-sm font-semibold break-all"><VisibleText text={config.destination} /></h2>
        <p className="flex flex-wrap gap-x-2 text-xs text-zinc-500">
          <span className="font-mono break-all"><VisibleText text={config.subscriptionId} /></span>
          <span>ack: {config.ackMode}</span>
          <span>{config.connection === 'own' ? 'own connection' : 'shared connection'}</span>
        </p>
      </div>
      {queueNote ? (
        <p
          aria-label="Queue sharing"
          className={`w-fit rounded px-1.5 py-0.5 text-xs ${queueNote.shared ? 'bg-amber-100 text-amber-900 dark:bg-amber-900/40 dark:text-amber-200' : 'bg-emerald-100 text-emerald-900 dark:bg-emerald-900/40 dark:text-emerald-200'}`}
        >
          <VisibleText text={queueNote.text} />
        </p>
      ) : null}
      <StatusText label="Subscription status" text={statusText} tone={statusTone(statusText)} />
      <dl className="flex flex-wrap items-center gap-x-4 gap-y-1 text-xs text-zinc-600 dark:text-zinc-400">
        <div className="flex items-baseline gap-1">
          <dt>Received</dt>
          <dd
            aria-label="Message count"
            className="font-mono text-sm font-semibold text-zinc-900 tabular-nums dark:text-zinc-100"
          >
            {number(snapshot.count)}
          </dd>
        </div>
        <div className="flex items-center gap-1">
          <dt>Rate</dt>
          <dd className="flex items-center gap-1.5 font-mono tabular-nums">
            {number(Math.round(snapshot.ratePerSecond))} msg/s
            <Sparkline values={snapshot.sparkline} />
          </dd>
        </div>
        {unacked !== null ? (
          <div className="flex items-baseline gap-1">
            <dt>Unacked</dt>
            <dd className="font-mono tabular-nums">{number(unacked)}</dd>
          </div>
        ) : null}
      </dl>
      <p className="text-xs text-zinc-500">
        {filtering
          ? `showing ${number(listed)} matching of ${number(snapshot.shown)} (keeps at most ${number(snapshot.capacity)})`
          : `showing ${number(listed)} of ${number(snapshot.count)} (keeps at most ${number(snapshot.capacity)})`}
      </p>
    </header>
  );
}

/** The dot colour for a `describePaneStatus` text, which always starts with the state's word. */
function statusTone(text: string): 'ok' | 'busy' | 'bad' | 'idle' {
  if (text.startsWith('error')) return 'bad';
  if (text.startsWith('subscribed')) return 'ok';
  if (text.startsWith('subscribing') || text.startsWith('reconnecting')) return 'busy';
  return 'idle';
}
