import { describe, expect, it } from 'vitest';
import { StreamAcker } from './stream-acker';

function setup(mode: 'client' | 'client-individual', batch: number) {
  const acked: string[] = [];
  const timers: (() => void)[] = [];
  const acker = new StreamAcker(
    (id) => acked.push(id),
    mode,
    batch,
    (callback) => {
      timers.push(callback);
      return () => timers.splice(timers.indexOf(callback), 1);
    },
  );
  return { acker, acked, timers };
}

describe('StreamAcker', () => {
  it('in client mode acks the latest message every batch, and the rest after a pause', () => {
    const { acker, acked, timers } = setup('client', 3);
    for (const id of ['a', 'b', 'c', 'd']) acker.received(id);
    expect(acked).toEqual(['c']);
    expect(timers).toHaveLength(1);
    timers[0]!();
    expect(acked).toEqual(['c', 'd']);
  });

  it('in client-individual mode acks every message', () => {
    const { acker, acked } = setup('client-individual', 50);
    acker.received('a');
    acker.received('b');
    expect(acked).toEqual(['a', 'b']);
  });

  it('forgets pending acks on reset', () => {
    const { acker, acked, timers } = setup('client', 10);
    acker.received('a');
    acker.reset();
    expect(timers).toHaveLength(0);
    acker.flush();
    expect(acked).toEqual([]);
  });
});
