import { describe, expect, it } from 'vitest';
import { DeliveryLedger } from '@/lib/stomp/delivery-tap';
import { accountPane, mergeDeliveries } from './soak-accounting';

/**
 * A recorded run: 1,000 messages published 10 ms apart from t=0, confirmed in batches of 100
 * except the batch 400–499 (its receipt was lost in the restart); the broker is stopped at
 * t=4,500 ms and answers again at t=6,000 ms.
 */
const publishedAt = (seq: number) => seq * 10;
const restart = { stopIssuedAt: 4500, upAt: 6000 };
const confirmed = [
  [0, 399],
  [500, 999],
] as const;

/** Replays deliveries into a ledger: each [seq, at] on the connection open at that time. */
function record(
  deliveries: [seq: number, at: number, redelivered?: boolean][],
  closesAt: number[],
) {
  let now = 0;
  const ledger = new DeliveryLedger('soak-seq', 'worker', () => now);
  let session = ledger.openSession();
  const closes = [...closesAt];
  for (const [seq, at, redelivered] of deliveries) {
    while (closes.length > 0 && at > closes[0]!) {
      now = closes.shift()!;
      session.close();
      session = ledger.openSession();
    }
    now = at;
    session.delivered('pane', {
      'soak-seq': String(seq),
      ...(redelivered ? { redelivered: 'true' } : {}),
    });
  }
  return ledger.snapshot().subscriptions.pane!;
}

const range = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('accountPane', () => {
  it('an auto-delete pane: the restart gap is lost by design, split into queued and away', () => {
    // Received 0..419 (lagging 30 messages at the stop), then 640.. once resubscribed at 6,400.
    const deliveries = record(
      [
        ...range(0, 419).map((s): [number, number] => [s, s * 10 + 300]),
        ...range(640, 999).map((s): [number, number] => [s, s * 10 + 5]),
      ],
      [4600],
    );
    const result = accountPane({
      deliveries,
      confirmed,
      publishedAt,
      restarts: [restart],
      queue: 'auto-delete',
    });
    expect(result).toMatchObject({
      confirmed: 900,
      // 420..499 were never confirmed, so only 500..639 count as missing.
      missing: 140,
      lostByDesign: 140,
      lostQueuedAtStop: 0,
      lostWhileAway: 140,
      unexplained: 0,
      duplicates: 0,
      receivedUnconfirmed: 20, // 400..419
      connections: 2,
      unexpectedCloses: 0,
    });
    expect(result.backAfterMs).toEqual([6405 - 6000]);
    // its last message (419) was published at 4,190: 0.41 s old when the connection closed at 4,600
    expect(result.lagAtStopS).toEqual([0.4]);
  });

  it('a gap outside any restart is unexplained, and a repeat is a duplicate', () => {
    const deliveries = record(
      [
        ...range(0, 699).map((s): [number, number] => [s, s * 10 + 5]),
        [650, 7010],
        ...range(710, 999).map((s): [number, number] => [s, s * 10 + 5]),
      ],
      [],
    );
    const result = accountPane({
      deliveries,
      confirmed: [[0, 999]],
      publishedAt,
      restarts: [],
      queue: 'auto-delete',
      sampleLimit: 3,
    });
    expect(result.missing).toBe(10);
    expect(result.unexplained).toBe(10);
    expect(result.unexplainedSamples).toEqual([700, 701, 702]);
    expect(result.duplicates).toBe(1);
  });

  it('a durable pane gets no restart excuse; redeliveries are not duplicates', () => {
    // Everything arrives; 410..419 were unacked at the stop and come back flagged.
    const deliveries = record(
      [
        ...range(0, 419).map((s): [number, number] => [s, s * 10 + 5]),
        ...range(410, 419).map((s): [number, number, boolean] => [s, 6100, true]),
        ...range(420, 999).map((s): [number, number] => [s, Math.max(6200, s * 10 + 5)]),
      ],
      [4600],
    );
    const whole = accountPane({
      deliveries,
      confirmed,
      publishedAt,
      restarts: [restart],
      queue: 'durable',
    });
    expect(whole).toMatchObject({ missing: 0, unexplained: 0, duplicates: 0, redeliveries: 10 });
    expect(whole.receivedUnconfirmed).toBe(100);

    // The same pane missing 600..609 after the restart: for a durable queue, a fault.
    const gappy = record(
      [
        ...range(0, 419).map((s): [number, number] => [s, s * 10 + 5]),
        ...range(420, 999)
          .filter((s) => s < 600 || s > 609)
          .map((s): [number, number] => [s, Math.max(6200, s * 10 + 5)]),
      ],
      [4600],
    );
    expect(
      accountPane({
        deliveries: gappy,
        confirmed,
        publishedAt,
        restarts: [restart],
        queue: 'durable',
      }),
    ).toMatchObject({ missing: 10, lostByDesign: 0, unexplained: 10 });
  });

  it('a connection closed outside a restart is called out', () => {
    const deliveries = record(
      range(0, 99).map((s): [number, number] => [s, s * 10 + 5]),
      [500],
    );
    expect(
      accountPane({
        deliveries,
        confirmed: [[0, 99]],
        publishedAt,
        restarts: [],
        queue: 'auto-delete',
      }).unexpectedCloses,
    ).toBe(1);
  });
});

describe('mergeDeliveries', () => {
  it('counts a number seen in both realms as a duplicate', () => {
    const worker = record(
      range(0, 9).map((s): [number, number] => [s, s]),
      [],
    );
    const page = record(
      range(8, 19).map((s): [number, number] => [s, 100 + s]),
      [],
    );
    const merged = mergeDeliveries([worker, page]);
    expect(merged.received).toEqual([[0, 19]]);
    expect(merged.duplicates).toBe(2);
    expect(merged.deliveries).toBe(22);
    expect(merged.sessions).toHaveLength(2);
  });
});
