import { describe, expect, it } from 'vitest';
import type { ManagementConsumer, ManagementQueue } from '@/lib/management/sanitize';
import { checkConsume, consumedQueue, paneConsumption, shareWords } from './consume-warning';

const consumer = (queue: string, tag: string): ManagementConsumer => ({
  consumer_tag: tag,
  queue: { name: queue, vhost: '/' },
});
const queue = (name: string, extra: Partial<ManagementQueue> = {}): ManagementQueue => ({
  name,
  vhost: '/',
  ...extra,
});
const jobs = { destination: '/queue/jobs', ackMode: 'auto' };
const outside = [
  consumer('jobs', 'amq.ctag-1'),
  consumer('jobs', 'T_sub-0'),
  consumer('jobs', 'x'),
];

describe('consumedQueue and paneConsumption', () => {
  it('knows which panes take messages from a shared queue', () => {
    expect(consumedQueue(jobs)).toBe('jobs');
    expect(consumedQueue({ destination: '/amq/queue/a%2Fb', ackMode: 'auto' })).toBe('a/b');
    expect(
      consumedQueue({
        destination: '/topic/x.#',
        ackMode: 'auto',
        queue: { queueName: 'named' },
      }),
    ).toBe('named');
    expect(consumedQueue({ destination: '/topic/x.#', ackMode: 'auto' })).toBeNull();
    // Refused by the form before anything is asked: a bare name is a queue, but not blanks.
    expect(consumedQueue({ destination: '   ', ackMode: 'auto' })).toBeNull();
    expect(
      consumedQueue({ destination: '/queue/s', ackMode: 'client', queue: { queueType: 'stream' } }),
    ).toBeNull();
    expect(paneConsumption(jobs)).toBe('consuming');
    expect(
      paneConsumption({
        destination: '/exchange/amq.rabbitmq.trace/deliver.jobs',
        ackMode: 'auto',
      }),
    ).toBe('watching');
    expect(paneConsumption({ destination: '/topic/x', ackMode: 'auto' })).toBeNull();
  });
});

describe('checkConsume', () => {
  it('warns with the number of other consumers and the share the pane would take', () => {
    const check = checkConsume({ pane: jobs, consumers: outside, ownSubscriptionIds: new Set() });
    expect(check).toEqual({
      kind: 'warn',
      queue: 'jobs',
      others: 3,
      text: 'jobs has 3 other consumers; this pane would take about a quarter of their messages, and with ack: auto they would not get them back.',
    });
  });

  it("does not count this dashboard's own panes as other consumers", () => {
    const own = [consumer('jobs', 'T_queue-A'), consumer('jobs', 'T_queue-B')];
    expect(
      checkConsume({
        pane: jobs,
        consumers: own,
        ownSubscriptionIds: new Set(['queue-A', 'queue-B']),
      }),
    ).toEqual({ kind: 'none' });
    // With one outside consumer too, the share counts every consumer.
    const check = checkConsume({
      pane: jobs,
      consumers: [...own, consumer('jobs', 'amq.ctag-9')],
      ownSubscriptionIds: new Set(['queue-A', 'queue-B']),
    });
    expect(check).toMatchObject({ kind: 'warn', others: 1 });
    if (check.kind === 'warn') {
      expect(check.text).toContain('jobs has 1 other consumer;');
      expect(check.text).toContain('about a quarter');
    }
  });

  it('ignores consumers of other queues, fan-out panes and streams', () => {
    const others = [consumer('other', 'x')];
    expect(checkConsume({ pane: jobs, consumers: others, ownSubscriptionIds: new Set() })).toEqual({
      kind: 'none',
    });
    expect(
      checkConsume({
        pane: { destination: '/topic/jobs', ackMode: 'auto' },
        consumers: outside,
        ownSubscriptionIds: new Set(),
      }),
    ).toEqual({ kind: 'none' });
    expect(
      checkConsume({
        pane: jobs,
        consumers: outside,
        queues: [queue('jobs', { type: 'stream' })],
        ownSubscriptionIds: new Set(),
      }),
    ).toEqual({ kind: 'none' });
  });

  it('says when the queue is exclusive to another connection', () => {
    const check = checkConsume({
      pane: jobs,
      consumers: [consumer('jobs', 'x')],
      queues: [queue('jobs', { exclusive: true })],
      ownSubscriptionIds: new Set(),
    });
    expect(check).toMatchObject({ kind: 'warn', others: 1 });
    if (check.kind === 'warn') expect(check.text).toContain('exclusive to another connection');
  });

  it('with client acks, says acked messages are gone for them', () => {
    const check = checkConsume({
      pane: { ...jobs, ackMode: 'client' },
      consumers: [consumer('jobs', 'x')],
      ownSubscriptionIds: new Set(),
    });
    if (check.kind !== 'warn') throw new Error('expected a warning');
    expect(check.text).toContain('about half');
    expect(check.text).toContain('every message this pane acks is gone for them');
  });

  it('is unknown (and says why) when the consumers could not be read', () => {
    expect(
      checkConsume({
        pane: jobs,
        consumers: null,
        ownSubscriptionIds: new Set(),
        unknownReason: 'the management API refused the login',
      }),
    ).toEqual({
      kind: 'unknown',
      queue: 'jobs',
      text: 'Could not find out whether jobs has other consumers (the management API refused the login). If it does, this pane takes a share of their messages, and with ack: auto they would not get them back.',
    });
    expect(
      checkConsume({
        pane: { destination: '/topic/x', ackMode: 'auto' },
        consumers: null,
        ownSubscriptionIds: new Set(),
      }),
    ).toEqual({ kind: 'none' });
  });

  it('words the share', () => {
    expect([2, 3, 4, 5, 7].map(shareWords)).toEqual([
      'about half',
      'about a third',
      'about a quarter',
      'about a fifth',
      'about 1 in 7',
    ]);
  });
});
