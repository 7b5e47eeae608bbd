/**
 * A private RabbitMQ cluster on loopback for failover tests: N nodes (2 by default), each with
 * Web-STOMP and management, its own node name, ports and data folder, all on ONE epmd port of
 * their own and sharing one Erlang cookie. Used by `npm run broker -- cluster …` and the
 * failover e2e suite.
 *
 * Each node is a private node of scripts/lib/rabbitmq.ts (same start, stop and status code, same
 * loopback-only rabbitmq.conf); this file adds the shared epmd and cookie and joins the nodes:
 * all start together, nodes 2..N join node 1 on their first boot by classic-config peer
 * discovery (or, failing that, by `rabbitmqctl join_cluster`). A node that was a member once
 * rejoins by itself when it restarts.
 *
 * @example
 * const settings = parseClusterSettings(process.env);
 * if (settings.ok) await startCluster(settings.value);   // ws://127.0.0.1:15804/ws, …:15814/ws
 */
import { errorMessage } from '@/lib/util/result';
import { spawn } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  rmSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { StompwatchConfig } from '../../lib/config/env';
import {
  BrokerError,
  PROJECT_ROOT,
  brokerPaths,
  brokerStatus,
  buildNodeEnv,
  displayPath,
  ensureRabbitmqInstalled,
  resolveDataDir,
  startBroker,
  stopBroker,
  type Log,
  type RabbitmqInstall,
  type StartOutcome,
  type StopOutcome,
} from './rabbitmq';
import { portOpen } from './net';
import { type CommandResult, type Env, run, sleep } from './process';
import { waitForStomp } from './stomp-probe';
import {
  LOOPBACK,
  MAX_NODES,
  clusterBrokerUrl,
  clusterNode,
  clusterNodes,
  type ClusterNode,
  type ClusterSettings,
} from './cluster-layout';

/** Marks the cluster folder as ours, so `cluster reset` deletes nothing else. */
const MARKER_FILE = '.stompwatch-cluster';
const COOKIE_FILE = '.erlang.cookie';
/**
 * The private-node configuration of one cluster node, as scripts/lib/rabbitmq.ts expects it.
 * `http` is unused by a broker; it only has to differ from the other ports.
 */
export function nodeConfig(settings: ClusterSettings, node: ClusterNode): StompwatchConfig {
  return {
    brokerUrl: node.url,
    brokerUrlConfigured: false,
    login: settings.login,
    passcode: settings.passcode,
    vhost: settings.vhost,
    managementUrl: node.managementUrl,
    managementCredentials: null,
    publicHosts: [],
    basePath: '',
    privateBroker: true,
    ports: { ...node.ports, epmd: settings.epmdPort, http: node.ports.webStomp + 1 },
    nodeName: node.nodeName,
    brokerDir: node.brokerDir,
  };
}

/**
 * Extra rabbitmq.conf lines of a node. Nodes 2..N find node 1 by classic-config peer discovery,
 * which a node runs on its first boot only (an empty database): booted together with node 1, a
 * fresh node waits for it (up to 120 × 500 ms) and joins it before it finishes booting. Node 1
 * discovers nothing and boots on its own. A node that was a member rejoins from its database.
 */
export function clusterConf(settings: ClusterSettings, node: ClusterNode): string[] {
  if (node.index === 1) return [];
  return [
    'cluster_formation.peer_discovery_backend = classic_config',
    `cluster_formation.classic_config.nodes.1 = ${clusterNode(settings, 1).nodeName}`,
    'cluster_formation.discovery_retry_limit = 120',
    'cluster_formation.discovery_retry_interval = 500',
  ];
}

/** What `rabbitmqctl cluster_status --formatter json` says about membership. */
export interface Membership {
  /** Nodes that belong to the cluster (RabbitMQ 3.10: every member is a disc node here). */
  members: string[];
  running: string[];
}

