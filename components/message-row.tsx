'use client';

import { memo } from 'react';
import type { PaneMessage } from '@/lib/messages/message';
import type { AckState } from '@/lib/panes/pane-runtime';
import { formatSize, preview } from '@/lib/messages/body-format';
import { Button } from '@/components/ui/button';
import { VisibleText } from '@/components/ui/visible-text';
import { TraceCell } from '@/components/trace-cell';
import { traceFacts } from '@/lib/watch/firehose';

const PREVIEW_CHARS = 160;

/** Manual acknowledgement for `client` and `client-individual` panes. */
export interface RowSettling {
  ackState: (message: PaneMessage) => AckState | null;
  onAck: (message: PaneMessage) => void;
  onNack: (message: PaneMessage) => void;
}

interface MessageRowProps {
  message: PaneMessage;
  /** Its detail is open beside the list. */
  open: boolean;
  /** The list's one tab stop (roving focus: the list moves it with the arrow keys). */
  tabStop: boolean;
  state: AckState | null;
  settling: RowSettling | undefined;
  onOpen: (message: PaneMessage) => void;
}

/** Word and colour per state: the word carries the meaning, the colour only helps scanning. */
const BADGES: Record<AckState | 'redelivered', string> = {
  unacked: 'border border-zinc-400 text-zinc-800 dark:border-zinc-500 dark:text-zinc-200',
  acked: 'bg-emerald-100 text-emerald-900 dark:bg-emerald-900/60 dark:text-emerald-100',
  nacked: 'bg-red-100 text-red-900 dark:bg-red-900/60 dark:text-red-100',
  requeued: 'bg-violet-100 text-violet-900 dark:bg-violet-900/60 dark:text-violet-100',
  redelivered: 'bg-amber-100 text-amber-900 dark:bg-amber-900/60 dark:text-amber-100',
};

function Badge({ state }: { state: keyof typeof BADGES }) {
  return <span className={`shrink-0 rounded px-1 leading-4 ${BADGES[state]}`}>{state}</span>;
}

/** One row; memoised, so a flush re-renders only rows whose message or state changed. */
export const MessageRow = memo(function MessageRow({
  message,
  open,
  tabStop,
  state,
  settling,
  onOpen,
}: MessageRowProps) {
  const body = preview(message, PREVIEW_CHARS);
  const unacked = state === 'unacked';
  const trace = traceFacts(message.destination, message.headers);
  return (
    <div className="flex h-7 items-center gap-1 pr-1 font-mono text-xs">
      <button
        type="button"
        data-row
        tabIndex={tabStop ? 0 : -1}
        aria-expanded={open}
        onClick={() => onOpen(message)}
        className={`flex min-w-0 flex-1 items-baseline gap-2 px-2 py-1 text-left outline-none hover:bg-zinc-100 focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-sky-600 dark:hover:bg-zinc-800 dark:focus-visible:outline-sky-400 ${open ? 'bg-sky-50 dark:bg-sky-950/60' : ''}`}
      >
        <span className="shrink-0 text-zinc-600 tabular-nums dark:text-zinc-400">
          #{message.seq}
        </span>
        <time
          dateTime={new Date(message.receivedAt).toISOString()}
          className="shrink-0 text-zinc-600 tabular-nums dark:text-zinc-400"
        >
          {formatTime(message.receivedAt)}
        </time>
        {trace ? (
          <TraceCell message={message} facts={trace} />
        ) : (
          <span className="max-w-[35%] shrink-0 truncate text-sky-700 dark:text-sky-300">
            {message.routingKey === '' ? '(empty key)' : <VisibleText text={message.routingKey} />}
          </span>
        )}
        {message.headers['x-stream-offset'] !== undefined ? (
          <span
            className="shrink-0 text-violet-700 tabular-nums dark:text-violet-300"
            title="Stream offset: where the stream stores this message"
          >
            @{message.headers['x-stream-offset']}
          </span>
        ) : null}
        <span className="shrink-0 text-zinc-600 tabular-nums dark:text-zinc-400">
          {formatSize(message.size)}
        </span>
        {message.redelivered ? <Badge state="redelivered" /> : null}
        {state ? <Badge state={state} /> : null}
        <span className="min-w-0 truncate text-zinc-800 dark:text-zinc-200">
          {body.text}
          {body.truncated ? '…' : ''}
        </span>
      </button>
      {settling ? (
        <>
          {/* Out of the tab order (one tab stop a list): the focused row takes `a` and `n` instead. */}
          <Button
            size="xs"
            tabIndex={-1}
            disabled={!unacked}
            title={unacked ? 'Ack (a)' : 'Settled'}
            onClick={() => settling.onAck(message)}
          >
            Ack
          </Button>
          <Button
            variant="danger"
            size="xs"
            tabIndex={-1}
            disabled={!unacked}
            title={unacked ? 'Nack (n)' : 'Settled'}
            onClick={() => settling.onNack(message)}
          >
            Nack
          </Button>
        </>
      ) : null}
    </div>
  );
});

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** Local wall-clock time with milliseconds, `HH:MM:SS.mmm`. */
function formatTime(epochMs: number): string {
  const d = new Date(epochMs);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}
