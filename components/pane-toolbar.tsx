'use client';

import { memo, useState, type FormEvent } from 'react';
import { MAX_CAPACITY } from '@/lib/panes/pane-config';
import { Button, IconButton } from '@/components/ui/button';

const input =
  'rounded-md border border-zinc-300 bg-white px-2 py-1 text-xs outline-none focus:border-sky-500 focus:ring-2 focus:ring-sky-600 dark:focus:ring-sky-400 dark:border-zinc-700 dark:bg-zinc-900';

interface PaneToolbarProps {
  query: string;
  onQueryChange: (query: string) => void;
  /** Whether the box holds plain text, an expression, or an expression with an error. */
  filterKind: 'text' | 'expression' | 'error';
  paused: boolean;
  /** Messages received while paused, shown on resume. */
  waiting: number;
  /** Messages waiting for the pane in the broker (last topology poll); null when unknown. */
  brokerWaiting: number | null;
  onPause: () => void;
  onResume: () => void;
  onClear: () => void;
  newestFirst: boolean;
  onNewestFirstChange: (newestFirst: boolean) => void;
  onExport: () => void;
  onUnsubscribe: () => void;
  arrangement: PaneArrangement;
  onArrange: (action: ArrangeAction) => void;
}

/** Where a pane sits in the workspace, for its arrangement buttons. */
export interface PaneArrangement {
  maximised: boolean;
  collapsed: boolean;
  canMoveEarlier: boolean;
  canMoveLater: boolean;
}

export type ArrangeAction = 'maximise' | 'collapse' | 'earlier' | 'later';

/** Maximise / Restore, Collapse / Expand, Move earlier, Move later: the pane's place in the workspace. */
export const ArrangeButtons = memo(function ArrangeButtons({
  arrangement,
  onArrange,
}: {
  arrangement: PaneArrangement;
  onArrange: (action: ArrangeAction) => void;
}) {
  const { maximised, collapsed, canMoveEarlier, canMoveLater } = arrangement;
  const buttons: {
    action: ArrangeAction;
    label: string;
    title: string;
    glyph: string;
    disabled?: boolean;
  }[] = [
    {
      action: 'earlier',
      label: 'Move earlier',
      title: 'Move earlier',
      glyph: '‹',
      disabled: !canMoveEarlier,
    },
    {
      action: 'later',
      label: 'Move later',
      title: 'Move later',
      glyph: '›',
      disabled: !canMoveLater,
    },
    collapsed
      ? { action: 'collapse', label: 'Expand', title: 'Expand', glyph: '▾' }
      : { action: 'collapse', label: 'Collapse', title: 'Collapse to the header', glyph: '▴' },
    maximised
      ? { action: 'maximise', label: 'Restore', title: 'Restore (Esc)', glyph: '⤡' }
      : { action: 'maximise', label: 'Maximise', title: 'Maximise', glyph: '⤢' },
  ];
  return (
    <div className="flex items-center gap-0.5">
      {buttons.map(({ action, label, title, glyph, disabled }) => (
        <IconButton
          key={action}
          label={label}
          title={title}
          disabled={disabled}
          onClick={() => onArrange(action)}
        >
          {glyph}
        </IconButton>
      ))}
    </div>
  );
});

