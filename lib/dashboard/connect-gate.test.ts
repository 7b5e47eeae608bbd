import { describe, expect, it, vi } from 'vitest';

/*
 * The page's STOMP connection code arrives after hydration (lib/stomp/connection-loader.ts).
 * Fresh modules here (another test file may have loaded it), as a page whose user clicks Connect
 * at once.
 */
describe('Connect before the page connection code is there', () => {
  it('shows connecting, then connects once the code has arrived', async () => {
    vi.resetModules();
    const { FakeBroker } = await import('@/lib/stomp/testing/fake-broker');
    const { ConnectionLink } = await import('@/lib/stomp/connection-worker/remote-connection');
    const { loadedStompConnection } = await import('@/lib/stomp/connection-loader');
    const { Dashboard } = await import('./dashboard');
    const broker = new FakeBroker();
    // As in the page: receiving connections come from the worker link (here one with no worker).
    const link = new ConnectionLink({
      start: () => {
        throw new Error('no worker in this test');
      },
      post: () => {},
    });
    const dashboard = new Dashboard(
      { brokerUrl: 'ws://fake/ws', login: 'guest', passcode: 'p', vhost: '/' },
      { webSocketFactory: broker.factory, receivingConnections: link.create },
    );
    expect(loadedStompConnection()).toBeNull();
    expect(dashboard.connect()).toEqual({ ok: true, value: undefined });
    expect(dashboard.getSnapshot().connection).toEqual({
      status: 'connecting',
      url: 'ws://fake/ws',
    });
    await expect.poll(() => dashboard.getSnapshot().connection.status).toBe('connected');
    expect(loadedStompConnection()).not.toBeNull();
    await dashboard.dispose();
  });
});
