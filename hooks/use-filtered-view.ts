'use client';

import { useEffect, useMemo, useSyncExternalStore } from 'react';
import { FilteredView, type FilterProgress } from '@/lib/messages/filtered-view';
import type { MessageWindow, PaneStore } from '@/lib/messages/pane-store';

const DONE: FilterProgress = Object.freeze({ checked: 0, total: 0, done: true });
const noop = () => () => {};
const done = () => DONE;

/**
 * The pane's messages that match `query`, with how far the test of those already held has got.
 * A new query makes a new view whose run starts here and is cancelled when the query changes
 * again or the pane goes (start/stop are idempotent, so StrictMode's double effects are harmless).
 */
export function useFilteredView(
  store: PaneStore,
  query: string,
): { view: MessageWindow; progress: FilterProgress } {
  const view = useMemo(() => store.filteredView(query), [store, query]);
  const sliced = view instanceof FilteredView ? view : null;
  useEffect(() => sliced?.start(), [sliced]);
  const progress = useSyncExternalStore(
    sliced?.subscribe ?? noop,
    sliced?.getProgress ?? done,
    sliced?.getProgress ?? done,
  );
  return { view, progress };
}
