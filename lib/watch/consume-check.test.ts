import { describe, expect, it, vi } from 'vitest';
import { checkBeforeConsuming } from './consume-check';
import { readFirehose } from './firehose-status';

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const credentials = { login: 'guest', passcode: 'guest' };
const base = {
  vhost: '/',
  credentials,
  ownPanes: [{ subscriptionId: 'mine', destination: '/queue/jobs', ackMode: 'auto' }],
};
const jobs = { subscriptionId: 'new', destination: '/queue/jobs', ackMode: 'auto' };
const consumer = (tag: string) => ({ consumer_tag: tag, queue: { name: 'jobs', vhost: '/' } });
const lists = (consumers: ReturnType<typeof consumer>[]) => ({
  queues: [],
  bindings: [],
  exchanges: [],
  consumers,
});

describe('checkBeforeConsuming', () => {
  it('falls back on the topology poll when the check on the spot fails', async () => {
    const fetchImpl = vi.fn<typeof fetch>().mockRejectedValue(new TypeError('offline'));
    const check = await checkBeforeConsuming(jobs, {
      ...base,
      lists: lists([consumer('other')]),
      fetchImpl,
    });
    expect(check).toMatchObject({ kind: 'warn', others: 1 });
    expect(fetchImpl).toHaveBeenCalledTimes(1);
  });

  it('prefers the check on the spot to a stale poll', async () => {
    const fetchImpl = vi.fn<typeof fetch>().mockResolvedValue(json([consumer('a'), consumer('b')]));
    const check = await checkBeforeConsuming(jobs, {
      ...base,
      lists: lists([consumer('a')]),
      fetchImpl,
    });
    expect(check).toMatchObject({ kind: 'warn', others: 2 });
  });

  it('checks on the spot when the poll knows of no other consumer (it lags)', async () => {
    const fetchImpl = vi.fn<typeof fetch>().mockResolvedValue(json([consumer('amq.ctag-1')]));
    const check = await checkBeforeConsuming(jobs, { ...base, lists: lists([]), fetchImpl });
    expect(check).toMatchObject({ kind: 'warn', others: 1 });
    expect(String(fetchImpl.mock.calls[0]![0])).toBe('/api/management/consumers/%2F');
  });

  it('is quiet when only own panes consume, and never asks for a fan-out pane', async () => {
    const fetchImpl = vi.fn<typeof fetch>().mockResolvedValue(json([consumer('T_mine')]));
    expect(await checkBeforeConsuming(jobs, { ...base, lists: null, fetchImpl })).toEqual({
      kind: 'none',
    });
    fetchImpl.mockClear();
    expect(
      await checkBeforeConsuming(
        { subscriptionId: 'fan', destination: '/topic/jobs', ackMode: 'auto' },
        { ...base, lists: null, fetchImpl },
      ),
    ).toEqual({ kind: 'none' });
    expect(fetchImpl).not.toHaveBeenCalled();
  });

  it('asks again when the route is busy (429) rather than calling the consumers unknown', async () => {
    const fetchImpl = vi
      .fn<typeof fetch>()
      .mockResolvedValueOnce(json({ error: 'busy', kind: 'too-many-requests' }, 429))
      .mockResolvedValueOnce(json([consumer('other')]));
    const check = await checkBeforeConsuming(jobs, {
      ...base,
      lists: null,
      fetchImpl,
      retryDelayMs: 0,
    });
    expect(check).toMatchObject({ kind: 'warn', others: 1 });
    expect(fetchImpl).toHaveBeenCalledTimes(2);
  });

  it('is unknown, with the reason, when the management API cannot answer', async () => {
    const fetchImpl = vi
      .fn<typeof fetch>()
      .mockResolvedValue(
        json({ error: 'The management API refused the login.', kind: 'unauthorized' }, 401),
      );
    const check = await checkBeforeConsuming(jobs, { ...base, lists: null, fetchImpl });
    expect(check).toMatchObject({ kind: 'unknown', queue: 'jobs' });
    if (check.kind === 'unknown') expect(check.text).toContain('refused the login');
  });
});

describe('readFirehose', () => {
  it('reads tracing from GET /api/vhosts/<vhost>', async () => {
    const fetchImpl = vi.fn<typeof fetch>().mockResolvedValue(json({ name: 'v', tracing: true }));
    expect(await readFirehose('v', credentials, fetchImpl)).toEqual({ status: 'on' });
    expect(String(fetchImpl.mock.calls[0]![0])).toBe('/api/management/vhosts/v');
    expect(fetchImpl.mock.calls[0]![1]?.method).toBe('GET');
    fetchImpl.mockResolvedValue(json({ name: 'v', tracing: false }));
    expect(await readFirehose('v', credentials, fetchImpl)).toEqual({ status: 'off' });
    fetchImpl.mockResolvedValue(json({ name: 'v' }));
    expect((await readFirehose('v', credentials, fetchImpl)).status).toBe('error');
    fetchImpl.mockResolvedValue(json({ error: 'nope', kind: 'not-found' }, 404));
    expect(await readFirehose('v', credentials, fetchImpl)).toEqual({
      status: 'error',
      reason: 'nope',
    });
  });
});
