import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { test } from '../fixtures';
import type { PaneLocators } from './dashboard-page';
import { nodeClient } from './stomp-node';
import {
  CLUSTER_DEFAULTS,
  MAX_NODES,
  clusterNode,
  parseClusterSettings,
  type ClusterNode,
  type ClusterSettings,
} from '../../scripts/lib/cluster-layout';

const run = promisify(execFile);
// Playwright loads specs as CommonJS here, so __dirname (not import.meta) is the way to the root.
const root = path.resolve(__dirname, '../..');

/**
 * A second private broker of the test's own, for tests that stop and start a broker and must
 * not disturb the one the other tests share. Driven through the real `npm run broker` CLI.
 */
export class PrivateBroker {
  readonly env: NodeJS.ProcessEnv;
  readonly url: string;

  constructor(name: string, webStompPort: number) {
    this.url = `ws://127.0.0.1:${webStompPort}/ws`;
    this.env = {
      ...process.env,
      STOMPWATCH_WEB_STOMP_PORT: String(webStompPort),
      STOMPWATCH_MANAGEMENT_PORT: String(webStompPort - 2),
      STOMPWATCH_DIST_PORT: String(webStompPort + 10_000),
      STOMPWATCH_EPMD_PORT: String(webStompPort - 11_300),
      STOMPWATCH_NODE_NAME: `stompwatch-${name}@localhost`,
      STOMPWATCH_BROKER_DIR: `.broker/${name}`,
      PORT: String(webStompPort + 1),
    };
    delete this.env.STOMPWATCH_BROKER_URL;
    delete this.env.STOMPWATCH_MANAGEMENT_URL;
  }

  /** The node's management API base URL (its port is the Web-STOMP port minus 2). */
  get managementUrl(): string {
    return `http://127.0.0.1:${this.env.STOMPWATCH_MANAGEMENT_PORT}`;
  }

  /**
   * For a describe block that stops and starts this node: a fresh node before its tests (reset,
   * start), stopped after them.
   */
  freshForDescribe(): void {
    test.beforeAll(async () => {
      test.setTimeout(150_000);
      await this.broker('reset');
      await this.broker('start');
    });
    test.afterAll(async () => {
      test.setTimeout(120_000);
      await this.broker('stop');
    });
  }

  async broker(command: 'start' | 'stop' | 'status' | 'reset'): Promise<string> {
    const { stdout } = await run('npm', ['run', '--silent', 'broker', '--', command], {
      cwd: root,
      env: this.env,
      timeout: 120_000,
    });
    return stdout;
  }
}

/**
 * The private cluster of `npm run broker -- cluster …` (scripts/lib/cluster.ts), driven through
 * the real CLI with its own env. Where each node listens comes from the toolkit's own layout
 * (`clusterNode`), so the tests and the CLI cannot disagree about a port.
 */
export class PrivateCluster {
  readonly env: NodeJS.ProcessEnv;
  private readonly settings: ClusterSettings;

  constructor(
    readonly name = CLUSTER_DEFAULTS.namePrefix,
    readonly webStompPort: number = CLUSTER_DEFAULTS.webStompPort,
    readonly dir: string = CLUSTER_DEFAULTS.dir,
  ) {
    this.env = {
      ...process.env,
      STOMPWATCH_CLUSTER_WEB_STOMP_PORT: String(webStompPort),
      STOMPWATCH_CLUSTER_MANAGEMENT_PORT: String(webStompPort - 2),
      STOMPWATCH_CLUSTER_DIST_PORT: String(webStompPort + 10_000),
      STOMPWATCH_CLUSTER_EPMD_PORT: String(webStompPort - 11_300),
      STOMPWATCH_CLUSTER_NAME: name,
      STOMPWATCH_CLUSTER_DIR: dir,
    };
    delete this.env.STOMPWATCH_CLUSTER_NODES;
    const settings = parseClusterSettings(this.env, { nodes: MAX_NODES });
    if (!settings.ok) throw new Error(settings.error.join('; '));
    this.settings = settings.value;
  }

  private node(index: number): ClusterNode {
    return clusterNode(this.settings, index);
  }

  /** Web-STOMP URL of node `index` (1-based). */
  url(index: number): string {
    return this.node(index).url;
  }

  managementUrl(index: number): string {
    return this.node(index).managementUrl;
  }

  nodeName(index: number): string {
    return this.node(index).nodeName;
  }

  /** The node index of an Erlang node name, or null when it is not one of ours. */
  indexOf(nodeName: string): number | null {
    const match = new RegExp(`^${this.name}(\\d+)@`).exec(nodeName);
    return match ? Number(match[1]) : null;
  }

  /** The Broker URL field's value for the first `nodes` nodes: their URLs, comma-separated. */
  brokerUrl(nodes: number): string {
    return Array.from({ length: nodes }, (_, i) => this.url(i + 1)).join(', ');
  }

  /** Runs `npm run broker -- cluster <args>` and returns what it printed; rejects on a non-zero exit. */
  async cluster(...args: string[]): Promise<string> {
    const { stdout } = await run('npm', ['run', '--silent', 'broker', '--', 'cluster', ...args], {
      cwd: root,
      env: this.env,
      timeout: 300_000,
    });
    return stdout;
  }
}

