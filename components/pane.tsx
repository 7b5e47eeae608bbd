'use client';

import { useCallback, useMemo, useState } from 'react';
import type { PaneMessage } from '@/lib/messages/message';
import { exportNdjson } from '@/lib/messages/ndjson';
import { describePaneStatus, type PaneRuntime } from '@/lib/panes/pane-runtime';
import type { Result } from '@/lib/util/result';
import { usePaneSnapshot, usePaneStatus } from '@/hooks/use-pane';
import type { QueueNote } from '@/hooks/use-queue-notes';
import { downloadText } from '@/components/download';
import { MessageList, type RowSettling } from '@/components/message-list';
import { PaneHeader } from '@/components/pane-header';
import { AckControls, PaneToolbar } from '@/components/pane-toolbar';

type Note = { ok: boolean; text: string } | null;

/**
 * One subscription's card. Re-renders when its store publishes (at most 30 times a second, on
 * animation frames, in turn with other panes) and on status changes; everything per message
 * happens in the virtualised rows.
 */
export function Pane({
  pane,
  onUnsubscribe,
  onCapacityChange,
  queueNote,
}: {
  pane: PaneRuntime;
  onUnsubscribe: () => void;
  onCapacityChange: (capacity: number) => void;
  queueNote: QueueNote | null;
}) {
  const snapshot = usePaneSnapshot(pane);
  const status = usePaneStatus(pane);
  const { config, store } = pane;
  const [query, setQuery] = useState('');
  const [newestFirst, setNewestFirst] = useState(true);
  const [requeue, setRequeue] = useState(true);
  const [note, setNote] = useState<Note>(null);
  const manualAck = config.ackMode !== 'auto';
  const filtering = query.trim() !== '';

  // One view per query: it tests only messages new since the last flush, never the whole window again.
  const view = useMemo(() => store.filteredView(query), [store, query]);
  const listed = view.size;

  const settling = useMemo<RowSettling | undefined>(() => {
    if (!manualAck) return undefined;
    const report = (result: Result<void>, done: string) =>
      setNote(result.ok ? { ok: true, text: done } : { ok: false, text: `Failed: ${result.error}` });
    const covers = (m: PaneMessage) => (config.ackMode === 'client' ? ` and every earlier message` : '') + ` (#${m.seq})`;
    return {
      isUnacked: (m) => pane.isUnacked(m),
      onAck: (m) => report(pane.ack(m), `Acked ${m.messageId ?? 'message'}${covers(m)}`),
      onNack: (m) =>
        report(pane.nack(m, requeue), `Nacked ${m.messageId ?? 'message'}${covers(m)}, ${requeue ? 'requeued' : 'not requeued'}`),
    };
  }, [manualAck, config.ackMode, pane, requeue]);

  const ackAll = useCallback(() => {
    const count = pane.unackedCount();
    const result = pane.ackAll();
    setNote(result.ok ? { ok: true, text: `Acked all ${count.toLocaleString('en-US')}` } : { ok: false, text: `Failed: ${result.error}` });
  }, [pane]);

  const exportListed = useCallback(() => {
    downloadText(`${config.subscriptionId}.ndjson`, exportNdjson(view), 'application/x-ndjson');
  }, [config.subscriptionId, view]);
  // Stable, so the memoised toolbar skips the re-render the pane does on every frame.
  const pause = useCallback(() => store.pause(), [store]);
  const resume = useCallback(() => store.resume(), [store]);
  const clear = useCallback(() => store.clear(), [store]);

  const unacked = manualAck ? pane.unackedCount() : null;

  return (
    <section
      aria-label={`Subscription ${config.subscriptionId}`}
      className="flex min-w-0 flex-col gap-2 rounded-lg border border-zinc-200 bg-white p-3 shadow-sm dark:border-zinc-800 dark:bg-zinc-900"
    >
      <PaneHeader
        config={config}
        statusText={describePaneStatus(status, snapshot.paused)}
        snapshot={snapshot}
        listed={listed}
        filtering={filtering}
        unacked={unacked}
        queueNote={queueNote}
      />
      <PaneToolbar
        query={query}
        onQueryChange={setQuery}
        paused={snapshot.paused}
        waiting={snapshot.pausedWaiting}
        onPause={pause}
        onResume={resume}
        onClear={clear}
        newestFirst={newestFirst}
        onNewestFirstChange={setNewestFirst}
        onExport={exportListed}
        capacity={snapshot.capacity}
        onCapacityChange={onCapacityChange}
        onUnsubscribe={onUnsubscribe}
      />
      {manualAck ? (
        <AckControls unacked={unacked ?? 0} requeue={requeue} onRequeueChange={setRequeue} onAckAll={ackAll} note={note} />
      ) : null}
      <MessageList
        messages={view}
        version={snapshot.version}
        newestFirst={newestFirst}
        settling={settling}
        emptyText={emptyText(filtering, snapshot.paused, snapshot.count)}
      />
    </section>
  );
}

function emptyText(filtering: boolean, paused: boolean, count: number): string {
  if (filtering && count > 0) return 'No message in view matches the filter.';
  if (paused) return 'Paused: new messages wait until you resume.';
  return 'No messages yet.';
}
