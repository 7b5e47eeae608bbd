import { test, expect } from './fixtures';
import type { DashboardPage } from './support/dashboard-page';
import {
  PrivateCluster,
  awayMs,
  consumerNode,
  exportPane,
  managementAt,
  publishConfirmed,
  statusChanges,
  tallyBodies,
  watchPaneStatus,
} from './support/private-broker';
import { publish, uniqueName } from './support/stomp-node';

// A private cluster of its own (scripts/lib/cluster.ts): nodes on Web-STOMP 15804, 15814 (and
// 15824 for the quorum test), one epmd on 4504. The Broker URL lists every node; the engine
// tries the next one on each reconnect.
const cluster = new PrivateCluster();
const FAILOVER_LIMIT_MS = 15_000;

/** The cluster node index a pane consumes on, per the management API (its stats lag ~5 s). */
async function paneNode(subscriptionId: string, askNode: number, notOn?: number): Promise<number> {
  let index: number | null = null;
  await expect
    .poll(
      async () => {
        const node = await consumerNode(cluster.managementUrl(askNode), subscriptionId).catch(
          () => null,
        );
        index = node === null ? null : cluster.indexOf(node);
        return index !== null && index !== notOn;
      },
      { timeout: 30_000, intervals: [500] },
    )
    .toBe(true);
  return index!;
}

/** A measured time, as a test annotation (in the JSON report) and on the console. */
function note(what: string, ms: number): void {
  test.info().annotations.push({ type: what, description: `${ms} ms` });
  console.log(`${what}: ${(ms / 1000).toFixed(1)} s`);
}

async function connectTo(dashboard: DashboardPage, nodes: number): Promise<void> {
  await dashboard.page.getByRole('textbox', { name: 'Broker URL' }).fill(cluster.brokerUrl(nodes));
  await dashboard.connect();
}