/** Parses `rabbitmqctl cluster_status --formatter json`; null when the output is not that. */
export function parseClusterStatus(output: string): Membership | null {
  const start = output.indexOf('{');
  if (start < 0) return null;
  try {
    const json = JSON.parse(output.slice(start)) as {
      disk_nodes?: unknown;
      ram_nodes?: unknown;
      running_nodes?: unknown;
    };
    const names = (value: unknown) =>
      Array.isArray(value) ? value.filter((n): n is string => typeof n === 'string') : [];
    if (!Array.isArray(json.running_nodes)) return null;
    return {
      members: [...names(json.disk_nodes), ...names(json.ram_nodes)],
      running: names(json.running_nodes),
    };
  } catch {
    return null;
  }
}

/** Node indexes with a data folder in the cluster folder (`<prefix><i>`), sorted. */
export function existingNodeIndexes(entries: string[], namePrefix: string): number[] {
  const pattern = new RegExp(`^${namePrefix.replace(/[-]/g, '\\-')}([1-9][0-9]*)$`);
  return entries
    .map((entry) => pattern.exec(entry)?.[1])
    .filter((n): n is string => n !== undefined)
    .map(Number)
    .filter((n) => n <= MAX_NODES)
    .sort((a, b) => a - b);
}

// ---------------------------------------------------------------------------------------------
// Running the cluster
// ---------------------------------------------------------------------------------------------

export interface ClusterOptions {
  log?: Log;
  env?: Env;
  /** How long each node start may take; nodes boot in parallel on a busy machine. Default 180 s. */
  startTimeoutMs?: number;
}

const CLUSTER_START_TIMEOUT_MS = 180_000;

interface ClusterContext {
  settings: ClusterSettings;
  root: string;
  log: Log;
  env: Env;
  startTimeoutMs: number;
}

function clusterContext(settings: ClusterSettings, options: ClusterOptions): ClusterContext {
  const resolved = resolveDataDir(PROJECT_ROOT, settings.dir);
  if (!resolved.ok) throw new BrokerError(resolved.error);
  return {
    settings,
    root: resolved.dir,
    log: options.log ?? console.log,
    env: options.env ?? process.env,
    startTimeoutMs: options.startTimeoutMs ?? CLUSTER_START_TIMEOUT_MS,
  };
}

/** One node's part in a start. */
export interface NodeStart {
  node: ClusterNode;
  outcome: StartOutcome;
  /** How this start made the node a member: on first boot, by the fallback, or not at all. */
  joinedBy: 'peer-discovery' | 'join_cluster' | null;
}

export interface ClusterStartOutcome {
  nodes: NodeStart[];
  /** Members running, per cluster_status. */
  running: string[];
  /** The started nodes' Web-STOMP URLs, comma-separated: the dashboard's Broker URL. */
  brokerUrl: string;
  elapsedMs: number;
}

/**
 * Starts nodes 1..settings.nodes and every other node with a data folder (those not running yet,
 * in parallel, because restarting cluster members wait for each other), joins fresh ones to node
 * 1, and waits until the cluster reports every one of them running. Idempotent: on a running
 * cluster it only checks; with more nodes than are running it adds the missing ones. A cluster
 * does not shrink here: `cluster reset` starts over.
 * @throws BrokerError naming the node and its logs when something does not come up.
 */
export async function startCluster(
  settings: ClusterSettings,
  options: ClusterOptions = {},
): Promise<ClusterStartOutcome> {
  const ctx = clusterContext(settings, options);
  // Members from an earlier, bigger start come back too: restarted members wait for each other.
  const indexes = new Set(clusterNodes(settings).map((node) => node.index));
  for (const index of existingNodeIndexes(
    existsSync(ctx.root) ? readdirSync(ctx.root) : [],
    settings.namePrefix,
  ))
    indexes.add(index);
  return startNodes(
    ctx,
    [...indexes].sort((a, b) => a - b).map((index) => clusterNode(settings, index)),
  );
}

/** Starts one node (it rejoins the cluster, or joins node 1 when it is new). */
export async function startClusterNode(
  settings: ClusterSettings,
  index: number,
  options: ClusterOptions = {},
): Promise<ClusterStartOutcome> {
  checkIndex(index);
  return startNodes(clusterContext(settings, options), [clusterNode(settings, index)]);
}

