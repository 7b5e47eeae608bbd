'use client';

import type { PaneRuntime } from '@/lib/panes/pane-runtime';
import {
  describeFirehoseOff,
  describeTally,
  FIREHOSE_LIMITS,
  type WatchTarget,
} from '@/lib/watch/firehose';
import { useWatchContext } from '@/components/watch-context';
import { VisibleText } from '@/components/ui/visible-text';

interface WatchBannerProps {
  pane: PaneRuntime;
  target: WatchTarget;
}

/**
 * What a watch pane says above its rows: whether the firehose is on (and, when off, what it
 * costs and how an administrator turns it on), the per-consumer tally of a watched queue, and
 * what the firehose does not carry. Re-read on the pane's own renders (at most once a frame).
 */
export function WatchBanner({ pane, target }: WatchBannerProps) {
  const { firehose, vhost } = useWatchContext();
  const tally = pane.consumerTally;
  const what =
    target.kind === 'queue'
      ? `every delivery from queue ${target.queue} to its consumers`
      : `everything published to exchange ${target.exchange === '' ? '(default)' : target.exchange}`;
  return (
    <div className="flex shrink-0 flex-col gap-1 text-xs text-zinc-700 dark:text-zinc-300">
      {firehose.status === 'off' ? <FirehoseOff vhost={vhost} /> : null}
      {firehose.status === 'error' ? (
        <p role="status" aria-label="Firehose">
          Could not read whether the firehose is on: <VisibleText text={firehose.reason} />
        </p>
      ) : null}
      {firehose.status === 'on' ? (
        <p role="status" aria-label="Firehose">
          Firehose on: a copy of <VisibleText text={what} />, taking nothing.
        </p>
      ) : null}
      {tally ? (
        <p>
          Deliveries per consumer:{' '}
          <span aria-label="Deliveries per consumer" className="font-mono">
            {describeTally(tally.counts())}
          </span>
        </p>
      ) : null}
      <p className="text-zinc-600 dark:text-zinc-400">{FIREHOSE_LIMITS}</p>
    </div>
  );
}

function FirehoseOff({ vhost }: { vhost: string }) {
  const off = describeFirehoseOff(vhost);
  return (
    <div
      role="status"
      aria-label="Firehose"
      className="rounded border border-amber-300 bg-amber-50 p-1.5 text-amber-950 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-50"
    >
      <p>
        <VisibleText text={off.text} />
      </p>
      <p>
        <code className="select-all">
          <VisibleText text={off.command} />
        </code>{' '}
        or{' '}
        <code className="select-all">
          <VisibleText text={off.apiCall} />
        </code>
      </p>
    </div>
  );
}
