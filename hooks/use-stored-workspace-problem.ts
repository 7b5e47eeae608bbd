'use client';

import { useSyncExternalStore } from 'react';
import { Emitter } from '@/lib/util/emitter';

// One page has one stored workspace, restored once by useDashboard; whatever shows the problem
// reads it here, so it needs no prop threaded through the dashboard's island.
let problem: string | null = null;
const changes = new Emitter<void>();
const subscribe = (listener: () => void) => changes.on(listener);

/** Records why the stored workspace was not restored (`null`: nothing to report). */
export function reportStoredWorkspaceProblem(reason: string | null): void {
  if (reason === problem) return;
  problem = reason;
  changes.emit();
}

/** Why the stored workspace was not restored on this visit, or `null`. */
export function useStoredWorkspaceProblem(): string | null {
  return useSyncExternalStore(
    subscribe,
    () => problem,
    () => null,
  );
}
