'use client';

import { useCallback, useMemo } from 'react';
import type { Dashboard } from '@/lib/dashboard/dashboard';
import type { DashboardSnapshot, NewPane } from '@/lib/dashboard/dashboard-types';
import type { TopologyState } from '@/lib/management/topology-store';
import { checkBeforeConsuming, checkPanesBeforeConsuming } from '@/lib/watch/consume-check';
import type { Workspace } from '@/lib/workspace/workspace';
import { sameTarget } from '@/lib/workspace/remembered-passcode';
import type { ConsumeCheck } from '@/lib/watch/consume-warning';
import { watchTargetOf } from '@/lib/watch/firehose';
import type { WatchContextValue } from '@/components/watch-context';
import { useFirehose } from '@/hooks/use-firehose';
import type { PaneRuntime } from '@/lib/panes/pane-runtime';

/** A pane of an imported file that would take other consumers' messages, with why. */
export interface ImportToTell {
  subscriptionId: string;
  queue: string;
  text: string;
}

/** Panes whose SUBSCRIBE is live (or on its way): their consumers are this page's own. */
function subscribedConfigs(panes: readonly PaneRuntime[]) {
  return panes
    .filter((pane) => ['subscribed', 'subscribing'].includes(pane.status.subscription.status))
    .map((pane) => pane.config);
}

/**
 * Everything about watching without consuming that the page wires together: the check before
 * a pane consumes from a queue others consume, and what watch panes read (firehose state,
 * the broker's routing, the keys of the dashboard's own sends).
 */
export function useWatch(
  dashboard: Dashboard,
  snapshot: DashboardSnapshot,
  topology: TopologyState,
  passcode: string,
): {
  checkConsume: (pane: NewPane) => Promise<ConsumeCheck>;
  checkImport: (workspace: Workspace) => Promise<ImportToTell[]>;
  context: WatchContextValue;
} {
  const { vhost, login } = snapshot.form;
  const watching = snapshot.panes.some((pane) => watchTargetOf(pane.config.destination) !== null);
  const firehose = useFirehose(watching && snapshot.online, vhost, { login, passcode });
  const lists = topology.status === 'ok' ? topology.lists : null;
  // Checked only when its SUBSCRIBE goes out at once: while disconnected (or while a workspace
  // naming another broker waits), the pane waits too, and Connect checks it against that broker.
  const live = snapshot.online && snapshot.connectionNotice === null;
  // Read when asked: a pane's subscription state changes without a new list of panes.
  const ownPanes = useCallback(() => subscribedConfigs(dashboard.getSnapshot().panes), [dashboard]);
  const checkConsume = useCallback(
    async (pane: NewPane): Promise<ConsumeCheck> =>
      live
        ? checkBeforeConsuming(pane, {
            lists,
            ownPanes: ownPanes(),
            vhost,
            credentials: { login, passcode },
          })
        : { kind: 'none' },
    [live, lists, ownPanes, vhost, login, passcode],
  );
  const checkImport = useCallback(
    async (workspace: Workspace) => {
      // A file naming another broker, login or vhost holds its panes until Connect; so does any
      // file while disconnected: Connect checks them then (lib/watch/connect-check.ts).
      if (!live || !sameTarget(snapshot.form, workspace.connection)) return [];
      const told = await checkPanesBeforeConsuming(workspace.panes, {
        lists,
        ownPanes: ownPanes(),
        vhost,
        credentials: { login, passcode },
      });
      return told.map(({ pane, check }) => ({
        subscriptionId: pane.subscriptionId,
        queue: check.queue,
        text: check.text,
      }));
    },
    [live, lists, ownPanes, snapshot.form, vhost, login, passcode],
  );
  const context = useMemo<WatchContextValue>(
    () => ({
      vhost,
      firehose,
      routing:
        topology.status === 'ok'
          ? {
              types: topology.facts.exchangeTypes,
              bindings: topology.lists.bindings,
              queues: topology.facts.queues,
            }
          : null,
      knownKey: (exchange, body) => dashboard.sentBodies.keyOf(exchange, body),
    }),
    [vhost, firehose, topology, dashboard],
  );
  return { checkConsume, checkImport, context };
}
