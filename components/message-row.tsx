'use client';

import { memo } from 'react';
import type { PaneMessage } from '@/lib/messages/message';
import { formatSize, preview } from '@/lib/messages/body-format';
import { Button } from '@/components/ui/button';
import { MessageDetail } from '@/components/message-detail';
import { VisibleText } from '@/components/ui/visible-text';

const PREVIEW_CHARS = 160;

/** Manual acknowledgement for `client` and `client-individual` panes. */
export interface RowSettling {
  isUnacked: (message: PaneMessage) => boolean;
  onAck: (message: PaneMessage) => void;
  onNack: (message: PaneMessage) => void;
}

interface MessageRowProps {
  message: PaneMessage;
  expanded: boolean;
  unacked: boolean;
  settling: RowSettling | undefined;
  onToggle: (seq: number) => void;
}

/** One row; memoised, so a flush re-renders only rows whose message or state changed. */
export const MessageRow = memo(function MessageRow({ message, expanded, unacked, settling, onToggle }: MessageRowProps) {
  const body = preview(message, PREVIEW_CHARS);
  return (
    <>
      <div className="flex min-h-7 items-center gap-1 pr-1 font-mono text-xs">
        <button
          type="button"
          aria-expanded={expanded}
          onClick={() => onToggle(message.seq)}
          className="flex min-w-0 flex-1 items-baseline gap-2 px-2 py-1 text-left hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-sky-500 dark:hover:bg-zinc-800"
        >
          <time dateTime={new Date(message.receivedAt).toISOString()} className="shrink-0 text-zinc-600 dark:text-zinc-400 tabular-nums">
            {formatTime(message.receivedAt)}
          </time>
          <span className="max-w-[35%] shrink-0 truncate text-sky-700 dark:text-sky-300">
            {message.routingKey === '' ? '(empty key)' : <VisibleText text={message.routingKey} />}
          </span>
          <span className="shrink-0 text-zinc-600 dark:text-zinc-400 tabular-nums">{formatSize(message.size)}</span>
          {message.redelivered ? (
            <span className="shrink-0 rounded bg-amber-100 px-1 text-amber-800 dark:bg-amber-900/50 dark:text-amber-200">
              redelivered
            </span>
          ) : null}
          <span className="min-w-0 truncate text-zinc-800 dark:text-zinc-200">
            {body.text}
            {body.truncated ? '…' : ''}
          </span>
        </button>
        {settling ? (
          <>
            <Button size="xs" disabled={!unacked} title={unacked ? undefined : 'Settled'} onClick={() => settling.onAck(message)}>
              Ack
            </Button>
            <Button variant="danger" size="xs" disabled={!unacked} title={unacked ? undefined : 'Settled'} onClick={() => settling.onNack(message)}>
              Nack
            </Button>
          </>
        ) : null}
      </div>
      {expanded ? <MessageDetail key={message.seq} message={message} /> : null}
    </>
  );
});

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** Local wall-clock time with milliseconds, `HH:MM:SS.mmm`. */
function formatTime(epochMs: number): string {
  const d = new Date(epochMs);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}
