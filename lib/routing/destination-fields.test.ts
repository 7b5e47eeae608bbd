import { describe, expect, it } from 'vitest';
import {
  destinationFromFields,
  fieldsFromDestination,
  shownFields,
  type BuilderFields,
} from './destination-fields';

const start: BuilderFields = {
  kind: 'exchange',
  exchange: 'amq.topic',
  pattern: 'orders.#',
  queue: 'jobs',
};

describe('fieldsFromDestination', () => {
  it('reads a queue back, keeping the exchange fields for later', () => {
    expect(fieldsFromDestination('/queue/jobs', { ...start, queue: 'other' })).toEqual({
      ...start,
      kind: 'queue',
      queue: 'jobs',
    });
  });

  it('reads an exchange and its pattern back', () => {
    expect(fieldsFromDestination('/exchange/amq.topic/orders.*.*', start)).toEqual({
      ...start,
      pattern: 'orders.*.*',
    });
    expect(fieldsFromDestination('/exchange/events/a.b', start)).toMatchObject({
      kind: 'exchange',
      exchange: 'events',
      pattern: 'a.b',
    });
  });

  it('reads /topic/ and /amq/queue/ back', () => {
    expect(fieldsFromDestination('/topic/x.*', start)).toEqual({
      ...start,
      kind: 'topic',
      pattern: 'x.*',
    });
    expect(fieldsFromDestination('/amq/queue/q', start)).toEqual({
      ...start,
      kind: 'amq-queue',
      queue: 'q',
    });
  });

  it('decodes %2F in names and reads a bare name as a queue, as RabbitMQ does', () => {
    expect(fieldsFromDestination('/queue/a%2Fb', start)?.queue).toBe('a/b');
    expect(fieldsFromDestination('jobs', start)).toMatchObject({ kind: 'queue', queue: 'jobs' });
  });

  it('gives nothing for what the builder cannot show', () => {
    expect(fieldsFromDestination('/que', start)).toBeNull();
    expect(fieldsFromDestination('', start)).toBeNull();
    expect(fieldsFromDestination('/temp-queue/replies', start)).toBeNull();
    expect(fieldsFromDestination('/reply-queue/amq.gen-1', start)).toBeNull();
  });
});

describe('destinationFromFields', () => {
  it('writes each kind, escaping "/" in names', () => {
    expect(destinationFromFields(start)).toBe('/exchange/amq.topic/orders.#');
    expect(destinationFromFields({ ...start, kind: 'topic', pattern: 'x.*' })).toBe('/topic/x.*');
    expect(destinationFromFields({ ...start, kind: 'queue', queue: 'a/b' })).toBe('/queue/a%2Fb');
    expect(destinationFromFields({ ...start, kind: 'amq-queue', queue: 'q' })).toBe('/amq/queue/q');
  });

  it('builds on amq.topic while the exchange field is empty', () => {
    expect(destinationFromFields({ ...start, exchange: '' })).toBe('/exchange/amq.topic/orders.#');
  });

  it('round-trips through the box for every kind', () => {
    for (const kind of ['exchange', 'topic', 'queue', 'amq-queue'] as const) {
      const fields = { ...start, kind, exchange: 'ex/1', pattern: 'a.b/c', queue: 'q/1' };
      expect(fieldsFromDestination(destinationFromFields(fields), fields)).toEqual(fields);
    }
  });
});

describe('shownFields', () => {
  it('follows a destination typed into the box', () => {
    expect(shownFields('/queue/jobs', start)).toMatchObject({ kind: 'queue', queue: 'jobs' });
    expect(shownFields('/exchange/amq.topic/orders.*.*', start).pattern).toBe('orders.*.*');
  });

  it("keeps the builder's own fields while the box holds what they build", () => {
    const editing = { ...start, exchange: '' };
    expect(shownFields('/exchange/amq.topic/orders.#', editing)).toBe(editing);
  });

  it('keeps its fields while the box holds something it cannot show', () => {
    expect(shownFields('/queue/', start)).toBe(start);
  });
});
