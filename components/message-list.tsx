'use client';

import {
  useLayoutEffect,
  useRef,
  useState,
  type FocusEvent,
  type KeyboardEvent,
  type UIEvent,
} from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { PaneMessage } from '@/lib/messages/message';
import type { MessageWindow } from '@/lib/messages/pane-store';
import { rovingIndex } from '@/lib/util/roving-index';
import { MessageRow, type RowSettling } from '@/components/message-row';

export type { RowSettling } from '@/components/message-row';

const ROW_HEIGHT = 28;

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
  /** Arrival number of the message whose detail is open, if any. */
  openSeq: number | null;
  /** Opens a message's detail (or closes it, for the open one). */
  onOpen: (message: PaneMessage) => void;
}

/**
 * The pane's messages, virtualised: only the rows in view (plus a few) exist in the DOM, so a
 * window of 200,000 messages costs what 20 do. Newest-first maps a row index onto the window
 * from the end instead of copying it. At the live edge (top when newest-first, bottom when
 * oldest-first) new messages come into view; scrolled away from it, the rows being read stay put.
 *
 * One tab stop for the whole list (roving focus): ArrowUp/ArrowDown, PageUp/PageDown, Home and
 * End move it, scrolling the row into view; Enter opens the detail; `a` / `n` ack / nack.
 */
export function MessageList({
  messages,
  version,
  newestFirst,
  emptyText,
  settling,
  openSeq,
  onOpen,
}: MessageListProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  // Scrolled away from the live edge (the top when newest-first, the bottom when oldest-first).
  const [away, setAway] = useState(false);
  // The row position holding the tab stop, and one the keyboard moved to that still needs focus.
  const [active, setActive] = useState(0);
  const pendingFocus = useRef<number | null>(null);
  const size = messages.size;
  const at = (index: number) => messages.get(newestFirst ? size - 1 - index : index);

  // Not compiled by React Compiler; rows are memoised by hand instead.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: size,
    getScrollElement: () => scrollRef.current,
    // Every row is one height (the detail opens beside the list), so nothing is measured.
    estimateSize: () => ROW_HEIGHT,
    // Under a flood every rendered row is rewritten on every publish; rows out of view are only cost.
    overscan: 2,
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

  const items = virtualizer.getVirtualItems();
  // Focus a row the keyboard moved to as soon as the virtualizer has rendered it.
  useLayoutEffect(() => {
    const index = pendingFocus.current;
    if (index === null) return;
    const row = scrollRef.current?.querySelector<HTMLElement>(`[data-index="${index}"] [data-row]`);
    if (row) {
      pendingFocus.current = null;
      row.focus({ preventScroll: true });
    }
  });

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const current = Math.min(active, size - 1);
    if (
      settling &&
      (event.key === 'a' || event.key === 'n') &&
      !event.ctrlKey &&
      !event.metaKey &&
      !event.altKey
    ) {
      const message = at(current);
      if (message && settling.ackState(message) === 'unacked') {
        event.preventDefault();
        if (event.key === 'a') settling.onAck(message);
        else settling.onNack(message);
      }
      return;
    }
    const page = Math.max(
      1,
      Math.floor((scrollRef.current?.clientHeight ?? ROW_HEIGHT) / ROW_HEIGHT) - 1,
    );
    const next = rovingIndex(event.key, current, size, page);
    if (next === null) return;
    event.preventDefault();
    const rendered = items.some((item) => item.index === next);
    // The focused row may be recycled before the target is rendered: hold focus on the list meanwhile.
    if (!rendered) scrollRef.current?.focus({ preventScroll: true });
    pendingFocus.current = next;
    setActive(next);
    virtualizer.scrollToIndex(next, { align: 'auto' });
  };

  const onFocus = (event: FocusEvent<HTMLDivElement>) => {
    const index = Number(
      (event.target as HTMLElement).closest('[data-index]')?.getAttribute('data-index'),
    );
    if (Number.isInteger(index) && index !== active) setActive(index);
  };

  const onScroll = (event: UIEvent<HTMLDivElement>) => {
    const el = event.currentTarget;
    const fromEdge = newestFirst ? el.scrollTop : el.scrollHeight - el.scrollTop - el.clientHeight;
    const isAway = fromEdge > ROW_HEIGHT / 2;
    if (isAway !== away) setAway(isAway);
  };

  // The tab stop stays on the active row while it is rendered, else on the first rendered row.
  const activeIndex = Math.min(active, size - 1);
  const tabStop = items.some((item) => item.index === activeIndex)
    ? activeIndex
    : (items[0]?.index ?? -1);

  return (
    <div className="relative min-h-0 flex-1">
      <div
        ref={scrollRef}
        tabIndex={-1}
        onScroll={onScroll}
        onKeyDown={onKeyDown}
        onFocus={onFocus}
        // Strict containment makes the list a layout boundary: rows changing every frame never
        // make the browser lay out the rest of the page. Its size comes from the pane it fills.
        className="h-full min-h-24 overflow-auto rounded-md border border-zinc-200 bg-white [contain:strict] outline-none dark:border-zinc-800 dark:bg-zinc-900"
      >
        {/* Its own compositing layer, so rewriting rows repaints the list, not the whole page. */}
        <div
          role="list"
          aria-label="Messages"
          className="relative min-h-full w-full [will-change:transform]"
          style={{ height: virtualizer.getTotalSize() }}
        >
          {items.map((item) => {
            const message = at(item.index);
            if (!message) return null;
            return (
              <div
                // Keyed by position, not message: at the live edge, where every visible row shows
                // a new message each frame, React then rewrites their text in place instead of
                // building and discarding DOM.
                key={item.index}
                role="listitem"
                data-index={item.index}
                className="absolute top-0 left-0 h-7 w-full border-b border-zinc-100 [contain:strict] dark:border-zinc-800/70"
                style={{ transform: `translateY(${item.start}px)` }}
              >
                <MessageRow
                  message={message}
                  open={message.seq === openSeq}
                  tabStop={item.index === tabStop}
                  state={settling?.ackState(message) ?? null}
                  settling={settling}
                  onOpen={onOpen}
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
