import { describe, expect, it } from 'vitest';
import { durableSubscriptionQueueNames } from './subscription-queue';

describe('durableSubscriptionQueueNames', () => {
  it('names the queue as RabbitMQ 3.10.8 did for these SUBSCRIBEs (durable:true, id, pattern)', () => {
    // Read back from the broker's queue list after subscribing with these ids and destinations.
    expect(durableSubscriptionQueueNames('exp.a.b', 'dur-x1')[0]).toBe(
      'stomp-subscription-B3YcHTiVsCx697TQHO1x4w',
    );
    // `/exchange/amq.topic/exp.%2Fz`: the pattern as unescaped, the id in UTF-8.
    expect(durableSubscriptionQueueNames('exp./z', 'dür-é')[0]).toBe(
      'stomp-subscription--Xn0SbnvalQewigJ-5m1sg',
    );
    // `/exchange/amq.fanout`: no pattern at all.
    expect(durableSubscriptionQueueNames('', 'dur-empty')[0]).toBe(
      'stomp-subscription-VeiTuvNc7unUDgx6gcs3SQ',
    );
  });

  it('also gives the name later versions derive (binaries instead of strings), and differs by id', () => {
    const [v310, later] = durableSubscriptionQueueNames('exp.a.b', 'dur-x1');
    expect(later).toBe('stomp-subscription-jfYyzpQuxuVllpXXQiIl_A');
    expect(later).not.toBe(v310);
    expect(durableSubscriptionQueueNames('exp.a.b', 'dur-x2')[0]).not.toBe(v310);
  });
});