function checkIndex(index: number): void {
  if (!Number.isInteger(index) || index < 1 || index > MAX_NODES) {
    throw new BrokerError(`There is no node ${index}: nodes are numbered 1 to ${MAX_NODES}.`);
  }
}

async function startNodes(ctx: ClusterContext, nodes: ClusterNode[]): Promise<ClusterStartOutcome> {
  const started = Date.now();
  const install = await ensureRabbitmqInstalled({ log: ctx.log, env: ctx.env });
  mkdirSync(ctx.root, { recursive: true });
  writeFileSync(
    path.join(ctx.root, MARKER_FILE),
    'Data folder of a private RabbitMQ cluster run by stompwatch (npm run broker -- cluster). `cluster reset` deletes it.\n',
  );
  const cookie = clusterCookie(ctx.root);
  for (const node of nodes) writeCookie(nodeDataDir(ctx, node), cookie);
  await ensureEpmd(ctx, install);

  // A node without a database boots fresh: peer discovery makes it a member on the way.
  const fresh = new Set(
    nodes
      .filter((node) => !existsSync(path.join(nodeDataDir(ctx, node), 'mnesia', node.nodeName)))
      .map((node) => node.index),
  );
  const outcomes = await Promise.all(
    nodes.map(async (node) => {
      const outcome = await startBroker(nodeConfig(ctx.settings, node), {
        log: (line) => ctx.log(`[node ${node.index}] ${line}`),
        env: ctx.env,
        startTimeoutMs: ctx.startTimeoutMs,
        extraConf: clusterConf(ctx.settings, node),
      });
      if (outcome.status === 'external') {
        throw new BrokerError(
          `Something that is not cluster node ${node.index} already answers STOMP at ${node.url}. ` +
            'Stop it, or move the cluster with STOMPWATCH_CLUSTER_WEB_STOMP_PORT and friends.',
        );
      }
      return { node, outcome };
    }),
  );

  const first = clusterNode(ctx.settings, 1);
  const joined = new Map<number, NodeStart['joinedBy']>();
  const wanted = nodes.filter((node) => node.index !== 1);
  if (wanted.length > 0) {
    const membership = await anyMembership(ctx, install);
    for (const node of wanted) {
      if (membership?.members.includes(node.nodeName)) {
        if (fresh.has(node.index)) joined.set(node.index, 'peer-discovery');
        continue;
      }
      await joinNode(ctx, install, node, first);
      joined.set(node.index, 'join_cluster');
    }
  }

  const expected = nodes.map((node) => node.nodeName);
  const running = await waitForRunning(ctx, install, expected);
  return {
    nodes: outcomes.map(({ node, outcome }) => ({
      node,
      outcome,
      joinedBy: joined.get(node.index) ?? null,
    })),
    running,
    brokerUrl: nodes.map((node) => node.url).join(', '),
    elapsedMs: Date.now() - started,
  };
}

/**
 * The fallback when peer discovery did not join a node (node 1 was not up in time, or the node
 * booted alone before): `stop_app`, `join_cluster <node 1>` (which resets the node first),
 * `start_app`, then waits for its STOMP again.
 */
async function joinNode(
  ctx: ClusterContext,
  install: RabbitmqInstall,
  node: ClusterNode,
  first: ClusterNode,
): Promise<void> {
  if (!(await membershipOf(ctx, install, first))) {
    throw new BrokerError(
      `Node ${node.index} (${node.nodeName}) is not a member of the cluster, and node 1 ` +
        `(${first.nodeName}), which it would join, does not answer. Start node 1 first ` +
        '(npm run broker -- cluster start-node 1), or start the whole cluster.',
    );
  }
  ctx.log(`[node ${node.index}] joining ${first.nodeName}…`);
  for (const args of [['stop_app'], ['join_cluster', first.nodeName], ['start_app']]) {
    const result = await ctl(ctx, install, node, args, 120_000);
    if (result.code !== 0) {
      throw new BrokerError(
        `rabbitmqctl -n ${node.nodeName} ${args.join(' ')} failed (exit ${result.code}): ${result.output.trim().split('\n').slice(-5).join(' / ')}`,
      );
    }
  }
  await waitForNodeStomp(ctx, node);
}

