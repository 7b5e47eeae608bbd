import { afterEach, describe, expect, it, vi } from 'vitest';
import { type StompConnection } from '@/lib/stomp/connection';
import { FakeBroker, testConnection } from '@/lib/stomp/testing/fake-broker';
import { BulkSender, type SendConnection } from './bulk-sender';
import { describeProgress, type BulkSendJob, type BulkSendProgress } from './bulk-job';
import type { SendClock } from './clock';

const connections: StompConnection[] = [];

afterEach(async () => {
  await Promise.all(connections.splice(0).map((conn) => conn.disconnect()));
});

function setup() {
  const broker = new FakeBroker();
  const conn = testConnection(broker.factory);
  connections.push(conn);
  return { broker, conn };
}

function job(overrides: Partial<BulkSendJob> = {}): BulkSendJob {
  return {
    destination: '/topic/load',
    count: 2000,
    body: (i) => `message ${i}`,
    headers: { 'content-type': 'text/plain' },
    receipts: 'last',
    sequenceHeader: { name: 'x-seq', runId: 'run1' },
    ...overrides,
  };
}

function recordProgress(sender: BulkSender) {
  const seen: BulkSendProgress[] = [];
  sender.onProgress((p) => seen.push(p));
  return seen;
}

/** Sequence numbers the broker received, per socket. */
function sequence(broker: FakeBroker, socket?: number): number[] {
  return (
    broker
      .framesOf('SEND')
      .filter((f) => socket === undefined || f.socket === socket)
      // The fake records raw header values, escaped as STOMP 1.2 puts them on the wire.
      .map((f) => Number((f.headers['x-seq'] ?? '').replace(/\\c/g, ':').split(':')[1]))
  );
}

function settledStatus(sender: BulkSender) {
  return sender.settled();
}

