import { describe, expect, it } from 'vitest';
import { DeliveryTally, parseSequenceTag, sequenceTag } from './tally';

describe('sequence tags', () => {
  it('round-trips run ids that contain colons', () => {
    expect(parseSequenceTag(sequenceTag('run:7', 42))).toEqual({ runId: 'run:7', index: 42 });
  });
  it('rejects values that are not ours', () => {
    expect(parseSequenceTag('nothing')).toBeNull();
    expect(parseSequenceTag(':5')).toBeNull();
    expect(parseSequenceTag('run:x')).toBeNull();
  });
});

describe('DeliveryTally', () => {
  it('counts per run, with redeliveries', () => {
    const tally = new DeliveryTally();
    tally.record(sequenceTag('a', 1), false);
    tally.record(sequenceTag('a', 2), false);
    tally.record(sequenceTag('b', 1), true);
    tally.record('garbage', false);
    expect(tally.get('a')).toEqual({ received: 2, redelivered: 0 });
    expect(tally.get('b')).toEqual({ received: 1, redelivered: 1 });
    expect(tally.get('none')).toEqual({ received: 0, redelivered: 0 });
  });
});