async function waitForNodeStomp(ctx: ClusterContext, node: ClusterNode): Promise<void> {
  const failure = await waitForStomp(node.url, {
    login: ctx.settings.login,
    passcode: ctx.settings.passcode,
    vhost: ctx.settings.vhost,
    deadline: Date.now() + ctx.startTimeoutMs,
  });
  if (failure === null) return;
  throw new BrokerError(
    `Node ${node.index} (${node.nodeName}) did not answer STOMP at ${node.url} after joining the cluster (last: ${failure.reason}).`,
  );
}

/** Waits until node 1 (or any running node) reports every `expected` node running. */
async function waitForRunning(
  ctx: ClusterContext,
  install: RabbitmqInstall,
  expected: string[],
): Promise<string[]> {
  const deadline = Date.now() + 60_000;
  let running: string[] = [];
  for (;;) {
    const membership = await anyMembership(ctx, install);
    running = membership?.running ?? [];
    if (expected.every((name) => running.includes(name))) return running;
    if (Date.now() > deadline) {
      throw new BrokerError(
        `The cluster did not report ${expected.join(', ')} running within 60 s (running: ${running.join(', ') || 'none'}).`,
      );
    }
    await sleep(500);
  }
}

/** cluster_status from the first node that answers it. */
async function anyMembership(
  ctx: ClusterContext,
  install: RabbitmqInstall,
): Promise<Membership | null> {
  for (let index = 1; index <= MAX_NODES; index++) {
    const node = clusterNode(ctx.settings, index);
    if (!existsSync(nodeDataDir(ctx, node))) continue;
    const membership = await membershipOf(ctx, install, node);
    if (membership) return membership;
  }
  return null;
}

async function membershipOf(
  ctx: ClusterContext,
  install: RabbitmqInstall,
  node: ClusterNode,
): Promise<Membership | null> {
  const result = await ctl(ctx, install, node, ['cluster_status', '--formatter', 'json'], 30_000);
  return result.code === 0 ? parseClusterStatus(result.output) : null;
}

export interface ClusterStopOutcome {
  nodes: { node: ClusterNode; outcome: StopOutcome }[];
  /** True when the shared epmd was stopped. */
  stoppedEpmd: boolean;
  elapsedMs: number;
}

/**
 * Stops every node that has a data folder (or is configured), then the shared epmd.
 * Harmless when nothing runs.
 */
export async function stopCluster(
  settings: ClusterSettings,
  options: ClusterOptions = {},
): Promise<ClusterStopOutcome> {
  const ctx = clusterContext(settings, options);
  const started = Date.now();
  const indexes = new Set(clusterNodes(settings).map((node) => node.index));
  if (existsSync(ctx.root)) {
    for (const index of existingNodeIndexes(readdirSync(ctx.root), settings.namePrefix))
      indexes.add(index);
  }
  // In parallel: each `rabbitmqctl stop` takes seconds, and the next start boots all nodes
  // together anyway, so which one stops last does not matter.
  const settled = await Promise.allSettled(
    [...indexes]
      .sort((a, b) => a - b)
      .map(async (index) => {
        const node = clusterNode(settings, index);
        return { node, outcome: await stopOne(ctx, node) };
      }),
  );
  const failures = settled
    .filter((result): result is PromiseRejectedResult => result.status === 'rejected')
    .map((result) => errorMessage(result.reason));
  if (failures.length > 0) throw new BrokerError(failures.join('\n'));
  const nodes = settled
    .filter((result) => result.status === 'fulfilled')
    .map((result) => result.value);
  const stoppedEpmd = await stopEpmdIfUnused(ctx);
  return { nodes, stoppedEpmd, elapsedMs: Date.now() - started };
}

/** Stops one node; the others (and the shared epmd they use) keep running. */
export async function stopClusterNode(
  settings: ClusterSettings,
  index: number,
  options: ClusterOptions = {},
): Promise<{ node: ClusterNode; outcome: StopOutcome; elapsedMs: number }> {
  checkIndex(index);
  const ctx = clusterContext(settings, options);
  const started = Date.now();
  const node = clusterNode(settings, index);
  const outcome = await stopOne(ctx, node);
  await stopEpmdIfUnused(ctx);
  return { node, outcome, elapsedMs: Date.now() - started };
}

