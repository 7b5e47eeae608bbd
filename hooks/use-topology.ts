'use client';

import { useEffect, useState } from 'react';
import type { Topology } from '@/lib/management/topology';
import type { ExchangeType } from '@/lib/routing/predict';
import type { PaneRuntime } from '@/lib/panes/pane-runtime';

export type TopologyState =
  | { status: 'off' }
  | { status: 'loading' }
  | {
      status: 'ok';
      topology: Topology;
      destinations: string[];
      /** What the broker has, for delivery predictions. */
      facts: { exchangeTypes: Record<string, ExchangeType>; queues: string[] };
      updatedAt: number;
    }
  /** The management API is read with the user's own login, and none was given (or no passcode). */
  | { status: 'needs-credentials' }
  | { status: 'error'; reason: string };

const REFRESH_MS = 5000;
/** The management API lists a new consumer a few seconds after its SUBSCRIBE: look again then. */
const CATCH_UP_MS = [1500, 5000];

/** The management client and topology builder, loaded on first Connect: offline they are not needed. */
const loadTopologyModules = () =>
  Promise.all([import('@/lib/management/client'), import('@/lib/management/topology')]);

/**
 * The broker's queues, bindings and consumers around the panes, through the dashboard's own
 * locked-down management route. Refreshes every few seconds and soon after panes change.
 */
export function useTopology(
  panes: readonly PaneRuntime[],
  online: boolean,
  credentials: { login: string; passcode: string; vhost: string },
): TopologyState {
  const [state, setState] = useState<TopologyState>({ status: 'off' });
  const { login, passcode, vhost } = credentials;

  useEffect(() => {
    if (!online) return;
    const controller = new AbortController();
    let cancelled = false;
    const load = async () => {
      let modules: Awaited<ReturnType<typeof loadTopologyModules>>;
      try {
        modules = await loadTopologyModules();
      } catch (error) {
        const reason = `The topology code could not be loaded (${error instanceof Error ? error.message : String(error)}); reload the page.`;
        if (!cancelled) setState({ status: 'error', reason });
        return;
      }
      if (cancelled) return;
      const [{ fetchTopologyLists }, { buildTopology, exchangeTypesOf, suggestNames }] = modules;
      const lists = await fetchTopologyLists({ vhost, credentials: { login, passcode }, signal: controller.signal });
      if (cancelled) return;
      if (!lists.ok) {
        const noLogin =
          lists.kind === 'credentials-required' || (lists.kind === 'unauthorized' && passcode === '');
        setState(noLogin ? { status: 'needs-credentials' } : { status: 'error', reason: lists.error });
        return;
      }
      const topology = buildTopology({
        panes: panes.map((pane) => ({
          key: pane.key,
          subscriptionId: pane.config.subscriptionId,
          destination: pane.config.destination,
        })),
        ...lists.value,
      });
      const { destinations } = suggestNames(lists.value.exchanges, lists.value.queues);
      const facts = {
        exchangeTypes: exchangeTypesOf(lists.value.exchanges),
        queues: lists.value.queues.map((queue) => queue.name),
      };
      setState({ status: 'ok', topology, destinations, facts, updatedAt: Date.now() });
    };
    void load();
    const timers = [
      ...CATCH_UP_MS.map((delay) => setTimeout(() => void load(), delay)),
    ];
    const interval = setInterval(() => void load(), REFRESH_MS);
    return () => {
      cancelled = true;
      controller.abort();
      timers.forEach(clearTimeout);
      clearInterval(interval);
    };
  }, [panes, online, login, passcode, vhost]);

  return online ? state : { status: 'off' };
}
