'use client';

import { useCallback, useMemo, useState, type DragEvent } from 'react';
import type { PaneMessage } from '@/lib/messages/message';
import { exportCapture } from '@/lib/capture/format';
import { describeFilterError, parseFilterExpression } from '@/lib/messages/filter-expression';
import { describePaneStatus, describeSettled, type PaneRuntime } from '@/lib/panes/pane-runtime';
import { readsStream } from '@/lib/panes/pane-config';
import type { Result } from '@/lib/util/result';
import { usePaneSnapshot, usePaneStatus } from '@/hooks/use-pane';
import type { QueueNote } from '@/lib/routing/wording';
import { useFilteredView } from '@/hooks/use-filtered-view';
import { isFallingBehind, type PaneLag } from '@/lib/panes/pane-lag';
import { PaneLagBadge } from '@/components/pane-lag';
import { downloadText } from '@/components/download';
import { MessageList, type RowSettling } from '@/components/message-list';
import { MessageDetailPanel } from '@/components/message-detail-panel';
import { PaneHeader } from '@/components/pane-header';
import { WatchBanner } from '@/components/watch-banner';
import { watchTargetOf } from '@/lib/watch/firehose';
import { FieldChart } from '@/components/field-chart';
import { chartField, chartOf, unchartField } from '@/lib/charts/pane-chart-of';
import { RecordControl } from '@/components/record-control';
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
  // The filter is saved with the pane (its config), so it survives a reload.
  const [query, setQuery] = useState(() => pane.config.filter ?? '');
  // What the list filters by: the box's text, or its last valid text while an expression has an error.
  const [applied, setApplied] = useState(() => pane.config.filter ?? '');
  const parsedFilter = useMemo(() => parseFilterExpression(query), [query]);
  const changeQuery = useCallback(
    (next: string) => {
      setQuery(next);
      if (parseFilterExpression(next).kind === 'error') return;
      setApplied(next);
      pane.setFilter(next);
    },
    [pane],
  );
  const addChart = useCallback(
    (path: string) => {
      const added = chartField(pane, path);
      return added.ok
        ? { ok: true, text: `Charting ${path} in this pane.` }
        : { ok: false, text: added.error };
    },
    [pane],
  );
  const removeChart = useCallback((path: string) => unchartField(pane, path), [pane]);
  const [newestFirst, setNewestFirst] = useState(true);
  const [requeue, setRequeue] = useState(true);
  const [note, setNote] = useState<Note>(null);
  const [open, setOpen] = useState<PaneMessage | null>(null);
  // A stream pane acks as it goes: nothing waits for the user.
  const manualAck = config.ackMode !== 'auto' && !readsStream(config);
  const filtering = applied.trim() !== '';

  // One view per query: the messages held are tested in slices (the count shows how far it got),
  // new ones as they arrive; the whole window is never tested in one go.
  const { view, progress } = useFilteredView(store, applied);
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
    const source = { id: config.subscriptionId, destination: config.destination };
    downloadText(
      `${config.subscriptionId}.ndjson`,
      exportCapture(source, view),
      'application/x-ndjson',
    );
  }, [config.subscriptionId, config.destination, view]);
  // Stable, so the memoised toolbar skips the re-render the pane does on every frame.
  const pause = useCallback(() => store.pause(), [store]);
  const resume = useCallback(() => store.resume(), [store]);
  const clear = useCallback(() => {
    store.clear();
    pane.consumerTally?.clear();
  }, [store, pane]);
  const watching = useMemo(() => watchTargetOf(config.destination), [config.destination]);
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
      queueNote={watching ? null : queueNote}
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
      {watching ? <WatchBanner pane={pane} target={watching} /> : null}
      {config.requeueAll ? (
        <p className="shrink-0 text-xs text-zinc-700 dark:text-zinc-300">
          Subscribed with requeue: each message is NACKed with requeue once shown, so the
          queue&apos;s other consumers get it back, marked redelivered. With no other consumer it
          comes straight back here.
        </p>
      ) : null}
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
          <FieldChart chart={chartOf(pane)} onRemove={removeChart} />
          <MessageList
            messages={view}
            version={snapshot.version}
            newestFirst={newestFirst}
            settling={settling}
            openSeq={open?.seq ?? null}
            onOpen={toggleOpen}
            emptyText={emptyText(filtering, snapshot.paused, snapshot.count)}
          />
          <div className="flex shrink-0 flex-wrap items-center justify-between gap-x-2 gap-y-1 text-[11px] leading-tight text-zinc-700 tabular-nums dark:text-zinc-300">
            <p>
              {filtering ? (
                <>
                  showing{' '}
                  <span aria-label="Filter matches">{`${number(listed)} of ${number(snapshot.shown)}`}</span>{' '}
                  {progress.done
                    ? `match (keeps at most ${number(snapshot.capacity)})`
                    : `match so far, ${percent(progress.checked, progress.total)} checked`}
                </>
              ) : snapshot.redelivered > 0 ? (
                `showing ${number(listed)} rows: ${number(snapshot.count)} messages, ${number(snapshot.redelivered)} redelivered (keeps at most ${number(snapshot.capacity)})`
              ) : (
                `showing ${number(listed)} of ${number(snapshot.count)} (keeps at most ${number(snapshot.capacity)})`
              )}
            </p>
            <RecordControl pane={pane} />
            <CapacityField capacity={snapshot.capacity} onChange={onCapacityChange} />
          </div>
        </div>
        {open ? (
          <MessageDetailPanel
            message={open}
            source={{ id: config.subscriptionId, destination: config.destination }}
            onClose={() => setOpen(null)}
            onChartField={addChart}
          />
        ) : null}
      </div>
    </section>
  );
}

const number = (n: number) => n.toLocaleString('en-US');
const percent = (part: number, whole: number) =>
  `${Math.floor((100 * part) / Math.max(1, whole))}%`;

function emptyText(filtering: boolean, paused: boolean, count: number): string {
  if (filtering && count > 0) return 'No message in view matches the filter.';
  if (paused) return 'Paused: new messages wait until you resume.';
  return 'No messages yet.';
}
