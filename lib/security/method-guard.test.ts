import { describe, expect, it } from 'vitest';
import { SECURITY_HEADERS } from './headers';
import { ALLOWED_METHODS, checkMethod } from './method-guard';

describe('checkMethod', () => {
  it.each([...ALLOWED_METHODS])('hands %s to Next.js', (method) =>
    expect(checkMethod(method)).toEqual({ ok: true, value: method }),
  );

  it.each(['TRACE', 'TRACK', 'CONNECT', 'PROPFIND', 'get', undefined])(
    'answers %s with a 405 carrying Allow and the security headers',
    (method) => {
      const result = checkMethod(method);
      if (result.ok) throw new Error(`${method} was allowed`);
      expect(result.error.status).toBe(405);
      expect(result.error.headers.Allow).toBe('GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS');
      for (const { key, value } of SECURITY_HEADERS) expect(result.error.headers[key]).toBe(value);
      expect(result.error.headers['Content-Security-Policy']).toBe(
        "default-src 'none'; frame-ancestors 'none'",
      );
      expect(result.error.headers['Cache-Control']).toBe('no-store');
      expect(result.error.body).toContain('Method not allowed');
    },
  );
});
