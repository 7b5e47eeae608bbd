import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Capture } from '@/lib/capture/validate';
import { BulkSender, type SendConnection } from '@/lib/send/bulk-sender';
import type { SendClock } from '@/lib/send/clock';
import type { StompConnection } from '@/lib/stomp/connection';
import { FakeBroker, testConnection } from '@/lib/stomp/testing/fake-broker';
import { planReplay } from './replay-plan';

function capture(paneDestination = '/exchange/amq.topic/orders.#'): Capture {
  return {
    pane: { id: 'sub-1', destination: paneDestination },
    startedAt: '2024-05-01T12:00:00.000Z',
    messages: [
      {
        line: 2,
        offsetMs: 0,
        destination: '/topic/orders.eu',
        routingKey: 'orders.eu',
        headers: { 'message-id': 'm1', 'x-a': 'ünï', 'x-stompwatch-seq': 'r:1' },
        body: 'one',
      },
      {
        line: 3,
        offsetMs: 100,
        destination: '/topic/orders.us',
        routingKey: 'orders.us',
        headers: { subscription: 's', 'content-type': 'application/octet-stream' },
        body: new Uint8Array([0xff, 0, 0xfe]),
      },
      {
        line: 4,
        offsetMs: 300,
        destination: '/topic/orders.eu',
        routingKey: 'orders.eu',
        headers: {},
        body: '{"n":3}',
      },
    ],
    routingKeys: new Map([
      ['orders.eu', 2],
      ['orders.us', 3],
    ]),
  };
}

describe('planReplay', () => {
  it('sends each message where it came through, with its own headers, less the delivery ones', () => {
    const plan = planReplay(capture(), { pacing: { kind: 'speed', factor: 10 } });
    if (!plan.ok) throw new Error(plan.error);
    const { job, destinations, summary } = plan.value;
    expect(destinations).toEqual([
      '/exchange/amq.topic/orders.eu',
      '/exchange/amq.topic/orders.us',
    ]);
    expect(job.count).toBe(3);
    expect(job.perMessage?.message(1)).toEqual({
      destination: '/exchange/amq.topic/orders.eu',
      headers: { 'x-a': 'ünï' },
      body: 'one',
    });
    expect(job.perMessage?.message(2).body).toEqual(new Uint8Array([0xff, 0, 0xfe]));
    expect([1, 2, 3].map((i) => job.perMessage?.dueOffsetMs?.(i))).toEqual([0, 10, 30]);
    expect(summary).toBe('Replaying 3 messages to 2 destinations at ×10 (about 0.0 s).');
  });

  it('sends everything to one destination when given', () => {
    const plan = planReplay(capture(), { to: '/queue/replayed', pacing: { kind: 'fastest' } });
    if (!plan.ok) throw new Error(plan.error);
    expect(plan.value.destinations).toEqual(['/queue/replayed']);
    expect(plan.value.job.perMessage?.dueOffsetMs).toBeUndefined();
    expect(plan.value.summary).toBe('Replaying 3 messages to /queue/replayed as fast as possible.');
  });

  it('refuses a bad destination before anything is sent', () => {
    const plan = planReplay(capture(), { to: '/nowhere/x', pacing: { kind: 'original' } });
    expect(plan.ok).toBe(false);
    if (!plan.ok) expect(plan.error).toMatch(/^Nothing was sent: /);
  });

  it('refuses a destination a routing key would give, naming its first line', () => {
    const plan = planReplay(capture('/exchange/amq.topic/orders.#'), {
      to: undefined,
      pacing: { kind: 'original' },
    });
    expect(plan.ok).toBe(true);
    const bad = capture();
    bad.routingKeys = new Map([
      ['orders.eu', 2],
      ['bad\nkey', 3],
    ]);
    const refused = planReplay(bad, { pacing: { kind: 'original' } });
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error).toMatch(/^Nothing was sent: line 3 would go to /);
  });
});

describe('a replay on the bulk sender', () => {
  const connections: StompConnection[] = [];
  afterEach(async () => {
    await Promise.all(connections.splice(0).map((conn) => conn.disconnect()));
  });

  /** Virtual time: sleeps advance it, nothing waits for real. */
  function fakeClock(): SendClock & { time: number } {
    const clock = {
      time: 0,
      now: () => clock.time,
      sleep: (ms: number, abort?: AbortSignal) =>
        new Promise<void>((resolve) =>
          setImmediate(() => {
            if (!abort?.aborted) clock.time += ms;
            resolve();
          }),
        ),
      yield: () => new Promise<void>((resolve) => setImmediate(resolve)),
    };
    return clock;
  }

  async function run(dropAfterSend: number | null) {
    const broker = new FakeBroker();
    broker.dropAfterSend = dropAfterSend;
    const conn = testConnection(broker.factory);
    connections.push(conn);
    conn.connect();
    await vi.waitFor(() => expect(conn.state.status).toBe('connected'));
    const clock = fakeClock();
    const sent: { at: number; destination: string; body: string | Uint8Array; headers: object }[] =
      [];
    const wrapped: SendConnection = {
      get state() {
        return conn.state;
      },
      onStateChange: (listener) => conn.onStateChange(listener),
      watchForReceipt: (id, callback) => conn.watchForReceipt(id, callback),
      bufferedAmount: () => conn.bufferedAmount(),
      publish: (destination, body, headers) => {
        sent.push({ at: clock.now(), destination, body, headers: { ...headers } });
        return conn.publish(destination, body, headers);
      },
    };
    const plan = planReplay(capture(), { pacing: { kind: 'original' } });
    if (!plan.ok) throw new Error(plan.error);
    const sender = new BulkSender(wrapped, { clock });
    sender.start({ ...plan.value.job, sequenceHeader: { name: 'x-seq', runId: 'r' } });
    return { final: await sender.settled(), sent };
  }

  it('sends every message once, at its time, with its destination, headers and bytes', async () => {
    const { final, sent } = await run(null);
    expect(final).toMatchObject({ status: 'done', sent: 3, confirmed: 3 });
    expect(sent.map((s) => s.at)).toEqual([0, 100, 300]);
    expect(sent.map((s) => s.destination)).toEqual([
      '/exchange/amq.topic/orders.eu',
      '/exchange/amq.topic/orders.us',
      '/exchange/amq.topic/orders.eu',
    ]);
    expect(sent[1]!.body).toEqual(new Uint8Array([0xff, 0, 0xfe]));
    expect(sent[0]!.headers).toMatchObject({ 'x-a': 'ünï', 'x-seq': 'r:1' });
    expect(sent[1]!.headers).not.toHaveProperty('subscription');
  });

  it('survives a dropped connection and counts exactly', async () => {
    const { final, sent } = await run(2);
    expect(final).toMatchObject({ status: 'done', sent: 3, reconnects: 1 });
    expect(sent.map((s) => (s.headers as Record<string, string>)['x-seq'])).toEqual([
      'r:1',
      'r:2',
      'r:3',
    ]);
  });
});
