/**
 * `npm run soak -- [--minutes 10] [--rate 1000] [--restart-every 120] [--panes 4] [--durable-panes 1]
 *                  [--port 3854] [--broker-port 15854] [--smoke]`
 *
 * Drives the real dashboard in Debian's Chromium for a long time: fan-out panes on
 * /exchange/amq.topic/soak.# (server-named, auto-delete queues), durable panes on the same
 * pattern (each a named durable queue, acked on receipt: the Subscribe form's "Durable queue"),
 * a Node publisher of persistent messages at a fixed rate (each with a `soak-seq` header, a
 * receipt on every 100th), and a restart of the soak's own private broker every 2 minutes.
 * Reports the page's JS heap every 10 s (CDP Performance.getMetrics), each pane's backlog in the
 * broker as its header shows it, and per pane what its connection received against what the
 * broker confirmed and what the pane's `Message count` says.
 *
 * How a message is known to be missing: the page asks for the delivery tap
 * (`lib/stomp/delivery-tap.ts`), so every connection, in the connection worker or on the page,
 * notes each delivery's `soak-seq` per subscription and per connection; the soak reads those
 * ledgers (sequence numbers and counts only) through Playwright. `lib/diagnostics/soak-accounting.ts`
 * splits what is missing: a fan-out pane's auto-delete queue goes with the broker, so the
 * confirmed numbers between its last message before a restart and its first after are lost by
 * design; anything else missing is unexplained, and so is any gap at all in a durable pane.
 * Repeats not flagged `redelivered` are duplicates. The pane's `Message count` must equal what
 * its connection received.
 *
 * `--smoke` (inside `npm test`): 1 minute at 200 msg/s, one restart, 2 fan-out panes and 1
 * durable pane. Starts (and stops on exit or Ctrl+C) its own broker, `scripts/serve.ts` (building
 * first when .next has no build) and the browser. Writes bench/results/soak-<timestamp>.json.
 * Exit code 0 when nothing is unexplained, duplicated or miscounted, 1 otherwise, 2 for bad options.
 */
import { err, ok, type Result } from '@/lib/util/result';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type CDPSession, type Page } from '@playwright/test';
import { Client, type IStompSocket } from '@stomp/stompjs';
import WebSocket from 'ws';
import { loadConfig, type StompwatchConfig } from '../lib/config/env';
import { CHROMIUM_ARGS, chromiumExecutable } from './lib/chromium';
import { stopChild } from './lib/process';
import { RangeSet, type Range } from '../lib/diagnostics/range-set';
import {
  accountPane,
  mergeDeliveries,
  type PaneAccounting,
} from '../lib/diagnostics/soak-accounting';
import {
  DELIVERY_TAP_GLOBAL,
  DELIVERY_TAP_REQUEST_GLOBAL,
  type DeliveryLedgerSnapshot,
  type SubscriptionDeliveries,
} from '../lib/stomp/delivery-tap';
import { DashboardPage } from '../e2e/support/dashboard-page';
import { PROJECT_ROOT, startBroker, stopBroker } from './lib/rabbitmq';
import { serveArgs } from './lib/serve-command';

// ---------------------------------------------------------------------------------------------
// Options
// ---------------------------------------------------------------------------------------------

interface Options {
  minutes: number;
  rate: number;
  restartEverySeconds: number;
  panes: number;
  durablePanes: number;
  port: number;
  brokerPort: number;
}

const DEFAULTS: Options = {
  minutes: 10,
  rate: 1000,
  restartEverySeconds: 120,
  panes: 4,
  durablePanes: 1,
  port: 3854,
  brokerPort: 15854,
};

/** The short form `npm test` runs: a minute, one restart, a rate a shared 2-core machine keeps up with. */
const SMOKE: Partial<Options> = {
  minutes: 1,
  rate: 200,
  restartEverySeconds: 30,
  panes: 2,
  durablePanes: 1,
};

const USAGE = `Usage: npm run soak -- [--minutes N] [--rate N] [--restart-every S] [--panes N] [--durable-panes N] [--port N] [--broker-port N] [--smoke]

  --minutes N        how long to publish (default ${DEFAULTS.minutes})
  --rate N           messages per second (default ${DEFAULTS.rate})
  --restart-every S  restart the broker every S seconds; 0 = never (default ${DEFAULTS.restartEverySeconds})
  --panes N          fan-out panes on /exchange/amq.topic/soak.# (default ${DEFAULTS.panes})
  --durable-panes N  panes with a durable queue of their own, which must lose nothing (default ${DEFAULTS.durablePanes})
  --port N           HTTP port of the dashboard it starts (default ${DEFAULTS.port})
  --broker-port N    Web-STOMP port of its broker; management N-2, dist N+10000, epmd N-11300 (default ${DEFAULTS.brokerPort})
  --smoke            the short form inside npm test: ${JSON.stringify(SMOKE)} (options after it still apply)

Its broker: node stompwatch-soak@localhost, data .broker/soak.`;