describe('BulkSender', () => {
  it('sends exactly N messages and counts receipts exactly', async () => {
    const { broker, conn } = setup();
    conn.connect();
    const sender = new BulkSender(conn);
    const seen = recordProgress(sender);
    expect(sender.start(job())).toEqual({ ok: true, value: undefined });
    const final = await settledStatus(sender);

    expect(final).toMatchObject({
      status: 'done',
      sent: 2000,
      confirmed: 2000,
      total: 2000,
      reconnects: 0,
    });
    expect(broker.sendCount).toBe(2000);
    expect(sequence(broker)).toEqual(Array.from({ length: 2000 }, (_, k) => k + 1));
    const sends = broker.framesOf('SEND');
    expect(sends[0]?.headers).toMatchObject({
      destination: '/topic/load',
      'content-type': 'text/plain',
      'x-seq': 'run1\\c1',
    });
    // A probe receipt on the first message, then every 500th and the last.
    const withReceipt = sends.filter((f) => f.headers.receipt).map((f) => f.headers['x-seq']);
    expect(withReceipt).toEqual([
      'run1\\c1',
      'run1\\c500',
      'run1\\c1000',
      'run1\\c1500',
      'run1\\c2000',
    ]);
    expect(seen[seen.length - 1]).toBe(final);
    expect(seen.length).toBeLessThan(50);
    expect(describeProgress(final)).toMatch(
      /^sent 2000 of 2000 to \/topic\/load in \d+\.\d s \([\d,]+ msg\/s\), 2000 confirmed$/,
    );
  });

  it('puts a receipt on every message with receipts: every, and none but the probe with none', async () => {
    const every = setup();
    every.conn.connect();
    const a = new BulkSender(every.conn);
    a.start(job({ count: 30, receipts: 'every' }));
    expect(await a.settled()).toMatchObject({ status: 'done', sent: 30, confirmed: 30 });
    expect(every.broker.framesOf('SEND').every((f) => f.headers.receipt)).toBe(true);

    const none = setup();
    none.conn.connect();
    const b = new BulkSender(none.conn);
    b.start(job({ count: 1200, receipts: 'none' }));
    const final = await b.settled();
    expect(final).toMatchObject({ status: 'done', sent: 1200 });
    expect(none.broker.framesOf('SEND').filter((f) => f.headers.receipt)).toHaveLength(1);
    expect(describeProgress(final)).not.toMatch(/confirmed/);
  });

  it('sends binary bodies and leaves headers alone without a sequence header', async () => {
    const { broker, conn } = setup();
    conn.connect();
    const sender = new BulkSender(conn);
    const bytes = new Uint8Array([0, 1, 2, 255]);
    sender.start(job({ count: 3, body: () => bytes, sequenceHeader: undefined, headers: {} }));
    expect(await sender.settled()).toMatchObject({ status: 'done', sent: 3 });
    expect(broker.framesOf('SEND')[1]?.headers).toEqual({
      destination: '/topic/load',
      'content-length': '4',
    });
  });

  it('waits for the connection when started before it is up', async () => {
    const { broker, conn } = setup();
    const sender = new BulkSender(conn);
    const seen = recordProgress(sender);
    sender.start(job({ count: 10 }));
    expect(sender.progress.status).toBe('waiting-for-connection');
    conn.connect();
    expect(await sender.settled()).toMatchObject({ status: 'done', sent: 10, confirmed: 10 });
    expect(seen.map((p) => p.status)).toEqual(['waiting-for-connection', 'sending', 'done']);
    expect(broker.sendCount).toBe(10);
  });

  it('stops on cancel, below N, and sends nothing more', async () => {
    const { broker, conn } = setup();
    conn.connect();
    const sender = new BulkSender(conn);
    sender.start(job({ count: 100_000, ratePerSecond: 2000 }));
    await vi.waitFor(() => expect(sender.progress.sent).toBeGreaterThan(20), { interval: 5 });
    sender.cancel();
    const final = await sender.settled();
    expect(final.status).toBe('cancelled');
    expect(final.sent).toBeLessThan(100_000);
    expect(broker.sendCount).toBe(final.sent);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(broker.sendCount).toBe(final.sent);
    expect(describeProgress(final)).toMatch(
      new RegExp(`^cancelled: sent ${final.sent} of 100000 to /topic/load in `),
    );
  });

  it('survives a dropped connection: continues with the next message, never resends, counts exactly', async () => {
    const { broker, conn } = setup();
    conn.connect();
    broker.dropAfterSend = 700;
    // One message per slice, so the drop is noticed before anything else goes into the dead socket.
    const sender = new BulkSender(conn, { sliceMs: 0 });
    sender.start(job({ count: 2000 }));
    const final = await sender.settled();

    expect(final).toMatchObject({ status: 'done', sent: 2000, total: 2000, reconnects: 1 });
    expect(sequence(broker, 0)).toEqual(Array.from({ length: 700 }, (_, k) => k + 1));
    expect(sequence(broker, 1)).toEqual(Array.from({ length: 1300 }, (_, k) => k + 701));
    // Receipts 1 and 500 came back on the first connection; the second confirmed all of its own.
    expect(final.confirmed).toBe(500 + 1300);
    expect(final.warning).toBe(
      '200 sent on a connection that dropped before their receipt: the broker may not have them.',
    );
    expect(describeProgress(final)).toMatch(
      /^sent 2000 of 2000 to \/topic\/load in .*, 1800 confirmed, 1 reconnect\. 200 sent on a connection/,
    );
  });

  it('does not resend what went into a socket that was already dying', async () => {
    const { broker, conn } = setup();
    conn.connect();
    broker.dropAfterSend = 700;
    const sender = new BulkSender(conn);
    sender.start(job({ count: 2000 }));
    const final = await sender.settled();

    expect(final).toMatchObject({ status: 'done', sent: 2000 });
    const received = sequence(broker);
    // Strictly increasing across both connections: nothing sent twice, order kept.
    expect(received.every((seq, k) => k === 0 || seq > (received[k - 1] as number))).toBe(true);
    expect(received.slice(0, 700)).toEqual(Array.from({ length: 700 }, (_, k) => k + 1));
    expect(final.confirmed).toBeLessThanOrEqual(received.length);
    expect(received.length).toBeLessThanOrEqual(final.sent);
  });

  it('fails in plain words when the broker closes the connection over the first SEND, without retrying', async () => {
    const { broker, conn } = setup();
    conn.connect();
    broker.refusedSendDestinations.add('/exchange/missing/key');
    const sender = new BulkSender(conn);
    sender.start(job({ destination: '/exchange/missing/key', count: 1000 }));
    const final = await sender.settled();
    expect(final).toMatchObject({ status: 'failed', sent: 1, confirmed: 0 });
    expect(final.error).toMatch(
      /^The broker closed the connection after SEND to \/exchange\/missing\/key: the exchange "missing" probably does not exist/,
    );
    expect(describeProgress(final)).toMatch(
      /^failed: The broker closed .* \(sent 1 of 1000 to \/exchange\/missing\/key in \d+\.\d s, 0 confirmed\)$/,
    );
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(broker.sendCount).toBe(1);
  });

  it('also fails for a single message (the probe is the last message)', async () => {
    const { broker, conn } = setup();
    conn.connect();
    broker.refusedSendDestinations.add('/exchange/missing/key');
    const sender = new BulkSender(conn);
    sender.start(job({ destination: '/exchange/missing/key', count: 1 }));
    expect(await sender.settled()).toMatchObject({ status: 'failed', sent: 1 });
  });

  it('gives up when SENDs start being refused mid-run, after two connections in a row die at once', async () => {
    const { broker, conn } = setup();
    conn.connect();
    const sender = new BulkSender(conn);
    sender.start(job({ destination: '/exchange/orders/new', count: 100_000, ratePerSecond: 5000 }));
    await vi.waitFor(() => expect(sender.progress.confirmed).toBeGreaterThan(0), { interval: 5 });
    broker.refusedSendDestinations.add('/exchange/orders/new');
    const final = await sender.settled();
    expect(final.status).toBe('failed');
    expect(final.error).toMatch(
      /after SEND to \/exchange\/orders\/new: the exchange "orders" probably does not exist/,
    );
    // The connection that was sending dies, then two more die on their first (probe) SEND.
    expect(broker.sockets).toHaveLength(3);
    expect(final.reconnects).toBe(2);
    expect(final.sent).toBeLessThan(100_000);
  });

  it('fails with the connection reason when the connection becomes fatal', async () => {
    const { broker, conn } = setup();
    conn.connect();
    broker.dropAfterSend = 100;
    broker.acceptLogin = () => broker.sockets.length === 1;
    const sender = new BulkSender(conn, { sliceMs: 0 });
    sender.start(job({ count: 5000 }));
    const final = await sender.settled();
    expect(final.status).toBe('failed');
    expect(final.error).toMatch(/^The connection failed: The broker refused the login "guest"/);
    expect(final).toMatchObject({ sent: 100, reconnects: 0 });
  });

  it('fails when the app closes the connection mid-run', async () => {
    const { conn } = setup();
    conn.connect();
    const sender = new BulkSender(conn);
    sender.start(job({ count: 100_000, ratePerSecond: 2000 }));
    await vi.waitFor(() => expect(sender.progress.sent).toBeGreaterThan(5), { interval: 5 });
    await conn.disconnect();
    expect(await sender.settled()).toMatchObject({
      status: 'failed',
      error: 'The sending connection was closed before the run finished.',
    });
  });

  it('holds back while the socket buffer is above the high-water mark', async () => {
    const { broker, conn } = setup();
    conn.connect();
    await vi.waitFor(() => expect(conn.state.status).toBe('connected'));
    broker.current.bufferedAmount = 2 * 1024 * 1024;
    const sender = new BulkSender(conn);
    sender.start(job({ count: 500 }));
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(broker.sendCount).toBe(0);
    expect(sender.progress.status).toBe('sending');
    broker.current.bufferedAmount = 0;
    expect(await sender.settled()).toMatchObject({ status: 'done', sent: 500, confirmed: 500 });
  });

  it('reports sent but unconfirmed messages when the last receipt never comes', async () => {
    const { broker, conn } = setup();
    conn.connect();
    // The first receipt is answered, none after it: however slow the machine, some messages
    // are confirmed and the last is not.
    broker.sendReceiptsLeft = 1;
    const sender = new BulkSender(conn, { finalWaitMs: 30 });
    sender.start(job({ count: 800, ratePerSecond: 4000 }));
    const final = await sender.settled();
    expect(final).toMatchObject({ status: 'done', sent: 800 });
    expect(final.confirmed).toBeGreaterThan(0);
    expect(final.confirmed).toBeLessThan(800);
    expect(final.warning).toMatch(/No receipt for the last message within/);
  });

  it('refuses invalid jobs and a second start while running', async () => {
    const { conn } = setup();
    const sender = new BulkSender(conn);
    expect(sender.start(job({ count: 0 }))).toMatchObject({
      ok: false,
      error: expect.stringMatching(/from 1 to 1,000,000/),
    });
    expect(sender.start(job({ count: 1_000_001 })).ok).toBe(false);
    expect(sender.start(job({ count: 1.5 })).ok).toBe(false);
    expect(sender.start(job({ ratePerSecond: 0 })).ok).toBe(false);
    expect(sender.start(job({ destination: '/temp-queue/x' })).ok).toBe(false);
    expect(sender.start(job({ headers: { receipt: 'r' } })).ok).toBe(false);
    expect(sender.start(job({ headers: { 'x-seq': '1' } })).ok).toBe(false);
    expect(sender.progress.status).toBe('idle');
    expect(sender.start(job()).ok).toBe(true);
    expect(sender.start(job())).toMatchObject({
      ok: false,
      error: expect.stringMatching(/already running/),
    });
    sender.cancel();
    expect((await sender.settled()).status).toBe('cancelled');
  });
});

