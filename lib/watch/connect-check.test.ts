import { beforeAll, describe, expect, it, vi } from 'vitest';
import { FakeBroker } from '@/lib/stomp/testing/fake-broker';
import { Dashboard } from '@/lib/dashboard/dashboard';
import type { NewPane } from '@/lib/dashboard/dashboard-types';
import { loadPageModules } from '@/lib/dashboard/testing';
import { ConnectCheck, heldAtConnect } from './connect-check';

beforeAll(loadPageModules);

const pane = (
  subscriptionId: string,
  destination: string,
  extra: Partial<NewPane> = {},
): NewPane => ({
  subscriptionId,
  destination,
  ackMode: 'auto',
  queue: {},
  connection: 'own',
  capacity: 100,
  ...extra,
});

const json = (body: unknown) =>
  new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json' } });
const consumer = (queue: string, tag: string) => ({
  consumer_tag: tag,
  queue: { name: queue, vhost: '/' },
});

/** The management route's answer, held until the test lets it through. */
function heldAnswer(consumers: unknown[]) {
  let release: () => void = () => {};
  const answered = new Promise<void>((resolve) => (release = resolve));
  const fetchImpl = vi.fn<typeof fetch>(() => answered.then(() => json(consumers)));
  return { fetchImpl, answer: () => release() };
}

function setup() {
  const broker = new FakeBroker();
  const dashboard = new Dashboard(
    { brokerUrl: 'ws://fake/ws', login: 'guest', passcode: 'pw', vhost: '/' },
    { webSocketFactory: broker.factory },
  );
  const subscribed = () =>
    broker.framesOf('SUBSCRIBE').map((frame) => `${frame.headers.id} ${frame.headers.destination}`);
  return { broker, dashboard, subscribed, gate: new ConnectCheck(dashboard) };
}

const context = (fetchImpl: typeof fetch) => ({
  vhost: '/',
  credentials: { login: 'guest', passcode: 'pw' },
  fetchImpl,
});

/** Panes as a reload restores them: in the dashboard, never checked against this broker. */
async function restored(dashboard: Dashboard) {
  await dashboard.loadWorkspace({
    version: 1,
    connection: { brokerUrl: 'ws://fake/ws', login: 'guest', vhost: '/' },
    panes: [
      pane('taker', '/queue/jobs'),
      pane('alone', '/queue/free', { connection: 'shared' }),
      pane('fan', '/topic/x'),
      pane('borrower', '/queue/jobs', { ackMode: 'client', requeueAll: true }),
      pane('durable', '/topic/y', { queue: { durable: true }, connection: 'shared' }),
    ].map((config, i) => ({ ...config, key: `pane-${i + 1}` })),
  });
}

/** Restores the panes and connects through the check while another program consumes `jobs`. */
async function connectTold(dashboard: Dashboard, gate: ConnectCheck) {
  await restored(dashboard);
  const { fetchImpl, answer } = heldAnswer([consumer('jobs', 'amq.ctag-1')]);
  const pending = gate.connect(context(fetchImpl));
  answer();
  const told = await pending;
  if (!told.ok) throw new Error(told.error);
  return told.value;
}

