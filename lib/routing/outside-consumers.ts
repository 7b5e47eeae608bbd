import type { Topology } from '@/lib/management/topology';

/**
 * Consumers of each pane's queue that are not panes of this dashboard, as the broker last
 * counted them (the topology poll, up to ~5 s old): a `/queue/jobs` pane beside real workers
 * takes turns with them, which the panes alone cannot tell. Panes whose queue the broker has
 * not listed yet, or that have no one else on it, are left out.
 */
export function outsideConsumers(topology: Topology | null): Map<string, number> {
  const outside = new Map<string, number>();
  if (!topology) return outside;
  const panesOnQueue = new Map(topology.queues.map((queue) => [queue.name, queue.paneKeys.length]));
  for (const pane of topology.panes) {
    if (!pane.queue) continue;
    // A SUBSCRIBE shows in the broker's count a few seconds late: never below zero.
    const others = pane.queue.consumers - (panesOnQueue.get(pane.queue.name) ?? 1);
    if (others > 0) outside.set(pane.paneKey, others);
  }
  return outside;
}
