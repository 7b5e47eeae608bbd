import { describe, expect, it } from 'vitest';
import {
  brokerUrls,
  checkWebSocketUrl,
  dashboardStartRefusal,
  formDefaults,
  loadConfig,
  parseConfig,
} from './env';

describe('parseConfig', () => {
  it('gives working defaults for an empty environment', () => {
    const result = parseConfig({});
    expect(result).toEqual({
      ok: true,
      value: {
        brokerUrl: 'ws://127.0.0.1:15674/ws',
        brokerUrlConfigured: false,
        login: 'guest',
        passcode: 'guest',
        vhost: '/',
        managementUrl: 'http://127.0.0.1:15672',
        managementCredentials: null,
        publicHosts: [],
        basePath: '',
        privateBroker: false,
        ports: { webStomp: 15674, management: 15672, dist: 25692, epmd: 4380, http: 3000 },
        nodeName: 'stompwatch@localhost',
        brokerDir: '.broker/default',
      },
    });
  });

  it('derives the URLs from overridden ports', () => {
    const result = parseConfig({
      STOMPWATCH_WEB_STOMP_PORT: '15694',
      STOMPWATCH_MANAGEMENT_PORT: '15692',
    });
    expect(result.ok && result.value.brokerUrl).toBe('ws://127.0.0.1:15694/ws');
    expect(result.ok && result.value.managementUrl).toBe('http://127.0.0.1:15692');
  });

  it('takes explicit URLs and marks the broker as configured', () => {
    const result = parseConfig({
      STOMPWATCH_BROKER_URL: 'wss://a.example/ws, wss://b.example/ws',
      STOMPWATCH_MANAGEMENT_URL: 'https://a.example:15671/',
    });
    expect(result.ok && result.value.brokerUrlConfigured).toBe(true);
    expect(result.ok && brokerUrls(result.value.brokerUrl)).toEqual([
      'wss://a.example/ws',
      'wss://b.example/ws',
    ]);
    expect(result.ok && result.value.managementUrl).toBe('https://a.example:15671');
  });

  it('treats empty and blank values as unset', () => {
    const result = parseConfig({ STOMPWATCH_LOGIN: '', STOMPWATCH_VHOST: '  ', PORT: '' });
    expect(result.ok && result.value.login).toBe('guest');
    expect(result.ok && result.value.vhost).toBe('/');
    expect(result.ok && result.value.ports.http).toBe(3000);
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT must be a port number'],
    [{ PORT: '70000' }, 'PORT must be between 1 and 65535'],
    [{ STOMPWATCH_EPMD_PORT: '43.5' }, 'STOMPWATCH_EPMD_PORT must be a whole number'],
    [
      { STOMPWATCH_BROKER_URL: 'http://localhost:15674/ws' },
      'Web-STOMP needs a WebSocket URL such as ws://localhost:15674/ws',
    ],
    [{ STOMPWATCH_BROKER_URL: 'not a url' }, 'is not a URL'],
    [{ STOMPWATCH_BROKER_URL: 'ws://user:secret@host/ws' }, 'never in the URL'],
    [{ STOMPWATCH_MANAGEMENT_URL: 'ftp://host' }, 'must start with http:// or https://'],
    [{ STOMPWATCH_MANAGEMENT_URL: 'http://u:p@host' }, 'must not carry credentials'],
    [{ STOMPWATCH_NODE_NAME: 'no-at-sign' }, 'must look like name@host'],
    [{ STOMPWATCH_BROKER_DIR: '../elsewhere' }, 'must stay inside the project'],
    [{ STOMPWATCH_WEB_STOMP_PORT: '3000' }, 'Ports clash: webStomp and http are both 3000'],
  ])('refuses %o with a clear message', (env, message) => {
    const result = parseConfig(env);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error.join('\n')).toContain(message);
  });

  it('lists every problem at once', () => {
    const result = parseConfig({ PORT: 'x', STOMPWATCH_NODE_NAME: 'bad' });
    expect(!result.ok && result.error).toHaveLength(2);
  });

  it('loadConfig throws one readable error and never prints the passcode', () => {
    expect(() => loadConfig({ PORT: 'x', STOMPWATCH_PASSCODE: 'hunter2' })).toThrow(
      /Invalid configuration:\n {2}- PORT/,
    );
    try {
      loadConfig({ PORT: 'x', STOMPWATCH_PASSCODE: 'hunter2' });
    } catch (error) {
      expect((error as Error).message).not.toContain('hunter2');
    }
  });
});

