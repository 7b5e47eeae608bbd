import { describe, expect, it, vi } from 'vitest';
import { answersHttp, httpUrlFor } from './http-probe';

describe('httpUrlFor', () => {
  it('keeps host, port and path, swapping only the scheme', () => {
    expect(httpUrlFor('ws://127.0.0.1:15672/ws')).toBe('http://127.0.0.1:15672/ws');
    expect(httpUrlFor('wss://mq.example:443/stomp?x=1')).toBe('https://mq.example/stomp?x=1');
  });

  it('drops credentials and refuses what is not a WebSocket URL', () => {
    expect(httpUrlFor('ws://user:pw@h:1/ws')).toBe('http://h:1/ws');
    expect(httpUrlFor('http://h:1/ws')).toBeNull();
    expect(httpUrlFor('not a url')).toBeNull();
  });
});

describe('answersHttp', () => {
  it('is true when any HTTP response comes back, and asks without reading it', async () => {
    const fetch = vi.fn(async () => ({ type: 'opaque' }));
    expect(await answersHttp('ws://127.0.0.1:15672/ws', { fetch })).toBe(true);
    expect(fetch).toHaveBeenCalledWith(
      'http://127.0.0.1:15672/ws',
      expect.objectContaining({ mode: 'no-cors', cache: 'no-store' }),
    );
  });

  it('is false when the request fails (nothing listens, or a CSP blocks it)', async () => {
    const fetch = vi.fn(async () => {
      throw new TypeError('Failed to fetch');
    });
    expect(await answersHttp('ws://127.0.0.1:9/ws', { fetch })).toBe(false);
  });

  it('gives up after the timeout', async () => {
    const fetch = vi.fn(
      (_url: string, init: { signal: AbortSignal }) =>
        new Promise((_resolve, reject) =>
          init.signal.addEventListener('abort', () => reject(new Error('aborted'))),
        ),
    );
    expect(await answersHttp('ws://10.0.0.1/ws', { fetch, timeoutMs: 10 })).toBe(false);
  });

  it('does not ask at all for a URL that is not ws or wss', async () => {
    const fetch = vi.fn(async () => ({}));
    expect(await answersHttp('http://h/ws', { fetch })).toBe(false);
    expect(fetch).not.toHaveBeenCalled();
  });
});
