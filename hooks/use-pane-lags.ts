'use client';

import { useMemo, useState } from 'react';
import type { TopologyState } from '@/lib/management/topology-store';
import { LagTrend, type PaneLag } from '@/lib/panes/pane-lag';

const NONE: ReadonlyMap<string, PaneLag> = new Map();

/** Per pane key, how far behind the broker it is, from each topology poll (see {@link LagTrend}). */
export function usePaneLags(topology: TopologyState): ReadonlyMap<string, PaneLag> {
  const [trend] = useState(() => new LagTrend());
  // `update` ignores a poll it has already seen, so running this twice is harmless.
  return useMemo(
    () => (topology.status === 'ok' ? trend.update(topology.topology, topology.updatedAt) : NONE),
    [trend, topology],
  );
}
