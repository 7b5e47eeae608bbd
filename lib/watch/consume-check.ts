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
  /** This dashboard's panes that are subscribed now (see `ConsumeInput.ownPanes`). */
  ownPanes: readonly ConsumingPane[];
  vhost: string;
  credentials: ManagementCredentials;
  /** Passed to the management client; the global `fetch` when absent. */
  fetchImpl?: typeof fetch;
  /** Wait before asking again after the route's 429 (it allows 4 requests at once per client). */
  retryDelayMs?: number;
}

/** The topology poll may hold the route's 4 slots for a moment: a busy answer is retried. */
const BUSY_ATTEMPTS = 4;

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
  const [checked] = await checkPanesBeforeConsuming([pane], context);
  return checked?.check ?? { kind: 'none' };
}

/** A pane that needs telling before it consumes, with what to tell. */
export interface PaneToTell<P> {
  pane: P;
  check: Extract<ConsumeCheck, { kind: 'warn' | 'unknown' }>;
}

/**
 * {@link checkBeforeConsuming} for several panes at once (a workspace file about to be
 * imported, the panes a Connect holds back), with one read of the consumers; returns only the
 * panes that need telling.
 */
export async function checkPanesBeforeConsuming<P extends ConsumingPane>(
  panes: readonly P[],
  context: ConsumeCheckContext,
): Promise<PaneToTell<P>[]> {
  const consuming = panes.filter((pane) => consumedQueue(pane) !== null);
  if (consuming.length === 0) return [];
  const [{ fetchManagement }, { queueNames: namesOf }] = await Promise.all([
    import('@/lib/management/client'),
    import('./subscription-queue'),
  ]);
  const ask = () =>
    fetchManagement('consumers', {
      vhost: context.vhost,
      credentials: context.credentials,
      fetchImpl: context.fetchImpl,
    });
  let consumers = await ask();
  for (
    let attempt = 1;
    attempt < BUSY_ATTEMPTS && !consumers.ok && consumers.kind === 'too-many-requests';
    attempt++
  ) {
    await new Promise((resolve) => setTimeout(resolve, (context.retryDelayMs ?? 300) * attempt));
    consumers = await ask();
  }
  const ownPanes = context.ownPanes;
  const told: PaneToTell<P>[] = [];
  for (const pane of consuming) {
    const check = consumers.ok
      ? checkConsume({
          pane,
          namesOf,
          ownPanes,
          consumers: consumers.value,
          queues: context.lists?.queues,
        })
      : context.lists
        ? checkConsume({ pane, namesOf, ownPanes, ...context.lists })
        : checkConsume({
            pane,
            namesOf,
            ownPanes,
            consumers: null,
            unknownReason: consumers.error,
          });
    if (check.kind !== 'none') told.push({ pane, check });
  }
  return told;
}
