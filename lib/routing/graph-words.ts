import type { TopologyLists } from '@/lib/management/client';
import type { DeliveryStatus } from './delivery-report';
import type { QueueInfo } from './graph-types';

/** The routing graph's words: a queue node's lines and side-card details, verdicts. */

type BrokerQueue = TopologyLists['queues'][number];

export function queueLines(
  queue: QueueInfo,
  counts: number[],
  brokerQueue: BrokerQueue | undefined,
): string[] {
  const lines: string[] = [];
  if (queue.members.length > 1 && !queue.sharing.stream) lines.push(`split ${counts.join(' / ')}`);
  else if (queue.members.length > 1) lines.push(`stream: each reads all (${counts.join(' / ')})`);
  const flags = brokerQueue
    ? [
        brokerQueue.type ?? 'classic',
        brokerQueue.durable ? 'durable' : 'transient',
        ...(brokerQueue.auto_delete ? ['auto-delete'] : []),
      ]
    : [
        queue.sharing.kind === 'private'
          ? 'private'
          : queue.sharing.kind === 'named'
            ? 'named'
            : 'durable subscription',
      ];
  lines.push(flags.join(' · '));
  // The broker's count trails new subscriptions by a few seconds; the panes are consumers already.
  const consumers = Math.max(brokerQueue?.consumers ?? 0, queue.members.length);
  lines.push(
    `${plural(consumers, 'consumer')}${brokerQueue?.messages_ready ? ` · ${brokerQueue.messages_ready} ready` : ''}`,
  );
  return lines;
}

export function queueDetails(
  queue: QueueInfo,
  brokerQueue: BrokerQueue | undefined,
  missing: boolean,
): string[] {
  const details = [
    queue.members.length > 1
      ? `${queue.members.map((pane) => pane.label).join(', ')} take turns on this queue (round-robin): each message goes to one of them.`
      : `Only ${queue.members[0]?.label ?? 'one pane'} reads this queue: it gets every message routed here.`,
  ];
  if (missing)
    details.push(`The broker has no queue ${queue.label}: the subscription consumes nothing.`);
  const stats = brokerQueue?.message_stats;
  if (stats) {
    const rate = (value: number | undefined) => (value ?? 0).toFixed(1);
    details.push(
      `Broker’s rates (lag up to 5 s): in ${rate(stats.publish_details?.rate)}/s, out ${rate(stats.deliver_get_details?.rate)}/s.`,
    );
  } else if (!brokerQueue) {
    details.push('The broker has not reported this queue yet.');
  }
  return details;
}

export function verdictWords(status: DeliveryStatus, detail: string): string {
  if (status === 'not-subscribed-yet') return `missing: ${detail}`;
  if (status === 'missing') return `missing: ${detail}`;
  if (status === 'unexpected') return `unpredicted: ${detail}`;
  return detail;
}

export const shownKey = (key: string) => (key === '' ? '""' : key);
export const plural = (count: number, unit: string) => `${count} ${unit}${count === 1 ? '' : 's'}`;
