import { getOrAdd } from '../util/maps';
import { type Destination, type DestinationRole, formatDestination } from './destination';
import { builtInExchangeType } from './exchange-types';
import type { Prediction, PredictOptions } from './predict';
import type {
  Flags,
  PaneLike,
  PaneQueue,
  QueueArgs,
  QueueKind,
  QueueModel,
  SendTarget,
} from './queue-model';
import { compileTopicPattern } from './topic';

/**
 * The plain words of routing, in one place: how destinations, queues, matches and misses are
 * named, the caveats of a prediction and its summary. The logic that decides lives in
 * predict.ts and queue-model.ts; this module only says it.
 */

/** A routing key or pattern as shown in sentences: the empty one visibly so. */
export function shown(text: string): string {
  return text === '' ? '"" (empty)' : text;
}

export function exchangeName(exchange: string): string {
  return exchange === '' ? 'the default exchange' : exchange;
}

export function matchReason(target: SendTarget, pattern: string): string {
  const key = target.routingKey;
  switch (target.type) {
    case 'topic':
      return `pattern ${shown(pattern)} matches ${shown(key)}`;
    case 'unknown':
      return `pattern ${shown(pattern)} matches ${shown(key)} (assuming ${target.exchange} is a topic exchange)`;
    case 'direct':
      return `binding key ${shown(pattern)} equals routing key ${shown(key)} on direct exchange ${target.exchange}`;
    case 'fanout':
      return `bound to fanout exchange ${target.exchange}, which copies every message to every bound queue`;
    case 'headers':
      return `bound to headers exchange ${target.exchange} without binding arguments, which matches every message`;
  }
}

export function missReason(target: SendTarget, pattern: string): string {
  const key = target.routingKey;
  if (target.type === 'direct') {
    return `binding key ${shown(pattern)} is not exactly ${shown(key)} (direct exchange ${target.exchange} compares keys literally)`;
  }
  const assumed =
    target.type === 'unknown' ? ` (assuming ${target.exchange} is a topic exchange)` : '';
  return `pattern ${shown(pattern)} does not match ${shown(key)}${assumed}${wildcardHint(pattern, key)}`;
}

/** A hint when `*` where `#` was meant is why a pattern misses. */
function wildcardHint(pattern: string, key: string): string {
  if (!pattern.split('.').includes('*')) return '';
  const widened = pattern
    .split('.')
    .map((word) => (word === '*' ? '#' : word))
    .join('.');
  return compileTopicPattern(widened)(key)
    ? ': * matches exactly one word, # matches any number of words'
    : '';
}