/** GET on one node's management API (tests only). */
export async function managementAt<T>(baseUrl: string, apiPath: string): Promise<T> {
  const response = await fetch(`${baseUrl}/api/${apiPath}`, {
    headers: { authorization: `Basic ${Buffer.from('guest:guest').toString('base64')}` },
    signal: AbortSignal.timeout(10_000),
  });
  if (!response.ok) throw new Error(`management ${apiPath} at ${baseUrl}: HTTP ${response.status}`);
  return (await response.json()) as T;
}

/** The Erlang node a subscription consumes on, by its consumer tag (`T_<id>`); null when none. */
export async function consumerNode(
  managementUrl: string,
  subscriptionId: string,
): Promise<string | null> {
  const consumers = await managementAt<
    { consumer_tag: string; channel_details: { node: string } }[]
  >(managementUrl, 'consumers');
  return (
    consumers.find((c) => c.consumer_tag === `T_${subscriptionId}`)?.channel_details.node ?? null
  );
}

/**
 * Publishes every body with `persistent: true` and a receipt of its own; resolves with the
 * bodies the broker confirmed (a receipt for a persistent SEND waits for the broker's confirm).
 */
export async function publishConfirmed(
  url: string,
  destination: string,
  bodies: string[],
  options: { headers?: Record<string, string>; timeoutMs?: number } = {},
): Promise<string[]> {
  const client = await nodeClient(url);
  try {
    const confirmed: string[] = [];
    const receipts = bodies.map(
      (body, i) =>
        new Promise<void>((resolve) => {
          const receipt = `c-${i}-${Math.random().toString(36).slice(2)}`;
          client.watchForReceipt(receipt, () => {
            confirmed.push(body);
            resolve();
          });
          client.publish({
            destination,
            body,
            headers: { ...options.headers, persistent: 'true', receipt },
          });
        }),
    );
    await Promise.race([
      Promise.all(receipts),
      new Promise((resolve) => setTimeout(resolve, options.timeoutMs ?? 30_000)),
    ]);
    return confirmed;
  } finally {
    await client.deactivate();
  }
}

// -- What a pane shows, read for the reliability specs (failover, no-loss) ----------------------

/** One line of a pane's `Export NDJSON` download. */
export interface ExportedMessage {
  receivedAt: string;
  destination: string;
  headers: Record<string, string>;
  body?: string;
}

/** Every message the pane lists, oldest first, through its `Export NDJSON` button. */
export async function exportPane(page: Page, pane: PaneLocators): Promise<ExportedMessage[]> {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    pane.root.getByRole('button', { name: 'Export NDJSON' }).click(),
  ]);
  const text = await readFile(await download.path(), 'utf8');
  // The first line describes the capture (format, pane, start); messages follow.
  return text
    .split('\n')
    .slice(1)
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as ExportedMessage);
}

/** Bodies received, how often each, and how many of those deliveries were flagged `redelivered`. */
export function tallyBodies(
  messages: ExportedMessage[],
): Map<string, { first: number; redelivered: number }> {
  const tally = new Map<string, { first: number; redelivered: number }>();
  for (const message of messages) {
    const body = message.body ?? '';
    const entry = tally.get(body) ?? { first: 0, redelivered: 0 };
    if (message.headers.redelivered === 'true') entry.redelivered += 1;
    else entry.first += 1;
    tally.set(body, entry);
  }
  return tally;
}

/**
 * Starts noting every change of a pane's `Subscription status` text with its time (polled every
 * 20 ms in the page, so a re-rendered element is followed too). Read it with `statusChanges`.
 */
export async function watchPaneStatus(page: Page, subscriptionId: string): Promise<void> {
  await page.evaluate((id) => {
    const store = window as unknown as {
      __paneStatus?: Record<string, { at: number; text: string }[]>;
    };
    store.__paneStatus ??= {};
    const changes: { at: number; text: string }[] = [];
    store.__paneStatus[id] = changes;
    let last = '';
    setInterval(() => {
      const element = document.querySelector(
        `section[aria-label="Subscription ${id}"] [role="status"][aria-label="Subscription status"]`,
      );
      const text = element?.textContent?.trim() ?? '';
      if (text !== last) {
        last = text;
        changes.push({ at: Date.now(), text });
      }
    }, 20);
  }, subscriptionId);
}

export async function statusChanges(
  page: Page,
  subscriptionId: string,
): Promise<{ at: number; text: string }[]> {
  return page.evaluate(
    (id) =>
      (window as unknown as { __paneStatus?: Record<string, { at: number; text: string }[]> })
        .__paneStatus?.[id] ?? [],
    subscriptionId,
  );
}

/**
 * From the first `reconnecting` to the first `subscribed` after it, in ms (null while either is
 * missing): how long a pane was away.
 */
export function awayMs(
  changes: { at: number; text: string }[],
): { downAt: number; backAt: number; ms: number } | null {
  const down = changes.find((change) => change.text.startsWith('reconnecting'));
  if (!down) return null;
  const back = changes.find(
    (change) => change.at >= down.at && change.text.startsWith('subscribed'),
  );
  return back ? { downAt: down.at, backAt: back.at, ms: back.at - down.at } : null;
}
