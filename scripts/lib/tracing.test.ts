import { describe, expect, it, vi } from 'vitest';
import type { StompwatchConfig } from '../../lib/config/env';
import { setPrivateTracing } from './tracing';

const config = {
  login: 'guest',
  passcode: 'guest',
  vhost: '/',
  managementUrl: 'http://127.0.0.1:15672/',
} as StompwatchConfig;
const up = {
  state: 'up',
  kind: 'private',
  url: 'ws://x/ws',
  managementUrl: '',
  nodeName: 'n',
  dataDir: 'd',
} as const;

describe('setPrivateTracing', () => {
  it('turns tracing on through PUT /api/vhosts/<vhost> on the private broker', async () => {
    const fetchImpl = vi.fn<typeof fetch>().mockResolvedValue(new Response(null, { status: 204 }));
    const result = await setPrivateTracing(config, true, { status: async () => up, fetchImpl });
    expect(result.ok).toBe(true);
    const [url, init] = fetchImpl.mock.calls[0]!;
    expect(url).toBe('http://127.0.0.1:15672/api/vhosts/%2F');
    expect(init?.method).toBe('PUT');
    expect(init?.body).toBe('{"tracing":true}');
  });

  it('leaves a broker it did not start alone, and says how an administrator would do it', async () => {
    const fetchImpl = vi.fn<typeof fetch>();
    const result = await setPrivateTracing(config, true, {
      status: async () => ({ state: 'up', kind: 'external', url: 'ws://x/ws', managementUrl: '' }),
      fetchImpl,
    });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toContain('rabbitmqctl trace_on -p /');
    expect(fetchImpl).not.toHaveBeenCalled();
  });

  it('reports a refusal', async () => {
    const fetchImpl = vi.fn<typeof fetch>().mockResolvedValue(new Response(null, { status: 401 }));
    const result = await setPrivateTracing(config, false, { status: async () => up, fetchImpl });
    expect(result).toEqual({
      ok: false,
      error: 'The management API answered 401 to turning tracing off in vhost /.',
    });
  });
});
