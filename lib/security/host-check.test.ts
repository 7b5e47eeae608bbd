import { describe, expect, it } from 'vitest';
import {
  allowedHostsFromEnv,
  isAllowedHost,
  LOOPBACK_HOSTS,
  parseHost,
  parsePublicHosts,
} from './host-check';
import { truncateForDisplay } from '@/lib/util/truncate';

describe('isAllowedHost with the loopback defaults', () => {
  it.each([
    'localhost',
    'localhost:3000',
    'LOCALHOST:3000',
    '127.0.0.1:3917',
    '127.0.0.1',
    '[::1]:3000',
    '[::1]',
  ])('answers %s', (host) => expect(isAllowedHost(host, LOOPBACK_HOSTS)).toBe(true));

  it.each([
    'evil.test:3917',
    'attacker.test',
    'localhost.evil.test',
    '127.0.0.1.nip.io:3000',
    '127.0.0.2:3000',
    '::1',
    '[::2]:3000',
    'localhost:99999',
    'localhost:3000/path',
    'user@localhost',
    '',
  ])('refuses %j', (host) => expect(isAllowedHost(host, LOOPBACK_HOSTS)).toBe(false));

  it('refuses a request without a Host header', () => {
    expect(isAllowedHost(null, LOOPBACK_HOSTS)).toBe(false);
  });
});

describe('parsePublicHosts', () => {
  it('reads names and addresses, with and without ports', () => {
    expect(parsePublicHosts(' Dash.Example.com , 10.0.0.5:8443,[fd00::1]:443 ')).toEqual({
      ok: true,
      value: [
        { hostname: 'dash.example.com' },
        { hostname: '10.0.0.5', port: 8443 },
        { hostname: '[fd00::1]', port: 443 },
      ],
    });
    expect(parsePublicHosts('')).toEqual({ ok: true, value: [] });
  });

  it.each([
    'https://dash.example.com',
    'dash.example.com/stompwatch',
    'dash example',
    'host:0',
    'host:70000',
  ])('refuses %j with an example of what it wants', (value) => {
    const result = parsePublicHosts(value);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(/e\.g\. dash\.example\.com/);
  });

  it('a port in the list allows only that port; no port allows any', () => {
    const hosts = allowedHostsFromEnv({
      STOMPWATCH_PUBLIC_HOSTS: 'dash.example.com:8443,team.example.com',
    });
    expect(isAllowedHost('dash.example.com:8443', hosts)).toBe(true);
    expect(isAllowedHost('dash.example.com:8080', hosts)).toBe(false);
    expect(isAllowedHost('dash.example.com', hosts)).toBe(false);
    expect(isAllowedHost('team.example.com', hosts)).toBe(true);
    expect(isAllowedHost('team.example.com:3000', hosts)).toBe(true);
    expect(isAllowedHost('localhost:3000', hosts)).toBe(true);
  });

  it('an invalid list falls back to loopback only', () => {
    const hosts = allowedHostsFromEnv({ STOMPWATCH_PUBLIC_HOSTS: 'https://dash.example.com' });
    expect(isAllowedHost('dash.example.com', hosts)).toBe(false);
    expect(isAllowedHost('127.0.0.1:3000', hosts)).toBe(true);
  });
});

describe('parseHost', () => {
  it('lowercases and splits the port', () => {
    expect(parseHost('LocalHost:3000')).toEqual({ hostname: 'localhost', port: 3000 });
    expect(parseHost('[::1]')).toEqual({ hostname: '[::1]' });
  });
});

describe('truncateForDisplay', () => {
  it('keeps short text and cuts long text to the limit with an ellipsis', () => {
    expect(truncateForDisplay('short')).toBe('short');
    expect(truncateForDisplay('x'.repeat(100))).toBe('x'.repeat(100));
    expect(truncateForDisplay('x'.repeat(5000))).toBe(`${'x'.repeat(100)}…`);
  });

  it('never splits a surrogate pair', () => {
    expect(truncateForDisplay('😀'.repeat(3), 2)).toBe('😀😀…');
  });
});
