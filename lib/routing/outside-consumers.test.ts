import { describe, expect, it } from 'vitest';
import type { PaneTopology, Topology } from '@/lib/management/topology';
import { outsideConsumers } from './outside-consumers';
import type { PaneQueue } from './queue-model';
import { queueNote } from './wording';

const pane = (paneKey: string, queue: string, consumers: number): PaneTopology => ({
  paneKey,
  queue: { name: queue, consumers, messagesReady: 0, messagesUnacknowledged: 0, type: 'classic' },
  candidateQueues: [queue],
  bindings: [],
  roundRobinWith: [],
});

function topology(panes: PaneTopology[]): Topology {
  const names = [...new Set(panes.map((p) => p.queue!.name))];
  return {
    panes,
    queues: names.map((name) => {
      const on = panes.filter((p) => p.queue!.name === name);
      return {
        name,
        paneKeys: on.map((p) => p.paneKey),
        consumers: on[0]!.queue!.consumers,
        roundRobin: on[0]!.queue!.consumers > 1,
      };
    }),
  };
}

describe('outsideConsumers', () => {
  it('counts the consumers of a pane queue that are not panes of this dashboard', () => {
    const result = outsideConsumers(
      topology([pane('p1', 'jobs', 3), pane('p2', 'jobs', 3), pane('p3', 'mine', 1)]),
    );
    expect([...result]).toEqual([
      ['p1', 1],
      ['p2', 1],
    ]);
  });

  it('says nothing before the broker counts a fresh SUBSCRIBE, or without a topology', () => {
    expect(outsideConsumers(topology([pane('p1', 'jobs', 0), pane('p2', 'jobs', 1)])).size).toBe(0);
    expect(outsideConsumers(null).size).toBe(0);
  });

  it('leaves out a pane whose queue the broker has not listed yet', () => {
    const unlisted: PaneTopology = { ...pane('p1', 'jobs', 2), queue: undefined };
    expect(outsideConsumers({ panes: [unlisted], queues: [] }).size).toBe(0);
  });
});

describe('queueNote with consumers outside the dashboard', () => {
  const jobs: PaneQueue = {
    queue: 'queue jobs',
    name: 'jobs',
    display: 'jobs',
    bindings: [],
    kind: 'named',
    sharedWith: [],
    stream: false,
  };

  it('calls a queue shared only with outside consumers round-robin, and says with whom', () => {
    expect(queueNote(jobs, [], 2)).toEqual({
      shared: true,
      text: "shares queue jobs with 2 consumers outside this dashboard (the broker's count): round-robin, each message to one of them",
    });
    expect(queueNote(jobs, ['other-pane'], 1).text).toBe(
      "shares queue jobs with other-pane and 1 consumer outside this dashboard (the broker's count): round-robin, each message to one of them",
    );
  });

  it('stays as before without outside consumers', () => {
    expect(queueNote(jobs, []).shared).toBe(false);
  });
});
