import { describe, expect, it } from 'vitest';
import { predictDelivery } from '@/lib/routing/predict';
import { describePreview } from '@/lib/routing/delivery-preview';
import { previewWatchPanes } from './watch-preview';

const pane = (id: string, destination: string) => ({
  key: `k-${id}`,
  label: id,
  subscriptionId: id,
  destination,
  connectionKey: `own:k-${id}`,
});
const panes = [
  pane('worker', '/queue/jobs'),
  pane('tap', '/exchange/amq.rabbitmq.trace/deliver.jobs'),
  pane('all-orders', '/exchange/amq.rabbitmq.trace/publish.orders'),
];
const routing = {
  types: { orders: 'direct' },
  bindings: [{ source: 'orders', destination: 'jobs', routing_key: 'eu' }],
  queues: ['jobs'],
};
const on = { status: 'on' } as const;
const preview = (
  destination: string,
  known = routing,
  firehose: Parameters<typeof previewWatchPanes>[3] = on,
) =>
  previewWatchPanes(
    predictDelivery(panes, destination, { exchangeTypes: { orders: 'direct' } }),
    panes,
    known,
    firehose,
  );

describe('previewWatchPanes', () => {
  it('says a send straight to a watched queue shows in its watch pane, and takes it out of "gets nothing"', () => {
    const { prediction, watched } = preview('/queue/jobs');
    expect(watched).toEqual([
      {
        paneKey: 'k-tap',
        text: 'tap: a copy of each message as a consumer of jobs gets it, seen through the firehose (took nothing)',
      },
      {
        paneKey: 'k-all-orders',
        text: 'all-orders sees nothing of it: it watches what is published to orders, and this send publishes to the default exchange',
      },
    ]);
    expect(prediction.notReached).toEqual([]);
    const summary = describePreview(prediction, { online: true }).summary;
    expect(summary).toBe('worker gets every message.');
  });

  it("follows the broker's bindings from an exchange to the watched queue, and sees every publish to a watched exchange", () => {
    const eu = preview('/exchange/orders/eu').watched.map((line) => line.text);
    expect(eu[0]).toBe(
      'tap: a copy of each message as a consumer of jobs gets it, seen through the firehose (took nothing)',
    );
    expect(eu[1]).toBe(
      'all-orders: a copy of each message published to orders, seen through the firehose (took nothing)',
    );
    // Published to orders but bound nowhere: the exchange watch sees it, the queue watch does not.
    const us = preview('/exchange/orders/us').watched.map((line) => line.text);
    expect(us[0]).toBe('tap sees nothing of it: the send does not reach queue jobs');
    expect(us[1]).toContain('all-orders: a copy of each message published to orders');
  });

  it('says when the bindings are unknown, and when the firehose is off', () => {
    expect(preview('/exchange/orders/eu', null as never).watched[0]!.text).toBe(
      "tap: a copy of each message if the send reaches queue jobs (the broker's bindings are not known yet)",
    );
    expect(preview('/queue/jobs', routing, { status: 'off' }).watched[0]!.text).toBe(
      'tap would see a copy of each message as a consumer of jobs gets it, but the firehose is off in this vhost: it sees nothing',
    );
  });

  it('says the firehose as a condition while its state is not known (or could not be read)', () => {
    for (const firehose of [{ status: 'unknown' }, { status: 'error', reason: 'x' }] as const)
      expect(preview('/queue/jobs', routing, firehose).watched[0]!.text).toBe(
        'tap would see a copy of each message as a consumer of jobs gets it if the firehose is on in this vhost (not known yet)',
      );
  });

  it('leaves a prediction without watch panes as it is', () => {
    const plain = predictDelivery([pane('worker', '/queue/jobs')], '/queue/jobs');
    expect(previewWatchPanes(plain, [pane('worker', '/queue/jobs')], null, on).prediction).toBe(
      plain,
    );
  });
});
