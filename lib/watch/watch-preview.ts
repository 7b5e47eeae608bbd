import type { Prediction } from '@/lib/routing/predict';
import { exchangeName } from '@/lib/routing/wording';
import { FIREHOSE_MARK, watchTargetOf, type FirehoseState } from './firehose';
import { publishVerdict, type ExchangeRouting } from './publish-verdict';

/** A pane as the Send form's preview needs it. */
export interface PreviewPane {
  key: string;
  subscriptionId: string;
  destination: string;
}

/** The preview of a send with the watch panes said apart. */
export interface WatchPreview {
  /** The prediction without the watch panes (it would say each "gets nothing"). */
  prediction: Prediction;
  /** One sentence per watch pane: whether it will see a copy of the send, and why. */
  watched: { paneKey: string; text: string }[];
}

/**
 * What the watch panes will see of a send. The routing prediction models a watch pane as any
 * subscription (its queue is bound to `amq.rabbitmq.trace`, which no SEND reaches) and so says
 * it gets nothing; yet the firehose copies every publish to a watched exchange, and every
 * delivery from a watched queue to its consumers, to the watch pane, which takes nothing. Those
 * panes are taken out of the prediction's "not reached" list and said here, in the words the
 * Delivery matrix and the graph use for what they count (`seen through the firehose`).
 *
 * @example previewWatchPanes(predictDelivery(panes, '/queue/jobs'), panes, null, { status: 'on' }).watched
 * // [{ paneKey: 'k-tap', text: 'tap: a copy of each message as a consumer of jobs gets it, seen through the firehose (took nothing)' }]
 */
export function previewWatchPanes(
  prediction: Prediction,
  panes: readonly PreviewPane[],
  routing: ExchangeRouting | null,
  firehose: FirehoseState,
): WatchPreview {
  const watched: WatchPreview['watched'] = [];
  const watchKeys = new Set<string>();
  const copy = (label: string, what: string) =>
    firehose.status === 'on'
      ? `${label}: ${what}, ${FIREHOSE_MARK}`
      : firehose.status === 'off'
        ? `${label} would see ${what}, but the firehose is off in this vhost: it sees nothing`
        : // Not read yet (or the management API did not answer): said as a condition, not a fact.
          `${label} would see ${what} if the firehose is on in this vhost (not known yet)`;
  for (const pane of panes) {
    const target = watchTargetOf(pane.destination);
    if (target === null) continue;
    watchKeys.add(pane.key);
    const label = pane.subscriptionId;
    let text: string;
    if (target.kind === 'exchange') {
      const sees = !prediction.refused && prediction.exchange === target.exchange;
      text = sees
        ? copy(label, `a copy of each message published to ${exchangeName(target.exchange)}`)
        : `${label} sees nothing of it: it watches what is published to ${exchangeName(target.exchange)}, and this send publishes to ${exchangeName(prediction.exchange)}`;
    } else {
      const reaches = reachesQueue(prediction, target.queue, routing);
      text =
        reaches === true
          ? copy(label, `a copy of each message as a consumer of ${target.queue} gets it`)
          : reaches === false
            ? `${label} sees nothing of it: the send does not reach queue ${target.queue}`
            : `${label}: a copy of each message if the send reaches queue ${target.queue} (the broker's bindings are not known yet)`;
    }
    watched.push({ paneKey: pane.key, text });
  }
  if (watchKeys.size === 0) return { prediction, watched };
  return {
    prediction: {
      ...prediction,
      notReached: prediction.notReached.filter(({ paneKey }) => !watchKeys.has(paneKey)),
    },
    watched,
  };
}

/** Whether the send reaches `queue`: true, false, or null when the broker's bindings are unknown. */
function reachesQueue(
  prediction: Prediction,
  queue: string,
  routing: ExchangeRouting | null,
): boolean | null {
  if (prediction.refused) return false;
  // The default exchange routes by queue name (a SEND to /queue/ declares the queue first).
  if (prediction.exchange === '') return prediction.routingKey === queue;
  if (prediction.groups.some((group) => group.queueKind === 'named' && group.queue === queue))
    return true;
  if (routing === null) return null;
  const verdict = publishVerdict(prediction.exchange, prediction.routingKey, routing);
  if (verdict.kind === 'routed') return verdict.to.includes(queue);
  return verdict.kind === 'dropped' ? false : null;
}
