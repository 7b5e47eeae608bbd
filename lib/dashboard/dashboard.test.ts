import { beforeAll, describe, expect, it, vi } from 'vitest';
import { FakeBroker } from '@/lib/stomp/testing/fake-broker';
import { Dashboard } from './dashboard';
import type { NewPane } from './dashboard-types';
import { loadPageModules } from './testing';

beforeAll(loadPageModules);

const manualFrames = () => {
  const pending = new Set<() => void>();
  const schedule = (callback: () => void) => {
    pending.add(callback);
    return () => pending.delete(callback);
  };
  const flush = () => {
    for (const callback of [...pending]) {
      pending.delete(callback);
      callback();
    }
  };
  return { schedule, flush };
};

function setup() {
  const broker = new FakeBroker();
  const frames = manualFrames();
  const saved: unknown[] = [];
  const dashboard = new Dashboard(
    { brokerUrl: 'ws://fake/ws', login: 'guest', passcode: 'secret-pass', vhost: '/' },
    {
      webSocketFactory: broker.factory,
      schedule: frames.schedule,
      onWorkspaceChange: (w) => saved.push(w),
    },
  );
  return { broker, dashboard, frames, saved };
}

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

describe('Dashboard', () => {
  it('predicts with what the broker reports (exchange types, queues), and says when it had to assume', () => {
    const { dashboard } = setup();
    dashboard.addPane(pane('a', '/exchange/events/orders.eu'));
    dashboard.addPane(pane('b', '/exchange/events/billing'));
    const assumed = dashboard.predict('/exchange/events/other');
    // Unknown type: topic semantics assumed, and said.
    expect(assumed.certain).toBe(false);
    expect(assumed.groups).toEqual([]);
    const before = dashboard.getSnapshot();
    expect(
      dashboard.setBrokerFacts({ exchangeTypes: { events: 'fanout' }, queues: ['jobs'] }),
    ).toBe(true);
    expect(dashboard.getSnapshot()).not.toBe(before);
    const known = dashboard.predict('/exchange/events/other');
    expect(known.exchangeType).toBe('fanout');
    expect(known.certain).toBe(true);
    expect(known.groups.flatMap((group) => group.paneKeys)).toHaveLength(2);
    expect(
      dashboard.setBrokerFacts({ exchangeTypes: { events: 'fanout' }, queues: ['jobs'] }),
    ).toBe(false);
    // A SEND to an /amq/queue/ the broker does not have is called out; to one it has, not.
    expect(dashboard.predict('/amq/queue/typo').caveats.join(' ')).toContain(
      'drops a SEND to /amq/queue/typo without an error',
    );
    expect(dashboard.predict('/amq/queue/jobs').caveats.join(' ')).not.toContain(
      'without an error',
    );
    expect(
      dashboard.setBrokerFacts({ exchangeTypes: { events: 'fanout' }, queues: ['jobs', 'typo'] }),
    ).toBe(true);
    expect(dashboard.predict('/amq/queue/typo').caveats.join(' ')).not.toContain(
      'without an error',
    );
  });

  it('gives each pane its own connection by default', async () => {
    const { broker, dashboard } = setup();
    dashboard.connect();
    const a = dashboard.addPane(pane('a', '/topic/x'));
    const b = dashboard.addPane(pane('b', '/topic/x'));
    expect(a.ok && b.ok).toBe(true);
    await vi.waitFor(() => expect(broker.framesOf('SUBSCRIBE')).toHaveLength(2));
    const sockets = new Set(broker.framesOf('SUBSCRIBE').map((f) => f.socket));
    expect(sockets.size).toBe(2);
    await dashboard.dispose();
  });

  it('a refused SUBSCRIBE marks only its own pane; the others keep receiving', async () => {
    const { broker, dashboard, frames } = setup();
    broker.refusedDestinations.add('/amq/queue/missing');
    dashboard.connect();
    const good = dashboard.addPane(pane('good', '/topic/ok'));
    const bad = dashboard.addPane(pane('bad', '/amq/queue/missing'));
    if (!good.ok || !bad.ok) throw new Error('panes refused');
    await vi.waitFor(() => expect(bad.value.status.subscription.status).toBe('error'));
    await vi.waitFor(() => expect(good.value.status.subscription.status).toBe('subscribed'));
    const goodSocket = broker.sockets.find((s) => s.subscriptions.has('good'))!;
    goodSocket.sendFrame(
      'MESSAGE',
      { subscription: 'good', destination: '/topic/ok', 'message-id': '1' },
      'hi',
    );
    await vi.waitFor(() => {
      frames.flush();
      expect(good.value.store.getSnapshot().count).toBe(1);
    });
    expect(good.value.status.connection.status).toBe('connected');
    await dashboard.dispose();
  });

  it('refuses a duplicate id on the shared connection before anything is sent', async () => {
    const { broker, dashboard } = setup();
    dashboard.connect();
    expect(dashboard.addPane(pane('same', '/topic/a', { connection: 'shared' })).ok).toBe(true);
    await vi.waitFor(() => expect(broker.framesOf('SUBSCRIBE')).toHaveLength(1));
    const dup = dashboard.addPane(pane('same', '/topic/b', { connection: 'shared' }));
    expect(dup.ok).toBe(false);
    expect(!dup.ok && dup.error).toMatch(/already used on the shared connection/);
    expect(broker.framesOf('SUBSCRIBE')).toHaveLength(1);
    await dashboard.dispose();
  });

  it('refuses an invalid destination with nothing sent', async () => {
    const { broker, dashboard } = setup();
    dashboard.connect();
    const result = dashboard.addPane(pane('x', '/topic/a/b'));
    expect(result.ok).toBe(false);
    expect(broker.framesOf('SUBSCRIBE')).toHaveLength(0);
    await dashboard.dispose();
  });

  it('stores the workspace without the passcode', async () => {
    const { dashboard, saved } = setup();
    dashboard.addPane(
      pane('kept', '/queue/jobs', { ackMode: 'client-individual', prefetchCount: 5 }),
    );
    const last = JSON.stringify(saved[saved.length - 1]);
    expect(last).toContain('"subscriptionId":"kept"');
    expect(last).toContain('"prefetchCount":5');
    expect(last).not.toContain('secret-pass');
    await dashboard.dispose();
  });

  it('refuses a 51st pane and keeps the total capacity within the limit', async () => {
    const { broker, dashboard } = setup();
    for (let i = 0; i < 50; i++)
      expect(dashboard.addPane(pane(`p${i}`, `/topic/t${i}`, { capacity: 10 })).ok).toBe(true);
    const refused = dashboard.addPane(pane('one-too-many', '/topic/x', { capacity: 10 }));
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error).toMatch(/50/);
    const first = dashboard.getSnapshot().panes[0]!;
    dashboard.setPaneCapacity(first.key, 1_000_000);
    const total = dashboard.getSnapshot().panes.reduce((sum, p) => sum + p.config.capacity, 0);
    expect(total).toBe(200_000);
    expect(broker.sockets).toHaveLength(0);
    await dashboard.dispose();
  });

  it('a second demo starts clean, and Remove demo takes its panes and its matrix rows away', async () => {
    const { broker, dashboard } = setup();
    dashboard.connect();
    dashboard.addPane(pane('mine', '/topic/mine'));
    // The fake broker confirms receipts, so the demo's sends settle.
    const first = await dashboard.runDemo(3);
    expect(first.ok).toBe(true);
    expect(
      broker.framesOf('SUBSCRIBE').filter((frame) => String(frame.headers.id).startsWith('queue-')),
    ).toHaveLength(2);
    expect(dashboard.getSnapshot().demo).toBe(true);
    expect(dashboard.getSnapshot().runs).toHaveLength(2);

    // A second run starts clean: the first demo's panes and rows are gone.
    const second = await dashboard.runDemo(3);
    expect(second.ok).toBe(true);
    expect(dashboard.getSnapshot().panes).toHaveLength(5);
    expect(dashboard.getSnapshot().runs).toHaveLength(2);

    await dashboard.removeDemo();
    const after = dashboard.getSnapshot();
    expect(after.demo).toBe(false);
    expect(after.panes.map((p) => p.config.subscriptionId)).toEqual(['mine']);
    expect(after.runs).toHaveLength(0);
    await dashboard.dispose();
  });

  describe('a workspace that names another broker never moves the credentials', () => {
    const foreign = (panes: NewPane[] = []) => ({
      version: 1 as const,
      connection: { brokerUrl: 'ws://attacker.test:9999/ws', login: 'guest', vhost: '/' },
      panes: panes.map((p, i) => ({ ...p, key: `pane-${i + 1}` })),
    });

    it('while connected: nothing connects or subscribes, the passcode is cleared, a warning names the host', async () => {
      const { broker, dashboard } = setup();
      dashboard.connect();
      dashboard.addPane(pane('mine', '/topic/mine'));
      await vi.waitFor(() => expect(broker.framesOf('SUBSCRIBE')).toHaveLength(1));
      const socketsBefore = broker.sockets.length;
      const resetsBefore = dashboard.getSnapshot().passcodeVersion;

      const result = await dashboard.loadWorkspace(
        foreign([
          pane('own-1', '/topic/a'),
          pane('shared-1', '/topic/b', { connection: 'shared' }),
        ]),
      );

      expect(result.imported).toBe(2);
      const snapshot = dashboard.getSnapshot();
      expect(snapshot.form.brokerUrl).toBe('ws://attacker.test:9999/ws');
      expect(snapshot.passcodeVersion).toBe(resetsBefore + 1);
      expect(snapshot.connectionNotice).toContain('attacker.test:9999');
      expect(dashboard.passcode).toBe('');
      expect(snapshot.online).toBe(true);
      // No socket was opened anywhere, and the shared connection got no SUBSCRIBE for the file's pane.
      expect(broker.sockets.length).toBe(socketsBefore);
      expect(broker.sockets.map((socket) => socket.url)).not.toContain(
        'ws://attacker.test:9999/ws',
      );
      expect(broker.framesOf('SUBSCRIBE').map((frame) => frame.headers.id)).not.toContain(
        'shared-1',
      );
      // A pane added by hand meanwhile waits too.
      dashboard.addPane(pane('typed', '/topic/c'));
      expect(broker.sockets.length).toBe(socketsBefore);
      await dashboard.dispose();
    });

    it('while disconnected: the next Connect carries the passcode typed after the import, not the one before', async () => {
      const { broker, dashboard } = setup();
      await dashboard.loadWorkspace(foreign([pane('own-1', '/topic/a')]));
      expect(broker.sockets).toHaveLength(0);
      expect(dashboard.getSnapshot().connectionNotice).toContain('attacker.test:9999');

      dashboard.setForm({ brokerUrl: 'ws://fake/ws' });
      dashboard.connect();
      await vi.waitFor(() => expect(broker.framesOf('SUBSCRIBE')).toHaveLength(1));
      const passcodes = broker.framesOf('CONNECT').map((frame) => frame.headers.passcode);
      expect(passcodes.length).toBeGreaterThan(0);
      expect(passcodes).not.toContain('secret-pass');
      expect(dashboard.getSnapshot().connectionNotice).toBeNull();
      await dashboard.dispose();
    });

    it('a workspace with the same connection settings keeps the passcode and connects its panes at once', async () => {
      const { broker, dashboard } = setup();
      dashboard.connect();
      const same = {
        ...foreign([pane('own-1', '/topic/a')]),
        connection: { brokerUrl: 'ws://fake/ws', login: 'guest', vhost: '/' },
      };
      await dashboard.loadWorkspace(same);
      await vi.waitFor(() => expect(broker.framesOf('SUBSCRIBE')).toHaveLength(1));
      expect(dashboard.getSnapshot().connectionNotice).toBeNull();
      expect(broker.framesOf('CONNECT').map((frame) => frame.headers.passcode)).toContain(
        'secret-pass',
      );
      await dashboard.dispose();
    });

    it('a passcode remembered for exactly that connection comes back, with no warning while disconnected', async () => {
      const broker = new FakeBroker();
      const remembered = { brokerUrl: 'ws://attacker.test:9999/ws', login: 'guest', vhost: '/' };
      const dashboard = new Dashboard(
        { brokerUrl: 'ws://fake/ws', login: 'guest', passcode: 'secret-pass', vhost: '/' },
        {
          webSocketFactory: broker.factory,
          rememberedPasscode: (target) =>
            target.brokerUrl === remembered.brokerUrl && target.login === remembered.login
              ? 'kept-for-it'
              : null,
        },
      );
      await dashboard.loadWorkspace(foreign([pane('own-1', '/topic/a')]));
      expect(dashboard.passcode).toBe('kept-for-it');
      expect(dashboard.getSnapshot().connectionNotice).toBeNull();
      await dashboard.loadWorkspace({
        ...foreign(),
        connection: { ...remembered, login: 'other' },
      });
      expect(dashboard.passcode).toBe('');
      expect(dashboard.getSnapshot().connectionNotice).toContain('attacker.test:9999');
      await dashboard.dispose();
    });

    it.each([
      ['login', { login: 'someone-else' }],
      ['vhost', { vhost: 'other' }],
    ])('a different %s counts as another connection too', async (_what, change) => {
      const { broker, dashboard } = setup();
      dashboard.connect();
      const moved = {
        ...foreign([pane('own-1', '/topic/a')]),
        connection: { brokerUrl: 'ws://fake/ws', login: 'guest', vhost: '/', ...change },
      };
      await vi.waitFor(() => expect(dashboard.getSnapshot().connection.status).toBe('connected'));
      const socketsBefore = broker.sockets.length;
      await dashboard.loadWorkspace(moved);
      expect(dashboard.getSnapshot().connectionNotice).not.toBeNull();
      expect(dashboard.getSnapshot().passcodeVersion).toBe(1);
      expect(broker.sockets.length).toBe(socketsBefore);
      await dashboard.dispose();
    });
  });

  it('shows a redelivery of a message already counted, marked, without counting it twice', async () => {
    const { broker, dashboard, frames } = setup();
    dashboard.connect();
    const added = dashboard.addPane(pane('acks', '/queue/jobs', { ackMode: 'client-individual' }));
    if (!added.ok) throw new Error(added.error);
    const runtime = added.value;
    await vi.waitFor(() => expect(runtime.status.subscription.status).toBe('subscribed'));
    broker.deliver('acks', 'one', { 'x-stompwatch-seq': 'run1:1' });
    broker.deliver('acks', 'two', { 'x-stompwatch-seq': 'run1:2' });
    broker.deliver('acks', 'one', { 'x-stompwatch-seq': 'run1:1', redelivered: 'true' });
    await vi.waitFor(() => {
      frames.flush();
      expect(runtime.store.getSnapshot().shown).toBe(3);
    });
    expect(runtime.store.getSnapshot().count).toBe(2);
    expect(runtime.deliveries.get('run1')).toEqual({ received: 2, redelivered: 1 });
    await dashboard.dispose();
  });

  it('does not count again a message redelivered after its connection died unacked', async () => {
    const { broker, dashboard, frames } = setup();
    dashboard.connect();
    const added = dashboard.addPane(pane('redo', '/queue/jobs', { ackMode: 'client-individual' }));
    if (!added.ok) throw new Error(added.error);
    const runtime = added.value;
    await vi.waitFor(() => expect(runtime.status.subscription.status).toBe('subscribed'));
    broker.deliver('redo', 'plain body', { 'x-app': '1' });
    await vi.waitFor(() => expect(runtime.unackedCount()).toBe(1));
    const firstSocket = broker.sockets.length;
    broker.current.serverClose(1006, '');
    await vi.waitFor(() => expect(broker.sockets.length).toBeGreaterThan(firstSocket));
    await vi.waitFor(() => expect(runtime.status.subscription.status).toBe('subscribed'));
    broker.deliver('redo', 'plain body', { 'x-app': '1', redelivered: 'true' });
    broker.deliver('redo', 'new body', { 'x-app': '1' });
    await vi.waitFor(() => {
      frames.flush();
      expect(runtime.store.getSnapshot().shown).toBe(3);
    });
    expect(runtime.store.getSnapshot().count).toBe(2);
    await dashboard.dispose();
  });
});
