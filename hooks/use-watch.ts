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
  checkImport: (workspace: Workspace) => Promise<{ subscriptionId: string; text: string }[]>;
  context: WatchContextValue;
} {
  const { vhost, login } = snapshot.form;
  const watching = snapshot.panes.some((pane) => watchTargetOf(pane.config.destination) !== null);
  const firehose = useFirehose(watching && snapshot.online, vhost, { login, passcode });
  const lists = topology.status === 'ok' ? topology.lists : null;
  const checkConsume = useCallback(
    (pane: NewPane) =>
      checkBeforeConsuming(pane, {
        lists,
        ownSubscriptionIds: new Set(snapshot.panes.map((other) => other.config.subscriptionId)),
        vhost,
        credentials: { login, passcode },
      }),
    [lists, snapshot.panes, vhost, login, passcode],
  );
  // A file naming another broker, login or vhost holds its panes until Connect: checked then
  // against that broker, not this one (see README, "Watching a queue without consuming it").
  const checkImport = useCallback(
    async (workspace: Workspace) => {
      if (!sameTarget(snapshot.form, workspace.connection)) return [];
      const told = await checkPanesBeforeConsuming(workspace.panes, {
        lists,
        ownSubscriptionIds: new Set(snapshot.panes.map((other) => other.config.subscriptionId)),
        vhost,
        credentials: { login, passcode },
      });
      return told.map(({ pane, check }) => ({
        subscriptionId: pane.subscriptionId,
        text: check.text,
      }));
    },
    [lists, snapshot.form, snapshot.panes, vhost, login, passcode],
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
