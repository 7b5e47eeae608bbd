import { describe, expect, it } from 'vitest';
import { clientAddress, ConcurrencyLimiter } from './concurrency-limiter';

describe('ConcurrencyLimiter', () => {
  it('lets each client have at most perClient requests in flight', () => {
    const limiter = new ConcurrencyLimiter({ perClient: 2, total: 10 });
    const first = limiter.tryAcquire('a');
    const second = limiter.tryAcquire('a');
    expect(first.ok && second.ok).toBe(true);
    const third = limiter.tryAcquire('a');
    expect(third).toEqual({
      ok: false,
      error: { scope: 'client', retryAfterSeconds: 1, error: expect.stringContaining('at most 2') },
    });
    expect(limiter.tryAcquire('b').ok).toBe(true);
  });

  it('caps the total across clients', () => {
    const limiter = new ConcurrencyLimiter({ perClient: 4, total: 3 });
    for (const client of ['a', 'b', 'c']) expect(limiter.tryAcquire(client).ok).toBe(true);
    const refused = limiter.tryAcquire('d');
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error.scope).toBe('total');
  });

  it('frees a slot on release, once even when released twice', () => {
    const limiter = new ConcurrencyLimiter({ perClient: 1, total: 2 });
    const slot = limiter.tryAcquire('a');
    expect(limiter.tryAcquire('a').ok).toBe(false);
    if (!slot.ok) throw new Error('no slot');
    slot.value();
    slot.value();
    expect(limiter.count()).toBe(0);
    expect(limiter.count('a')).toBe(0);
    const again = limiter.tryAcquire('a');
    expect(again.ok).toBe(true);
    expect(limiter.tryAcquire('b').ok).toBe(true);
    expect(limiter.tryAcquire('c').ok).toBe(false);
  });
});

describe('clientAddress', () => {
  it('takes the address the nearest proxy saw', () => {
    expect(clientAddress(new Headers({ 'x-forwarded-for': '203.0.113.9, 10.0.0.7' }))).toBe(
      '10.0.0.7',
    );
    expect(clientAddress(new Headers({ 'x-forwarded-for': '::1' }))).toBe('::1');
    expect(clientAddress(new Headers())).toBe('unknown');
  });
});
