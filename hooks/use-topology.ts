'use client';

import { useEffect, useState, useSyncExternalStore } from 'react';
import type { Dashboard } from '@/lib/dashboard/dashboard';
import type { PaneRuntime } from '@/lib/panes/pane-runtime';
import { TopologyStore, type TopologyState } from '@/lib/management/topology-store';

export type { TopologyState } from '@/lib/management/topology-store';

const OFF: TopologyState = { status: 'off' };

/**
 * The broker's queues, bindings and consumers around the panes: a bridge to a
 * {@link TopologyStore}, which polls and hands the broker's facts to the dashboard itself.
 */
export function useTopology(
  dashboard: Dashboard,
  panes: readonly PaneRuntime[],
  online: boolean,
  credentials: { login: string; passcode: string; vhost: string },
): TopologyState {
  const [store] = useState(
    () => new TopologyStore({ onFacts: (facts) => dashboard.setBrokerFacts(facts) }),
  );
  const { login, passcode, vhost } = credentials;
  useEffect(() => {
    store.configure({
      panes: panes.map((pane) => ({
        key: pane.key,
        subscriptionId: pane.config.subscriptionId,
        destination: pane.config.destination,
      })),
      online,
      login,
      passcode,
      vhost,
    });
  }, [store, panes, online, login, passcode, vhost]);
  // Stopped on unmount; the effect above starts it again (StrictMode mounts twice).
  useEffect(() => () => store.stop(), [store]);
  return useSyncExternalStore(store.subscribe, store.getSnapshot, () => OFF);
}