export function joinWords(words: readonly string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} and ${words.at(-1) ?? ''}`;
}

export function duplicateIdCaveats(panes: readonly PaneLike[]): string[] {
  const byConnectionAndId = new Map<string, PaneLike[]>();
  for (const pane of panes) {
    getOrAdd(byConnectionAndId, `${pane.connectionKey}\u0000${pane.subscriptionId}`, () => []).push(
      pane,
    );
  }
  return [...byConnectionAndId.values()]
    .filter((group) => group.length > 1)
    .map((group) => {
      const first = group[0];
      return `${joinWords(group.map((pane) => pane.label))} use subscription id ${first?.subscriptionId ?? ''} on the same connection: RabbitMQ closes that whole connection at the second SUBSCRIBE ("Duplicated subscription identifier"), so none of its panes receive anything until it reconnects.`;
    });
}

/** Conflicting declarations of one queue: RabbitMQ refuses the later one and closes its connection. */
export function declarationCaveats(queue: QueueModel): string[] {
  const caveats: string[] = [];
  const declarations = queue.declarations;
  const first = declarations[0];
  let mismatched = false;
  if (first && declarations.length > 1) {
    const byFlags = new Map<string, { flags: Flags; labels: string[] }>();
    for (const d of declarations) {
      getOrAdd(byFlags, describeFlags(d.flags), () => ({ flags: d.flags, labels: [] })).labels.push(
        d.pane.label,
      );
    }
    if (byFlags.size > 1) {
      mismatched = true;
      const variants = [...byFlags.values()];
      const exclusiveDiffers = variants.some((v) => v.flags.exclusive !== first.flags.exclusive);
      const othersDiffer = variants.some(
        (v) =>
          v.flags.durable !== first.flags.durable || v.flags.autoDelete !== first.flags.autoDelete,
      );
      const codes = [
        othersDiffer ? 'PRECONDITION_FAILED' : '',
        exclusiveDiffers ? 'RESOURCE_LOCKED' : '',
      ]
        .filter(Boolean)
        .join(' or ');
      const list = [...byFlags.entries()]
        .map(([flags, v]) => `${joinWords(unique(v.labels))} as ${flags}`)
        .join('; ');
      caveats.push(
        `${sentenceStart(queueRef(queue))} is declared with different flags (${list}): RabbitMQ refuses whichever SUBSCRIBE comes second (${codes}) and closes its connection. Give them the same durable, auto-delete and exclusive settings.`,
      );
    }
    const argNames: [keyof QueueArgs, string][] = [
      ['messageTtlMs', 'x-message-ttl'],
      ['maxLength', 'x-max-length'],
      ['queueType', 'x-queue-type'],
    ];
    for (const [arg, header] of argNames) {
      const values = new Set(declarations.map((d) => String(d.args[arg] ?? 'none')));
      if (values.size > 1) {
        caveats.push(
          `${sentenceStart(queueRef(queue))} is declared with different ${header} values (${[...values].join(', ')}) by ${joinWords(unique(declarations.map((d) => d.pane.label)))}: RabbitMQ refuses whichever SUBSCRIBE comes second (PRECONDITION_FAILED) and closes its connection.`,
        );
      }
    }
  }
  const owners = declarations.filter((d) => d.flags.exclusive);
  const connections = new Set(queue.members.map((pane) => pane.connectionKey));
  if (owners.length > 0 && connections.size > 1 && !mismatched) {
    const ownerLabels = joinWords(unique(owners.map((d) => d.pane.label)));
    const hint =
      queue.kind === 'named' || queue.kind === 'durable-subscription'
        ? ' Set exclusive:false on their subscriptions to share it across connections.'
        : '';
    caveats.push(
      `${sentenceStart(queueRef(queue))} is exclusive (declared so by ${ownerLabels}), so only one connection may use it: the panes on other connections are refused (RESOURCE_LOCKED) and their connection is closed.${hint}`,
    );
  }
  return caveats;
}

/** `queue jobs`, `the private queue of A`, `the durable queue of subscription x for a.#`. */
export function queueRef(queue: { kind: QueueKind; display: string }): string {
  return queue.kind === 'named' ? `queue ${queue.display}` : `the ${queue.display}`;
}