test.describe('cluster failover', () => {
  // One cluster for both tests, in order: the quorum test grows it to three nodes.
  test.describe.configure({ mode: 'serial', timeout: 420_000 });

  test.beforeAll(async () => {
    test.setTimeout(400_000);
    await cluster.cluster('reset');
    const started = Date.now();
    const output = await cluster.cluster('start');
    note('cluster start (2 nodes, fresh)', Date.now() - started);
    expect(output).toContain(cluster.nodeName(1));
    expect(output).toContain(cluster.nodeName(2));
  });

  test.afterAll(async () => {
    test.setTimeout(180_000);
    await cluster.cluster('stop');
  });

  test('stopping the node a pane is on brings it back subscribed on the other node within 15 s', async ({
    dashboard,
    page,
  }) => {
    const key = uniqueName('failover');
    const id = `${key}-fan`;
    await connectTo(dashboard, 2);
    await expect(dashboard.connectionStatus).toContainText(`connected to ${cluster.url(1)}`);
    const pane = await dashboard.subscribe(`/exchange/amq.topic/${key}.#`, id);
    await pane.expectSubscribed();

    const from = await paneNode(id, 2);
    const other = from === 1 ? 2 : 1;
    await publish(`/exchange/amq.topic/${key}.before`, (i) => `before ${i}`, {
      count: 3,
      url: cluster.url(other),
    });
    await pane.expectCount(3);

    await watchPaneStatus(page, id);
    const stopIssuedAt = Date.now();
    await cluster.cluster('stop-node', String(from));
    const stopDoneAt = Date.now();
    await expect(pane.status).toContainText('subscribed', { timeout: 30_000 });
    const away = awayMs(await statusChanges(page, id));
    expect(away, 'the pane never showed reconnecting, then subscribed').not.toBeNull();
    note('failover (first reconnecting → subscribed)', away!.ms);
    note('node stop command', stopDoneAt - stopIssuedAt);
    note(
      'pane back after the stop command completed (negative: before)',
      away!.backAt - stopDoneAt,
    );
    expect(away!.ms).toBeLessThanOrEqual(FAILOVER_LIMIT_MS);
    expect(await paneNode(id, other, from)).toBe(other);
    await expect(dashboard.connectionStatus).toContainText(`connected to ${cluster.url(other)}`);

    await publish(`/exchange/amq.topic/${key}.after`, (i) => `after ${i}`, {
      count: 4,
      url: cluster.url(other),
    });
    await pane.expectCount(7);

    const restartedAt = Date.now();
    await cluster.cluster('start-node', String(from));
    note('node start (rejoin)', Date.now() - restartedAt);
  });

  test('a pane on a quorum queue with client-individual acks loses nothing when its node stops', async ({
    dashboard,
    page,
  }) => {
    // A quorum queue needs a majority of its members: with two nodes, one stopped leaves 1 of 2
    // and the queue stops serving. Three nodes keep 2 of 3 through the stop.
    const grownAt = Date.now();
    await cluster.cluster('start', '--nodes', '3');
    note('cluster grow to 3 nodes', Date.now() - grownAt);

    const key = uniqueName('quorum');
    const id = `${key}-pane`;
    await connectTo(dashboard, 3);
    const form = dashboard.subscribeForm;
    await dashboard.destination(form).fill(`/queue/${key}`);
    await form.getByRole('textbox', { name: 'Subscription id' }).fill(id);
    await form.getByRole('combobox', { name: 'Ack mode' }).selectOption('client-individual');
    await form.locator('summary', { hasText: 'Builder and options' }).click();
    await form.getByRole('combobox', { name: /^x-queue-type/ }).selectOption('quorum');
    await form.getByRole('combobox', { name: /^durable/ }).selectOption('true');
    await form.getByRole('combobox', { name: /^auto-delete/ }).selectOption('false');
    await form.getByRole('button', { name: 'Subscribe', exact: true }).click();
    const pane = dashboard.pane(id);
    await pane.expectSubscribed();

    const from = await paneNode(id, 2);
    const survivor = from === 3 ? 2 : 3;
    const queue = await managementAt<{ type: string; members?: string[] }>(
      cluster.managementUrl(survivor),
      `queues/%2F/${encodeURIComponent(key)}`,
    );
    expect(queue.type).toBe('quorum');
    expect(queue.members).toHaveLength(3);

    // Published through /amq/queue (declares nothing), persistent, a receipt each.
    const destination = `/amq/queue/${key}`;
    const batch = (name: string) => Array.from({ length: 20 }, (_, i) => `${key} ${name}-${i}`);
    const before = batch('before');
    expect(await publishConfirmed(cluster.url(survivor), destination, before)).toHaveLength(20);
    await expect.poll(() => pane.countValue()).toBeGreaterThanOrEqual(20);

    // Acknowledge five with their row's Ack button; the other fifteen stay unacked.
    const acked: string[] = [];
    const rows = pane.messages.getByRole('listitem');
    for (let i = 0; i < 5; i++) {
      const row = rows.nth(i);
      const body = /before-\d+/.exec((await row.textContent()) ?? '')?.[0];
      expect(body).toBeDefined();
      await row.getByRole('button', { name: 'Ack', exact: true }).click();
      await expect(row.getByRole('button', { name: 'Ack', exact: true })).toBeDisabled();
      acked.push(`${key} ${body}`);
    }
    // Wait for the broker to have them: 15 unacknowledged, nothing ready.
    await expect
      .poll(
        async () => {
          const q = await managementAt<{
            messages_unacknowledged?: number;
            messages_ready?: number;
          }>(cluster.managementUrl(survivor), `queues/%2F/${encodeURIComponent(key)}`);
          return `${q.messages_unacknowledged ?? '?'} unacked, ${q.messages_ready ?? '?'} ready`;
        },
        { timeout: 30_000, intervals: [1000] },
      )
      .toBe('15 unacked, 0 ready');

    await watchPaneStatus(page, id);
    const stop = cluster.cluster('stop-node', String(from));
    // Published while the pane's node goes down (the queue may be electing a new leader).
    const during = batch('during');
    const duringConfirmed = await publishConfirmed(cluster.url(survivor), destination, during, {
      timeoutMs: 60_000,
    });
    await stop;
    expect(duringConfirmed).toHaveLength(20);

    await expect(pane.status).toContainText('subscribed', { timeout: 60_000 });
    const away = awayMs(await statusChanges(page, id));
    expect(away, 'the pane never showed reconnecting, then subscribed').not.toBeNull();
    note('quorum pane failover (reconnecting → subscribed)', away!.ms);
    expect(away!.ms).toBeLessThanOrEqual(FAILOVER_LIMIT_MS);
    expect(await paneNode(id, survivor, from)).not.toBe(from);

    // Everything confirmed so far is back, the unacked ones flagged: newest first, the
    // redeliveries are at the top of the list now.
    let tally = new Map<string, { first: number; redelivered: number }>();
    const received = (bodies: string[]) =>
      expect
        .poll(
          async () => {
            tally = tallyBodies(await exportPane(page, pane));
            return bodies.filter((body) => !tally.has(body));
          },
          { timeout: 30_000, intervals: [2000] },
        )
        .toEqual([]);
    await received([...before, ...during]);
    await expect(pane.messages.getByText('redelivered', { exact: true }).first()).toBeVisible();

    const after = batch('after');
    expect(await publishConfirmed(cluster.url(survivor), destination, after)).toHaveLength(20);
    const confirmed = [...before, ...during, ...after];
    await received(confirmed);

    // Nothing but what was sent, each first delivered once, every repeat flagged redelivered.
    expect([...tally.keys()].sort()).toEqual([...confirmed].sort());
    for (const [body, seen] of tally)
      expect(seen.first, `${body} delivered unflagged twice`).toBe(1);
    for (const body of acked) expect(tally.get(body)!.redelivered, `${body} was acked`).toBe(0);
    const unacked = before.filter((body) => !acked.includes(body));
    for (const body of unacked)
      expect(tally.get(body)!.redelivered, `${body} was unacked`).toBeGreaterThanOrEqual(1);

    // The pane counts messages, not deliveries: a redelivery is the same message again.
    expect
      .soft(await pane.countValue(), 'Message count counts redeliveries a second time')
      .toBe(confirmed.length);
  });
});
