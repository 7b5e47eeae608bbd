/**
 * `npm run soak -- [--minutes 10] [--rate 1000] [--restart-every 120] [--panes 4] [--port 3854]`
 *
 * Drives the real dashboard in Debian's Chromium for a long time: 4 fan-out panes on
 * /exchange/amq.topic/soak.#, a Node publisher at 1,000 messages/s (each with a `soak-seq`
 * header, a receipt on every 100th), and a restart of the soak's own private broker every
 * 2 minutes. Reports the page's JS heap every 10 s (CDP Performance.getMetrics) and, per pane,
 * what its `Message count` says against what the broker confirmed: missing messages (split into
 * those lost by design in restart windows and unexplained gaps) and duplicates.
 *
 * How a message is known to be missing: an in-page tap (a WebSocket subclass installed before
 * the app loads) notes every MESSAGE frame's `subscription` and `soak-seq`, per connection. A
 * pane's queue is non-durable and auto-delete, so a broker restart loses what sat in it and what
 * was published before the pane subscribed again: exactly the confirmed sequence numbers between
 * the last one a pane got on a connection and the first on its next connection. Missing numbers
 * anywhere else are unexplained. The tap's count must also equal the pane's `Message count`.
 *
 * Starts (and stops on exit or Ctrl+C) its own broker (15854), `scripts/serve.ts` (3854, building
 * first when .next has no build) and the browser. Writes bench/results/soak-<timestamp>.json.
 * Exit code 0 when nothing is unexplained, 1 otherwise, 2 for bad options.
 */
import { err, ok, type Result } from '@/lib/util/result';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type CDPSession, type Locator, type Page } from '@playwright/test';
import { Client, type IStompSocket } from '@stomp/stompjs';
import WebSocket from 'ws';
import { loadConfig, type StompwatchConfig } from '../lib/config/env';
import { CHROMIUM_ARGS, chromiumExecutable } from './lib/chromium';
import { stopChild } from './lib/process';
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
  port: number;
}

const DEFAULTS: Options = {
  minutes: 10,
  rate: 1000,
  restartEverySeconds: 120,
  panes: 4,
  port: 3854,
};

const USAGE = `Usage: npm run soak -- [--minutes N] [--rate N] [--restart-every S] [--panes N] [--port N]

  --minutes N        how long to publish (default ${DEFAULTS.minutes})
  --rate N           messages per second (default ${DEFAULTS.rate})
  --restart-every S  restart the broker every S seconds; 0 = never (default ${DEFAULTS.restartEverySeconds})
  --panes N          fan-out panes on /exchange/amq.topic/soak.# (default ${DEFAULTS.panes})
  --port N           HTTP port of the dashboard it starts (default ${DEFAULTS.port})

Its broker: Web-STOMP 15854, management 15852, dist 25854, epmd 4554, data .broker/soak.`;

function parseOptions(argv: string[]): Result<Options> {
  const options = { ...DEFAULTS };
  const names: Record<string, keyof Options> = {
    '--minutes': 'minutes',
    '--rate': 'rate',
    '--restart-every': 'restartEverySeconds',
    '--panes': 'panes',
    '--port': 'port',
  };
  for (let i = 0; i < argv.length; i += 2) {
    const key = names[argv[i]!];
    const value = Number(argv[i + 1]);
    if (!key) return err(`Unknown option "${argv[i]}"`);
    if (argv[i + 1] === undefined || !Number.isFinite(value) || value < 0) {
      return err(`${argv[i]} needs a number of 0 or more`);
    }
    options[key] = value;
  }
  if (options.minutes <= 0 || options.rate <= 0) return err('--minutes and --rate must be above 0');
  if (!Number.isInteger(options.panes) || options.panes < 1 || options.panes > 8) {
    return err('--panes must be a whole number from 1 to 8');
  }
  if (!Number.isInteger(options.port) || options.port < 1024 || options.port > 65535) {
    return err('--port must be a port number from 1024 to 65535');
  }
  return ok(options);
}

