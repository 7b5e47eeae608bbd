'use client';

import { useCallback, useState } from 'react';
import { CaptureRecorder, type StopReason } from '@/lib/capture/recorder';
import type { PaneRuntime } from '@/lib/panes/pane-runtime';

interface Recording {
  recorder: CaptureRecorder;
  /** Removes the tap on the pane's messages. */
  off: () => void;
}

// Keyed by the pane itself, not held in a component: collapsing or moving a pane re-mounts its
// UI, and that must not end a recording.
const recordings = new WeakMap<PaneRuntime, Recording>();

/**
 * The pane's capture recording (the latest one, running or stopped), with start and stop.
 * The counters are read on each render; the pane re-renders as messages arrive.
 */
export function useRecording(pane: PaneRuntime) {
  const [, setVersion] = useState(0);
  const bump = useCallback(() => setVersion((n) => n + 1), []);
  const recording = recordings.get(pane);

  const start = useCallback(() => {
    recordings.get(pane)?.off();
    const recorder = new CaptureRecorder({
      id: pane.config.subscriptionId,
      destination: pane.config.destination,
    });
    const off = pane.onMessage((message) => {
      if (!recorder.record(message)) off();
    });
    recordings.set(pane, { recorder, off });
    bump();
  }, [pane, bump]);

  const stop = useCallback(
    (reason: StopReason = 'user') => {
      const current = recordings.get(pane);
      if (!current) return null;
      current.recorder.stop(reason);
      current.off();
      bump();
      return current.recorder;
    },
    [pane, bump],
  );

  return { recorder: recording?.recorder ?? null, start, stop };
}
