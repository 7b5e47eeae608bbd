'use client';

import { useCallback, useSyncExternalStore } from 'react';
import type { PaneRuntime, PaneStatus } from '@/lib/panes/pane-runtime';
import type { PaneSnapshot } from '@/lib/messages/pane-store';

/** The pane's message store snapshot; changes at most once per animation frame. */
export function usePaneSnapshot(pane: PaneRuntime): PaneSnapshot {
  const subscribe = useCallback((listener: () => void) => pane.store.subscribe(listener), [pane]);
  const getSnapshot = useCallback(() => pane.store.getSnapshot(), [pane]);
  return useSyncExternalStore(subscribe, getSnapshot, getSnapshot);
}

/** The pane's connection and subscription status; changes on state transitions only. */
export function usePaneStatus(pane: PaneRuntime): PaneStatus {
  const subscribe = useCallback((listener: () => void) => pane.onStatus(listener), [pane]);
  const getSnapshot = useCallback(() => pane.status, [pane]);
  return useSyncExternalStore(subscribe, getSnapshot, getSnapshot);
}
