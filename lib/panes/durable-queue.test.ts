import { describe, expect, it } from 'vitest';
import { durablePane, durableQueueOf } from './durable-queue';
import { subscribeHeaders } from './pane-config';

const base = {
  subscriptionId: 'watch-1',
  destination: '/exchange/amq.topic/orders.#',
  ackMode: 'auto' as const,
  queue: {},
  connection: 'own' as const,
  capacity: 5000,
};

describe('durablePane', () => {
  it('gives an auto pane a named durable queue, client acks it sends itself, and a prefetch', () => {
    const result = durablePane(base, '');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(subscribeHeaders({ ...result.value, key: 'k' })).toEqual({
      ack: 'client',
      'prefetch-count': '2000',
      durable: 'true',
      'auto-delete': 'false',
      'x-queue-name': 'stompwatch-watch-1',
    });
    expect(result.value.ackOnReceipt).toBe(true);
    expect(durableQueueOf(result.value)).toBe('stompwatch-watch-1');
  });

  it('keeps a typed name, and a manual ack mode manual', () => {
    const result = durablePane(
      { ...base, ackMode: 'client-individual', prefetchCount: 10 },
      ' q1 ',
    );
    expect(result).toMatchObject({
      ok: true,
      value: { ackMode: 'client-individual', prefetchCount: 10, queue: { queueName: 'q1' } },
    });
    expect(result.ok && result.value.ackOnReceipt).toBeFalsy();
  });

  it('refuses destinations that are not an exchange or topic, and reserved names', () => {
    expect(durablePane({ ...base, destination: '/queue/jobs' }, '')).toMatchObject({ ok: false });
    expect(durablePane(base, 'amq.mine')).toMatchObject({ ok: false });
    expect(durablePane(base, 'a\nb')).toMatchObject({ ok: false });
  });

  it('tells a durable pane from others', () => {
    expect(durableQueueOf({ queue: {} })).toBeNull();
    expect(durableQueueOf({ queue: { durable: true, queueName: 'x' } })).toBeNull();
  });
});
