import { describe, expect, it } from 'vitest';
import { compareDelivery } from './delivery-report';
import type { PaneLike, PaneQueueOptions } from './queue-model';
import { predictDelivery } from './predict';

function pane(key: string, destination: string, queue?: PaneQueueOptions): PaneLike {
  return {
    key,
    label: key,
    subscriptionId: `sub-${key}`,
    destination,
    connectionKey: `conn-${key}`,
    ...(queue ? { queue } : {}),
  };
}

/** A and B fan out on their own queues, C and D share queue jobs, E is not reached. */
const MIXED = predictDelivery(
  [
    pane('A', '/topic/demo.#'),
    pane('B', '/exchange/amq.topic/demo.a'),
    pane('C', '/topic/demo.*', { queueName: 'jobs' }),
    pane('D', '/amq/queue/jobs'),
    pane('E', '/topic/other'),
  ],
  '/exchange/amq.topic/demo.a',
);

const counts = (entries: Record<string, number>) => new Map(Object.entries(entries));

describe('compareDelivery', () => {
  it('all as predicted: copies, a fair split, and silence where predicted', () => {
    const verdict = compareDelivery(MIXED, 10, counts({ A: 10, B: 10, C: 5, D: 5 }));
    expect(verdict.contradictions).toEqual([]);
    expect([...verdict.cells.values()].map((c) => [c.paneKey, c.status])).toEqual([
      ['A', 'expected-copy'],
      ['B', 'expected-copy'],
      ['C', 'expected-share'],
      ['D', 'expected-share'],
      ['E', 'expected-none'],
    ]);
    expect(verdict.summary).toBe(
      '10 sent to /exchange/amq.topic/demo.a: panes A and B got 10 each (fan-out: separate queues); panes C and D shared 10 (round-robin on queue jobs): 5 and 5; pane E got none, as predicted.',
    );
    expect(verdict.cells.get('A')?.expected).toEqual({ kind: 'copy', exact: 10 });
    expect(verdict.cells.get('C')?.expected).toEqual({ kind: 'share', groupTotal: 10, members: 2 });
  });

  it('an uneven round-robin split is still as predicted when the total is right', () => {
    const verdict = compareDelivery(MIXED, 10, counts({ A: 10, B: 10, C: 10, D: 0 }));
    expect(verdict.contradictions).toEqual([]);
    expect(verdict.cells.get('D')?.status).toBe('expected-share');
    expect(verdict.cells.get('D')?.detail).toContain('got none of the 10');
  });

  it('a pane that subscribed after the send is shown as not having it, honestly', () => {
    const verdict = compareDelivery(MIXED, 10, counts({ A: 10, C: 6, D: 4 }), new Set(['B']));
    expect(verdict.cells.get('B')?.status).toBe('not-subscribed-yet');
    expect(verdict.contradictions).toEqual([]);
    expect(verdict.summary).toContain('pane B subscribed after the send and has none of it');
    expect(verdict.summary).toContain('pane A got all 10');
  });

  it('a private queue that did not exist at the send cannot have its messages', () => {
    const verdict = compareDelivery(MIXED, 10, counts({ A: 10, B: 3, C: 5, D: 5 }), new Set(['B']));
    expect(verdict.cells.get('B')?.status).toBe('unexpected');
    expect(verdict.contradictions).toHaveLength(1);
    expect(verdict.contradictions[0]).toContain('Pane B subscribed after the send');
  });

  it('a late pane on a named queue may get messages that waited there', () => {
    const prediction = predictDelivery([pane('Q', '/queue/jobs')], '/queue/jobs');
    const verdict = compareDelivery(prediction, 10, counts({ Q: 10 }), new Set(['Q']));
    expect(verdict.cells.get('Q')?.status).toBe('expected-copy');
    expect(verdict.cells.get('Q')?.detail).toContain('waited in queue jobs');
    expect(verdict.contradictions).toEqual([]);
  });

  it('late members of a round-robin queue: the early ones get the share', () => {
    const verdict = compareDelivery(MIXED, 10, counts({ A: 10, B: 10, C: 10 }), new Set(['D']));
    expect(verdict.cells.get('C')?.status).toBe('expected-share');
    expect(verdict.cells.get('D')?.status).toBe('not-subscribed-yet');
    expect(verdict.contradictions).toEqual([]);
  });

  it('flags a pane predicted to get nothing that got messages', () => {
    const verdict = compareDelivery(MIXED, 10, counts({ A: 10, B: 10, C: 5, D: 5, E: 3 }));
    expect(verdict.cells.get('E')?.status).toBe('unexpected');
    expect(verdict.contradictions).toEqual([
      'Pane E was predicted to get nothing (pattern other does not match demo.a) but got 3.',
    ]);
    expect(verdict.summary).toContain('pane E got 3 though none were predicted');
    expect(verdict.summary).toMatch(/One result disagrees with the prediction\.$/);
  });

  it('flags a copy pane that got fewer than sent as missing', () => {
    const verdict = compareDelivery(MIXED, 10, counts({ A: 10, B: 7, C: 5, D: 5 }));
    expect(verdict.cells.get('B')?.status).toBe('missing');
    expect(verdict.contradictions).toHaveLength(1);
    expect(verdict.contradictions[0]).toMatch(
      /^Pane B should have got a copy of all 10 \(.*\) but got 7\.$/,
    );
    expect(verdict.summary).toContain(
      'pane A got all 10; pane B got 7 of 10; panes C and D shared 10',
    );
  });

  it('a shortfall is pending, not missing, while messages may still arrive', () => {
    const verdict = compareDelivery(MIXED, 10, counts({ A: 10, B: 7, C: 3, D: 2 }), undefined, {
      stillArriving: true,
    });
    expect(verdict.cells.get('B')?.status).toBe('pending');
    expect(verdict.cells.get('C')?.status).toBe('pending');
    expect(verdict.cells.get('D')?.status).toBe('pending');
    expect(verdict.contradictions).toEqual([]);
    expect(verdict.summary).toContain('panes C and D shared 5 of 10 so far');
  });

  it('flags a round-robin queue whose panes together got fewer than sent', () => {
    const verdict = compareDelivery(MIXED, 10, counts({ A: 10, B: 10, C: 5, D: 3 }));
    expect(verdict.cells.get('C')?.status).toBe('missing');
    expect(verdict.cells.get('D')?.status).toBe('missing');
    expect(verdict.contradictions).toHaveLength(1);
    expect(verdict.contradictions[0]).toContain('but together they got 8');
    expect(verdict.summary).toContain(
      'panes C and D shared 8 of 10 (round-robin on queue jobs): 5 and 3',
    );
  });

  it('flags more messages than were sent', () => {
    const verdict = compareDelivery(MIXED, 10, counts({ A: 12, B: 10, C: 7, D: 5 }));
    expect(verdict.cells.get('A')?.status).toBe('unexpected');
    expect(verdict.cells.get('C')?.status).toBe('unexpected');
    expect(verdict.contradictions).toHaveLength(2);
    expect(verdict.summary).toContain('2 results disagree with the prediction.');
  });

  it('flags a pane the prediction did not know that got messages', () => {
    const verdict = compareDelivery(MIXED, 10, counts({ A: 10, B: 10, C: 5, D: 5, Z: 1 }));
    expect(verdict.cells.get('Z')?.status).toBe('unexpected');
    expect(verdict.cells.get('Z')?.expected).toBeUndefined();
    expect(verdict.contradictions).toEqual(['Pane Z was not part of the prediction but got 1.']);
  });

  it('says when a contradiction concerns an assumed exchange type', () => {
    const prediction = predictDelivery([pane('A', '/exchange/events/x.#')], '/exchange/events/x.y');
    const verdict = compareDelivery(prediction, 4, counts({}));
    expect(verdict.cells.get('A')?.status).toBe('missing');
    expect(verdict.contradictions[0]).toContain('the prediction rested on an assumption');
  });

  it('a whole round-robin queue subscribed after the send', () => {
    const prediction = predictDelivery([pane('A', '/queue/q'), pane('B', '/queue/q')], '/queue/q');
    const verdict = compareDelivery(prediction, 5, counts({}), new Set(['A', 'B']));
    expect(verdict.cells.get('A')?.status).toBe('not-subscribed-yet');
    expect(verdict.cells.get('B')?.status).toBe('not-subscribed-yet');
    expect(verdict.summary).toBe(
      '5 sent to /queue/q: panes A and B subscribed after the send and have none of it.',
    );
  });

  it('works when no pane is involved', () => {
    const verdict = compareDelivery(predictDelivery([], '/topic/x'), 3, counts({}));
    expect(verdict.summary).toBe('3 sent to /topic/x: no pane was involved.');
    expect(verdict.cells.size).toBe(0);
  });
});
