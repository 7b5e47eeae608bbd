import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, newNonce } from './csp';

const directives = (csp: string) =>
  new Map(csp.split('; ').map((part) => [part.split(' ')[0], part.split(' ').slice(1).join(' ')]));

describe('contentSecurityPolicy', () => {
  it('lets only scripts with the nonce run (and what they load), never inline ones or eval', () => {
    const nonce = newNonce();
    const script = directives(contentSecurityPolicy({ nonce, dev: false })).get('script-src');
    expect(script).toBe(`'self' 'nonce-${nonce}' 'strict-dynamic'`);
    expect(script).not.toContain('unsafe');
  });

  it('allows eval only in development, for React Refresh', () => {
    expect(
      directives(contentSecurityPolicy({ nonce: newNonce(), dev: true })).get('script-src'),
    ).toContain("'unsafe-eval'");
  });

  it('keeps the rest locked to the app itself, WebSockets to any broker, no framing', () => {
    const policy = directives(contentSecurityPolicy({ nonce: newNonce(), dev: false }));
    expect(policy.get('default-src')).toBe("'self'");
    expect(policy.get('worker-src')).toBe("'self'");
    expect(policy.get('connect-src')).toBe("'self' ws: wss:");
    expect(policy.get('object-src')).toBe("'none'");
    expect(policy.get('frame-ancestors')).toBe("'none'");
    expect(policy.get('base-uri')).toBe("'self'");
  });

  it('refuses a nonce that could break out of the header or be guessed', () => {
    expect(() => contentSecurityPolicy({ nonce: "abc'; script-src *", dev: false })).toThrow(
      /nonce/,
    );
    expect(() => contentSecurityPolicy({ nonce: 'short', dev: false })).toThrow(/nonce/);
  });
});

describe('newNonce', () => {
  it('is 128 random bits, different every time', () => {
    const nonces = new Set(Array.from({ length: 1000 }, newNonce));
    expect(nonces.size).toBe(1000);
    for (const nonce of nonces) expect(atob(nonce)).toHaveLength(16);
  });
});
