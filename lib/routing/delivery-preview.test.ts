import { describe, expect, it } from 'vitest';
import { describePreview } from './delivery-preview';
import { predictDelivery } from './predict';
import type { PaneLike } from './queue-model';

function pane(key: string, destination: string, extra: Partial<PaneLike> = {}): PaneLike {
  return {
    key,
    label: key,
    subscriptionId: `sub-${key}`,
    destination,
    connectionKey: `conn-${key}`,
    ...extra,
  };
}

describe('describePreview', () => {
  it('names the send it is about', () => {
    const text = describePreview(predictDelivery([pane('A', '/topic/x.#')], '/topic/x.1'), {
      online: true,
    });
    expect(text.heading).toBe('If you send to /topic/x.1 now:');
    expect(text.summary).toBe('A gets every message.');
    expect(text.tone).toBe('info');
    expect(text.notes).toEqual([]);
  });

  it('keeps a destination no pane listens to as information, not an alarm', () => {
    const text = describePreview(
      predictDelivery([pane('A', '/queue/jobs')], '/exchange/amq.topic/orders.created'),
      {
        online: true,
      },
    );
    expect(text.tone).toBe('info');
    expect(text.notes).toEqual([
      {
        tone: 'info',
        text: expect.stringContaining("No pane's queue is bound to amq.topic"),
      },
    ]);
  });

  it('keeps literal wildcards and messages waiting in a queue as information', () => {
    expect(
      describePreview(predictDelivery([pane('A', '/topic/x.#')], '/topic/x.*'), { online: true })
        .tone,
    ).toBe('info');
    expect(
      describePreview(predictDelivery([pane('A', '/topic/x')], '/queue/nobody'), { online: true })
        .tone,
    ).toBe('info');
  });

  it('warns when the broker would certainly drop the messages', () => {
    const prediction = predictDelivery([pane('A', '/queue/jobs')], '/amq/queue/jbos', {
      queues: new Set(['jobs']),
    });
    const text = describePreview(prediction, { online: true });
    expect(text.tone).toBe('warning');
    expect(text.notes.find((note) => note.tone === 'warning')?.text).toContain(
      'Queue jbos was not among the broker',
    );
  });

  it('warns when a connection would be closed, and says so beside the information', () => {
    const panes = [
      pane('A', '/topic/x', { connectionKey: 'c' }),
      pane('B', '/topic/y', { connectionKey: 'c', subscriptionId: 'sub-A' }),
    ];
    const text = describePreview(predictDelivery(panes, '/topic/x.*'), { online: true });
    expect(text.tone).toBe('warning');
    expect(text.notes.filter((note) => note.tone === 'warning').map((note) => note.text)).toEqual([
      expect.stringContaining('Duplicated subscription identifier'),
    ]);
    expect(
      text.notes.some((note) => note.tone === 'info' && note.text.includes('not wildcards')),
    ).toBe(true);
  });

  it('warns about a refused SEND once, in the summary', () => {
    const text = describePreview(predictDelivery([pane('A', '/topic/x')], '/temp-queue/r'), {
      online: true,
    });
    expect(text.tone).toBe('warning');
    expect(text.summary).toContain('only works as the reply-to header');
    expect(text.notes).toEqual([]);
  });

  it('says nothing is sent while disconnected, and claims deliveries only once connected', () => {
    const text = describePreview(predictDelivery([pane('A', '/topic/x.#')], '/topic/x.1'), {
      online: false,
    });
    expect(text.tone).toBe('offline');
    expect(text.heading).toBe('Not connected: nothing is sent to /topic/x.1 until you connect.');
    expect(text.summary).toBe('Once connected: A gets every message.');
  });
});