describe('BulkSender rate limit (fake clock)', () => {
  /** A clock whose sleeps advance virtual time by `ms + lateness`, like late timers. */
  function fakeClock(lateness = 0): SendClock & { time: number } {
    const clock = {
      time: 1000,
      now: () => clock.time,
      // Time passes only for sleeps that were not cut short (by a receipt, say).
      sleep: (ms: number, abort?: AbortSignal) =>
        new Promise<void>((resolve) =>
          setImmediate(() => {
            if (!abort?.aborted) clock.time += ms + lateness;
            resolve();
          }),
        ),
      yield: () => new Promise<void>((resolve) => setImmediate(resolve)),
    };
    return clock;
  }

  /** Records the virtual time of every publish. */
  function timed(conn: StompConnection, clock: { now(): number }) {
    const times: number[] = [];
    const wrapped: SendConnection = {
      get state() {
        return conn.state;
      },
      onStateChange: (listener) => conn.onStateChange(listener),
      watchForReceipt: (id, callback) => conn.watchForReceipt(id, callback),
      bufferedAmount: () => conn.bufferedAmount(),
      publish: (destination, body, headers) => {
        times.push(clock.now());
        return conn.publish(destination, body, headers);
      },
    };
    return { wrapped, times };
  }

  it('schedules message i at start + (i - 1) / rate', async () => {
    const { conn } = setup();
    conn.connect();
    await vi.waitFor(() => expect(conn.state.status).toBe('connected'));
    const clock = fakeClock();
    const { wrapped, times } = timed(conn, clock);
    const sender = new BulkSender(wrapped, { clock });
    sender.start(job({ count: 6, ratePerSecond: 250 }));
    const final = await sender.settled();
    expect(final).toMatchObject({ status: 'done', sent: 6, confirmed: 6 });
    expect(times.map((t) => t - 1000)).toEqual([0, 4, 8, 12, 16, 20]);
    expect(final.elapsedMs).toBe(20);
    expect(final.ratePerSecond).toBe(300);
  });

  it('does not drift when timers fire late', async () => {
    const { conn } = setup();
    conn.connect();
    await vi.waitFor(() => expect(conn.state.status).toBe('connected'));
    const clock = fakeClock(3);
    const { wrapped, times } = timed(conn, clock);
    const sender = new BulkSender(wrapped, { clock });
    sender.start(job({ count: 50, ratePerSecond: 100 }));
    await sender.settled();
    const lateness = times.map((t, k) => t - 1000 - k * 10);
    expect(lateness[0]).toBe(0);
    expect(Math.max(...lateness)).toBe(3);
  });

  it('restarts the schedule after a reconnect instead of bursting to catch up', async () => {
    const { broker, conn } = setup();
    conn.connect();
    await vi.waitFor(() => expect(conn.state.status).toBe('connected'));
    broker.dropAfterSend = 5;
    const clock = fakeClock();
    const { wrapped, times } = timed(conn, clock);
    const sender = new BulkSender(wrapped, { clock });
    sender.start(job({ count: 10, ratePerSecond: 100 }));
    const final = await sender.settled();
    expect(final).toMatchObject({ status: 'done', sent: 10, reconnects: 1 });
    const gaps = times.slice(1).map((t, k) => t - (times[k] as number));
    expect(gaps.filter((gap) => gap < 10)).toEqual([]);
  });
});

