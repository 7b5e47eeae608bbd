'use client';

import { useMemo } from 'react';
import type { PaneRuntime } from '@/lib/panes/pane-runtime';
import { queueSharing, toPaneLike } from '@/lib/routing/predict';

export interface QueueNote {
  shared: boolean;
  text: string;
}

/** Per pane, in words: its own queue (fan-out) or a queue it takes turns on (round-robin). */
export function useQueueNotes(panes: readonly PaneRuntime[]): Map<string, QueueNote> {
  return useMemo(() => {
    const sharing = queueSharing(panes.map((pane) => toPaneLike(pane.config)));
    const labels = new Map(panes.map((pane) => [pane.key, pane.config.subscriptionId]));
    const notes = new Map<string, QueueNote>();
    for (const [key, queue] of sharing) {
      if (queue.stream) {
        notes.set(key, {
          shared: false,
          text: `${queue.queue} (a stream): every consumer reads every message`,
        });
      } else if (queue.sharedWith.length > 0) {
        const others = queue.sharedWith.map((other) => labels.get(other) ?? other).join(', ');
        notes.set(key, {
          shared: true,
          text: `shares ${queue.queue} with ${others}: round-robin, each message to one of them`,
        });
      } else if (queue.kind === 'private') {
        notes.set(key, {
          shared: false,
          text: 'own queue: a copy of every matching message (fan-out)',
        });
      } else {
        notes.set(key, {
          shared: false,
          text: `${queue.queue}, no other pane on it: gets every message it holds`,
        });
      }
    }
    return notes;
  }, [panes]);
}
