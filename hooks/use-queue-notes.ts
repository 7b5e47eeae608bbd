'use client';

import { useMemo } from 'react';
import type { PaneRuntime } from '@/lib/panes/pane-runtime';
import { queueSharing, toPaneLike } from '@/lib/routing/queue-model';
import { type QueueNote, queueNote } from '@/lib/routing/wording';

/** Per pane, in words: its own queue (fan-out) or a queue it takes turns on (round-robin). */
export function useQueueNotes(panes: readonly PaneRuntime[]): Map<string, QueueNote> {
  return useMemo(() => {
    const sharing = queueSharing(panes.map((pane) => toPaneLike(pane.config)));
    const labels = new Map(panes.map((pane) => [pane.key, pane.config.subscriptionId]));
    const notes = new Map<string, QueueNote>();
    for (const [key, queue] of sharing) {
      const others = queue.sharedWith.map((other) => labels.get(other) ?? other);
      notes.set(key, queueNote(queue, others));
    }
    return notes;
  }, [panes]);
}