const SOAK_ENV: Record<string, string> = {
  STOMPWATCH_WEB_STOMP_PORT: '15854',
  STOMPWATCH_MANAGEMENT_PORT: '15852',
  STOMPWATCH_DIST_PORT: '25854',
  STOMPWATCH_EPMD_PORT: '4554',
  STOMPWATCH_NODE_NAME: 'stompwatch-soak@localhost',
  STOMPWATCH_BROKER_DIR: '.broker/soak',
  STOMPWATCH_LOGIN: 'guest',
  STOMPWATCH_VHOST: '/',
  // The soak's own private node: the page prefills its passcode, guest.
  STOMPWATCH_PRIVATE_BROKER: '1',
};

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
    const headers: Record<string, string> = { [SEQ_HEADER]: String(seq) };
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

  /** 1 for each sequence number whose batch receipt came back. */
  confirmedMask(): Uint8Array {
    const mask = new Uint8Array(this.published);
    for (const batch of this.batches) {
      if (batch.confirmedAt === null) continue;
      mask.fill(1, batch.first, Math.min(batch.last + 1, this.published));
    }
    return mask;
  }
}

// ---------------------------------------------------------------------------------------------
// In-page tap (plain JavaScript in a string: what Playwright serialises must not depend on tsx)
// ---------------------------------------------------------------------------------------------

const TAP_SCRIPT = String.raw`(() => {
  if (window.__soak) return;
  const Native = window.WebSocket;
  const decoder = new TextDecoder();
  const counts = new Map();
  const connections = [];
  const countsFor = (sub, seq) => {
    let arr = counts.get(sub);
    if (!arr) { arr = new Uint8Array(1 << 20); counts.set(sub, arr); }
    if (seq >= arr.length) {
      let size = arr.length;
      while (size <= seq) size *= 2;
      const bigger = new Uint8Array(size);
      bigger.set(arr);
      arr = bigger;
      counts.set(sub, arr);
    }
    return arr;
  };
  const record = (conn, sub, seq) => {
    const arr = countsFor(sub, seq);
    if (arr[seq] < 255) arr[seq]++;
    let s = conn.subs[sub];
    if (!s) { s = conn.subs[sub] = { min: seq, max: seq, n: 0, firstAt: Date.now(), lastAt: 0 }; }
    if (seq < s.min) s.min = seq;
    if (seq > s.max) s.max = seq;
    s.n++;
    s.lastAt = Date.now();
  };
  const parseFrame = (conn, text) => {
    if (!text.startsWith('MESSAGE')) return;
    const end = text.indexOf('\n\n');
    const head = end < 0 ? text : text.slice(0, end);
    let sub = null, seq = -1;
    for (const line of head.split('\n')) {
      if (line.startsWith('subscription:')) sub = line.slice(13);
      else if (line.startsWith('${SEQ_HEADER}:')) seq = Number(line.slice(${SEQ_HEADER.length + 1}));
    }
    if (sub !== null && seq >= 0) record(conn, sub, seq);
  };
  const onData = (conn, data) => {
    if (typeof data === 'string') { for (const f of data.split('\0')) parseFrame(conn, f.replace(/^[\r\n]+/, '')); return; }
    const bytes = new Uint8Array(data);
    let i = 0;
    while (i < bytes.length) {
      while (i < bytes.length && (bytes[i] === 10 || bytes[i] === 13)) i++;
      if (i >= bytes.length) break;
      let j = i;
      // headers end at the first blank line; decode only those
      while (j + 1 < bytes.length && !(bytes[j] === 10 && bytes[j + 1] === 10)) j++;
      const head = decoder.decode(bytes.subarray(i, Math.min(j, i + 4096)));
      parseFrame(conn, head);
      const m = /\ncontent-length:(\d+)/.exec(head);
      let k = j + 2;
      if (m) k += Number(m[1]); else { while (k < bytes.length && bytes[k] !== 0) k++; }
      i = k + 1;
    }
  };
  class Tapped extends Native {
    constructor(url, protocols) {
      super(url, protocols);
      const conn = { id: connections.length, url: String(url), openedAt: Date.now(), closedAt: null, subs: {} };
      connections.push(conn);
      this.addEventListener('message', (event) => { try { onData(conn, event.data); } catch (e) { conn.error = String(e); } });
      this.addEventListener('close', () => { conn.closedAt = Date.now(); });
    }
  }
  window.WebSocket = Tapped;
  const toBase64 = (arr, n) => {
    let s = '';
    const view = arr.subarray(0, n);
    for (let i = 0; i < view.length; i += 0x8000) s += String.fromCharCode.apply(null, view.subarray(i, i + 0x8000));
    return btoa(s);
  };
  window.__soak = {
    totals: () => { const out = {}; for (const c of connections) for (const [sub, s] of Object.entries(c.subs)) out[sub] = (out[sub] || 0) + s.n; return out; },
    connections: () => connections,
    counts: (sub, n) => { const arr = counts.get(sub); return arr ? toBase64(arr, Math.min(n, arr.length)) : ''; },
  };
})();`;

