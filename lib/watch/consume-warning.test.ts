import { describe, expect, it } from 'vitest';
import type { ManagementConsumer, ManagementQueue } from '@/lib/management/sanitize';
import {
  checkConsume,
  consumedQueue,
  paneConsumption,
  shareWords,
  paneForChoice,
  type ConsumeInput,
  type ConsumingPane,
} from './consume-warning';
import { durableSubscriptionQueueNames, queueNames } from './subscription-queue';

const consumer = (queue: string, tag: string): ManagementConsumer => ({
  consumer_tag: tag,
  queue: { name: queue, vhost: '/' },
});
const queue = (name: string, extra: Partial<ManagementQueue> = {}): ManagementQueue => ({
  name,
  vhost: '/',
  ...extra,
});
const jobs = { subscriptionId: 'mine', destination: '/queue/jobs', ackMode: 'auto' };
const pane = (destination: string, extra: Partial<ConsumingPane> = {}): ConsumingPane => ({
  subscriptionId: 'mine',
  destination,
  ackMode: 'auto',
  ...extra,
});
const names = (p: ConsumingPane) => {
  const queue = consumedQueue(p);
  return queue === null ? null : queueNames(queue);
};
const consumeCheck = (input: Omit<ConsumeInput, 'namesOf'>) =>
  checkConsume({ ...input, namesOf: queueNames });
const outside = [
  consumer('jobs', 'amq.ctag-1'),
  consumer('jobs', 'T_sub-0'),
  consumer('jobs', 'x'),
];

describe('consumedQueue and paneConsumption', () => {
  it('knows which panes take messages from a shared queue', () => {
    expect(names(jobs)).toEqual(['jobs']);
    expect(names(pane('/amq/queue/a%2Fb'))).toEqual(['a/b']);
    expect(names(pane('/topic/x.#', { queue: { queueName: 'named' } }))).toEqual(['named']);
    expect(names(pane('/topic/x.#'))).toBeNull();
    // Refused by the form before anything is asked: a bare name is a queue, but not blanks.
    expect(names(pane('   '))).toBeNull();
    expect(
      names(pane('/queue/s', { ackMode: 'client', queue: { queueType: 'stream' } })),
    ).toBeNull();
    expect(paneConsumption(jobs)).toBe('consuming');
    expect(paneConsumption(pane('/exchange/amq.rabbitmq.trace/deliver.jobs'))).toBe('watching');
    expect(paneConsumption(pane('/topic/x'))).toBeNull();
  });
});

