import { describe, expect, it } from 'vitest';
import { publishVerdict, type ExchangeRouting } from './publish-verdict';
import { SentBodies } from './sent-bodies';

const routing: ExchangeRouting = {
  types: { orders: 'topic', fan: 'fanout', lonely: 'direct', d: 'direct', h: 'headers' },
  bindings: [
    { source: 'orders', destination: 'eu', routing_key: 'eu.#' },
    { source: 'fan', destination: 'all', routing_key: '' },
    { source: 'd', destination: 'q1', routing_key: 'k' },
    { source: 'h', destination: 'q2', routing_key: '' },
  ],
  queues: ['jobs'],
};

describe('publishVerdict', () => {
  it('routes or drops by the key when it is known', () => {
    expect(publishVerdict('orders', 'eu.paid', routing)).toEqual({ kind: 'routed', to: ['eu'] });
    expect(publishVerdict('orders', 'us.paid', routing)).toEqual({
      kind: 'dropped',
      reason: 'no binding of orders matches "us.paid"',
    });
    expect(publishVerdict('d', 'k', routing).kind).toBe('routed');
    expect(publishVerdict('d', 'x', routing).kind).toBe('dropped');
    expect(publishVerdict('', 'jobs', routing).kind).toBe('routed');
    expect(publishVerdict('', 'nope', routing).kind).toBe('dropped');
  });

  it('needs no key for an exchange without bindings or a fanout', () => {
    expect(publishVerdict('lonely', null, routing).kind).toBe('dropped');
    expect(publishVerdict('fan', null, routing)).toEqual({ kind: 'routed', to: ['all'] });
  });

  it('says unknown rather than guessing', () => {
    expect(publishVerdict('orders', null, routing).kind).toBe('unknown');
    expect(publishVerdict('h', 'k', routing).kind).toBe('unknown');
    expect(publishVerdict('missing', 'k', routing).kind).toBe('unknown');
  });
});

describe('SentBodies', () => {
  it('knows the key and tags of bodies the dashboard sent, and forgets an ambiguous key', () => {
    const sent = new SentBodies();
    sent.record('orders', 'eu.1', 'a', 'r1:1');
    sent.record('orders', 'eu.1', 'a', 'r1:2');
    sent.record('orders', 'eu.2', 'b', 'r1:3');
    expect(sent.keyOf('orders', 'a')).toBe('eu.1');
    expect(sent.keyOf('other', 'a')).toBeNull();
    expect(sent.tagOf('a', 1)).toBe('r1:2');
    expect(sent.tagOf('a', 2)).toBeUndefined();
    sent.record('orders', 'eu.9', 'b', 'r2:1');
    expect(sent.keyOf('orders', 'b')).toBeNull();
    expect(sent.keyOf('orders', 'unknown body')).toBeNull();
  });
});