function stopOne(ctx: ClusterContext, node: ClusterNode): Promise<StopOutcome> {
  return stopBroker(nodeConfig(ctx.settings, node), {
    log: (line) => ctx.log(`[node ${node.index}] ${line}`),
    env: ctx.env,
  });
}

/** Stops the cluster and deletes its data folder (queues, cookie, logs of every node). */
export async function resetCluster(
  settings: ClusterSettings,
  options: ClusterOptions = {},
): Promise<{ stop: ClusterStopOutcome; dir: string; removed: boolean }> {
  const ctx = clusterContext(settings, options);
  const stop = await stopCluster(settings, options);
  const dir = displayPath(PROJECT_ROOT, ctx.root);
  if (!existsSync(ctx.root)) return { stop, dir, removed: false };
  if (!existsSync(path.join(ctx.root, MARKER_FILE))) {
    throw new BrokerError(
      `Not deleting ${dir}: it has no ${MARKER_FILE} file, so stompwatch did not create it. Check STOMPWATCH_CLUSTER_DIR.`,
    );
  }
  rmSync(ctx.root, { recursive: true, force: true });
  return { stop, dir, removed: true };
}

/** One node as `cluster status` reports it. */
export interface NodeReport {
  node: ClusterNode;
  state: 'up' | 'down' | 'starting' | 'refused' | 'other';
  detail: string;
}

export interface ClusterReport {
  nodes: NodeReport[];
  /** Running members per cluster_status, null when no node answered it. */
  membership: Membership | null;
  brokerUrl: string;
  /** Every configured node is up and a running member. */
  healthy: boolean;
}

/**
 * Probes every configured node (and any other with a data folder) and asks the cluster who is
 * running; starts nothing.
 */
export async function clusterStatus(
  settings: ClusterSettings,
  options: ClusterOptions = {},
): Promise<ClusterReport> {
  const ctx = clusterContext(settings, options);
  const install = await ensureRabbitmqInstalled({ log: ctx.log, env: ctx.env });
  const nodes: NodeReport[] = [];
  // The configured nodes, and any other this cluster folder holds (node 3 of an earlier --nodes 3).
  const indexes = new Set(clusterNodes(settings).map((node) => node.index));
  if (existsSync(ctx.root)) {
    for (const index of existingNodeIndexes(readdirSync(ctx.root), settings.namePrefix))
      indexes.add(index);
  }
  for (const index of [...indexes].sort((a, b) => a - b)) {
    const node = clusterNode(settings, index);
    const status = await brokerStatus(nodeConfig(settings, node), { env: ctx.env, log: ctx.log });
    const state: NodeReport['state'] =
      status.state === 'up'
        ? status.kind === 'private'
          ? 'up'
          : 'other'
        : status.state === 'unresponsive'
          ? 'starting'
          : status.state;
    const detail =
      status.state === 'down' || status.state === 'unresponsive' || status.state === 'refused'
        ? status.reason
        : status.state === 'up' && status.kind === 'external'
          ? 'something that is not this node answers on its port'
          : '';
    nodes.push({ node, state, detail });
  }
  const membership = await anyMembership(ctx, install);
  // Healthy: every configured node is up and running in the cluster (extra nodes may be down).
  const healthy = nodes
    .filter((report) => report.node.index <= settings.nodes)
    .every(
      (report) => report.state === 'up' && !!membership?.running.includes(report.node.nodeName),
    );
  return { nodes, membership, brokerUrl: clusterBrokerUrl(settings), healthy };
}

// ---------------------------------------------------------------------------------------------
// Cookie, epmd, rabbitmqctl
// ---------------------------------------------------------------------------------------------

function nodeDataDir(ctx: ClusterContext, node: ClusterNode): string {
  return path.resolve(PROJECT_ROOT, node.brokerDir);
}