describe('ConnectCheck', () => {
  it('holds back only the panes that would consume from a named or durable subscription queue', () => {
    const config = (extra: NewPane) => ({ ...extra, key: 'k' });
    expect(heldAtConnect(config(pane('a', '/queue/jobs')))).toBe(true);
    expect(heldAtConnect(config(pane('a', '/topic/y', { queue: { durable: true } })))).toBe(true);
    expect(heldAtConnect(config(pane('a', '/topic/y')))).toBe(false);
    expect(heldAtConnect(config(pane('a', '/queue/j', { requeueAll: true })))).toBe(false);
    expect(heldAtConnect(config(pane('a', '/exchange/amq.rabbitmq.trace/deliver.j')))).toBe(false);
  });

  it('sends no SUBSCRIBE for a consuming pane until the consumers are read, then lets the unshared ones go', async () => {
    const { dashboard, subscribed, gate } = setup();
    await restored(dashboard);
    const { fetchImpl, answer } = heldAnswer([consumer('jobs', 'amq.ctag-1')]);
    const told = gate.connect(context(fetchImpl));
    // The fan-out pane and the requeue pane subscribe at once; the others wait for the answer.
    await vi.waitFor(() =>
      expect(subscribed()).toEqual(
        expect.arrayContaining(['fan /topic/x', 'borrower /queue/jobs']),
      ),
    );
    // The consumers are being read: still nothing for the panes that would consume.
    await vi.waitFor(() => expect(fetchImpl).toHaveBeenCalled());
    expect(String(fetchImpl.mock.calls[0]![0])).toBe('/api/management/consumers/%2F');
    expect(subscribed().join()).not.toMatch(/taker|alone|durable/);
    answer();
    const result = await told;
    if (!result.ok) throw new Error(result.error);
    // The requeue pane is ours: it is not one of the "other" consumers of jobs.
    expect(result.value.map(({ pane, check }) => [pane.subscriptionId, check])).toEqual([
      ['taker', expect.objectContaining({ kind: 'warn', queue: 'jobs', others: 1 })],
    ]);
    await vi.waitFor(() =>
      expect(subscribed()).toEqual(
        expect.arrayContaining(['alone /queue/free', expect.stringMatching(/^durable \/topic\/y/)]),
      ),
    );
    expect(subscribed().join()).not.toContain('taker');
    await dashboard.dispose();
  });

  it('Watch without consuming: the pane becomes a watch pane in the same place, never a consumer', async () => {
    const { dashboard, subscribed, gate } = setup();
    const told = await connectTold(dashboard, gate);
    expect(await gate.choose(told, 'watch')).toEqual({ ok: true, value: undefined });
    await vi.waitFor(() =>
      expect(subscribed()).toContain('taker /exchange/amq.rabbitmq.trace/deliver.jobs'),
    );
    expect(subscribed()).not.toContain('taker /queue/jobs');
    const panes = dashboard.getSnapshot().panes;
    expect(panes[0]!.key).toBe('pane-1');
    expect(panes[0]!.config.destination).toBe('/exchange/amq.rabbitmq.trace/deliver.jobs');
    await dashboard.dispose();
  });

  it('Subscribe anyway subscribes as it was; requeue with client acks; Cancel disconnects with nothing sent for them', async () => {
    for (const [choice, expected] of [
      ['anyway', 'taker /queue/jobs'],
      ['requeue', 'taker /queue/jobs'],
    ] as const) {
      const { dashboard, subscribed, broker, gate } = setup();
      const told = await connectTold(dashboard, gate);
      await gate.choose(told, choice);
      await vi.waitFor(() => expect(subscribed()).toContain(expected));
      const frame = broker
        .framesOf('SUBSCRIBE')
        .find((candidate) => candidate.headers.id === 'taker')!;
      expect(frame.headers.ack).toBe(choice === 'requeue' ? 'client' : 'auto');
      expect(dashboard.getSnapshot().panes[0]!.config.requeueAll).toBe(
        choice === 'requeue' ? true : undefined,
      );
      await dashboard.dispose();
    }
    const { dashboard, subscribed, gate } = setup();
    const told = await connectTold(dashboard, gate);
    await gate.choose(told, 'cancel');
    expect(dashboard.getSnapshot().online).toBe(false);
    expect(subscribed().join()).not.toContain('taker');
    // The next Connect asks again: a choice does not outlive its connection.
    const again = heldAnswer([consumer('jobs', 'amq.ctag-1')]);
    const second = gate.connect(context(again.fetchImpl));
    again.answer();
    expect(await second).toMatchObject({
      ok: true,
      value: [{ pane: { subscriptionId: 'taker' } }],
    });
    await dashboard.dispose();
  });

  it('checks the panes of a workspace that named another broker when Connect goes there', async () => {
    const { dashboard, subscribed, gate } = setup();
    await dashboard.loadWorkspace({
      version: 1,
      connection: { brokerUrl: 'ws://elsewhere/ws', login: 'guest', vhost: 'prod' },
      panes: [{ ...pane('taker', '/queue/jobs'), key: 'pane-1' }],
    });
    expect(dashboard.getSnapshot().connectionNotice).not.toBeNull();
    dashboard.setForm({ brokerUrl: 'ws://fake/ws', passcode: 'typed' });
    const { fetchImpl, answer } = heldAnswer([
      { consumer_tag: 'amq.ctag-1', queue: { name: 'jobs', vhost: 'prod' } },
    ]);
    const pending = gate.connect({ ...context(fetchImpl), vhost: 'prod' });
    await vi.waitFor(() => expect(fetchImpl).toHaveBeenCalled());
    expect(String(fetchImpl.mock.calls[0]![0])).toBe('/api/management/consumers/prod');
    expect(subscribed()).toEqual([]);
    answer();
    expect(await pending).toMatchObject({
      ok: true,
      value: [{ pane: { subscriptionId: 'taker' } }],
    });
    expect(subscribed()).toEqual([]);
    await dashboard.dispose();
  });

  it('says nothing and subscribes nothing for a check that outlived its Connect', async () => {
    const { dashboard, subscribed, gate } = setup();
    await restored(dashboard);
    const { fetchImpl, answer } = heldAnswer([consumer('jobs', 'amq.ctag-1')]);
    const pending = gate.connect(context(fetchImpl));
    await dashboard.disconnect();
    answer();
    expect(await pending).toEqual({ ok: true, value: [] });
    expect(subscribed().join()).not.toMatch(/taker|alone/);
    await dashboard.dispose();
  });
});