/** Filter, pause/resume, clear, order, export, arrangement and unsubscribe for one pane, on one line. */
export const PaneToolbar = memo(function PaneToolbar(props: PaneToolbarProps) {
  const { paused, waiting, newestFirst } = props;
  return (
    <div className="flex min-w-0 flex-nowrap items-center gap-1">
      <input
        type="text"
        aria-label="Filter"
        placeholder="Filter  ( / )"
        value={props.query}
        onChange={(e) => props.onQueryChange(e.target.value)}
        aria-invalid={props.filterKind === 'error' ? true : undefined}
        title="Text to find in bodies and headers, or an expression such as body.order.total > 100, headers.priority >= 5, redelivered, size > 1024 (with &&, ||, !, parentheses and in [..])"
        className={`${input} w-0 min-w-12 flex-1 aria-[invalid=true]:border-red-600`}
      />
      {props.filterKind !== 'text' ? (
        <span
          className={`rounded px-1 font-mono text-[10px] ${props.filterKind === 'error' ? 'bg-red-100 text-red-800 dark:bg-red-950 dark:text-red-200' : 'bg-sky-100 text-sky-900 dark:bg-sky-950 dark:text-sky-100'}`}
          title={
            props.filterKind === 'error'
              ? 'This expression has an error; the list keeps the last valid filter'
              : 'Filtering by an expression'
          }
        >
          expr
        </span>
      ) : null}
      {paused ? (
        <Button variant="primary" size="sm" onClick={props.onResume}>
          Resume
        </Button>
      ) : (
        <Button size="sm" onClick={props.onPause}>
          Pause
        </Button>
      )}
      {paused ? (
        <span className="text-xs text-amber-800 tabular-nums dark:text-amber-200">
          {waiting.toLocaleString('en-US')} waiting in the page
          {props.brokerWaiting !== null
            ? ` · ${props.brokerWaiting.toLocaleString('en-US')} in the broker`
            : ''}
        </span>
      ) : null}
      <Button size="sm" onClick={props.onClear}>
        Clear
      </Button>
      <IconButton
        className="aria-pressed:bg-sky-100 aria-pressed:text-sky-900 dark:aria-pressed:bg-sky-950 dark:aria-pressed:text-sky-100"
        label="Newest first"
        aria-pressed={newestFirst}
        title={
          newestFirst
            ? 'Newest messages at the top (press for oldest first)'
            : 'Oldest messages at the top (press for newest first)'
        }
        onClick={() => props.onNewestFirstChange(!newestFirst)}
      >
        {newestFirst ? '↑' : '↓'}
      </IconButton>
      <IconButton
        label="Export NDJSON"
        title="Export NDJSON: download the listed messages, one JSON object a line"
        onClick={props.onExport}
      >
        ⤓
      </IconButton>
      <span className="grow" />
      <ArrangeButtons arrangement={props.arrangement} onArrange={props.onArrange} />
      <IconButton
        className="text-red-700 dark:text-red-300"
        label="Unsubscribe"
        title="Unsubscribe and close the pane"
        onClick={props.onUnsubscribe}
      >
        ✕
      </IconButton>
    </div>
  );
});

/** The window size, applied on Enter or when leaving the box; out-of-range numbers are clamped. */
export function CapacityField({
  capacity,
  onChange,
}: {
  capacity: number;
  onChange: (capacity: number) => void;
}) {
  const [draft, setDraft] = useState<string | null>(null);
  const commit = (event?: FormEvent) => {
    event?.preventDefault();
    if (draft === null) return;
    const n = Number(draft);
    if (draft.trim() !== '' && Number.isFinite(n))
      onChange(Math.min(MAX_CAPACITY, Math.max(1, Math.round(n))));
    setDraft(null);
  };
  return (
    <form
      onSubmit={commit}
      noValidate
      className="flex items-center gap-1 text-zinc-700 dark:text-zinc-300"
    >
      <label className="flex items-center gap-1">
        keep
        <input
          type="number"
          min={1}
          max={MAX_CAPACITY}
          step={1}
          value={draft ?? String(capacity)}
          onChange={(e) => setDraft(e.target.value)}
          onBlur={() => commit()}
          aria-label="Keep at most"
          className={`${input} w-20 py-0 text-[11px] tabular-nums`}
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
export function AckControls({
  unacked,
  requeue,
  onRequeueChange,
  onAckAll,
  note,
}: AckControlsProps) {
  return (
    <div className="flex flex-wrap items-center gap-x-3 gap-y-1 text-xs">
      <Button size="sm" disabled={unacked === 0} onClick={onAckAll}>
        Ack all
      </Button>
      <label className="flex items-center gap-1 text-zinc-600 dark:text-zinc-400">
        <input
          type="checkbox"
          checked={requeue}
          onChange={(e) => onRequeueChange(e.target.checked)}
          className="accent-sky-600"
        />
        Requeue
      </label>
      <span className="text-zinc-600 dark:text-zinc-400">
        {requeue ? 'Nack puts messages back on the queue' : 'Nack drops or dead-letters messages'}
      </span>
      <p
        aria-live="polite"
        className={`basis-full ${note && !note.ok ? 'text-red-700 dark:text-red-300' : 'text-zinc-600'}`}
      >
        {note?.text ?? ''}
      </p>
    </div>
  );
}