/** The cluster's cookie, made once (random) and kept in the cluster folder. */
function clusterCookie(root: string): string {
  const file = path.join(root, COOKIE_FILE);
  try {
    const existing = readFileSync(file, 'utf8').trim();
    if (/^[A-Z]{20,}$/.test(existing)) return existing;
  } catch {
    // made below
  }
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  const cookie = [...randomBytes(32)].map((b) => alphabet[b % alphabet.length]).join('');
  writeCookieFile(file, cookie);
  return cookie;
}

/** Every node's HOME holds the same cookie, or the nodes (and rabbitmqctl) cannot talk. */
function writeCookie(dataDir: string, cookie: string): void {
  mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, COOKIE_FILE);
  try {
    if (readFileSync(file, 'utf8').trim() === cookie) return;
  } catch {
    // written below
  }
  writeCookieFile(file, cookie);
}

function writeCookieFile(file: string, cookie: string): void {
  try {
    unlinkSync(file); // it is read-only once written
  } catch {
    // not there
  }
  writeFileSync(file, cookie, { mode: 0o400 });
  chmodSync(file, 0o400); // Erlang refuses a cookie others can read
}

/**
 * Starts the shared epmd unless one listens on the port. Started here (not by a node's start),
 * so no node records it as its own and stopping one node leaves it to the others.
 */
async function ensureEpmd(ctx: ClusterContext, install: RabbitmqInstall): Promise<void> {
  const port = ctx.settings.epmdPort;
  if (await portOpen(port)) {
    const names = await run(install.epmd, ['-port', String(port), '-names'], {
      env: ctx.env,
      timeoutMs: 5000,
    });
    if (names.code !== 0) {
      throw new BrokerError(
        `Port ${port} (STOMPWATCH_CLUSTER_EPMD_PORT) is held by something that is not epmd; choose another port.`,
      );
    }
    return;
  }
  const child = spawn(install.epmd, ['-port', String(port), '-address', LOOPBACK], {
    detached: true,
    stdio: 'ignore',
    env: { ...process.env, ...ctx.env } as NodeJS.ProcessEnv,
    cwd: ctx.root,
  });
  child.on('error', () => undefined);
  child.unref();
  const deadline = Date.now() + 5000;
  while (!(await portOpen(port, 200))) {
    if (Date.now() > deadline)
      throw new BrokerError(`epmd did not start listening on ${LOOPBACK}:${port}`);
    await sleep(100);
  }
}

/**
 * Stops the shared epmd once no cluster node is registered with it (a node's own stop leaves
 * it while another was still up, or while a rabbitmqctl was registered). True when stopped.
 */
async function stopEpmdIfUnused(ctx: ClusterContext): Promise<boolean> {
  const port = ctx.settings.epmdPort;
  if (!(await portOpen(port, 300))) return false;
  const install = await ensureRabbitmqInstalled({ log: ctx.log, env: ctx.env });
  const names = await run(install.epmd, ['-port', String(port), '-names'], {
    env: ctx.env,
    timeoutMs: 5000,
  });
  if (names.code !== 0) return false; // not an epmd: not ours to stop
  const prefix = `name ${ctx.settings.namePrefix}`;
  const nodesLeft = names.output.split('\n').filter((line) => line.startsWith(prefix));
  if (nodesLeft.length > 0) return false;
  await run(install.epmd, ['-port', String(port), '-kill'], {
    env: ctx.env,
    timeoutMs: 5000,
  });
  const deadline = Date.now() + 5000;
  while (await portOpen(port, 200)) {
    if (Date.now() > deadline) {
      throw new BrokerError(`The cluster's epmd on port ${port} did not stop.`);
    }
    await sleep(100);
  }
  return true;
}

function ctl(
  ctx: ClusterContext,
  install: RabbitmqInstall,
  node: ClusterNode,
  args: string[],
  timeoutMs: number,
): Promise<CommandResult> {
  const config = nodeConfig(ctx.settings, node);
  const dataDir = nodeDataDir(ctx, node);
  const env = buildNodeEnv(ctx.env, config, brokerPaths(dataDir));
  return run(install.ctl, ['-n', node.nodeName, ...args], { env, timeoutMs, cwd: dataDir });
}
