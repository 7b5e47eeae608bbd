'use client';

import { useEffect, useState } from 'react';
import { describeLag, type PaneLag } from '@/lib/panes/pane-lag';

/** Re-renders every `ms` so an age ("4 s ago") stays true while nothing else changes. */
function useNow(ms: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(timer);
  }, [ms]);
  return now;
}

/**
 * How many messages wait for the pane in the broker, with the age of the figure; in plain words
 * and amber once the backlog has grown for 10 s ("falling behind: 12,400 waiting in the broker").
 */
export function PaneLagBadge({ lag, ratePerSecond }: { lag: PaneLag; ratePerSecond: number }) {
  const now = useNow(1000);
  const { text, fallingBehind, age } = describeLag(lag, now, ratePerSecond);
  // Falling behind gets a line of its own under the header: in the crowded header row it would
  // be cut short exactly when it matters.
  return (
    <span
      aria-label="Broker backlog"
      title={`${text}, from the topology poll ${age} (the broker's own statistics lag up to 5 s); messages ready plus unacknowledged in ${lag.queue}`}
      className={
        fallingBehind
          ? 'block rounded bg-amber-100 px-1.5 py-0.5 text-xs font-semibold text-amber-900 tabular-nums dark:bg-amber-900/50 dark:text-amber-100'
          : 'min-w-0 shrink truncate px-1 text-zinc-700 tabular-nums dark:text-zinc-300'
      }
    >
      {text} <span className="font-normal">· {age}</span>
    </span>
  );
}