interface TapConnection {
  id: number;
  url: string;
  openedAt: number;
  closedAt: number | null;
  error?: string;
  subs: Record<string, { min: number; max: number; n: number; firstAt: number; lastAt: number }>;
}

// ---------------------------------------------------------------------------------------------
// The page
// ---------------------------------------------------------------------------------------------

async function openDashboard(
  page: Page,
  baseUrl: string,
  brokerUrl: string,
  paneIds: string[],
): Promise<void> {
  await page.goto(baseUrl);
  await page.evaluate(() => window.localStorage.clear());
  await page.reload();
  await page.getByRole('button', { name: 'Connect', exact: true }).waitFor({ timeout: 30_000 });
  await page.getByRole('textbox', { name: 'Broker URL' }).fill(brokerUrl);
  await page.getByRole('button', { name: 'Connect', exact: true }).click();
  await waitForText(page.getByRole('status', { name: 'Connection status' }), /^connected/, 30_000);
  const form = page.getByRole('form', { name: 'Subscribe' });
  for (const id of paneIds) {
    await form.getByRole('textbox', { name: 'Destination' }).fill(DESTINATION_PATTERN);
    await form.getByRole('textbox', { name: 'Subscription id' }).fill(id);
    await form.getByRole('combobox', { name: 'Ack mode' }).selectOption('auto');
    await form.getByRole('button', { name: 'Subscribe' }).click();
    await waitForText(paneStatus(page, id), /^subscribed/, 30_000);
  }
}

const paneRegion = (page: Page, id: string) =>
  page.getByRole('region', { name: `Subscription ${id}`, exact: true });
const paneStatus = (page: Page, id: string) =>
  paneRegion(page, id).getByRole('status', { name: 'Subscription status' });

async function waitForText(locator: Locator, pattern: RegExp, timeoutMs: number): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let text = '';
  while (Date.now() < deadline) {
    text = ((await locator.textContent({ timeout: timeoutMs }).catch(() => null)) ?? '').trim();
    if (pattern.test(text)) return text;
    await sleep(100);
  }
  throw new Error(`waited ${timeoutMs / 1000} s for ${pattern}; last text "${text}"`);
}

/** Every pane's `Message count` and status words, read in one go. */
async function readPanes(
  page: Page,
  ids: string[],
): Promise<Record<string, { count: number; status: string }>> {
  return page.evaluate((paneIds) => {
    const out: Record<string, { count: number; status: string }> = {};
    for (const id of paneIds) {
      const region = document.querySelector(`section[aria-label="Subscription ${id}"]`);
      const count = region?.querySelector('[aria-label="Message count"]')?.textContent ?? '';
      const status =
        region?.querySelector('[role="status"][aria-label="Subscription status"]')?.textContent ??
        '';
      out[id] = { count: Number(count.replace(/[^0-9]/g, '')), status: status.trim() };
    }
    return out;
  }, ids);
}

