import { test, expect } from './fixtures';
import {
  PrivateBroker,
  exportPane,
  managementAt,
  publishConfirmed,
  tallyBodies,
  type ExportedMessage,
} from './support/private-broker';
import { uniqueName } from './support/stomp-node';

// Stops and starts a broker: a private node of its own (Web-STOMP 15844, management 15842).
const broker = new PrivateBroker('noloss', 15844);

test.describe('restart without loss', () => {
  test.describe.configure({ timeout: 300_000 });

  test.beforeAll(async () => {
    test.setTimeout(150_000);
    await broker.broker('reset');
    await broker.broker('start');
  });

  test.afterAll(async () => {
    test.setTimeout(120_000);
    await broker.broker('stop');
  });

  test('confirmed persistent messages on a /queue survive a broker restart: all received, redeliveries marked, none counted twice', async ({
    dashboard,
    page,
  }) => {
    const key = uniqueName('noloss');
    const destination = `/queue/${key}`;
    await page.getByRole('textbox', { name: 'Broker URL' }).fill(broker.url);
    await dashboard.connect();
    // Two panes on one queue: competing consumers, each acking by hand.
    const first = await dashboard.subscribe(destination, `${key}-a`, 'client-individual');
    const second = await dashboard.subscribe(destination, `${key}-b`, 'client-individual');
    await first.expectSubscribed();
    await second.expectSubscribed();
    const total = async () => (await first.countValue()) + (await second.countValue());

    const batch = (name: string, count: number) =>
      Array.from({ length: count }, (_, i) => `${key} ${name}-${i}`);
    const before = batch('before', 12);
    expect(await publishConfirmed(broker.url, destination, before)).toHaveLength(12);
    await expect.poll(total).toBe(12);

    // The first pane acks two rows by their Ack button, the second uses Ack all; the rest of the
    // first pane's messages stay unacked across the restart.
    const firstBodies = [...tallyBodies(await exportPane(page, first)).keys()];
    const secondBodies = [...tallyBodies(await exportPane(page, second)).keys()];
    expect(firstBodies.length, 'round-robin gives the first pane some').toBeGreaterThanOrEqual(3);
    const acked: string[] = [...secondBodies];
    const rows = first.messages.getByRole('listitem');
    for (let i = 0; i < 2; i++) {
      const row = rows.nth(i);
      const body = /before-\d+/.exec((await row.textContent()) ?? '')?.[0];
      expect(body).toBeDefined();
      await row.getByRole('button', { name: 'Ack', exact: true }).click();
      await expect(row.getByRole('button', { name: 'Ack', exact: true })).toBeDisabled();
      acked.push(`${key} ${body}`);
    }
    if (secondBodies.length > 0) await second.root.getByRole('button', { name: 'Ack all' }).click();
    await expect(second.root.getByRole('button', { name: 'Ack all' })).toBeDisabled();
    const unacked = before.filter((body) => !acked.includes(body));
    expect(unacked.length).toBe(firstBodies.length - 2);
    // The broker has the acks before it goes down (queue stats lag up to 5 s).
    await expect
      .poll(
        async () => {
          const q = await managementAt<{
            messages_unacknowledged?: number;
            messages_ready?: number;
          }>(broker.managementUrl, `queues/%2F/${encodeURIComponent(key)}`);
          return `${q.messages_unacknowledged ?? '?'} unacked, ${q.messages_ready ?? '?'} ready`;
        },
        { timeout: 30_000, intervals: [1000] },
      )
      .toBe(`${unacked.length} unacked, 0 ready`);

    await broker.broker('stop');
    await expect(first.status).toContainText('reconnecting');
    await expect(second.status).toContainText('reconnecting');
    await broker.broker('start');
    await expect(first.status).toContainText('subscribed', { timeout: 60_000 });
    await expect(second.status).toContainText('subscribed', { timeout: 60_000 });

    const after = batch('after', 6);
    expect(await publishConfirmed(broker.url, destination, after)).toHaveLength(6);
    const confirmed = [...before, ...after];

    let perPane: ExportedMessage[][] = [];
    await expect
      .poll(
        async () => {
          perPane = [await exportPane(page, first), await exportPane(page, second)];
          const seen = new Set(perPane.flat().map((m) => m.body));
          return confirmed.filter((body) => !seen.has(body));
        },
        { timeout: 30_000, intervals: [2000] },
      )
      .toEqual([]);
    const received = perPane.flat();

    // Every confirmed message arrived, nothing else did, and each arrived unflagged exactly once.
    const tally = tallyBodies(received);
    expect([...tally.keys()].sort()).toEqual([...confirmed].sort());
    for (const [body, seen] of tally) expect(seen.first, `${body}: first deliveries`).toBe(1);
    // Acked before the restart: gone for good. Unacked: back, flagged redelivered.
    for (const body of acked) expect(tally.get(body)!.redelivered, `${body} was acked`).toBe(0);
    for (const body of unacked) expect(tally.get(body)!.redelivered, `${body} was unacked`).toBe(1);
    for (const body of after) expect(tally.get(body)!.redelivered, `${body} came after`).toBe(0);
    const flagged = first.messages
      .getByText('redelivered', { exact: true })
      .or(second.messages.getByText('redelivered', { exact: true }));
    await expect(flagged.first()).toBeVisible();

    // Nothing counted twice: a pane's Message count is the number of messages it got, a
    // redelivery of one it already shows included once. (Which pane gets the redeliveries
    // depends on which resubscribes first, so each is held to its own messages.)
    for (const [name, pane, messages] of [
      ['first', first, perPane[0]!],
      ['second', second, perPane[1]!],
    ] as const) {
      const distinct = new Set(messages.map((m) => m.body)).size;
      expect
        .soft(await pane.countValue(), `the ${name} pane's Message count counts a redelivery again`)
        .toBe(distinct);
    }
  });
});
