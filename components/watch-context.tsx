'use client';

import { createContext, useContext } from 'react';
import type { FirehoseState } from '@/lib/watch/firehose';
import type { ExchangeRouting } from '@/lib/watch/publish-verdict';

/** What watch panes need from outside themselves: the firehose state and the broker's routing. */
export interface WatchContextValue {
  vhost: string;
  firehose: FirehoseState;
  /** The exchanges' types and bindings, from the topology poll; null until it answers. */
  routing: ExchangeRouting | null;
  /** The routing key the dashboard itself published `body` to `exchange` with, when it did. */
  knownKey: (exchange: string, body: string) => string | null;
}

export const WatchContext = createContext<WatchContextValue>({
  vhost: '/',
  firehose: { status: 'unknown' },
  routing: null,
  knownKey: () => null,
});

export const useWatchContext = () => useContext(WatchContext);
