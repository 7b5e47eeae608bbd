'use client';

import { useCallback, useLayoutEffect, useRef, useState, type UIEvent } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { MessageWindow } from '@/lib/messages/pane-store';
import { MessageRow, type RowSettling } from '@/components/message-row';

export type { RowSettling } from '@/components/message-row';

const ROW_HEIGHT = 28;
const EXPANDED_ESTIMATE = 320;

interface MessageListProps {
  /** The rows, oldest first; live, so read only in the render for `version`. */
  messages: MessageWindow;
  /** The store snapshot version the rows belong to; the window changes only with it. */
  version: number;
  newestFirst: boolean;
  /** Shown instead of rows when there are none. */
  emptyText: string;
  /** Present when the pane acknowledges manually: adds `Ack` and `Nack` to every row. */
  settling?: RowSettling;
}

/**
 * The pane's messages, virtualised: only the rows in view (plus a few) exist in the DOM, so a
 * window of 200,000 messages costs what 20 do. Newest-first maps a row index onto the window
 * from the end instead of copying it. At the live edge (top when newest-first, bottom when
 * oldest-first) new messages come into view; scrolled away from it, the rows being read stay put.
 */
export function MessageList({
  messages,
  version,
  newestFirst,
  emptyText,
  settling,
}: MessageListProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const [expanded, setExpanded] = useState<ReadonlySet<number>>(() => new Set());
  // Scrolled away from the live edge (the top when newest-first, the bottom when oldest-first).
  const [away, setAway] = useState(false);
  const size = messages.size;
  const at = (index: number) => messages.get(newestFirst ? size - 1 - index : index);
  // A new getItemKey makes the virtualizer re-walk every row of the window (5,000 by default),
  // so it changes only when it must. With no row expanded every row is the same height and a
  // position is a fine key: stable across flushes, so a flush costs the visible rows only.
  // With rows expanded, keys are arrival numbers, so a measured height follows its message as
  // new ones push it down; that costs the walk on every flush, but only while a row is open.
  const anyExpanded = expanded.size > 0;
  const getItemKey = useCallback(
    (index: number) =>
      anyExpanded
        ? (messages.get(newestFirst ? messages.size - 1 - index : index)?.seq ?? -index - 1)
        : index,
    // The window is live: the same object holds other rows once `version` moves on.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [messages, newestFirst, anyExpanded, anyExpanded ? version : 0],
  );

  // Not compiled by React Compiler; rows are memoised by hand instead.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: size,
    getScrollElement: () => scrollRef.current,
    // Collapsed rows are all one height, so only expanded rows are measured: measuring every row
    // (a ResizeObserver per row, re-created as rows scroll by at 10k msg/s) cost more than rendering.
    estimateSize: (index) =>
      anyExpanded && expanded.has(at(index)?.seq ?? -1) ? EXPANDED_ESTIMATE : ROW_HEIGHT,
    // Under a flood every rendered row is rewritten on every publish; rows out of view are only cost.
    overscan: 2,
    getItemKey,
    // Away from the live edge, the virtualizer keeps the rows being read in place as rows come and go.
    // At the edge that costs a walk over every row per frame for nothing, so it is off there.
    anchorTo: away ? 'end' : 'start',
  });

  // A new order starts at its live edge.
  useLayoutEffect(() => {
    if (newestFirst) virtualizer.scrollToOffset(0);
    else virtualizer.scrollToEnd();
  }, [virtualizer, newestFirst]);

  // Oldest-first at the bottom follows new messages (newest-first at the top sees them without help).
  useLayoutEffect(() => {
    if (!newestFirst && !away) virtualizer.scrollToEnd();
  }, [virtualizer, version, newestFirst, away]);

  const onToggle = useCallback((seq: number) => {
    setExpanded((current) => {
      const next = new Set(current);
      if (!next.delete(seq)) next.add(seq);
      return next;
    });
  }, []);

  // A collapsed row goes back to the fixed height: drop the measurements taken while expanded.
  useLayoutEffect(() => {
    virtualizer.measure();
  }, [virtualizer, expanded]);

  const onScroll = (event: UIEvent<HTMLDivElement>) => {
    const el = event.currentTarget;
    const fromEdge = newestFirst ? el.scrollTop : el.scrollHeight - el.scrollTop - el.clientHeight;
    const isAway = fromEdge > ROW_HEIGHT / 2;
    if (isAway !== away) setAway(isAway);
  };

  return (
    <div className="relative min-h-0 flex-1">
      <div
        ref={scrollRef}
        onScroll={onScroll}
        // Strict containment makes the list a layout boundary: rows changing every frame never
        // make the browser lay out the rest of the page. Its size comes from the pane it fills.
        className="h-full min-h-24 overflow-auto rounded-md border border-zinc-200 bg-white [contain:strict] dark:border-zinc-800 dark:bg-zinc-900"
      >
        {/* Its own compositing layer, so rewriting rows repaints the list, not the whole page. */}
        <div
          role="list"
          aria-label="Messages"
          className="relative min-h-full w-full [will-change:transform]"
          style={{ height: virtualizer.getTotalSize() }}
        >
          {virtualizer.getVirtualItems().map((item) => {
            const message = at(item.index);
            if (!message) return null;
            const isExpanded = expanded.has(message.seq);
            return (
              <div
                // Keyed by position, not message: at the live edge, where every visible row shows
                // a new message each frame, React then rewrites their text in place instead of
                // building and discarding DOM (the row's detail is keyed by message inside).
                key={item.index}
                role="listitem"
                data-index={item.index}
                ref={isExpanded ? virtualizer.measureElement : undefined}
                className={`absolute top-0 left-0 w-full border-b border-zinc-100 dark:border-zinc-800/70 ${isExpanded ? '[contain:layout_paint]' : 'h-7 [contain:strict]'}`}
                style={{ transform: `translateY(${item.start}px)` }}
              >
                <MessageRow
                  message={message}
                  expanded={isExpanded}
                  unacked={settling?.isUnacked(message) ?? false}
                  settling={settling}
                  onToggle={onToggle}
                />
              </div>
            );
          })}
        </div>
      </div>
      {size === 0 ? (
        <p className="pointer-events-none absolute inset-0 grid place-items-center p-4 text-center text-sm text-zinc-600 dark:text-zinc-400">
          {emptyText}
        </p>
      ) : null}
    </div>
  );
}
