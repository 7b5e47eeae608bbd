import type { ManagementCredentials } from '@/lib/management/protocol';
import type { TopologyLists } from '@/lib/management/client';
import {
  checkConsume,
  consumedQueue,
  type ConsumeCheck,
  type ConsumingPane,
} from './consume-warning';

export interface ConsumeCheckContext {
  /** The topology poll's last lists, when it has answered. */
  lists: TopologyLists | null;
  /** Subscription ids of this dashboard's panes. */
  ownSubscriptionIds: ReadonlySet<string>;
  vhost: string;
  credentials: ManagementCredentials;
  /** Passed to the management client; the global `fetch` when absent. */
  fetchImpl?: typeof fetch;
}

/**
 * Decides, before anything is sent, whether subscribing `pane` would take messages from a
 * queue other programs consume: first from the topology poll's last answer, then (the poll
 * lags: the broker lists a consumer a few seconds after it subscribed, and the poll runs every
 * 5 s) by reading `/api/consumers/<vhost>` on the spot through the dashboard's management route.
 * When neither can answer, the result is `unknown`, with the reason.
 */
export async function checkBeforeConsuming(
  pane: ConsumingPane,
  context: ConsumeCheckContext,
): Promise<ConsumeCheck> {
  if (consumedQueue(pane) === null) return { kind: 'none' };
  const base = { pane, ownSubscriptionIds: context.ownSubscriptionIds };
  if (context.lists) {
    const polled = checkConsume({ ...base, ...context.lists });
    if (polled.kind === 'warn') return polled;
  }
  const { fetchManagement } = await import('@/lib/management/client');
  const consumers = await fetchManagement('consumers', {
    vhost: context.vhost,
    credentials: context.credentials,
    fetchImpl: context.fetchImpl,
  });
  if (!consumers.ok) {
    return checkConsume({ ...base, consumers: null, unknownReason: consumers.error });
  }
  return checkConsume({ ...base, consumers: consumers.value, queues: context.lists?.queues });
}
