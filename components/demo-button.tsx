'use client';

import { useState } from 'react';
import { Button } from '@/components/ui/button';

/** Sets up the original puzzle (a queue with two consumers, a topic with two subscribers) and sends. */
export function DemoButton({
  online,
  onRun,
  onNote,
  onRemove,
}: {
  online: boolean;
  onRun: () => Promise<string>;
  onNote: (note: string | null) => void;
  /** Set while the demo's panes are on screen. */
  onRemove: (() => Promise<void>) | null;
}) {
  const [running, setRunning] = useState(false);
  const run = async () => {
    setRunning(true);
    onNote('Setting up four panes and sending…');
    onNote(await onRun());
    setRunning(false);
  };
  return (
    <>
      <Button
        variant="primary"
        size="sm"
        onClick={() => void run()}
        disabled={!online || running}
        title={
          online
            ? 'Two panes on one queue, two on a topic pattern; 10 messages each'
            : 'Connect first'
        }
      >
        Competing consumers vs fan-out
      </Button>
      {onRemove ? (
        <Button
          size="sm"
          disabled={running}
          title="Remove the demo's panes, its queues and its rows in the Delivery matrix"
          onClick={() => {
            onNote(null);
            void onRemove();
          }}
        >
          Remove demo
        </Button>
      ) : null}
    </>
  );
}