describe('checkConsume', () => {
  it('warns with the number of other consumers and the share the pane would take', () => {
    const check = consumeCheck({ pane: jobs, consumers: outside, ownPanes: [] });
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
      consumeCheck({
        pane: jobs,
        consumers: own,
        ownPanes: [
          pane('/queue/jobs', { subscriptionId: 'queue-A' }),
          pane('/amq/queue/jobs', { subscriptionId: 'queue-B' }),
        ],
      }),
    ).toEqual({ kind: 'none' });
    // With one outside consumer too, the share counts every consumer.
    const check = consumeCheck({
      pane: jobs,
      consumers: [...own, consumer('jobs', 'amq.ctag-9')],
      ownPanes: [
        pane('/queue/jobs', { subscriptionId: 'queue-A' }),
        pane('/amq/queue/jobs', { subscriptionId: 'queue-B' }),
      ],
    });
    expect(check).toMatchObject({ kind: 'warn', others: 1 });
    if (check.kind === 'warn') {
      expect(check.text).toContain('jobs has 1 other consumer;');
      expect(check.text).toContain('about a quarter');
    }
  });

  it('ignores consumers of other queues, fan-out panes and streams', () => {
    const others = [consumer('other', 'x')];
    expect(consumeCheck({ pane: jobs, consumers: others, ownPanes: [] })).toEqual({
      kind: 'none',
    });
    expect(
      consumeCheck({
        pane: pane('/topic/jobs'),
        consumers: outside,
        ownPanes: [],
      }),
    ).toEqual({ kind: 'none' });
    expect(
      consumeCheck({
        pane: jobs,
        consumers: outside,
        queues: [queue('jobs', { type: 'stream' })],
        ownPanes: [],
      }),
    ).toEqual({ kind: 'none' });
  });

  it('says when the queue is exclusive to another connection', () => {
    const check = consumeCheck({
      pane: jobs,
      consumers: [consumer('jobs', 'x')],
      queues: [queue('jobs', { exclusive: true })],
      ownPanes: [],
    });
    expect(check).toMatchObject({ kind: 'warn', others: 1 });
    if (check.kind === 'warn') expect(check.text).toContain('exclusive to another connection');
  });

  it('with client acks, says acked messages are gone for them', () => {
    const check = consumeCheck({
      pane: { ...jobs, ackMode: 'client' },
      consumers: [consumer('jobs', 'x')],
      ownPanes: [],
    });
    if (check.kind !== 'warn') throw new Error('expected a warning');
    expect(check.text).toContain('about half');
    expect(check.text).toContain('every message this pane acks is gone for them');
  });

  it('is unknown (and says why) when the consumers could not be read', () => {
    expect(
      consumeCheck({
        pane: jobs,
        consumers: null,
        ownPanes: [],
        unknownReason: 'the management API refused the login',
      }),
    ).toEqual({
      kind: 'unknown',
      queue: 'jobs',
      text: 'Could not find out whether jobs has other consumers (the management API refused the login). If it does, this pane takes a share of their messages, and with ack: auto they would not get them back.',
    });
    expect(
      consumeCheck({
        pane: pane('/topic/x'),
        consumers: null,
        ownPanes: [],
      }),
    ).toEqual({ kind: 'none' });
  });

  it('matches each own pane to one consumer with its tag on its queue, no more', () => {
    // Another tab on the same workspace, or another program with the same id, is still another consumer.
    const sameTag = [consumer('jobs', 'T_mine'), consumer('jobs', 'T_mine')];
    expect(
      consumeCheck({
        pane: pane('/queue/jobs', { subscriptionId: 'new' }),
        consumers: sameTag,
        ownPanes: [jobs],
      }),
    ).toMatchObject({ kind: 'warn', others: 1 });
    // A pane of ours on another queue accounts for nothing here.
    expect(
      consumeCheck({
        pane: pane('/queue/jobs', { subscriptionId: 'new' }),
        consumers: [consumer('jobs', 'T_mine')],
        ownPanes: [pane('/queue/other')],
      }),
    ).toMatchObject({ kind: 'warn', others: 1 });
  });

  it('checks the shared queue of a durable topic or exchange subscription without x-queue-name', () => {
    const durable = pane('/topic/exp.a.b', { subscriptionId: 'dur-x1', queue: { durable: true } });
    const [v310, later] = durableSubscriptionQueueNames('exp.a.b', 'dur-x1');
    expect(names(durable)).toEqual([v310, later]);
    expect(
      names(
        pane('/exchange/amq.topic/exp.a.b', { subscriptionId: 'dur-x1', queue: { durable: true } }),
      ),
    ).toEqual([v310, later]);
    expect(paneConsumption(durable)).toBe('consuming');
    // Whichever name the broker has consumers on (3.10's or a later version's).
    for (const name of [v310!, later!]) {
      const check = consumeCheck({
        pane: durable,
        consumers: [consumer(name, 'T_dur-x1')],
        ownPanes: [],
      });
      expect(check).toMatchObject({ kind: 'warn', queue: name, others: 1 });
      if (check.kind === 'warn')
        expect(check.text).toBe(
          `${name} (the queue of every durable subscription "dur-x1" to exp.a.b) has 1 other consumer; this pane would take about half of their messages, and with ack: auto they would not get them back.`,
        );
    }
    expect(consumeCheck({ pane: durable, consumers: [], ownPanes: [] })).toEqual({ kind: 'none' });
    // Not durable: a private queue of its own, whatever the id.
    expect(
      names(pane('/topic/exp.a.b', { subscriptionId: 'dur-x1', queue: { durable: false } })),
    ).toBeNull();
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

describe('paneForChoice', () => {
  it('watches the queue the check named, and never subscribes as it was when it cannot watch', () => {
    const durable = pane('/topic/orders', { subscriptionId: 'd', queue: { durable: true } });
    expect(paneForChoice(durable, 'watch', 'stomp-subscription-abc')).toMatchObject({
      destination: '/exchange/amq.rabbitmq.trace/deliver.stomp-subscription-abc',
      ackMode: 'auto',
      queue: {},
    });
    expect(paneForChoice(pane('/queue/a.*.b'), 'watch')).toBeNull();
    // A durable subscription's queue name comes from the check (it may be either of two).
    expect(paneForChoice(durable, 'watch')).toBeNull();
    expect(paneForChoice(jobs, 'requeue')).toMatchObject({ ackMode: 'client', requeueAll: true });
    expect(paneForChoice(jobs, 'anyway')).toBe(jobs);
  });
});
