'use client';

import { useCallback, useMemo, useState, type DragEvent } from 'react';
import type { PaneMessage } from '@/lib/messages/message';
import { exportNdjson } from '@/lib/messages/ndjson';
import { describeFilterError, parseFilterExpression } from '@/lib/messages/filter-expression';
import { describePaneStatus, describeSettled, type PaneRuntime } from '@/lib/panes/pane-runtime';
import type { Result } from '@/lib/util/result';
import { usePaneSnapshot, usePaneStatus } from '@/hooks/use-pane';
import type { QueueNote } from '@/hooks/use-queue-notes';
import { isFallingBehind, type PaneLag } from '@/lib/panes/pane-lag';
import { PaneLagBadge } from '@/components/pane-lag';
import { downloadText } from '@/components/download';
import { MessageList, type RowSettling } from '@/components/message-list';
import { MessageDetailPanel } from '@/components/message-detail-panel';
import { PaneHeader } from '@/components/pane-header';
import {
  AckControls,
  ArrangeButtons,
  CapacityField,
  PaneToolbar,
  type ArrangeAction,
  type PaneArrangement,
} from '@/components/pane-toolbar';

type Note = { ok: boolean; text: string } | null;

/**
 * One subscription's card. Re-renders when its store publishes (at most 30 times a second, on
 * animation frames, in turn with other panes) and on status changes; everything per message
 * happens in the virtualised rows.
 */
export interface PaneProps {
  pane: PaneRuntime;
  onUnsubscribe: () => void;
  onCapacityChange: (capacity: number) => void;
  queueNote: QueueNote | null;
  arrangement: PaneArrangement;
  onArrange: (action: ArrangeAction) => void;
  onDragStart?: (event: DragEvent) => void;
  /** How far behind the broker this pane is (topology poll); null when unknown. */
  lag?: PaneLag | null;
}

