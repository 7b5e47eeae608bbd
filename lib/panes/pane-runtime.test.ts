import { describe, expect, it, vi } from 'vitest';
import type {
  ConnectionState,
  ReceivedFrame,
  ReceivingConnection,
  SubscriptionHandlers,
} from '@/lib/stomp/connection';
import { SEQUENCE_HEADER } from '@/lib/delivery/tally';
import type { PaneMessage } from '@/lib/messages/message';
import { paneConfigSchema, type PaneConfig } from './pane-config-schema';
import { ACK_ON_RECEIPT_MS, describeSettled, PaneRuntime } from './pane-runtime';
import { SentBodies } from '@/lib/watch/sent-bodies';

/** A connection that records ACK/NACK and lets the test deliver frames and change state. */
class ScriptedConnection implements ReceivingConnection {
  state: ConnectionState = { status: 'connected' } as ConnectionState;
  readonly url = 'ws://test/ws';
  readonly settled: string[] = [];
  private handlers: SubscriptionHandlers | null = null;
  private stateListeners = new Set<(state: ConnectionState) => void>();
  onStateChange(listener: (state: ConnectionState) => void) {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }
  configure() {}
  connect() {}
  async disconnect() {}
  async close() {}
  subscriptionIds() {
    return [];
  }
  subscriptionState() {
    return undefined;
  }
  subscribe(_spec: unknown, handlers: SubscriptionHandlers) {
    this.handlers = handlers;
    return { ok: true as const, value: undefined };
  }
  unsubscribe() {}
  ack(ackId: string) {
    this.settled.push(`ack ${ackId}`);
    return { ok: true as const, value: undefined };
  }
  nack(ackId: string, _sub: string, requeue: boolean) {
    this.settled.push(`nack ${ackId} ${requeue}`);
    return { ok: true as const, value: undefined };
  }
  deliver(frame: ReceivedFrame) {
    this.handlers!.onMessage(frame);
  }
  setState(state: ConnectionState) {
    this.state = state;
    for (const listener of this.stateListeners) listener(state);
  }
}

let deliveryTag = 0;

/** A MESSAGE frame as RabbitMQ writes it: a fresh ack id and message-id on every delivery. */
function frame(
  body: string,
  headers: Record<string, string> = {},
  redelivered = false,
): ReceivedFrame {
  const tag = ++deliveryTag;
  return {
    headers: {
      destination: '/exchange/amq.topic/orders.eu',
      'message-id': `T_p@@session-1@@${tag}`,
      ack: `T_p@@session-1@@${tag}`,
      subscription: 'p',
      redelivered: String(redelivered),
      'content-length': String(body.length),
      ...headers,
    },
    isBinaryBody: false,
    binaryBody: new TextEncoder().encode(body),
    body,
  };
}

function setup(ackMode: PaneConfig['ackMode'] = 'client-individual', ackOnReceipt = false) {
  const connection = new ScriptedConnection();
  const flushes: (() => void)[] = [];
  const config = paneConfigSchema.parse({
    key: 'p',
    subscriptionId: 'p',
    destination: '/queue/q',
    ackMode,
    prefetchCount: 5,
    ...(ackOnReceipt ? { ackOnReceipt } : {}),
  });
  const pane = new PaneRuntime(config, connection, true, (callback) => {
    flushes.push(callback);
    return () => {};
  });
  pane.attach();
  const received: PaneMessage[] = [];
  const snapshot = () => {
    for (const flush of flushes.splice(0)) flush();
    received.splice(0, received.length, ...pane.store.messages().toArray());
    return pane.store.getSnapshot();
  };
  return { connection, pane, snapshot, received };
}

