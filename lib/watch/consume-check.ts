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
 * queue other programs consume: by reading `/api/consumers/<vhost>` on the spot through the
 * dashboard's management route (the topology poll runs every 5 s, so its answer may be
 * stale), else from the topology poll's last answer. When neither can answer, the result is
 * `unknown`, with the reason.
 */
export async function checkBeforeConsuming(
  pane: ConsumingPane,
  context: ConsumeCheckContext,
): Promise<ConsumeCheck> {
  if (consumedQueue(pane) === null) return { kind: 'none' };
  const base = { pane, ownSubscriptionIds: context.ownSubscriptionIds };
  const { fetchManagement } = await import('@/lib/management/client');
  const consumers = await fetchManagement('consumers', {
    vhost: context.vhost,
    credentials: context.credentials,
    fetchImpl: context.fetchImpl,
  });
  if (!consumers.ok) {
    if (context.lists) return checkConsume({ ...base, ...context.lists });
    return checkConsume({ ...base, consumers: null, unknownReason: consumers.error });
  }
  return checkConsume({ ...base, consumers: consumers.value, queues: context.lists?.queues });
}
