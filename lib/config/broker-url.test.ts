import { describe, expect, it } from 'vitest';
import { checkWebSocketUrl, resolveBrokerUrl } from './broker-url';

describe('resolveBrokerUrl', () => {
  it('puts a path on the page origin, ws: under http and wss: under https', () => {
    expect(resolveBrokerUrl('/ws', 'http://127.0.0.1:3000/')).toBe('ws://127.0.0.1:3000/ws');
    expect(resolveBrokerUrl('/ws', 'https://mq.example.com/stompwatch/')).toBe(
      'wss://mq.example.com/ws',
    );
    expect(resolveBrokerUrl('/ws', 'https://[::1]:8443/stompwatch')).toBe('wss://[::1]:8443/ws');
  });

  it('resolves from a worker script URL to the same origin', () => {
    expect(
      resolveBrokerUrl(
        '/rabbit/ws',
        'https://127.0.0.1:8443/stompwatch/_next/static/chunks/worker.js',
      ),
    ).toBe('wss://127.0.0.1:8443/rabbit/ws');
  });

  it('leaves absolute URLs alone, and paths where there is no page', () => {
    expect(resolveBrokerUrl('ws://broker:15674/ws', 'https://mq.example.com/')).toBe(
      'ws://broker:15674/ws',
    );
    expect(resolveBrokerUrl('/ws', undefined)).toBe('/ws');
    expect(resolveBrokerUrl('//other.example/ws', 'https://mq.example.com/')).toBe(
      '//other.example/ws',
    );
  });
});

describe('checkWebSocketUrl with paths', () => {
  it('accepts a path on the page host', () => {
    expect(checkWebSocketUrl('/ws')).toBeNull();
    expect(checkWebSocketUrl('/rabbit/ws')).toBeNull();
  });

  it('refuses a scheme-less host and paths with a query', () => {
    expect(checkWebSocketUrl('//broker.example/ws')).toMatch(
      /no scheme; write ws:\/\/broker\.example\/ws/,
    );
    expect(checkWebSocketUrl('/ws?x=1')).toMatch(/not a plain path/);
  });
});