describe('PaneRuntime counting', () => {
  it('counts a foreign message nacked with requeue and redelivered once, with one redelivery beside it', () => {
    const { connection, pane, snapshot, received } = setup();
    connection.deliver(
      frame('{"order":1}', { 'content-type': 'application/json', 'x-team': 'eu' }),
    );
    connection.deliver(
      frame('{"order":2}', { 'content-type': 'application/json', 'x-team': 'eu' }),
    );
    expect(snapshot()).toMatchObject({ count: 2, redelivered: 0, shown: 2 });
    const first = received[0]!;
    expect(pane.nack(first, true).ok).toBe(true);
    expect(pane.ackState(first)).toBe('requeued');

    connection.deliver(
      frame('{"order":1}', { 'content-type': 'application/json', 'x-team': 'eu' }, true),
    );
    expect(snapshot()).toMatchObject({ count: 2, redelivered: 1, shown: 3 });
    const again = received[2]!;
    expect(again.redelivered).toBe(true);
    expect(pane.ackState(again)).toBe('unacked');
    expect(pane.unackedCount()).toBe(2);
  });

  it('counts a redelivered message it never saw before as a message (and as redelivered)', () => {
    const { connection, snapshot } = setup();
    connection.deliver(frame('left unacked by another consumer', {}, true));
    expect(snapshot()).toMatchObject({ count: 1, redelivered: 1 });
  });

  it('counts an identical message that is not a redelivery as a new message', () => {
    const { connection, pane, snapshot, received } = setup();
    connection.deliver(frame('same'));
    snapshot();
    pane.nack(received[0]!, true);
    connection.deliver(frame('same'));
    expect(snapshot()).toMatchObject({ count: 2, redelivered: 0 });
  });

  it('a NACK without requeue expects nothing back: a later redelivered twin counts', () => {
    const { connection, pane, snapshot, received } = setup();
    connection.deliver(frame('dropped'));
    snapshot();
    pane.nack(received[0]!, false);
    expect(pane.ackState(received[0]!)).toBe('nacked');
    connection.deliver(frame('dropped', {}, true));
    expect(snapshot()).toMatchObject({ count: 2, redelivered: 1 });
  });

  it('matches as many redeliveries as messages requeued, two twins included', () => {
    const { connection, pane, snapshot, received } = setup();
    connection.deliver(frame('twin'));
    connection.deliver(frame('twin'));
    snapshot();
    pane.nack(received[0]!, true);
    pane.nack(received[1]!, true);
    connection.deliver(frame('twin', {}, true));
    connection.deliver(frame('twin', {}, true));
    connection.deliver(frame('twin', {}, true));
    expect(snapshot()).toMatchObject({ count: 3, redelivered: 3 });
  });

  it("recognises the dashboard's own messages by their sequence header", () => {
    const { connection, pane, snapshot, received } = setup();
    connection.deliver(frame('ours', { [SEQUENCE_HEADER]: 'run:1' }));
    snapshot();
    pane.nack(received[0]!, true);
    connection.deliver(frame('ours', { [SEQUENCE_HEADER]: 'run:1' }, true));
    expect(snapshot()).toMatchObject({ count: 1, redelivered: 1 });
    expect(pane.deliveries.get('run')).toEqual({ received: 1, redelivered: 1 });
  });

  it('marks messages unacked when their connection closed as requeued, and counts their redelivery once', () => {
    const { connection, pane, snapshot, received } = setup();
    connection.deliver(frame('a'));
    connection.deliver(frame('b'));
    snapshot();
    pane.ack(received[0]!);
    connection.setState({ status: 'reconnecting', reason: 'gone' } as ConnectionState);
    expect(pane.ackState(received[0]!)).toBe('acked');
    expect(pane.ackState(received[1]!)).toBe('requeued');
    expect(pane.unackedCount()).toBe(0);
    connection.setState({ status: 'connected' } as ConnectionState);
    connection.deliver(frame('b', {}, true));
    expect(snapshot()).toMatchObject({ count: 2, redelivered: 1 });
  });

  it('Clear resets the redeliveries with the count', () => {
    const { connection, pane, snapshot } = setup('auto');
    connection.deliver(frame('x', {}, true));
    expect(snapshot()).toMatchObject({ count: 1, redelivered: 1 });
    pane.store.clear();
    expect(snapshot()).toMatchObject({ count: 0, redelivered: 0 });
  });
});

describe('PaneRuntime ack states', () => {
  it('has no ack state in auto mode', () => {
    const { connection, pane, snapshot, received } = setup('auto');
    connection.deliver(frame('x'));
    snapshot();
    expect(pane.ackState(received[0]!)).toBeNull();
  });

  it('an ACK in client mode settles every earlier message as acked', () => {
    const { connection, pane, snapshot, received } = setup('client');
    for (const body of ['a', 'b', 'c']) connection.deliver(frame(body));
    snapshot();
    pane.ack(received[1]!);
    expect(received.map((m) => pane.ackState(m))).toEqual(['acked', 'acked', 'unacked']);
    expect(connection.settled).toHaveLength(1);
  });

  it('refuses to settle a message twice', () => {
    const { connection, pane, snapshot, received } = setup();
    connection.deliver(frame('a'));
    snapshot();
    expect(pane.ack(received[0]!).ok).toBe(true);
    expect(pane.nack(received[0]!, true).ok).toBe(false);
    expect(pane.ackState(received[0]!)).toBe('acked');
  });
});

describe('describeSettled', () => {
  it('names the message by number and routing key, never by ack id', () => {
    expect(describeSettled({ seq: 7, routingKey: 'orders.eu' }, 'acked', 'client-individual')).toBe(
      'Acked #7 (orders.eu)',
    );
    expect(describeSettled({ seq: 3, routingKey: 'q' }, 'requeued', 'client-individual')).toBe(
      'Nacked #3 (q), requeued',
    );
    expect(describeSettled({ seq: 3, routingKey: '' }, 'nacked', 'client')).toBe(
      'Nacked #3 (empty routing key) and every earlier message, not requeued',
    );
  });
});

