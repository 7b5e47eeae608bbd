'use client';

import { useRef, useState, type KeyboardEvent } from 'react';
import { rovingIndex } from '@/lib/util/roving-index';

export interface DestinationChipsProps {
  destinations: readonly string[];
  onPick: (destination: string) => void;
}

/** Key names for a row of chips: Left/Right as well as Up/Down move along it. */
const KEYS: Record<string, string> = { ArrowLeft: 'ArrowUp', ArrowRight: 'ArrowDown' };

/** Destinations to send to in one click: one tab stop for the group, arrow keys, Home and End move. */
export function DestinationChips({ destinations, onPick }: DestinationChipsProps) {
  const [active, setActive] = useState(0);
  const group = useRef<HTMLDivElement>(null);
  const current = Math.min(active, destinations.length - 1);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const next = rovingIndex(KEYS[event.key] ?? event.key, current, destinations.length, 1);
    if (next === null) return;
    event.preventDefault();
    setActive(next);
    group.current?.querySelectorAll<HTMLButtonElement>('button')[next]?.focus();
  };

  return (
    <div
      ref={group}
      role="group"
      aria-label="Destinations in use"
      onKeyDown={onKeyDown}
      className="-mt-1 flex flex-wrap gap-1 text-xs"
    >
      {destinations.map((destination, index) => (
        <button
          key={destination}
          type="button"
          tabIndex={index === current ? 0 : -1}
          onFocus={() => setActive(index)}
          onClick={() => onPick(destination)}
          className="rounded border border-zinc-300 px-1.5 py-0.5 font-mono text-zinc-600 outline-none hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-sky-600 dark:border-zinc-700 dark:text-zinc-300 dark:hover:bg-zinc-800 dark:focus-visible:outline-sky-400"
        >
          {destination}
        </button>
      ))}
    </div>
  );
}