interface HeapSample {
  atS: number;
  usedMB: number;
  totalMB: number;
  domNodes: number;
  listeners: number;
  paneCounts: number[];
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
  paneLagAtStopS: Record<string, number>;
}

interface PaneReport {
  id: string;
  messageCount: number;
  status: string;
  tapDelivered: number;
  distinctReceived: number;
  confirmed: number;
  duplicates: number;
  missingConfirmed: number;
  lostInRestartWindows: number;
  /** Of those: published before the stop, still queued for the pane when the broker went down. */
  lostQueuedAtStop: number;
  /** Of those: published from the stop until the pane had subscribed again. */
  lostWhileAway: number;
  unexplainedMissing: number;
  unexplainedSamples: { seq: number; publishedAtS: number }[];
  receivedUnconfirmed: number;
  /** Message count minus what reached the page for this pane (0 when the pane counts right). */
  countMinusDelivered: number;
  connections: number;
  /** Reconnects of this pane outside any broker restart. */
  unexpectedReconnects: number;
}

function analysePane(
  id: string,
  counts: Uint8Array,
  confirmed: Uint8Array,
  publishedAt: Float64Array,
  startedAt: number,
  connections: TapConnection[],
  restarts: RestartRecord[],
  shown: { count: number; status: string },
): PaneReport {
  const segments = connections
    .map((c) => ({ c, s: c.subs[id] }))
    .filter((x): x is { c: TapConnection; s: TapConnection['subs'][string] } => x.s !== undefined)
    .sort((a, b) => a.s.firstAt - b.s.firstAt);
  // Gaps between consecutive connections: (last seq on one, first seq on the next).
  const restartThatClosed = (segment: (typeof segments)[number]) => {
    const closedAt = segment.c.closedAt ?? segment.s.lastAt;
    return restarts.find((r) => closedAt >= r.stopIssuedAt - 5000 && closedAt <= r.upAt + 60_000);
  };
  // Gaps between consecutive connections: (last seq on one, first seq on the next). After the
  // last connection, when a restart closed it and nothing came since, the gap runs to the end.
  const gaps = segments.map((segment, i) => {
    const next = segments[i + 1];
    const open = next === undefined && segment.c.closedAt !== null;
    const restart = restartThatClosed(segment);
    if (restart) {
      // How far behind the pane was when the broker went down: the age of its last message.
      restart.paneLagAtStopS[id] = round1(
        (restart.stopIssuedAt - publishedAt[segment.s.max]!) / 1000,
      );
    }
    return {
      from: segment.s.max,
      to: next ? next.s.min : open ? Infinity : segment.s.max,
      restart,
    };
  });
  const restartGap = (seq: number) =>
    gaps.find((g) => g.restart !== undefined && seq > g.from && seq < g.to)?.restart;
  let tapDelivered = 0;
  let distinct = 0;
  let duplicates = 0;
  let missing = 0;
  let lost = 0;
  let lostQueued = 0;
  let receivedUnconfirmed = 0;
  let confirmedCount = 0;
  const samples: PaneReport['unexplainedSamples'] = [];
  for (let seq = 0; seq < confirmed.length; seq++) {
    const c = counts[seq] ?? 0;
    tapDelivered += c;
    if (c > 0) distinct += 1;
    if (c > 1) duplicates += c - 1;
    if (!confirmed[seq]) {
      if (c > 0) receivedUnconfirmed += 1;
      continue;
    }
    confirmedCount += 1;
    if (c > 0) continue;
    missing += 1;
    const restart = restartGap(seq);
    if (restart) {
      lost += 1;
      if (publishedAt[seq]! < restart.stopIssuedAt) lostQueued += 1;
    } else if (samples.length < 20)
      samples.push({ seq, publishedAtS: round1((publishedAt[seq]! - startedAt) / 1000) });
  }
  return {
    id,
    messageCount: shown.count,
    status: shown.status,
    tapDelivered,
    distinctReceived: distinct,
    confirmed: confirmedCount,
    duplicates,
    missingConfirmed: missing,
    lostInRestartWindows: lost,
    lostQueuedAtStop: lostQueued,
    lostWhileAway: lost - lostQueued,
    unexplainedMissing: missing - lost,
    unexplainedSamples: samples,
    receivedUnconfirmed,
    countMinusDelivered: shown.count - tapDelivered,
    connections: segments.length,
    unexpectedReconnects: gaps.filter((g, i) => i < gaps.length - 1 && !g.restart).length,
  };
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
    ...SOAK_ENV,
    PORT: String(options.port),
    NEXT_TELEMETRY_DISABLED: '1',
  };
  delete env.STOMPWATCH_BROKER_URL;
  delete env.STOMPWATCH_MANAGEMENT_URL;
  const config: StompwatchConfig = loadConfig(env);
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

  const paneIds = Array.from({ length: options.panes }, (_, i) => `soak-${i + 1}`);
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
    const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    await context.addInitScript(TAP_SCRIPT);
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('crash', () => pageErrors.push('the page crashed'));
    await openDashboard(page, baseUrl, outcome.url, paneIds);
    log(`${paneIds.length} panes subscribed to ${DESTINATION_PATTERN}`);

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
        const panes = await readPanes(page, paneIds);
        const entry: HeapSample = {
          atS: round1((Date.now() - startedAt) / 1000),
          usedMB: round1(metrics.JSHeapUsedSize! / MB),
          totalMB: round1(metrics.JSHeapTotalSize! / MB),
          domNodes: metrics.Nodes ?? 0,
          listeners: metrics.JSEventListeners ?? 0,
          paneCounts: paneIds.map((id) => panes[id]!.count),
          published: publisher.published,
          publisherConnected: publisher.isConnected,
        };
        heap.push(entry);
        log(
          `t=${entry.atS.toFixed(0)} s heap ${entry.usedMB} MB, published ${publisher.published}, panes ${entry.paneCounts.join(' / ')}`,
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
    clearInterval(sampler);
    const publishingMs = Date.now() - startedAt;

    log('publishing done; waiting for the last receipts and for the panes to drain…');
    await publisher.finish();
    // A restart just before the end leaves panes reconnecting: let them come back first.
    for (const id of paneIds) {
      await waitForText(paneStatus(page, id), /^subscribed/, 90_000).catch((error: Error) =>
        log(`${id} did not come back: ${error.message}`),
      );
    }
    // A pane that lags behind drains its queue now; stop once no count moved for 3 s.
    let previous = '';
    for (let stable = 0, waited = 0; stable < 3 && waited < 300; waited++) {
      await sleep(1000);
      const totals = JSON.stringify(
        await page.evaluate(() =>
          (window as unknown as { __soak: { totals(): unknown } }).__soak.totals(),
        ),
      );
      stable = totals === previous ? stable + 1 : 0;
      previous = totals;
    }
    await sleep(1000); // one more frame for the counts to reach the DOM
    await sample();
    const shown = await readPanes(page, paneIds);
    await cdp.send('HeapProfiler.collectGarbage');
    const afterGc = await heapMetrics(cdp);

    const connections = (await page.evaluate(() =>
      (window as unknown as { __soak: { connections(): unknown } }).__soak.connections(),
    )) as TapConnection[];
    for (const restart of restarts) {
      for (const id of paneIds) {
        const back = connections
          .map((c) => c.subs[id]?.firstAt)
          .filter(
            (t): t is number =>
              t !== undefined && t >= restart.upAt - 30_000 && t > restart.stopIssuedAt,
          )
          .sort((a, b) => a - b)[0];
        restart.paneBackAfterMs[id] = back === undefined ? null : Math.max(0, back - restart.upAt);
      }
    }
    const confirmed = publisher.confirmedMask();
    const panes: PaneReport[] = [];
    for (const id of paneIds) {
      const b64 = await page.evaluate(
        ([sub, n]) =>
          (window as unknown as { __soak: { counts(s: string, n: number): string } }).__soak.counts(
            sub,
            n,
          ),
        [id, publisher.published] as [string, number],
      );
      const counts = new Uint8Array(Buffer.from(b64, 'base64'));
      panes.push(
        analysePane(
          id,
          counts,
          confirmed,
          publisher.publishedAt,
          startedAt,
          connections,
          restarts,
          shown[id]!,
        ),
      );
    }

    const steady = heap.filter((h) => h.atS >= 60);
    const confirmedTotal = confirmed.reduce((a, b) => a + b, 0);
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
    const problems: string[] = [];
    for (const pane of panes) {
      if (pane.unexplainedMissing > 0)
        problems.push(
          `${pane.id}: ${pane.unexplainedMissing} confirmed messages missing outside restart windows`,
        );
      if (pane.duplicates > 0) problems.push(`${pane.id}: ${pane.duplicates} duplicates`);
      if (pane.countMinusDelivered !== 0)
        problems.push(
          `${pane.id}: Message count ${pane.messageCount} but ${pane.tapDelivered} delivered to the page`,
        );
      if (!pane.status.startsWith('subscribed')) problems.push(`${pane.id}: ends "${pane.status}"`);
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
      heapSamples: heap,
      panes,
      pageErrors,
      verdict: { ok: verdictOk, problems },
    };
    printSummary(report, panes, heapSummary, restarts);
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
): void {
  const publisher = report.publisher as Record<string, number>;
  const lines = [
    '',
    `Soak: ${report.publishingSeconds} s at ${publisher.achievedRatePerSecond}/s, ${restarts.length} broker restart(s)`,
    `  publisher: ${publisher.published} sent, ${publisher.confirmed} confirmed, ${publisher.unconfirmed} unconfirmed, ${publisher.notSentWhileBrokerDown} not sent (broker down)`,
    ...restarts.map(
      (r) =>
        `  restart ${r.index} at ${r.atS} s: stop ${seconds(r.stopMs)}, start ${seconds(r.startMs)}, panes back after ${Object.values(
          r.paneBackAfterMs,
        )
          .map((ms) => (ms === null ? '?' : seconds(ms)))
          .join(' / ')}, pane lag at the stop ${Object.values(r.paneLagAtStopS)
          .map((lag) => `${lag} s`)
          .join(' / ')}`,
    ),
    `  heap (JSHeapUsedSize): before ${heap.beforePublishingAfterGcMB} MB (GC), min ${heap.minMB}, max ${heap.maxMB}, last ${heap.lastMB} MB, ` +
      `trend ${heap.slopeMBPerMinuteAfterFirstMinute} MB/min after the first minute, after run + GC ${heap.afterRunAfterGcMB} MB`,
    '  pane      count   delivered  confirmed  missing  lost-in-restarts (queued/away)  unexplained  duplicates  count-delivered',
    ...panes.map(
      (p) =>
        `  ${p.id.padEnd(8)} ${String(p.messageCount).padStart(7)} ${String(p.tapDelivered).padStart(10)} ${String(p.confirmed).padStart(10)} ${String(p.missingConfirmed).padStart(8)} ${`${p.lostInRestartWindows} (${p.lostQueuedAtStop}/${p.lostWhileAway})`.padStart(31)} ${String(p.unexplainedMissing).padStart(12)} ${String(p.duplicates).padStart(11)} ${String(p.countMinusDelivered).padStart(16)}`,
    ),
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
