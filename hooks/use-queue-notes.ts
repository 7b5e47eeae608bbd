'use client';

import { useMemo } from 'react';
import type { Topology } from '@/lib/management/topology';
import type { PaneRuntime } from '@/lib/panes/pane-runtime';
import { outsideConsumers } from '@/lib/routing/outside-consumers';
import { queueSharing, toPaneLike } from '@/lib/routing/queue-model';
import { type QueueNote, queueNote } from '@/lib/routing/wording';

/**
 * Per pane, in words: its own queue (fan-out) or a queue it takes turns on (round-robin), with
 * other panes or with consumers outside this dashboard (from the topology poll, when it runs).
 */
export function useQueueNotes(
  panes: readonly PaneRuntime[],
  topology: Topology | null,
): Map<string, QueueNote> {
  return useMemo(() => {
    const sharing = queueSharing(panes.map((pane) => toPaneLike(pane.config)));
    const outside = outsideConsumers(topology);
    const labels = new Map(panes.map((pane) => [pane.key, pane.config.subscriptionId]));
    const notes = new Map<string, QueueNote>();
    for (const [key, queue] of sharing) {
      const others = queue.sharedWith.map((other) => labels.get(other) ?? other);
      notes.set(key, queueNote(queue, others, outside.get(key)));
    }
    return notes;
  }, [panes, topology]);
}