describe('PaneRuntime watching and requeueing (issue: watch without stealing)', () => {
  function watchSetup(overrides: Partial<PaneConfig>, sent?: SentBodies) {
    const connection = new ScriptedConnection();
    const config = paneConfigSchema.parse({
      key: 'w',
      subscriptionId: 'w',
      destination: '/queue/q',
      ...overrides,
    });
    const flushes: (() => void)[] = [];
    const schedule = (callback: () => void) => {
      flushes.push(callback);
      return () => {};
    };
    const pane = new PaneRuntime(config, connection, true, schedule, sent);
    pane.attach();
    const flush = () => flushes.splice(0).forEach((callback) => callback());
    return { connection, pane, flush };
  }

  it('Subscribe with requeue: each message is NACKed with requeue as soon as it is recorded', () => {
    const { connection, pane, flush } = watchSetup({ ackMode: 'client', requeueAll: true });
    connection.deliver(frame('a'));
    connection.deliver(frame('b'));
    expect(connection.settled).toEqual([
      `nack T_p@@session-1@@${deliveryTag - 1} true`,
      `nack T_p@@session-1@@${deliveryTag} true`,
    ]);
    expect(pane.unackedCount()).toBe(0);
    flush();
    const [first] = pane.store.messages().toArray();
    expect(pane.ackState(first!)).toBe('requeued');
  });

  it('a watch pane tallies deliveries per consumer and finds the tags of the dashboard’s own bodies', () => {
    const sent = new SentBodies();
    sent.record('', 'q', 'job 1', 'run1:1');
    sent.record('', 'q', 'job 1', 'run1:2');
    const { connection, pane } = watchSetup(
      { destination: '/exchange/amq.rabbitmq.trace/deliver.q' },
      sent,
    );
    const trace = (connection: string) => ({
      destination: '/exchange/amq.rabbitmq.trace/deliver.q',
      connection,
      channel: '1',
    });
    connection.deliver(frame('job 1', trace('127.0.0.1:1 -> x')));
    connection.deliver(frame('job 1', trace('127.0.0.1:2 -> x')));
    connection.deliver(frame('someone else', trace('127.0.0.1:2 -> x')));
    expect(pane.consumerTally?.counts().map((c) => c.count)).toEqual([2, 1]);
    expect(pane.deliveries.get('run1').received).toBe(2);
  });
});

describe('PaneRuntime ack on receipt (a durable pane)', () => {
  it('acks what arrived with one cumulative ACK soon after, and counts a redelivery after a drop once', () => {
    vi.useFakeTimers();
    try {
      const { connection, pane, snapshot } = setup('client', true);
      connection.deliver(frame('a', { [SEQUENCE_HEADER]: 'run-1' }));
      connection.deliver(frame('b', { [SEQUENCE_HEADER]: 'run-2' }));
      expect(connection.settled).toEqual([]);
      vi.advanceTimersByTime(ACK_ON_RECEIPT_MS);
      expect(connection.settled).toEqual([`ack T_p@@session-1@@${deliveryTag}`]);
      expect(pane.unackedCount()).toBe(0);

      // Unacked when the connection drops: redelivered, shown marked, not counted again.
      connection.deliver(frame('c', { [SEQUENCE_HEADER]: 'run-3' }));
      connection.setState({ status: 'reconnecting' } as ConnectionState);
      connection.setState({ status: 'connected' } as ConnectionState);
      connection.deliver(frame('c', { [SEQUENCE_HEADER]: 'run-3' }, true));
      expect(snapshot()).toMatchObject({ count: 3, redelivered: 1 });
      vi.advanceTimersByTime(ACK_ON_RECEIPT_MS);
      expect(pane.unackedCount()).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });

  it('does not count again a message it acked whose ACK the dying broker never processed', () => {
    vi.useFakeTimers();
    try {
      const { connection, snapshot } = setup('client', true);
      connection.deliver(frame('a'));
      vi.advanceTimersByTime(ACK_ON_RECEIPT_MS); // the ACK goes out…
      connection.setState({ status: 'reconnecting' } as ConnectionState); // …and is lost
      connection.setState({ status: 'connected' } as ConnectionState);
      connection.deliver(frame('a', {}, true));
      connection.deliver(frame('b'));
      expect(snapshot()).toMatchObject({ count: 2, redelivered: 1 });
    } finally {
      vi.useRealTimers();
    }
  });

  it('leaves acking to the user without the option', () => {
    vi.useFakeTimers();
    try {
      const { connection, pane } = setup('client');
      connection.deliver(frame('a'));
      vi.advanceTimersByTime(ACK_ON_RECEIPT_MS * 10);
      expect(connection.settled).toEqual([]);
      expect(pane.unackedCount()).toBe(1);
    } finally {
      vi.useRealTimers();
    }
  });
});
