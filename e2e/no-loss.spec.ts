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

  broker.freshForDescribe();

  test('confirmed persistent messages on a /queue survive a broker restart: all received, redeliveries marked, none counted twice', async ({
    dashboard,
    page,
  }) => {
    const key = uniqueName('noloss');
    await page.getByRole('textbox', { name: 'Broker URL' }).fill(broker.url);
    await dashboard.connect();
    // Each pane on a queue of its own, so a redelivery goes back to the pane that had it.
    // The first acks two rows by their Ack button and leaves the rest unacked across the
    // restart; the second acks everything with Ack all.
    const panes = [
      { name: 'first', queue: `${key}-a` },
      { name: 'second', queue: `${key}-b` },
    ].map(({ name, queue }) => ({
      name,
      queue,
      destination: `/queue/${queue}`,
      before: Array.from({ length: 6 }, (_, i) => `${queue} before-${i}`),
      after: Array.from({ length: 3 }, (_, i) => `${queue} after-${i}`),
      acked: [] as string[],
      pane: dashboard.pane(`${queue}-pane`),
    }));
    for (const p of panes) {
      await dashboard.subscribe(p.destination, `${p.queue}-pane`, 'client-individual');
      await p.pane.expectSubscribed();
    }
    for (const p of panes) {
      expect(await publishConfirmed(broker.url, p.destination, p.before)).toHaveLength(6);
      await p.pane.expectCount(6);
    }
    const [first, second] = panes as [(typeof panes)[number], (typeof panes)[number]];

    const rows = first.pane.messages.getByRole('listitem');
    for (let i = 0; i < 2; i++) {
      const row = rows.nth(i);
      const body = /before-\d+/.exec((await row.textContent()) ?? '')?.[0];
      expect(body).toBeDefined();
      await row.getByRole('button', { name: 'Ack', exact: true }).click();
      await expect(row.getByRole('button', { name: 'Ack', exact: true })).toBeDisabled();
      first.acked.push(`${first.queue} ${body}`);
    }
    await second.pane.root.getByRole('button', { name: 'Ack all' }).click();
    await expect(second.pane.root.getByRole('button', { name: 'Ack all' })).toBeDisabled();
    second.acked.push(...second.before);

    // The broker has the acks before it goes down (queue stats lag up to 5 s).
    for (const p of panes) {
      await expect
        .poll(
          async () => {
            const q = await managementAt<{
              messages_unacknowledged?: number;
              messages_ready?: number;
            }>(broker.managementUrl, `queues/%2F/${encodeURIComponent(p.queue)}`);
            return `${q.messages_unacknowledged ?? '?'} unacked, ${q.messages_ready ?? '?'} ready`;
          },
          { timeout: 30_000, intervals: [1000] },
        )
        .toBe(`${p.before.length - p.acked.length} unacked, 0 ready`);
    }

    await broker.broker('stop');
    for (const p of panes) await expect(p.pane.status).toContainText('reconnecting');
    await broker.broker('start');
    for (const p of panes)
      await expect(p.pane.status).toContainText('subscribed', { timeout: 60_000 });

    for (const p of panes) {
      expect(await publishConfirmed(broker.url, p.destination, p.after)).toHaveLength(3);
    }

    for (const p of panes) {
      const confirmed = [...p.before, ...p.after];
      let received: ExportedMessage[] = [];
      await expect
        .poll(
          async () => {
            received = await exportPane(page, p.pane);
            const seen = new Set(received.map((m) => m.body));
            return confirmed.filter((body) => !seen.has(body));
          },
          { timeout: 30_000, intervals: [2000] },
        )
        .toEqual([]);

      // Every confirmed message arrived, nothing else did, each arrived unflagged exactly once.
      const tally = tallyBodies(received);
      expect([...tally.keys()].sort()).toEqual([...confirmed].sort());
      for (const [body, seen] of tally) expect(seen.first, `${body}: first deliveries`).toBe(1);
      // Acked before the restart: gone for good. Unacked: back once, flagged redelivered.
      const unacked = p.before.filter((body) => !p.acked.includes(body));
      for (const body of p.acked) expect(tally.get(body)!.redelivered, `${body} was acked`).toBe(0);
      for (const body of unacked)
        expect(tally.get(body)!.redelivered, `${body} was unacked`).toBe(1);
      for (const body of p.after)
        expect(tally.get(body)!.redelivered, `${body} came after`).toBe(0);
      if (unacked.length > 0) {
        await expect(
          p.pane.messages.getByText('redelivered', { exact: true }).first(),
        ).toBeVisible();
      }

      // Nothing counted twice: the Message count is the number of messages, and a redelivery
      // of one the pane already shows is not another message.
      expect
        .soft(
          await p.pane.countValue(),
          `the ${p.name} pane's Message count counts a redelivery again`,
        )
        .toBe(confirmed.length);
    }
  });
});