describe('describeProgress', () => {
  const base: BulkSendProgress = {
    status: 'done',
    sent: 10000,
    confirmed: 10000,
    total: 10000,
    startedAt: 0,
    elapsedMs: 1814,
    ratePerSecond: 5512.4,
    reconnects: 0,
    receipts: 'last',
  };

  it('names the destination once a run has one', () => {
    expect(describeProgress({ ...base, destination: '/queue/demo-jobs' })).toBe(
      'sent 10000 of 10000 to /queue/demo-jobs in 1.8 s (5,512 msg/s), 10000 confirmed',
    );
  });

  it('says what happened in one line', () => {
    expect(describeProgress(base)).toBe(
      'sent 10000 of 10000 in 1.8 s (5,512 msg/s), 10000 confirmed',
    );
    expect(describeProgress({ ...base, status: 'sending', sent: 3120, confirmed: 3000 })).toBe(
      'sending: sent 3120 of 10000 in 1.8 s (5,512 msg/s), 3000 confirmed',
    );
    expect(
      describeProgress({
        ...base,
        status: 'waiting-for-connection',
        reconnects: 2,
        elapsedMs: 125_000,
      }),
    ).toBe(
      'waiting for the connection: sent 10000 of 10000 in 2 min 5 s (5,512 msg/s), 10000 confirmed, 2 reconnects',
    );
    expect(
      describeProgress({ ...base, status: 'failed', error: 'Boom.', sent: 1, confirmed: 0 }),
    ).toBe('failed: Boom. (sent 1 of 10000 in 1.8 s, 0 confirmed)');
    expect(
      describeProgress({
        ...base,
        status: 'idle',
        sent: 0,
        confirmed: 0,
        total: 0,
        startedAt: null,
        receipts: 'none',
      }),
    ).toBe('idle: sent 0 of 0');
    expect(
      describeProgress({
        ...base,
        status: 'cancelled',
        sent: 3120,
        confirmed: 3000,
        reconnects: 1,
      }),
    ).toBe('cancelled: sent 3120 of 10000 in 1.8 s (5,512 msg/s), 3000 confirmed, 1 reconnect');
  });
});