export function Pane({
  pane,
  onUnsubscribe,
  onCapacityChange,
  queueNote,
  arrangement,
  onArrange,
  onDragStart,
  lag = null,
}: PaneProps) {
  const snapshot = usePaneSnapshot(pane);
  const status = usePaneStatus(pane);
  const { config, store } = pane;
  const [query, setQuery] = useState('');
  // What the list filters by: the box's text, or its last valid text while an expression has an error.
  const [applied, setApplied] = useState('');
  const parsedFilter = useMemo(() => parseFilterExpression(query), [query]);
  const changeQuery = useCallback((next: string) => {
    setQuery(next);
    if (parseFilterExpression(next).kind !== 'error') setApplied(next);
  }, []);
  const [newestFirst, setNewestFirst] = useState(true);
  const [requeue, setRequeue] = useState(true);
  const [note, setNote] = useState<Note>(null);
  const [open, setOpen] = useState<PaneMessage | null>(null);
  const manualAck = config.ackMode !== 'auto';
  const filtering = applied.trim() !== '';

  // One view per query: it tests only messages new since the last flush, never the whole window again.
  const view = useMemo(() => store.filteredView(applied), [store, applied]);
  const listed = view.size;

  const settling = useMemo<RowSettling | undefined>(() => {
    if (!manualAck) return undefined;
    const report = (result: Result<void>, done: string) =>
      setNote(
        result.ok ? { ok: true, text: done } : { ok: false, text: `Failed: ${result.error}` },
      );
    return {
      ackState: (m) => pane.ackState(m),
      onAck: (m) => report(pane.ack(m), describeSettled(m, 'acked', config.ackMode)),
      onNack: (m) =>
        report(
          pane.nack(m, requeue),
          describeSettled(m, requeue ? 'requeued' : 'nacked', config.ackMode),
        ),
    };
  }, [manualAck, config.ackMode, pane, requeue]);

  const ackAll = useCallback(() => {
    const count = pane.unackedCount();
    const result = pane.ackAll();
    setNote(
      result.ok
        ? { ok: true, text: `Acked all ${count.toLocaleString('en-US')}` }
        : { ok: false, text: `Failed: ${result.error}` },
    );
  }, [pane]);

  const exportListed = useCallback(() => {
    downloadText(`${config.subscriptionId}.ndjson`, exportNdjson(view), 'application/x-ndjson');
  }, [config.subscriptionId, view]);
  // Stable, so the memoised toolbar skips the re-render the pane does on every frame.
  const pause = useCallback(() => store.pause(), [store]);
  const resume = useCallback(() => store.resume(), [store]);
  const clear = useCallback(() => store.clear(), [store]);
  const toggleOpen = useCallback(
    (message: PaneMessage) => setOpen((current) => (current?.seq === message.seq ? null : message)),
    [],
  );

  const unacked = manualAck ? pane.unackedCount() : null;

  const header = (
    <PaneHeader
      config={config}
      statusText={describePaneStatus(status, snapshot.paused)}
      snapshot={snapshot}
      listed={listed}
      filtering={filtering}
      unacked={unacked}
      prefetch={manualAck ? (config.prefetchCount ?? null) : null}
      queueNote={queueNote}
      onDragStart={onDragStart}
      lag={lag}
    />
  );
  // Called out on a line of its own under the header: in its crowded row it would be cut short.
  const fallingBehind =
    lag && isFallingBehind(lag, snapshot.ratePerSecond) ? (
      <PaneLagBadge lag={lag} ratePerSecond={snapshot.ratePerSecond} />
    ) : null;

  if (arrangement.collapsed) {
    return (
      <section
        aria-label={`Subscription ${config.subscriptionId}`}
        className="flex min-w-0 items-center gap-2 rounded-lg border border-zinc-200 bg-white px-2 py-1 shadow-sm dark:border-zinc-800 dark:bg-zinc-900"
      >
        <div className="min-w-0 flex-1">
          {header}
          {fallingBehind}
        </div>
        <ArrangeButtons arrangement={arrangement} onArrange={onArrange} />
      </section>
    );
  }

  return (
    <section
      aria-label={`Subscription ${config.subscriptionId}`}
      className="@container flex h-full min-h-0 min-w-0 flex-col gap-1.5 overflow-hidden rounded-lg border border-zinc-200 bg-white p-2 shadow-sm dark:border-zinc-800 dark:bg-zinc-900"
    >
      {header}
      {fallingBehind}
      {/* The open message's detail sits beside the rows (below them in a narrow pane). */}
      <div className="flex min-h-0 flex-1 flex-col gap-2 @3xl:flex-row">
        <div className="flex min-h-0 min-w-0 flex-[2_1_0] flex-col gap-1.5">
          <PaneToolbar
            query={query}
            onQueryChange={changeQuery}
            filterKind={parsedFilter.kind}
            paused={snapshot.paused}
            waiting={snapshot.pausedWaiting}
            brokerWaiting={lag?.waiting ?? null}
            onPause={pause}
            onResume={resume}
            onClear={clear}
            newestFirst={newestFirst}
            onNewestFirstChange={setNewestFirst}
            onExport={exportListed}
            onUnsubscribe={onUnsubscribe}
            arrangement={arrangement}
            onArrange={onArrange}
          />
          {parsedFilter.kind === 'error' ? (
            <p role="alert" className="text-xs text-red-700 dark:text-red-300">
              {describeFilterError(parsedFilter)}
            </p>
          ) : null}
          {manualAck ? (
            <AckControls
              unacked={unacked ?? 0}
              requeue={requeue}
              onRequeueChange={setRequeue}
              onAckAll={ackAll}
              note={note}
            />
          ) : null}
          <MessageList
            messages={view}
            version={snapshot.version}
            newestFirst={newestFirst}
            settling={settling}
            openSeq={open?.seq ?? null}
            onOpen={toggleOpen}
            emptyText={emptyText(filtering, snapshot.paused, snapshot.count)}
          />
          <div className="flex shrink-0 items-center justify-between gap-2 text-[11px] leading-tight text-zinc-700 tabular-nums dark:text-zinc-300">
            <p>
              {filtering ? (
                <>
                  showing{' '}
                  <span aria-label="Filter matches">{`${number(listed)} of ${number(snapshot.shown)}`}</span>{' '}
                  match (keeps at most {number(snapshot.capacity)})
                </>
              ) : snapshot.redelivered > 0 ? (
                `showing ${number(listed)} rows: ${number(snapshot.count)} messages, ${number(snapshot.redelivered)} redelivered (keeps at most ${number(snapshot.capacity)})`
              ) : (
                `showing ${number(listed)} of ${number(snapshot.count)} (keeps at most ${number(snapshot.capacity)})`
              )}
            </p>
            <CapacityField capacity={snapshot.capacity} onChange={onCapacityChange} />
          </div>
        </div>
        {open ? <MessageDetailPanel message={open} onClose={() => setOpen(null)} /> : null}
      </div>
    </section>
  );
}

const number = (n: number) => n.toLocaleString('en-US');

function emptyText(filtering: boolean, paused: boolean, count: number): string {
  if (filtering && count > 0) return 'No message in view matches the filter.';
  if (paused) return 'Paused: new messages wait until you resume.';
  return 'No messages yet.';
}