function parseOptions(argv: string[]): Result<Options> {
  const options = { ...DEFAULTS };
  const names: Record<string, keyof Options> = {
    '--minutes': 'minutes',
    '--rate': 'rate',
    '--restart-every': 'restartEverySeconds',
    '--panes': 'panes',
    '--durable-panes': 'durablePanes',
    '--port': 'port',
    '--broker-port': 'brokerPort',
  };
  for (let i = 0; i < argv.length; i += 2) {
    if (argv[i] === '--smoke') {
      Object.assign(options, SMOKE);
      i -= 1;
      continue;
    }
    const key = names[argv[i]!];
    const value = Number(argv[i + 1]);
    if (!key) return err(`Unknown option "${argv[i]}"`);
    if (argv[i + 1] === undefined || !Number.isFinite(value) || value < 0) {
      return err(`${argv[i]} needs a number of 0 or more`);
    }
    options[key] = value;
  }
  if (options.minutes <= 0 || options.rate <= 0) return err('--minutes and --rate must be above 0');
  if (!Number.isInteger(options.panes) || options.panes < 0 || options.panes > 8) {
    return err('--panes must be a whole number from 0 to 8');
  }
  if (!Number.isInteger(options.durablePanes) || options.durablePanes > 4) {
    return err('--durable-panes must be a whole number from 0 to 4');
  }
  if (options.panes + options.durablePanes < 1) return err('No panes to watch');
  if (!Number.isInteger(options.port) || options.port < 1024 || options.port > 65535)
    return err('--port must be a port number from 1024 to 65535');
  // Its epmd listens on N-11300 and its dist port on N+10000: both must be ports too.
  if (
    !Number.isInteger(options.brokerPort) ||
    options.brokerPort < 12_400 ||
    options.brokerPort > 55_000
  )
    return err('--broker-port must be a port number from 12400 to 55000');
  return ok(options);
}

/** The soak's own private node, its ports derived from one like e2e/support/private-broker.ts. */
function soakEnv(brokerPort: number): Record<string, string> {
  return {
    STOMPWATCH_WEB_STOMP_PORT: String(brokerPort),
    STOMPWATCH_MANAGEMENT_PORT: String(brokerPort - 2),
    STOMPWATCH_DIST_PORT: String(brokerPort + 10_000),
    STOMPWATCH_EPMD_PORT: String(brokerPort - 11_300),
    STOMPWATCH_NODE_NAME: 'stompwatch-soak@localhost',
    STOMPWATCH_BROKER_DIR: '.broker/soak',
    STOMPWATCH_LOGIN: 'guest',
    STOMPWATCH_VHOST: '/',
    // The soak's own private node: the page prefills its passcode, guest.
    STOMPWATCH_PRIVATE_BROKER: '1',
  };
}

const DESTINATION_PATTERN = '/exchange/amq.topic/soak.#';
const PUBLISH_DESTINATION = '/exchange/amq.topic/soak.data';
const SEQ_HEADER = 'soak-seq';
const BATCH_SIZE = 100;
const SAMPLE_EVERY_MS = 10_000;

const log = (line: string) =>
  console.log(`[soak ${new Date().toISOString().slice(11, 19)}] ${line}`);
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

// ---------------------------------------------------------------------------------------------
// Cleanup: everything started is registered and stopped in reverse order, once
// ---------------------------------------------------------------------------------------------

class Cleanup {
  private readonly stops: { name: string; stop: () => Promise<void> }[] = [];
  private running: Promise<void> | null = null;

  add(name: string, stop: () => Promise<void>): void {
    this.stops.push({ name, stop });
  }

  run(): Promise<void> {
    this.running ??= (async () => {
      while (this.stops.length > 0) {
        const { name, stop } = this.stops.pop()!;
        try {
          await Promise.race([
            stop(),
            sleep(60_000).then(() => Promise.reject(new Error('did not stop within 60 s'))),
          ]);
        } catch (error) {
          log(`could not stop ${name}: ${(error as Error).message}`);
        }
      }
    })();
    return this.running;
  }
}

// ---------------------------------------------------------------------------------------------
// Build and serve
// ---------------------------------------------------------------------------------------------

const NEXT_BIN = path.join(PROJECT_ROOT, 'node_modules', 'next', 'dist', 'bin', 'next');

function runNext(
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [NEXT_BIN, ...args], {
      cwd: PROJECT_ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on(
      'data',
      (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000)),
    );
    child.stderr.on(
      'data',
      (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000)),
    );
    child.on('close', (code) => resolve({ code, output }));
  });
}

/** Builds when .next holds no production build; another build running in the folder is waited for. */
async function ensureBuild(env: NodeJS.ProcessEnv): Promise<void> {
  const buildId = path.join(PROJECT_ROOT, '.next', 'BUILD_ID');
  for (let attempt = 1; !existsSync(buildId); attempt++) {
    log(`no production build in .next: running next build (attempt ${attempt})…`);
    const { code, output } = await runNext(['build'], env);
    if (code === 0) return;
    if (attempt >= 5)
      throw new Error(`next build failed:\n${output.trim().split('\n').slice(-20).join('\n')}`);
    log('next build failed (another build may hold the folder); retrying in 15 s');
    await sleep(15_000);
  }
}