describe('sharing settings', () => {
  it('reads public hosts, the base path and the private-broker flag', () => {
    const result = parseConfig({
      STOMPWATCH_PUBLIC_HOSTS: 'dash.example.com,10.0.0.5:8443',
      STOMPWATCH_BASE_PATH: '/stompwatch',
      STOMPWATCH_PRIVATE_BROKER: '1',
    });
    expect(result.ok && result.value.publicHosts).toEqual([
      { hostname: 'dash.example.com' },
      { hostname: '10.0.0.5', port: 8443 },
    ]);
    expect(result.ok && result.value.basePath).toBe('/stompwatch');
    expect(result.ok && result.value.privateBroker).toBe(true);
  });

  it.each([
    [
      'STOMPWATCH_PUBLIC_HOSTS',
      'https://dash.example.com',
      /STOMPWATCH_PUBLIC_HOSTS: "https:\/\/dash.example.com" is not a host/,
    ],
    [
      'STOMPWATCH_BASE_PATH',
      'stompwatch/',
      /STOMPWATCH_BASE_PATH must be a path like \/stompwatch/,
    ],
    ['STOMPWATCH_BASE_PATH', '/stompwatch/', /STOMPWATCH_BASE_PATH must be a path/],
    ['STOMPWATCH_PRIVATE_BROKER', 'yes', /leave it unset/],
  ])('refuses %s=%s', (name, value, message) => {
    const result = parseConfig({ [name]: value });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.join('\n')).toMatch(message);
  });

  it('uses server-side management credentials only when both are set', () => {
    const neither = parseConfig({});
    expect(neither.ok && neither.value.managementCredentials).toBeNull();
    const both = parseConfig({
      STOMPWATCH_MANAGEMENT_LOGIN: 'monitor',
      STOMPWATCH_MANAGEMENT_PASSCODE: 's3cret',
    });
    expect(both.ok && both.value.managementCredentials).toEqual({
      login: 'monitor',
      passcode: 's3cret',
    });
    const one = parseConfig({ STOMPWATCH_MANAGEMENT_LOGIN: 'monitor' });
    expect(one.ok).toBe(false);
    if (!one.ok) expect(one.error.join('\n')).toMatch(/go together: set both/);
    if (!one.ok) expect(one.error.join('\n')).not.toContain('s3cret');
  });
});

describe('formDefaults', () => {
  it('never carries a configured passcode into the page', () => {
    const config = loadConfig({ STOMPWATCH_PASSCODE: 'team-secret', STOMPWATCH_LOGIN: 'alice' });
    expect(formDefaults(config)).toEqual({
      brokerUrl: 'ws://127.0.0.1:15674/ws',
      login: 'alice',
      passcode: '',
      vhost: '/',
    });
    expect(JSON.stringify(formDefaults(config))).not.toContain('team-secret');
  });

  it('prefills guest only for the private broker npm start runs', () => {
    const config = loadConfig({
      STOMPWATCH_PRIVATE_BROKER: '1',
      STOMPWATCH_PASSCODE: 'team-secret',
    });
    expect(formDefaults(config).passcode).toBe('guest');
  });
});

describe('dashboardStartRefusal', () => {
  it('refuses a configured passcode, says why and what to do instead, without repeating it', () => {
    const refusal = dashboardStartRefusal({ STOMPWATCH_PASSCODE: 'team-secret' });
    expect(refusal).toMatch(/everyone who opened it would receive it/);
    expect(refusal).toMatch(/type the passcode into the connection form/);
    expect(refusal).toMatch(/Remember passcode on this device/);
    expect(refusal).not.toContain('team-secret');
  });

  it('lets an unset or blank passcode through', () => {
    expect(dashboardStartRefusal({})).toBeNull();
    expect(dashboardStartRefusal({ STOMPWATCH_PASSCODE: ' ' })).toBeNull();
  });
});

describe('checkWebSocketUrl', () => {
  it('accepts ws and wss URLs', () => {
    expect(checkWebSocketUrl('ws://127.0.0.1:15674/ws')).toBeNull();
    expect(checkWebSocketUrl('wss://broker.example/ws')).toBeNull();
  });
  it('suggests wss for an https URL', () => {
    expect(checkWebSocketUrl('https://broker.example/ws')).toContain('wss://broker.example/ws');
  });
});