export function sentenceStart(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function describeFlags(flags: Flags): string {
  const yesNo = (on: boolean, word: string) => (on ? word : `not ${word}`);
  return [
    yesNo(flags.durable, 'durable'),
    yesNo(flags.autoDelete, 'auto-delete'),
    yesNo(flags.exclusive, 'exclusive'),
  ].join(', ');
}

export function unique(words: readonly string[]): string[] {
  return [...new Set(words)];
}

/** A SEND to `/queue/Q` declares Q durable, not exclusive, not auto-delete; `labels` declared it otherwise. */
export function sendDeclarationClash(name: string, labels: readonly string[]): string {
  return `A SEND to /queue/${name} declares queue ${name} as durable, not exclusive and not auto-delete, but ${joinWords(unique(labels))} declared it otherwise: RabbitMQ refuses the SEND's declaration and closes the sending connection. Send to /amq/queue/${name}, which declares nothing.`;
}

/** What to know about the SEND itself; `loses` when the broker would certainly lose the messages. */
export function sendCaveats(
  target: SendTarget,
  options: PredictOptions,
): { text: string; loses: boolean }[] {
  const caveats: { text: string; loses: boolean }[] = [];
  const info = (text: string) => caveats.push({ text, loses: false });
  const loss = (text: string) => caveats.push({ text, loses: true });
  const { exchange } = target;
  if (target.type === 'unknown') {
    info(
      `The type of exchange ${exchange} is unknown, so this prediction assumes topic semantics. If ${exchange} is a direct exchange only identical binding keys match; if it is fanout or headers, every pane bound to it gets a copy.`,
    );
    if (options.exchangeTypes) {
      loss(
        `Exchange ${exchange} is not among the known exchanges: if it does not exist, RabbitMQ closes the sending connection (NOT_FOUND) and subscriptions to it fail the same way.`,
      );
    }
  }
  if (target.type === 'headers') {
    info(
      `${exchange} is a headers exchange: it ignores routing keys and routes on message headers. STOMP subscriptions bind without arguments, which RabbitMQ treats as matching every message, so every pane bound to it is predicted to get a copy; queues bound elsewhere with x-match arguments are not visible here.`,
    );
  }
  if (
    target.destination.kind === 'amq-queue' &&
    options.queues &&
    !options.queues.has(target.destination.queue)
  ) {
    const name = target.destination.queue;
    loss(
      `Queue ${name} was not among the broker's queues a moment ago. If it still does not exist, RabbitMQ drops a SEND to /amq/queue/${name} without an error, and confirms its receipt all the same: nothing arrives anywhere. /amq/queue/ declares nothing; send to /queue/${name} to have the queue created.`,
    );
  }
  if (
    exchange !== '' &&
    target.type !== 'fanout' &&
    target.type !== 'headers' &&
    /[*#]/.test(target.routingKey)
  ) {
    info(
      `On SEND, "*" and "#" are not wildcards: the routing key is the literal text ${target.routingKey}.`,
    );
  }
  return caveats;
}

export function nothingReachedCaveat(target: SendTarget): string {
  const key = target.routingKey;
  switch (target.destination.kind) {
    case 'queue':
      return `No pane consumes queue ${shown(key)}: the messages wait in it (a SEND to /queue/ declares it) until someone subscribes.`;
    case 'amq-queue':
    case 'reply-queue':
      return `No pane consumes queue ${shown(key)}: if it exists the messages wait there; if not, RabbitMQ drops them without telling the sender.`;
    default:
      return `No pane's queue is bound to ${exchangeName(target.exchange)} with a matching key: unless a queue outside this dashboard is, RabbitMQ drops these messages without telling the sender.`;
  }
}

/** A stream queue reached by a SEND: every consumer reads every message. */
export function streamCaveat(queue: QueueModel): string {
  return `${sentenceStart(queueRef(queue))} is a stream: each consumer reads every message from its starting offset (by default the next message published after it subscribed); STOMP consumers of a stream need ack:client and a prefetch-count.`;
}

/** Labels of panes: from `panesByKey` when given, else the prediction's own. */
export function paneLabeller(
  prediction: Prediction,
  panesByKey?: ReadonlyMap<string, { label: string }>,
): (key: string) => string {
  const own = new Map(prediction.panes.map((pane) => [pane.key, pane.label]));
  return (key) => panesByKey?.get(key)?.label ?? own.get(key) ?? key;
}

/** `about half each`, `about a third each`, `about 1/5 each`. */
export function shareWords(members: number): string {
  const names: Record<number, string> = { 2: 'half', 3: 'a third', 4: 'a quarter' };
  return `about ${names[members] ?? `1/${members}`} each`;
}

/**
 * The prediction in plain words for the UI.
 *
 * @example
 * // 'A and B each get a copy (fan-out: separate queues); C and D share one queue jobs
 * // (round-robin: about half each). E gets nothing: pattern orders.eu.* does not match orders.us.paid.'
 */
export function summarizePrediction(
  prediction: Prediction,
  panesByKey?: ReadonlyMap<string, { label: string }>,
): string {
  const label = paneLabeller(prediction, panesByKey);
  if (prediction.refused) return prediction.refused;
  const parts: string[] = [];
  const copies = prediction.groups.filter((group) => group.kind === 'copy');
  const streams = new Map<string, string[]>();
  const fanOut: string[] = [];
  for (const group of copies) {
    const labels = group.paneKeys.map(label);
    const sameQueue = copies.filter((other) => other.queue === group.queue).length > 1;
    if (group.queueKind === 'named' && sameQueue)
      getOrAdd(streams, group.queue, () => []).push(...labels);
    else fanOut.push(...labels);
  }
  if (fanOut.length === 1) parts.push(`${fanOut[0] ?? ''} gets every message`);
  else if (fanOut.length > 1)
    parts.push(`${joinWords(fanOut)} each get a copy (fan-out: separate queues)`);
  for (const [queue, labels] of streams) {
    parts.push(`${joinWords(labels)} each read every message of stream ${queue}`);
  }
  for (const group of prediction.groups.filter((g) => g.kind === 'round-robin')) {
    const queue =
      group.queueKind === 'named'
        ? `one queue ${group.queue}`
        : queueRef({ kind: group.queueKind, display: group.queue });
    parts.push(
      `${joinWords(group.paneKeys.map(label))} share ${queue} (round-robin: ${shareWords(group.paneKeys.length)})`,
    );
  }
  const sentences: string[] = [];
  if (parts.length > 0) sentences.push(`${parts.join('; ')}.`);
  else sentences.push('No pane gets these messages.');
  const byReason = new Map<string, string[]>();
  for (const { paneKey, reason } of prediction.notReached) {
    getOrAdd(byReason, reason, () => []).push(label(paneKey));
  }
  for (const [reason, labels] of byReason) {
    sentences.push(
      `${joinWords(labels)} ${labels.length === 1 ? 'gets' : 'get'} nothing: ${reason}.`,
    );
  }
  if (!prediction.certain && prediction.exchangeType === 'unknown') {
    sentences.push(`(Assuming ${prediction.exchange} is a topic exchange.)`);
  }
  return sentences.join(' ');
}

/**
 * A short plain-words explanation of what a destination does, for the UI. `role` picks the
 * SUBSCRIBE (default) or SEND point of view.
 *
 * @example describeDestination({ kind: 'topic', pattern: 'orders.#' })
 * // 'a private queue per subscriber bound to amq.topic with pattern orders.# (fan-out: every subscriber gets a copy)'
 */
export function describeDestination(d: Destination, role: DestinationRole = 'subscribe'): string {
  return role === 'subscribe' ? describeSubscribe(d) : describeSend(d, role);
}

function describeSubscribe(d: Destination): string {
  switch (d.kind) {
    case 'topic':
      return `a private queue per subscriber bound to amq.topic with pattern ${shown(d.pattern)} (fan-out: every subscriber gets a copy)`;
    case 'exchange': {
      const type = d.exchange === '' ? undefined : builtInExchangeType(d.exchange);
      const binding = type === 'fanout' ? '' : ` with pattern ${shown(d.pattern)}`;
      return `a private queue per subscriber bound to ${type ? `the ${type} exchange ` : 'exchange '}${d.exchange}${binding} (fan-out: every subscriber gets a copy)`;
    }
    case 'queue':
      return `the shared durable queue ${d.queue}, declared if missing (competing consumers: subscribers split the messages)`;
    case 'amq-queue':
      return `the existing queue ${d.queue}, which must already exist (competing consumers: subscribers split the messages)`;
    case 'temp-queue':
      return `a temporary reply address: put it in the reply-to header of a SEND and replies come back to this connection`;
    case 'reply-queue':
      return `the reply queue ${d.queue} of another client's request: SEND to it to answer`;
  }
}

function describeSend(d: Destination, role: 'send' | 'reply-to'): string {
  if (role === 'reply-to') {
    return d.kind === 'temp-queue'
      ? `replies come back to this connection on a private queue RabbitMQ creates for ${d.name}`
      : `the responder is asked to reply to ${formatDestination(d)}`;
  }
  switch (d.kind) {
    case 'topic':
      return `publishes to amq.topic with routing key ${shown(d.pattern)}: every subscription whose pattern matches gets a copy`;
    case 'exchange':
      return `publishes to exchange ${d.exchange} with routing key ${shown(d.pattern)}`;
    case 'queue':
      return `publishes to the durable queue ${d.queue} (declared if missing): one subscriber gets each message`;
    case 'amq-queue':
      return `publishes to the existing queue ${d.queue}: one subscriber gets each message`;
    case 'temp-queue':
      return `not a SEND target: use it as the reply-to header`;
    case 'reply-queue':
      return `answers a request by publishing to its reply queue ${d.queue}`;
  }
}

/** What a pane header says about its queue: `shared` when it takes turns with other panes. */
export type QueueNote = { shared: boolean; text: string };

/**
 * Per pane, in words: its own queue (fan-out), a stream, or a queue it takes turns on
 * (round-robin) with the panes `otherLabels` names and `outside` consumers that are not panes
 * of this dashboard (the broker's count).
 */
export function queueNote(
  queue: PaneQueue,
  otherLabels: readonly string[],
  outside = 0,
): QueueNote {
  if (queue.stream) {
    return { shared: false, text: `${queue.queue} (a stream): every consumer reads every message` };
  }
  if (otherLabels.length > 0 || outside > 0) {
    const others = [
      ...otherLabels,
      ...(outside > 0
        ? [
            `${outside} consumer${outside === 1 ? '' : 's'} outside this dashboard (the broker's count)`,
          ]
        : []),
    ];
    return {
      shared: true,
      text: `shares ${queue.queue} with ${others.join(' and ')}: round-robin, each message to one of them`,
    };
  }
  if (queue.kind === 'private') {
    return { shared: false, text: 'own queue: a copy of every matching message (fan-out)' };
  }
  return {
    shared: false,
    text: `${queue.queue}, no other pane on it: gets every message it holds`,
  };
}