async function startServer(
  port: number,
  env: NodeJS.ProcessEnv,
  cleanup: Cleanup,
): Promise<string> {
  const baseUrl = `http://127.0.0.1:${port}`;
  if (await answers(baseUrl)) throw new Error(`${baseUrl} is already in use; pick another --port`);
  let ended: string | null = null;
  let stderr = '';
  const child: ChildProcess = spawn(
    process.execPath,
    serveArgs(PROJECT_ROOT, { port, host: '127.0.0.1' }),
    {
      cwd: PROJECT_ROOT,
      env,
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  child.on(
    'exit',
    (code, signal) =>
      (ended = `dashboard server ended (${signal ?? `exit ${code}`}): ${stderr.trim()}`),
  );
  cleanup.add('dashboard server', () => stopChild(child));
  const deadline = Date.now() + 60_000;
  while (!(await answers(baseUrl))) {
    if (ended) throw new Error(ended);
    if (Date.now() > deadline)
      throw new Error(`dashboard server did not answer on ${baseUrl} within 60 s: ${stderr}`);
    await sleep(250);
  }
  return baseUrl;
}

async function answers(url: string): Promise<boolean> {
  try {
    return (await fetch(url, { signal: AbortSignal.timeout(3000) })).ok;
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------------------------
// The publisher: paced, reconnecting, a receipt per batch
// ---------------------------------------------------------------------------------------------

interface Batch {
  first: number;
  last: number;
  connection: number;
  confirmedAt: number | null;
}

/**
 * Publishes at a fixed rate on one connection at a time (client heartbeats off, see
 * rabbitmq-notes.md). While the broker is down the due messages are not sent, only counted; a
 * sent message counts as accepted when the receipt of its batch (on its connection) came back.
 */
class SoakPublisher {
  /** When each sequence number was handed to the socket (epoch ms). */
  readonly publishedAt: Float64Array;
  readonly batches: Batch[] = [];
  published = 0;
  notSentWhileDown = 0;
  reconnects = 0;
  private scheduled = 0;
  private client: Client | null = null;
  private connected = false;
  private connection = 0;
  private open: Batch | null = null;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private startedAt = 0;

  constructor(
    private readonly url: string,
    private readonly rate: number,
    capacity: number,
  ) {
    this.publishedAt = new Float64Array(capacity);
  }

  async start(): Promise<void> {
    await this.connect();
    if (!this.connected) throw new Error(`the publisher could not connect to ${this.url}`);
    this.startedAt = Date.now();
    this.timer = setInterval(() => this.tick(), 5);
  }

  get isConnected(): boolean {
    return this.connected;
  }

  private connect(): Promise<void> {
    return new Promise((resolve) => {
      const client = new Client({
        webSocketFactory: () => new WebSocket(this.url, ['v12.stomp']) as unknown as IStompSocket,
        connectHeaders: { login: 'guest', passcode: 'guest', host: '/' },
        heartbeatIncoming: 0,
        heartbeatOutgoing: 0,
        reconnectDelay: 0,
        debug: () => {},
      });
      let settled = false;
      client.onConnect = () => {
        this.connection += 1;
        this.client = client;
        this.connected = true;
        settled = true;
        resolve();
      };
      client.onWebSocketClose = () => {
        if (this.client === client) {
          this.connected = false;
          this.client = null;
          this.open = null; // its receipt was never sent: the batch stays unconfirmed
          if (!this.stopped) setTimeout(() => void this.reconnect(), 500);
        }
        if (!settled) {
          settled = true;
          void client.deactivate();
          resolve();
        }
      };
      client.activate();
    });
  }

  private async reconnect(): Promise<void> {
    while (!this.stopped && !this.connected) {
      await this.connect();
      if (!this.connected) await sleep(500);
    }
    if (this.connected) this.reconnects += 1;
  }

  private tick(): void {
    const due = Math.floor(((Date.now() - this.startedAt) * this.rate) / 1000);
    while (this.scheduled < due && this.published < this.publishedAt.length) {
      this.scheduled += 1;
      if (!this.connected || !this.client) {
        this.notSentWhileDown += 1;
        continue;
      }
      this.send(false);
    }
  }

  private send(closeBatch: boolean): void {
    const client = this.client!;
    const seq = this.published;
    if (!this.open) {
      this.open = { first: seq, last: seq, connection: this.connection, confirmedAt: null };
      this.batches.push(this.open);
    }
    const batch = this.open;
    batch.last = seq;
    // Persistent, so what waits in a durable pane's queue outlives a restart (and a receipt
    // means the broker has it on disk there).
    const headers: Record<string, string> = { [SEQ_HEADER]: String(seq), persistent: 'true' };
    if (closeBatch || batch.last - batch.first + 1 >= BATCH_SIZE) {
      const receipt = `soak-${seq}`;
      headers.receipt = receipt;
      client.watchForReceipt(receipt, () => (batch.confirmedAt = Date.now()));
      this.open = null;
    }
    try {
      client.publish({
        destination: PUBLISH_DESTINATION,
        headers,
        body: `soak message ${seq} `.padEnd(100, '.'),
      });
      this.publishedAt[seq] = Date.now();
      this.published += 1;
    } catch {
      // the socket closed under us: not sent
      if (batch.last === seq) batch.last = seq - 1;
      this.notSentWhileDown += 1;
    }
  }

  /** Stops the schedule, closes the open batch with a receipt and waits for outstanding receipts. */
  async finish(timeoutMs = 20_000): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    if (this.open && this.connected && this.client) this.send(true);
    const deadline = Date.now() + timeoutMs;
    while (
      Date.now() < deadline &&
      this.batches.some(
        (b) => b.confirmedAt === null && b.connection === this.connection && this.connected,
      )
    ) {
      await sleep(100);
    }
  }

  async close(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    const client = this.client;
    this.client = null;
    this.connected = false;
    if (client) await client.deactivate();
  }

  /** How many sequence numbers have their batch receipt back. */
  confirmedCount(): number {
    let n = 0;
    for (const batch of this.batches)
      if (batch.confirmedAt !== null) n += batch.last - batch.first + 1;
    return n;
  }

  /** The sequence numbers whose batch receipt came back. */
  confirmedRanges(): Range[] {
    return this.batches
      .filter((batch) => batch.confirmedAt !== null && batch.last >= batch.first)
      .map((batch) => [batch.first, Math.min(batch.last, this.published - 1)] as const);
  }
}

// ---------------------------------------------------------------------------------------------
// The page
// ---------------------------------------------------------------------------------------------

/** Runs before the app loads: asks the page (and through it the connection worker) for the tap. */
const TAP_REQUEST = `window[${JSON.stringify(DELIVERY_TAP_REQUEST_GLOBAL)}] = { sequenceHeader: ${JSON.stringify(SEQ_HEADER)} };`;

interface SoakPane {
  id: string;
  /** The durable queue it asked for through the Subscribe form; null for a fan-out pane. */
  queueName: string | null;
}

async function openDashboard(
  dashboard: DashboardPage,
  brokerUrl: string,
  panes: SoakPane[],
): Promise<void> {
  await dashboard.open();
  await dashboard.page.getByRole('textbox', { name: 'Broker URL' }).fill(brokerUrl);
  await dashboard.connect();
  for (const pane of panes) {
    const locators = pane.queueName
      ? await dashboard.subscribeDurable(DESTINATION_PATTERN, pane.id, pane.queueName)
      : await dashboard.subscribe(DESTINATION_PATTERN, pane.id);
    await waitForText(locators.status, /^subscribed/, 30_000);
  }
}

async function waitForText(
  locator: ReturnType<DashboardPage['pane']>['status'],
  pattern: RegExp,
  timeoutMs: number,
): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let text = '';
  while (Date.now() < deadline) {
    text = ((await locator.textContent({ timeout: timeoutMs }).catch(() => null)) ?? '').trim();
    if (pattern.test(text)) return text;
    await sleep(100);
  }
  throw new Error(`waited ${timeoutMs / 1000} s for ${pattern}; last text "${text}"`);
}

interface ShownPane {
  count: number;
  status: string;
  /** The header's "Broker backlog" text, e.g. "falling behind: 12,400 waiting in the broker · 3 s ago". */
  backlog: string;
}

/** Every pane's `Message count`, status words and broker backlog, read in one go. */
async function readPanes(page: Page, ids: string[]): Promise<Record<string, ShownPane>> {
  // No helper functions inside: tsx would wrap them in a `__name` call the page does not have.
  const texts = await page.evaluate((paneIds) => {
    const labels = ['Message count', 'Subscription status', 'Broker backlog'];
    return paneIds.map((id) => {
      const region = document.querySelector(`section[aria-label="Subscription ${id}"]`);
      return labels.map(
        (label) => region?.querySelector(`[aria-label="${label}"]`)?.textContent?.trim() ?? '',
      );
    });
  }, ids);
  return Object.fromEntries(
    ids.map((id, i) => {
      const [count = '', status = '', backlog = ''] = texts[i] ?? [];
      return [id, { count: Number(count.replace(/[^0-9]/g, '')), status, backlog }];
    }),
  );
}

/** The number a backlog text leads with ("falling behind: 12,400 waiting…" → 12400); null when none. */
function backlogOf(text: string): number | null {
  const match = /([\d,]+) waiting/.exec(text);
  return match ? Number(match[1]!.replace(/,/g, '')) : null;
}

/**
 * What every connection counted, per subscription: the page's ledger and each worker's, merged
 * (a connection moves to the page when its worker dies). Null when no realm has the tap on.
 */
async function readLedgers(page: Page): Promise<Map<string, SubscriptionDeliveries> | null> {
  const read = (name: string) =>
    (
      (globalThis as Record<string, unknown>)[name] as
        { snapshot(): DeliveryLedgerSnapshot } | undefined
    )?.snapshot() ?? null;
  const reads: Promise<DeliveryLedgerSnapshot | null>[] = [
    page.evaluate(read, DELIVERY_TAP_GLOBAL).catch(() => null),
    ...page.workers().map((worker) => worker.evaluate(read, DELIVERY_TAP_GLOBAL).catch(() => null)),
  ];
  const snapshots = (await Promise.all(reads)).filter(
    (snapshot): snapshot is DeliveryLedgerSnapshot => snapshot !== null,
  );
  if (snapshots.length === 0) return null;
  const parts = new Map<string, SubscriptionDeliveries[]>();
  for (const snapshot of snapshots)
    for (const [id, deliveries] of Object.entries(snapshot.subscriptions))
      parts.set(id, [...(parts.get(id) ?? []), deliveries]);
  return new Map([...parts].map(([id, list]) => [id, mergeDeliveries(list)]));
}

interface HeapSample {
  atS: number;
  usedMB: number;
  totalMB: number;
  domNodes: number;
  listeners: number;
  paneCounts: number[];
  /** Per pane, what its header said waits for it in the broker (null before the first poll). */
  paneBacklogs: (number | null)[];
  /** Per pane, whether its header said "falling behind". */
  fallingBehind: boolean[];
  /** Per pane, the age of the newest message its connection had received (s): its lag end to end. */
  paneLagS: (number | null)[];
  /** Sent by the publisher but not confirmed yet: what waits in its socket and the broker's intake. */
  publisherBacklog: number;
  /** Messages the publisher had sent by then: minus a pane's count, how far it lags. */
  published: number;
  publisherConnected: boolean;
}

async function heapMetrics(cdp: CDPSession): Promise<Record<string, number>> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  return Object.fromEntries(metrics.map((m) => [m.name, m.value]));
}

const MB = 1024 * 1024;
const round1 = (n: number) => Math.round(n * 10) / 10;

/** Deletes the durable queues the soak's panes made: durable means they outlive the pane. */
async function deleteQueues(managementUrl: string, names: string[]): Promise<void> {
  for (const name of names) {
    const response = await fetch(`${managementUrl}/api/queues/%2F/${encodeURIComponent(name)}`, {
      method: 'DELETE',
      headers: { authorization: `Basic ${Buffer.from('guest:guest').toString('base64')}` },
      signal: AbortSignal.timeout(10_000),
    }).catch((error: Error) => ({ ok: false, status: error.message }));
    if (!response.ok) log(`could not delete the durable queue ${name}: ${response.status}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Analysis
// ---------------------------------------------------------------------------------------------

interface RestartRecord {
  index: number;
  atS: number;
  stopMs: number;
  startMs: number;
  /** Broker unreachable: from the stop command to Web-STOMP answering again. */
  downMs: number;
  stopIssuedAt: number;
  upAt: number;
  /** Per pane: from the broker answering again to the pane's first message on its new connection. */
  paneBackAfterMs: Record<string, number | null>;
  /** Per pane: age of the last message it had received when the broker went down (its lag). */
  paneLagAtStopS: Record<string, number | null>;
}

interface PaneReport extends PaneAccounting {
  id: string;
  queue: 'auto-delete' | 'durable';
  queueName: string | null;
  messageCount: number;
  status: string;
  /** Every MESSAGE the pane's connection received for it (repeats included). */
  connectionDeliveries: number;
  /** Message count minus what the connection received as new messages (0 when the pane counts right). */
  countMismatch: number;
  unnumbered: number;
  /** Where its connections counted: `worker` (the connection worker) and/or `page` (the fallback). */
  countedIn: string[];
}

function slopePerMinute(points: { x: number; y: number }[]): number {
  if (points.length < 2) return 0;
  const n = points.length;
  const mx = points.reduce((a, p) => a + p.x, 0) / n;
  const my = points.reduce((a, p) => a + p.y, 0) / n;
  const num = points.reduce((a, p) => a + (p.x - mx) * (p.y - my), 0);
  const den = points.reduce((a, p) => a + (p.x - mx) ** 2, 0);
  return den === 0 ? 0 : (num / den) * 60;
}

// ---------------------------------------------------------------------------------------------
// Main
// ---------------------------------------------------------------------------------------------

async function main(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(USAGE);
    return 0;
  }
  const parsed = parseOptions(argv);
  if (!parsed.ok) {
    console.error(`${parsed.error}\n\n${USAGE}`);
    return 2;
  }
  const options = parsed.value;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...soakEnv(options.brokerPort),
    PORT: String(options.port),
    NEXT_TELEMETRY_DISABLED: '1',
  };
  delete env.STOMPWATCH_BROKER_URL;
  delete env.STOMPWATCH_MANAGEMENT_URL;
  const config: StompwatchConfig = loadConfig(env);
  const managementUrl = `http://127.0.0.1:${options.brokerPort - 2}`;
  const brokerOptions = { env, log: (line: string) => log(`broker: ${line}`) };
  const cleanup = new Cleanup();
  let interrupted = false;
  const onSignal = (signal: string) => {
    if (interrupted) return;
    interrupted = true;
    log(`${signal}: finishing early, then stopping everything started`);
  };
  process.on('SIGINT', () => onSignal('SIGINT'));
  process.on('SIGTERM', () => onSignal('SIGTERM'));

  const runTag = Date.now().toString(36);
  const panes: SoakPane[] = [
    ...Array.from({ length: options.panes }, (_, i) => ({ id: `soak-${i + 1}`, queueName: null })),
    ...Array.from({ length: options.durablePanes }, (_, i) => ({
      id: `soak-durable-${i + 1}`,
      queueName: `soak-durable-${runTag}-${i + 1}`,
    })),
  ];
  const paneIds = panes.map((pane) => pane.id);
  const durableQueues = panes.flatMap((pane) => (pane.queueName ? [pane.queueName] : []));
  const durationMs = options.minutes * 60_000;
  const restarts: RestartRecord[] = [];
  const heap: HeapSample[] = [];
  let report: Record<string, unknown> | null = null;
  let verdictOk = false;

  try {
    await ensureBuild(env);
    const outcome = await startBroker(config, brokerOptions);
    if (outcome.status === 'external')
      throw new Error(
        `something else answers on ${outcome.url}; the soak needs its own broker there`,
      );
    cleanup.add('the soak broker', async () => {
      await deleteQueues(managementUrl, durableQueues);
      await stopBroker(config, brokerOptions);
      // A node killed by signals can still be registered when its epmd is checked: look again.
      await sleep(1000);
      await stopBroker(config, brokerOptions);
    });
    log(`broker ${config.nodeName} up at ${outcome.url}`);

    const baseUrl = await startServer(options.port, env, cleanup);
    log(`dashboard at ${baseUrl}`);

    const browser: Browser = await chromium.launch({
      executablePath: chromiumExecutable(),
      headless: true,
      args: CHROMIUM_ARGS,
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
    });
    cleanup.add('the browser', () => browser.close());
    const context = await browser.newContext({
      viewport: { width: 1400, height: 1000 },
      baseURL: baseUrl,
    });
    await context.addInitScript(TAP_REQUEST);
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('crash', () => pageErrors.push('the page crashed'));
    const dashboard = new DashboardPage(page);
    await openDashboard(dashboard, outcome.url, panes);
    log(
      `${options.panes} fan-out and ${options.durablePanes} durable pane(s) subscribed to ${DESTINATION_PATTERN}`,
    );

    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    await cdp.send('HeapProfiler.collectGarbage');
    const baseline = await heapMetrics(cdp);
    log(`heap before publishing (after GC): ${round1(baseline.JSHeapUsedSize! / MB)} MB`);

    const publisher = new SoakPublisher(
      outcome.url,
      options.rate,
      Math.ceil(options.rate * (durationMs / 1000) * 1.05) + 1000,
    );
    cleanup.add('the publisher', () => publisher.close());
    await publisher.start();
    const startedAt = Date.now();
    const endAt = startedAt + durationMs;
    log(
      `publishing ${options.rate}/s for ${options.minutes} min, broker restart every ${options.restartEverySeconds || '∞'} s`,
    );

    let sampling = false;
    const sample = async () => {
      if (sampling) return;
      sampling = true;
      try {
        const metrics = await heapMetrics(cdp);
        const shown = await readPanes(page, paneIds);
        const ledgers = await readLedgers(page);
        const now = Date.now();
        const entry: HeapSample = {
          atS: round1((Date.now() - startedAt) / 1000),
          usedMB: round1(metrics.JSHeapUsedSize! / MB),
          totalMB: round1(metrics.JSHeapTotalSize! / MB),
          domNodes: metrics.Nodes ?? 0,
          listeners: metrics.JSEventListeners ?? 0,
          paneCounts: paneIds.map((id) => shown[id]!.count),
          paneBacklogs: paneIds.map((id) => backlogOf(shown[id]!.backlog)),
          fallingBehind: paneIds.map((id) => shown[id]!.backlog.startsWith('falling behind')),
          paneLagS: paneIds.map((id) => {
            const newest = ledgers?.get(id)?.received.at(-1)?.[1];
            return newest === undefined
              ? null
              : round1((now - publisher.publishedAt[newest]!) / 1000);
          }),
          publisherBacklog: publisher.published - publisher.confirmedCount(),
          published: publisher.published,
          publisherConnected: publisher.isConnected,
        };
        heap.push(entry);
        log(
          `t=${entry.atS.toFixed(0)} s heap ${entry.usedMB} MB, published ${publisher.published}, panes ${entry.paneCounts.join(' / ')}, in the broker ${entry.paneBacklogs.map((b) => b ?? '?').join(' / ')}${entry.fallingBehind.some(Boolean) ? ' (falling behind)' : ''}, lag ${entry.paneLagS.map((l) => (l === null ? '?' : `${l} s`)).join(' / ')}, publisher backlog ${entry.publisherBacklog}`,
        );
      } catch (error) {
        log(`sample failed: ${(error as Error).message}`);
      } finally {
        sampling = false;
      }
    };
    const sampler = setInterval(() => void sample(), SAMPLE_EVERY_MS);
    await sample();

    const restartEveryMs = options.restartEverySeconds * 1000;
    let nextRestart = restartEveryMs > 0 ? startedAt + restartEveryMs : Infinity;
    while (!interrupted && Date.now() < endAt) {
      if (Date.now() >= nextRestart && nextRestart < endAt) {
        const index = restarts.length + 1;
        const stopIssuedAt = Date.now();
        log(`restart ${index}: stopping the broker`);
        await stopBroker(config, brokerOptions);
        const stoppedAt = Date.now();
        await startBroker(config, brokerOptions);
        const upAt = Date.now();
        log(
          `restart ${index}: stopped in ${seconds(stoppedAt - stopIssuedAt)}, started in ${seconds(upAt - stoppedAt)}`,
        );
        restarts.push({
          index,
          atS: round1((stopIssuedAt - startedAt) / 1000),
          stopMs: stoppedAt - stopIssuedAt,
          startMs: upAt - stoppedAt,
          downMs: upAt - stopIssuedAt,
          stopIssuedAt,
          upAt,
          paneBackAfterMs: {},
          paneLagAtStopS: {},
        });
        nextRestart += restartEveryMs;
        continue;
      }
      await sleep(Math.max(50, Math.min(1000, nextRestart - Date.now(), endAt - Date.now())));
    }
    // A restart late in the run may leave panes still reconnecting (their backoff reaches 10 s):
    // publish on until each has received again after it, so its recovery is measured (≤ 60 s).
    const lastRestart = restarts[restarts.length - 1];
    if (lastRestart) {
      const allBack = async () => {
        const ledgers = await readLedgers(page);
        return paneIds.every((id) =>
          ledgers?.get(id)?.sessions.some((session) => session.firstAt > lastRestart.upAt),
        );
      };
      const until = Date.now() + 60_000;
      while (!interrupted && Date.now() < until && !(await allBack())) await sleep(1000);
    }
    clearInterval(sampler);
    const publishingMs = Date.now() - startedAt;

    log('publishing done; waiting for the last receipts and for the panes to drain…');
    await publisher.finish();
    // A restart just before the end leaves panes reconnecting: let them come back first.
    for (const id of paneIds) {
      await waitForText(dashboard.pane(id).status, /^subscribed/, 90_000).catch((error: Error) =>
        log(`${id} did not come back: ${error.message}`),
      );
    }
    // A pane that lags behind drains its queue now; stop once neither what the connections
    // received nor what the panes show moved for 3 s, each pane shows what its connection
    // received, and each durable pane has every confirmed message (or after 5 minutes).
    const confirmedNow = new RangeSet(publisher.confirmedRanges());
    const settled = (
      ledgers: Map<string, SubscriptionDeliveries> | null,
      shown: Record<string, ShownPane>,
    ) =>
      panes.every((pane) => {
        const deliveries = ledgers?.get(pane.id);
        if (!deliveries) return false;
        const received = new RangeSet(deliveries.received);
        if (shown[pane.id]!.count !== received.size + deliveries.duplicates) return false;
        return (
          !pane.queueName ||
          confirmedNow
            .ranges()
            .every(([first, last]) => received.countWithin(first, last) === last - first + 1)
        );
      });
    let previous = '';
    let shown: Record<string, ShownPane> = {};
    let ledgers: Map<string, SubscriptionDeliveries> | null = null;
    for (let stable = 0, waited = 0; stable < 3 && waited < 300; waited++) {
      await sleep(1000);
      ledgers = await readLedgers(page);
      shown = await readPanes(page, paneIds);
      const totals = JSON.stringify([
        paneIds.map((id) => ledgers?.get(id)?.deliveries ?? 0),
        paneIds.map((id) => shown[id]!.count),
      ]);
      stable = totals === previous && (settled(ledgers, shown) || waited > 120) ? stable + 1 : 0;
      previous = totals;
    }
    await sample();
    await cdp.send('HeapProfiler.collectGarbage');
    const afterGc = await heapMetrics(cdp);

    const confirmed = publisher.confirmedRanges();
    const publishedAt = (seq: number) => publisher.publishedAt[seq] ?? 0;
    const windows = restarts.map(({ stopIssuedAt, upAt }) => ({ stopIssuedAt, upAt }));
    const paneReports: PaneReport[] = panes.map((pane) => {
      const deliveries = ledgers?.get(pane.id) ?? {
        received: [],
        deliveries: 0,
        duplicates: 0,
        redeliveries: 0,
        unnumbered: 0,
        sessions: [],
      };
      const queue = pane.queueName ? 'durable' : 'auto-delete';
      const accounting = accountPane({
        deliveries,
        confirmed,
        publishedAt,
        restarts: windows,
        queue,
      });
      const { count, status } = shown[pane.id]!;
      restarts.forEach((restart, i) => {
        restart.paneBackAfterMs[pane.id] = accounting.backAfterMs[i] ?? null;
        restart.paneLagAtStopS[pane.id] = accounting.lagAtStopS[i] ?? null;
      });
      return {
        id: pane.id,
        queue,
        queueName: pane.queueName,
        messageCount: count,
        status,
        connectionDeliveries: deliveries.deliveries,
        // A pane counts every delivery but a redelivery of one it has counted.
        countMismatch: count - (accounting.receivedDistinct + accounting.duplicates),
        unnumbered: deliveries.unnumbered,
        countedIn: [...new Set(deliveries.sessions.map((s) => s.session.replace(/-\d+$/, '')))],
        ...accounting,
      };
    });

    const steady = heap.filter((h) => h.atS >= 60);
    const confirmedTotal = confirmed.reduce((n, [first, last]) => n + last - first + 1, 0);
    const heapSummary = {
      beforePublishingAfterGcMB: round1(baseline.JSHeapUsedSize! / MB),
      firstMB: heap[0]?.usedMB ?? null,
      lastMB: heap[heap.length - 1]?.usedMB ?? null,
      minMB: Math.min(...heap.map((h) => h.usedMB)),
      maxMB: Math.max(...heap.map((h) => h.usedMB)),
      slopeMBPerMinuteAfterFirstMinute: round1(
        slopePerMinute(steady.map((h) => ({ x: h.atS, y: h.usedMB }))),
      ),
      afterRunAfterGcMB: round1(afterGc.JSHeapUsedSize! / MB),
      domNodesFirst: heap[0]?.domNodes ?? null,
      domNodesLast: heap[heap.length - 1]?.domNodes ?? null,
    };
    // How far behind the panes ran: what their headers showed waiting in the broker.
    // Only samples taken while publishing: the one after the drain has no new messages to be late for.
    const publishingSamples = heap.filter((h) => h.atS <= publishingMs / 1000 + 1);
    const backlogSummary = paneIds.map((id, i) => {
      const values = publishingSamples
        .map((h) => ({ x: h.atS, y: h.paneBacklogs[i] }))
        .filter((p): p is { x: number; y: number } => p.y !== null && p.y !== undefined);
      const late = values.filter((p) => p.x >= 60);
      const lags = publishingSamples
        .map((h) => ({ x: h.atS, y: h.paneLagS[i] }))
        .filter((p): p is { x: number; y: number } => p.y !== null && p.y !== undefined);
      return {
        id,
        maxLagS: lags.length > 0 ? Math.max(...lags.map((p) => p.y)) : null,
        lagSlopeSPerMinuteAfterFirstMinute: round1(slopePerMinute(lags.filter((p) => p.x >= 60))),
        max: values.length > 0 ? Math.max(...values.map((p) => p.y)) : null,
        last: values[values.length - 1]?.y ?? null,
        slopePerMinuteAfterFirstMinute: round1(slopePerMinute(late)),
        samplesFallingBehind: heap.filter((h) => h.fallingBehind[i]).length,
      };
    });
    const problems: string[] = [];
    if (!ledgers) problems.push('the delivery tap did not answer: nothing was measured');
    for (const pane of paneReports) {
      if (pane.unexplained > 0)
        problems.push(
          `${pane.id}: ${pane.unexplained} confirmed messages missing ${pane.queue === 'durable' ? '(durable: none may be)' : 'outside restart windows'}, e.g. ${pane.unexplainedSamples.slice(0, 5).join(', ')}`,
        );
      if (pane.duplicates > 0) problems.push(`${pane.id}: ${pane.duplicates} duplicates`);
      if (pane.countMismatch !== 0)
        problems.push(
          `${pane.id}: Message count ${pane.messageCount} but its connection received ${pane.receivedDistinct + pane.duplicates} messages`,
        );
      if (pane.connectionDeliveries === 0) problems.push(`${pane.id}: received nothing`);
      if (!pane.status.startsWith('subscribed')) problems.push(`${pane.id}: ends "${pane.status}"`);
      pane.backAfterMs.forEach((ms, i) => {
        if (ms === null) problems.push(`${pane.id}: nothing received after restart ${i + 1}`);
      });
    }
    if (pageErrors.length > 0) problems.push(`page errors: ${pageErrors.slice(0, 5).join(' | ')}`);
    if (interrupted) problems.push('interrupted before the planned end');
    verdictOk = problems.length === 0;

    report = {
      kind: 'soak',
      startedAt: new Date(startedAt).toISOString(),
      options,
      interrupted,
      publishingSeconds: round1(publishingMs / 1000),
      broker: { url: outcome.url, node: config.nodeName },
      publisher: {
        published: publisher.published,
        confirmed: confirmedTotal,
        unconfirmed: publisher.published - confirmedTotal,
        notSentWhileBrokerDown: publisher.notSentWhileDown,
        reconnects: publisher.reconnects,
        batches: publisher.batches.length,
        batchSize: BATCH_SIZE,
        achievedRatePerSecond: round1(publisher.published / (publishingMs / 1000)),
      },
      restarts,
      heap: heapSummary,
      backlog: backlogSummary,
      heapSamples: heap,
      panes: paneReports,
      pageErrors,
      verdict: { ok: verdictOk, problems },
    };
    printSummary(report, paneReports, heapSummary, restarts, backlogSummary, heap);
  } catch (error) {
    log(`failed: ${(error as Error).stack ?? String(error)}`);
    report ??= {
      kind: 'soak',
      options,
      error: (error as Error).message,
      heapSamples: heap,
      restarts,
    };
  } finally {
    log('stopping everything the soak started…');
    await cleanup.run();
  }
  const file = writeReport(report);
  log(`report: ${path.relative(PROJECT_ROOT, file)}`);
  return verdictOk ? 0 : 1;
}

function printSummary(
  report: Record<string, unknown>,
  panes: PaneReport[],
  heap: Record<string, unknown>,
  restarts: RestartRecord[],
  backlog: {
    id: string;
    maxLagS: number | null;
    lagSlopeSPerMinuteAfterFirstMinute: number;
    max: number | null;
    last: number | null;
    slopePerMinuteAfterFirstMinute: number;
    samplesFallingBehind: number;
  }[],
  heapSamples: HeapSample[],
): void {
  const publisher = report.publisher as Record<string, number>;
  const ms = (value: number | null) => (value === null ? 'never' : seconds(value));
  const cell = (value: unknown, width: number) => String(value).padStart(width);
  const lines = [
    '',
    `Soak: ${report.publishingSeconds} s at ${publisher.achievedRatePerSecond}/s, ${restarts.length} broker restart(s), ${panes.length} panes`,
    `  publisher: ${publisher.published} sent, ${publisher.confirmed} confirmed, ${publisher.unconfirmed} unconfirmed, ${publisher.notSentWhileBrokerDown} not sent (broker down)`,
    ...restarts.map(
      (r) =>
        `  restart ${r.index} at ${r.atS} s: down ${seconds(r.downMs)} (stop ${seconds(r.stopMs)}, start ${seconds(r.startMs)}); panes back after ${Object.entries(
          r.paneBackAfterMs,
        )
          .map(([id, value]) => `${id} ${ms(value)}`)
          .join(', ')}; lag at the stop ${Object.values(r.paneLagAtStopS)
          .map((lag) => (lag === null ? '?' : `${lag} s`))
          .join(' / ')}`,
    ),
    `  heap (JSHeapUsedSize): before ${heap.beforePublishingAfterGcMB} MB (GC), min ${heap.minMB}, max ${heap.maxMB}, last ${heap.lastMB} MB, ` +
      `trend ${heap.slopeMBPerMinuteAfterFirstMinute} MB/min after the first minute, after run + GC ${heap.afterRunAfterGcMB} MB`,
    `  lag (age of the newest message a pane's connection had, every 10 s): ${backlog
      .map(
        (b) =>
          `${b.id} max ${b.maxLagS ?? '?'} s, trend ${b.lagSlopeSPerMinuteAfterFirstMinute} s/min`,
      )
      .join('; ')}`,
    `  publisher backlog (sent, not yet confirmed): max ${Math.max(0, ...heapSamples.map((h) => h.publisherBacklog))}`,
    `  waiting in the broker (pane headers): ${backlog
      .map(
        (b) =>
          `${b.id} max ${b.max ?? '?'}, last ${b.last ?? '?'}, trend ${b.slopePerMinuteAfterFirstMinute}/min${b.samplesFallingBehind > 0 ? `, falling behind in ${b.samplesFallingBehind} samples` : ''}`,
      )
      .join('; ')}`,
    '  pane              queue        count  received  confirmed  missing  by-design (queued/away)  unexplained  duplicates  redelivered  count-mismatch',
    ...panes.map(
      (p) =>
        `  ${p.id.padEnd(16)} ${p.queue.padEnd(11)} ${cell(p.messageCount, 7)} ${cell(p.receivedDistinct, 9)} ${cell(p.confirmed, 10)} ${cell(p.missing, 8)} ${cell(`${p.lostByDesign} (${p.lostQueuedAtStop}/${p.lostWhileAway})`, 24)} ${cell(p.unexplained, 12)} ${cell(p.duplicates, 11)} ${cell(p.redeliveries, 12)} ${cell(p.countMismatch, 15)}`,
    ),
    `  counted in: ${[...new Set(panes.flatMap((p) => p.countedIn))].join(' and ') || 'nowhere'}`,
    `  verdict: ${(report.verdict as { ok: boolean; problems: string[] }).ok ? 'OK' : `PROBLEMS: ${(report.verdict as { problems: string[] }).problems.join('; ')}`}`,
    '',
  ];
  console.log(lines.join('\n'));
}

function writeReport(report: Record<string, unknown> | null): string {
  const dir = path.join(PROJECT_ROOT, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const stamp = new Date()
    .toISOString()
    .replace(/[:.]/g, '-')
    .replace(/-\d{3}Z$/, 'Z');
  const file = path.join(dir, `soak-${stamp}.json`);
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(path.join(dir, 'soak-latest.json'), readFileSync(file));
  return file;
}

// No top-level await: without "type": "module" in package.json tsx runs this file as CommonJS.
void main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
