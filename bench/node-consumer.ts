/**
 * The reference: a plain Node @stomp/stompjs consumer (and, for the bulk-send scenario, publisher)
 * in a process of its own, so it never shares an event loop with the benchmark's publisher or
 * Playwright. Started by bench/reference.ts with `fork`; talks over IPC (reference-protocol.ts).
 * It counts messages (auto ack), nothing else: the ceiling the dashboard is compared with.
 */
import { errorMessage } from '@/lib/util/result';
import type { Client } from '@stomp/stompjs';
import { connectNodeStomp } from '../scripts/lib/node-stomp';
import { nextReceiptId, receiptFor } from './publisher';
import type {
  BulkCommand,
  ConsumeCommand,
  ConsumerReport,
  FromConsumer,
  ToConsumer,
} from './reference-protocol';
import { benchBody, epochNow, percentile } from './stats';

const clients: Client[] = [];
let job: ConsumeCommand | null = null;
let counts: number[] = [];
let doneSubs = 0;
let consumedAt: number | null = null;
let problem: string | null = null;
const latencies: number[] = [];
let bulk: ConsumerReport['bulk'] = null;
let bulkWanted = false;
let finished = false;

function send(message: FromConsumer): void {
  process.send?.(message);
}

function report(): ConsumerReport {
  const latency =
    job?.latency && latencies.length > 0
      ? {
          p50: percentile(latencies, 50),
          p99: percentile(latencies, 99),
          max: latencies.reduce((m, v) => Math.max(m, v), 0),
          samples: latencies.length,
        }
      : null;
  const bulkDone = !bulkWanted || (bulk !== null && bulk.confirmedAt !== null);
  const doneAt =
    consumedAt !== null && bulkDone ? Math.max(consumedAt, bulk?.confirmedAt ?? 0) : null;
  return { doneAt, counts: [...counts], problem, latency, bulk };
}

function maybeFinish(): void {
  if (finished || !job) return;
  const consumed = doneSubs === counts.length;
  const bulkDone = !bulkWanted || (bulk !== null && bulk.confirmedAt !== null);
  if (!problem && !(consumed && bulkDone)) return;
  finished = true;
  setTimeout(() => send({ type: 'report', report: report(), final: true }), job.settleMs);
}

async function consume(command: ConsumeCommand): Promise<void> {
  job = command;
  counts = command.subscriptions.map(() => 0);
  let server = 'unknown';
  for (const [index, subscription] of command.subscriptions.entries()) {
    const { client, connected } = await connectNodeStomp(command.login, {
      heartbeatIncoming: 10_000,
      heartbeatOutgoing: 10_000,
    });
    server = connected.headers.server ?? server;
    client.onWebSocketClose = (event) => {
      if (!finished) {
        problem ??= `reference connection ${subscription.id} closed (code ${event.code})`;
        maybeFinish();
      }
    };
    clients.push(client);
    const receipt = nextReceiptId('sub');
    const subscribed = receiptFor(client, receipt, 15_000);
    client.subscribe(
      subscription.destination,
      (message) => {
        const n = ++counts[index]!;
        if (command.latency) {
          const ts = Number(message.headers['bench-ts']);
          if (Number.isFinite(ts)) latencies.push(epochNow() - ts);
        }
        if (n === command.target) {
          doneSubs++;
          if (doneSubs === counts.length) consumedAt = epochNow();
          maybeFinish();
        } else if (n > command.target) {
          problem ??= `overshoot: subscription ${subscription.id} received ${n} of ${command.target}`;
          maybeFinish();
        }
      },
      { id: subscription.id, ack: 'auto', receipt },
    );
    await subscribed;
  }
  send({ type: 'ready', server });
}

/** Like lib/send's BulkSender with receipts 'last': first receipt waited for, then every Nth and the last. */
async function bulkSend(command: BulkCommand): Promise<void> {
  if (!job) throw new Error('bulk before consume');
  bulkWanted = true;
  const { client } = await connectNodeStomp(job.login, {
    heartbeatIncoming: 0,
    heartbeatOutgoing: 0,
  });
  clients.push(client);
  const runId = `ref-${process.pid}`;
  const headers = (i: number, receipt?: string) => ({
    'x-stompwatch-seq': `${runId}:${i}`,
    ...(receipt ? { receipt } : {}),
  });
  bulk = { startedAt: epochNow(), confirmedAt: null, sent: 0 };
  const first = nextReceiptId('bulk');
  const firstConfirmed = receiptFor(client, first, 15_000);
  client.publish({
    destination: command.destination,
    body: benchBody('d', 1, command.bodyBytes),
    headers: headers(1, first),
  });
  bulk.sent = 1;
  await firstConfirmed;
  let lastConfirmed: Promise<number> | null = null;
  for (let i = 2; i <= command.count; i++) {
    const receipt =
      i === command.count || i % command.receiptEvery === 0 ? nextReceiptId('bulk') : undefined;
    if (i === command.count && receipt) lastConfirmed = receiptFor(client, receipt, 120_000);
    client.publish({
      destination: command.destination,
      body: benchBody('d', i, command.bodyBytes),
      headers: headers(i, receipt),
    });
    bulk.sent = i;
  }
  bulk.confirmedAt = lastConfirmed ? await lastConfirmed : epochNow();
  maybeFinish();
}

async function stop(): Promise<void> {
  finished = true;
  await Promise.allSettled(clients.map((client) => client.deactivate()));
  process.exit(0);
}

process.on('message', (raw) => {
  const message = raw as ToConsumer;
  const fail = (error: unknown) => send({ type: 'error', message: errorMessage(error) });
  switch (message.type) {
    case 'consume':
      consume(message).catch(fail);
      break;
    case 'bulk':
      bulkSend(message).catch(fail);
      break;
    case 'ping':
      send({ type: 'pong', nonce: message.nonce, now: epochNow() });
      break;
    case 'report':
      send({ type: 'report', report: report(), final: false });
      break;
    case 'stop':
      void stop();
      break;
  }
});

// The parent going away (crash, SIGKILL) must not leave this process behind.
process.on('disconnect', () => void stop());
