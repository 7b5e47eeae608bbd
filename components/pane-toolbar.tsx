'use client';

import { memo, useState, type FormEvent } from 'react';
import { MAX_CAPACITY } from '@/lib/panes/pane-config';
import { Button } from '@/components/ui/button';

const small = 'px-2 py-1 text-xs';
const input =
  'rounded-md border border-zinc-300 bg-white px-2 py-1 text-xs outline-none focus:border-sky-500 focus:ring-2 focus:ring-sky-500/30 dark:border-zinc-700 dark:bg-zinc-900';

interface PaneToolbarProps {
  query: string;
  onQueryChange: (query: string) => void;
  paused: boolean;
  /** Messages received while paused, shown on resume. */
  waiting: number;
  onPause: () => void;
  onResume: () => void;
  onClear: () => void;
  newestFirst: boolean;
  onNewestFirstChange: (newestFirst: boolean) => void;
  onExport: () => void;
  capacity: number;
  onCapacityChange: (capacity: number) => void;
  onUnsubscribe: () => void;
}

/** Filter, pause/resume, clear, order, export, window size and unsubscribe for one pane. */
export const PaneToolbar = memo(function PaneToolbar(props: PaneToolbarProps) {
  const { paused, waiting, newestFirst } = props;
  return (
    <div className="flex flex-col gap-2">
      <input
        type="text"
        aria-label="Filter"
        placeholder="Filter bodies and headers"
        value={props.query}
        onChange={(e) => props.onQueryChange(e.target.value)}
        className={`${input} w-full`}
      />
      <div className="flex flex-wrap items-center gap-1.5">
        {paused ? (
          <Button variant="primary" className={small} onClick={props.onResume}>
            Resume
          </Button>
        ) : (
          <Button className={small} onClick={props.onPause}>
            Pause
          </Button>
        )}
        {paused ? <span className="text-xs text-amber-700 tabular-nums dark:text-amber-300">{waiting.toLocaleString('en-US')} waiting</span> : null}
        <Button className={small} onClick={props.onClear}>
          Clear
        </Button>
        <Button
          className={`${small} aria-pressed:border-sky-500 aria-pressed:text-sky-700 dark:aria-pressed:text-sky-300`}
          aria-pressed={newestFirst}
          title={newestFirst ? 'Newest messages at the top' : 'Oldest messages at the top'}
          onClick={() => props.onNewestFirstChange(!newestFirst)}
        >
          Newest first
        </Button>
        <Button className={small} onClick={props.onExport} title="Download the listed messages, one JSON object a line">
          Export NDJSON
        </Button>
        <CapacityField capacity={props.capacity} onChange={props.onCapacityChange} />
        <span className="grow" />
        <Button variant="danger" className={small} onClick={props.onUnsubscribe}>
          Unsubscribe
        </Button>
      </div>
    </div>
  );
});

/** The window size, applied on Enter or when leaving the box; out-of-range numbers are clamped. */
function CapacityField({ capacity, onChange }: { capacity: number; onChange: (capacity: number) => void }) {
  const [draft, setDraft] = useState<string | null>(null);
  const commit = (event?: FormEvent) => {
    event?.preventDefault();
    if (draft === null) return;
    const n = Number(draft);
    if (draft.trim() !== '' && Number.isFinite(n)) onChange(Math.min(MAX_CAPACITY, Math.max(1, Math.round(n))));
    setDraft(null);
  };
  return (
    <form onSubmit={commit} noValidate className="flex items-center gap-1 text-xs text-zinc-600 dark:text-zinc-400">
      <label className="flex items-center gap-1">
        Keep at most
        <input
          type="number"
          min={1}
          max={MAX_CAPACITY}
          step={1}
          value={draft ?? String(capacity)}
          onChange={(e) => setDraft(e.target.value)}
          onBlur={() => commit()}
          className={`${input} w-24 tabular-nums`}
        />
      </label>
    </form>
  );
}

interface AckControlsProps {
  unacked: number;
  requeue: boolean;
  onRequeueChange: (requeue: boolean) => void;
  onAckAll: () => void;
  /** The last ACK/NACK outcome, in words. */
  note: { ok: boolean; text: string } | null;
}

/** Manual acknowledgement: `Ack all`, what `Nack` does, and how the last settle went. */
export function AckControls({ unacked, requeue, onRequeueChange, onAckAll, note }: AckControlsProps) {
  return (
    <div className="flex flex-wrap items-center gap-x-3 gap-y-1 text-xs">
      <Button className={small} disabled={unacked === 0} onClick={onAckAll}>
        Ack all
      </Button>
      <label className="flex items-center gap-1 text-zinc-600 dark:text-zinc-400">
        <input type="checkbox" checked={requeue} onChange={(e) => onRequeueChange(e.target.checked)} className="accent-sky-600" />
        Requeue
      </label>
      <span className="text-zinc-500">{requeue ? 'Nack puts messages back on the queue' : 'Nack drops or dead-letters messages'}</span>
      <p aria-live="polite" className={`basis-full ${note && !note.ok ? 'text-red-700 dark:text-red-300' : 'text-zinc-500'}`}>
        {note?.text ?? ''}
      </p>
    </div>
  );
}
