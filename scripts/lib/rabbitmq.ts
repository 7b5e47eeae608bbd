/**
 * Broker tooling: probe a Web-STOMP endpoint with a real STOMP CONNECT, and run a private
 * RabbitMQ node (Debian's or Homebrew's rabbitmq-server) next to any other broker on the machine.
 *
 * The private node is loopback only and owns its node name, epmd port, distribution port and
 * data folder (config.brokerDir inside the project), so it never touches a system RabbitMQ on
 * 5672/4369/25672/61613. Used by `npm run broker`, `npm start`, `npm test` and the benchmarks.
 *
 * @example
 * const broker = await ensureBroker(loadConfig());
 * try { ... connect to broker.url ... } finally { await broker.stop(); }
 */
import { err } from '@/lib/util/result';
import { spawn } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { brokerUrls, type StompwatchConfig } from '../../lib/config/env';
import { portOpen } from './net';
import {
  type Env,
  isOurProcess,
  killAll,
  pgrep,
  pidAlive,
  readPid,
  readText,
  removeFile,
  run,
  runVisible,
  sleep,
  escapeRegex,
  waitUntil,
  which,
  isExecutable,
  processCommand,
  asProcessEnv,
} from './process';
import { probeStomp, waitForStomp } from './stomp-probe';

// ---------------------------------------------------------------------------------------------
// Constants and small types
// ---------------------------------------------------------------------------------------------

/** Where Debian's rabbitmq-server keeps the real scripts (the /usr/sbin ones switch user). */
export const DEFAULT_RABBITMQ_BIN = '/usr/lib/rabbitmq/bin';

/** Overrides the RabbitMQ scripts folder, e.g. `$(brew --prefix)/sbin` on macOS. */
export const RABBITMQ_BIN_ENV = 'STOMPWATCH_RABBITMQ_BIN';

/** The enabled-plugins file of the private node (Web-STOMP pulls in the STOMP plugin). */
export const ENABLED_PLUGINS = '[rabbitmq_management,rabbitmq_web_stomp].\n';

/** How long `start` waits for a STOMP CONNECT to succeed. */
export const START_TIMEOUT_MS = 90_000;

/** Lines of each log shown when the broker fails to start. */
export const LOG_TAIL_LINES = 30;

/** How long a freshly started node may refuse our CONNECT before we believe it. */
const LOOPBACK = '127.0.0.1';
/** Written into the data folder so `reset` only ever wipes a folder this tooling created. */
const MARKER_FILE = '.stompwatch-broker';
/** Erlang command-line flag that tags the private node's beam process, for pgrep. */
const NODE_MARKER_FLAG = 'stompwatch_node';

/** Environment variables (NodeJS.ProcessEnv demands NODE_ENV once Next's types are loaded). */

/** Something to print progress to; defaults to console.log. */
export type Log = (line: string) => void;

export interface BrokerOptions {
  log?: Log;
  /** Environment used for STOMPWATCH_RABBITMQ_BIN and as the base of the node's environment. */
  env?: Env;
  /** How long a start waits for STOMP to answer; default START_TIMEOUT_MS (90 s). */
  startTimeoutMs?: number;
  /** More rabbitmq.conf lines (`key = value`), e.g. a cluster node's peer discovery settings. */
  extraConf?: readonly string[];
}

/** An expected failure with a message written for the person at the terminal. */
export class BrokerError extends Error {
  override name = 'BrokerError';
}

// ---------------------------------------------------------------------------------------------
// Pure helpers (unit-tested in rabbitmq.test.ts)
// ---------------------------------------------------------------------------------------------

/** The folder holding package.json, found upwards from this file. */
export function findProjectRoot(
  startDir: string = fileURLToPath(new URL('.', import.meta.url)),
): string {
  let dir = path.resolve(startDir);
  for (;;) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new BrokerError(`No package.json found above ${startDir}`);
    dir = parent;
  }
}

/** The project root (the folder containing package.json). */
export const PROJECT_ROOT = findProjectRoot();

/**
 * Resolves config.brokerDir against the project root and refuses anything outside it (or the
 * root itself), because `reset` deletes this folder.
 */
export function resolveDataDir(
  projectRoot: string,
  brokerDir: string,
): { ok: true; dir: string } | { ok: false; error: string } {
  const dir = path.resolve(projectRoot, brokerDir);
  if (!isInside(projectRoot, dir)) {
    return err(
      `STOMPWATCH_BROKER_DIR "${brokerDir}" must be a folder inside the project, such as .broker/default`,
    );
  }
  return { ok: true, dir };
}

/** Every file and folder of one private node, all inside its data folder. */
export interface BrokerPaths {
  dataDir: string;
  confFile: string;
  advancedConfigFile: string;
  enabledPluginsFile: string;
  /** Empty on purpose: keeps /etc/rabbitmq/rabbitmq-env.conf (or Homebrew's) out. */
  confEnvFile: string;
  mnesiaBase: string;
  logBase: string;
  /** stdout and stderr of rabbitmq-server. */
  serverOutput: string;
  /** pid of the rabbitmq-server wrapper we spawned. */
  serverPidFile: string;
  /** pid of the Erlang VM, written by RabbitMQ itself (RABBITMQ_PID_FILE). */
  beamPidFile: string;
  /** pid of the epmd we spawned (absent when an epmd was already listening). */
  epmdPidFile: string;
  lockFile: string;
  markerFile: string;
}

export function brokerPaths(dataDir: string): BrokerPaths {
  const at = (name: string) => path.join(dataDir, name);
  return {
    dataDir,
    confFile: at('rabbitmq.conf'),
    advancedConfigFile: at('advanced.config'),
    enabledPluginsFile: at('enabled_plugins'),
    confEnvFile: at('rabbitmq-env.conf'),
    mnesiaBase: at('mnesia'),
    logBase: at('log'),
    serverOutput: at('server-output.log'),
    serverPidFile: at('server.pid'),
    beamPidFile: at('beam.pid'),
    epmdPidFile: at('epmd.pid'),
    lockFile: at('start.lock'),
    markerFile: at(MARKER_FILE),
  };
}

/** RabbitMQ's own log file of a node (RABBITMQ_LOG_BASE/<node>.log). */
export function nodeLogFile(paths: BrokerPaths, nodeName: string): string {
  return path.join(paths.logBase, `${nodeName}.log`);
}

/**
 * The private node's rabbitmq.conf: AMQP and plain STOMP off, Web-STOMP and management on
 * loopback, binary WebSocket frames (so non-UTF-8 bodies do not kill the socket).
 * guest stays loopback-only (RabbitMQ's default), which is fine because we connect from 127.0.0.1.
 */
export function renderRabbitmqConf(
  ports: { webStomp: number; management: number },
  extraConf: readonly string[] = [],
): string {
  return [
    '# Generated by scripts/lib/rabbitmq.ts on every start; edits are overwritten.',
    'listeners.tcp = none',
    'stomp.listeners.tcp = none',
    `web_stomp.tcp.ip = ${LOOPBACK}`,
    `web_stomp.tcp.port = ${ports.webStomp}`,
    'web_stomp.ws_frame = binary',
    `management.tcp.ip = ${LOOPBACK}`,
    `management.tcp.port = ${ports.management}`,
    ...extraConf,
    '',
  ].join('\n');
}

/** Ports a system RabbitMQ and its usual plugins listen on; the CLI tools' range avoids them. */
export const STANDARD_RABBITMQ_PORTS: readonly number[] = [
  1883, 4369, 5671, 5672, 8883, 15670, 15671, 15672, 15674, 15675, 15692, 25672, 61613, 61614,
];
/** The CLI tools' default distribution port range (RABBITMQ_CTL_DIST_PORT_MIN..MAX). */
const STANDARD_CTL_RANGE = { min: 35672, max: 35682 };
const CTL_RANGE_SIZE = 11;

/**
 * Distribution port range for rabbitmqctl's own short-lived Erlang node: dist + 10000 (the
 * same offset RabbitMQ uses for 25672 → 35672) moved along until it overlaps neither the CLI's
 * standard range, a standard RabbitMQ port nor one of our configured ports.
 */
export function ctlDistPortRange(ports: StompwatchConfig['ports']): { min: number; max: number } {
  const taken = new Set<number>([...STANDARD_RABBITMQ_PORTS, ...Object.values(ports)]);
  const clashes = (min: number) => {
    const max = min + CTL_RANGE_SIZE - 1;
    if (min < 1024 || max > 65535) return true;
    if (min <= STANDARD_CTL_RANGE.max && max >= STANDARD_CTL_RANGE.min) return true;
    for (let p = min; p <= max; p++) if (taken.has(p)) return true;
    return false;
  };
  const preferred =
    ports.dist + 10_000 <= 65535 - CTL_RANGE_SIZE ? ports.dist + 10_000 : ports.dist - 10_000;
  for (let step = 0; step < 2000; step++) {
    for (const min of [preferred + step * CTL_RANGE_SIZE, preferred - step * CTL_RANGE_SIZE]) {
      if (!clashes(min)) return { min, max: min + CTL_RANGE_SIZE - 1 };
    }
  }
  throw new BrokerError('Could not find a free port range for the RabbitMQ CLI tools');
}

/** Inherited variables that would redirect the node elsewhere (RabbitMQ reads them unprefixed too). */
const STRIPPED_ENV =
  /^(RABBITMQ_|ERL_EPMD_|ERL_(A|Z)?FLAGS$|ERL_LIBS$|CONF_ENV_FILE$|NODENAME$|NODE_PORT$|NODE_IP_ADDRESS$|DIST_PORT$|CONFIG_FILE$|ADVANCED_CONFIG_FILE$|MNESIA_BASE$|MNESIA_DIR$|LOG_BASE$|LOGS$|ENABLED_PLUGINS_FILE$|PLUGINS_DIR$|USE_LONGNAME$|PID_FILE$)/;

/**
 * The environment for rabbitmq-server, rabbitmqctl and epmd of the private node: the caller's
 * environment minus anything RabbitMQ/Erlang would pick up, plus the node's own settings.
 * HOME is the data folder so the Erlang cookie lives there.
 */
export function buildNodeEnv(
  base: Env,
  config: Pick<StompwatchConfig, 'ports' | 'nodeName'>,
  paths: BrokerPaths,
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(base)) {
    if (value !== undefined && !STRIPPED_ENV.test(name)) env[name] = value;
  }
  const ctl = ctlDistPortRange(config.ports);
  const host = config.nodeName.split('@')[1] ?? '';
  const loopbackDist = '-kernel inet_dist_use_interface {127,0,0,1}';
  Object.assign(env, {
    HOME: paths.dataDir,
    RABBITMQ_NODENAME: config.nodeName,
    RABBITMQ_DIST_PORT: String(config.ports.dist),
    ERL_EPMD_PORT: String(config.ports.epmd),
    ERL_EPMD_ADDRESS: LOOPBACK,
    RABBITMQ_CONFIG_FILE: paths.confFile,
    RABBITMQ_ADVANCED_CONFIG_FILE: paths.advancedConfigFile,
    RABBITMQ_ENABLED_PLUGINS_FILE: paths.enabledPluginsFile,
    RABBITMQ_CONF_ENV_FILE: paths.confEnvFile,
    RABBITMQ_MNESIA_BASE: paths.mnesiaBase,
    RABBITMQ_LOG_BASE: paths.logBase,
    RABBITMQ_PID_FILE: paths.beamPidFile,
    RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS: `${loopbackDist} -${NODE_MARKER_FLAG} ${config.nodeName}`,
    RABBITMQ_CTL_ERL_ARGS: loopbackDist,
    RABBITMQ_CTL_DIST_PORT_MIN: String(ctl.min),
    RABBITMQ_CTL_DIST_PORT_MAX: String(ctl.max),
  });
  // A host with dots (name@127.0.0.1, name@host.example) needs long names.
  if (host.includes('.')) env.RABBITMQ_USE_LONGNAME = 'true';
  return env;
}

/** Removes terminal colour codes. */
export function stripAnsi(text: string): string {
  return text.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '');
}

/** The last `count` non-empty-trailing lines of a log, without colour codes. */
export function tailLines(text: string, count: number = LOG_TAIL_LINES): string[] {
  const lines = stripAnsi(text).split(/\r?\n/);
  while (lines.length > 0 && lines[lines.length - 1]!.trim() === '') lines.pop();
  return count <= 0 ? [] : lines.slice(-count);
}

/** One log to show after a failed start: `text` is null when the file does not exist. */
export interface LogExcerpt {
  label: string;
  file: string;
  text: string | null;
}

/** Formats the tails of the given logs for an error message. */
export function formatLogTails(logs: LogExcerpt[], count: number = LOG_TAIL_LINES): string {
  return logs
    .map(({ label, file, text }) => {
      if (text === null) return `--- ${label}: ${file} (not written) ---`;
      const lines = tailLines(text, count);
      if (lines.length === 0) return `--- ${label}: ${file} (empty) ---`;
      return [`--- ${label}: last ${lines.length} lines of ${file} ---`, ...lines].join('\n');
    })
    .join('\n');
}

/** Commands that install RabbitMQ with Web-STOMP, for when we cannot do it ourselves. */
export function installInstructions(): string {
  return [
    'RabbitMQ is not installed. Install it, then run the command again:',
    '  Debian/Ubuntu:  sudo apt-get update && sudo apt-get install rabbitmq-server',
    '  macOS:          brew install rabbitmq',
    `                  export ${RABBITMQ_BIN_ENV}=$(brew --prefix)/sbin`,
    '  Container:      docker run -d --name rabbitmq -p 15674:15674 -p 15672:15672 rabbitmq:3-management',
    '                  docker exec rabbitmq rabbitmq-plugins enable rabbitmq_web_stomp',
    '                  (stompwatch then finds it at ws://127.0.0.1:15674/ws and starts nothing)',
    `Or point ${RABBITMQ_BIN_ENV} at a folder holding rabbitmq-server and rabbitmqctl.`,
  ].join('\n');
}

/** `file` relative to the project root when it lies inside it (shorter messages), else as is. */
export function displayPath(projectRoot: string, file: string): string {
  return isInside(projectRoot, file) ? path.relative(projectRoot, file) : file;
}

/** True when `file` lies strictly inside `dir`. */
function isInside(dir: string, file: string): boolean {
  const relative = path.relative(dir, file);
  return (
    relative !== '' &&
    relative !== '..' &&
    !relative.startsWith(`..${path.sep}`) &&
    !path.isAbsolute(relative)
  );
}

// ---------------------------------------------------------------------------------------------
// STOMP probe
// ---------------------------------------------------------------------------------------------

type ProbeAnyResult =
  | { ok: true; url: string }
  /** `refused`: the first URL whose broker answered but refused our CONNECT, if any. */
  | { ok: false; reasons: string[]; refused: { url: string; reason: string } | null };

/** Probes every URL of the comma-separated config.brokerUrl; returns the first that answers. */
async function probeAny(config: StompwatchConfig, timeoutMs: number): Promise<ProbeAnyResult> {
  const reasons: string[] = [];
  let refused: { url: string; reason: string } | null = null;
  for (const url of brokerUrls(config.brokerUrl)) {
    const result = await probeStomp(url, { ...credentials(config), timeoutMs });
    if (result.ok) return { ok: true, url };
    reasons.push(`${url}: ${result.reason}`);
    if (result.refused) refused ??= { url, reason: result.reason };
  }
  return { ok: false, reasons, refused };
}

/** The error for a broker that is up but turns our CONNECT down. */
function refusedError(
  config: StompwatchConfig,
  url: string,
  reason: string,
  privateNode: boolean,
): BrokerError {
  const hint = privateNode
    ? ' The private node knows only login guest, passcode guest and vhost /.'
    : '';
  return new BrokerError(
    `The broker at ${url} is up, but ${reason} (login "${config.login}", vhost "${config.vhost}"). ` +
      `Fix STOMPWATCH_LOGIN, STOMPWATCH_PASSCODE or STOMPWATCH_VHOST.${hint}`,
  );
}

function credentials(config: StompwatchConfig) {
  return { login: config.login, passcode: config.passcode, vhost: config.vhost };
}

// ---------------------------------------------------------------------------------------------
// Processes, ports and commands
// ---------------------------------------------------------------------------------------------

function beamPattern(nodeName: string): string {
  return `${NODE_MARKER_FLAG} ${escapeRegex(nodeName)}( |$)`;
}

function epmdPattern(port: number): string {
  return `epmd -port ${port}( |$)`;
}

// ---------------------------------------------------------------------------------------------
// Installation
// ---------------------------------------------------------------------------------------------

/** Where the RabbitMQ scripts and epmd of this machine are. */
export interface RabbitmqInstall {
  binDir: string;
  server: string;
  ctl: string;
  epmd: string;
}

let aptUpdated = false;

/**
 * Finds rabbitmq-server, rabbitmqctl and epmd. When they are missing and we are root on a
 * machine with apt-get, installs Debian's rabbitmq-server (apt-get update once, then install);
 * otherwise throws a BrokerError with the install commands for Debian/Ubuntu, macOS and Docker.
 */
export async function ensureRabbitmqInstalled(
  options: BrokerOptions = {},
): Promise<RabbitmqInstall> {
  const log = options.log ?? console.log;
  const env = options.env ?? process.env;
  const override = env[RABBITMQ_BIN_ENV]?.trim();
  const binDir = override || DEFAULT_RABBITMQ_BIN;
  const server = path.join(binDir, 'rabbitmq-server');
  const ctl = path.join(binDir, 'rabbitmqctl');
  const present = () => isExecutable(server) && isExecutable(ctl);

  if (process.platform === 'win32') {
    throw new BrokerError(
      `The private broker needs Linux or macOS. On Windows run RabbitMQ in a container and point STOMPWATCH_BROKER_URL at it.\n${installInstructions()}`,
    );
  }
  if (!present() && override) {
    throw new BrokerError(
      `${RABBITMQ_BIN_ENV}=${override} holds no executable rabbitmq-server and rabbitmqctl.\n${installInstructions()}`,
    );
  }
  if (!present()) {
    const apt = which('apt-get', env);
    if (apt && process.getuid?.() === 0) {
      const aptEnv = { ...env, DEBIAN_FRONTEND: 'noninteractive' };
      if (!aptUpdated) {
        log('rabbitmq-server is not installed; running as root, so installing it: apt-get update');
        if ((await runVisible(apt, ['update'], aptEnv)) !== 0) {
          throw new BrokerError(`apt-get update failed (see above).\n${installInstructions()}`);
        }
        aptUpdated = true;
      }
      log('Running: apt-get install -y rabbitmq-server');
      if (
        (await runVisible(apt, ['install', '-y', 'rabbitmq-server'], aptEnv)) !== 0 ||
        !present()
      ) {
        throw new BrokerError(
          `apt-get install rabbitmq-server failed (see above).\n${installInstructions()}`,
        );
      }
    } else {
      throw new BrokerError(installInstructions());
    }
  }
  const epmd = findEpmd(env);
  if (!epmd) {
    throw new BrokerError(
      'Found RabbitMQ but not epmd (it comes with Erlang). Put Erlang on PATH, e.g. sudo apt-get install erlang-base or brew install erlang.',
    );
  }
  return { binDir, server, ctl, epmd };
}

/** epmd from PATH, or next to the real `erl`. */
function findEpmd(env: Env): string | null {
  const onPath = which('epmd', env);
  if (onPath) return onPath;
  const erl = which('erl', env);
  if (!erl) return null;
  try {
    const beside = path.join(path.dirname(realpathSync(erl)), 'epmd');
    return isExecutable(beside) ? beside : null;
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------------------------------------
// The private node
// ---------------------------------------------------------------------------------------------

interface NodeContext {
  config: StompwatchConfig;
  startTimeoutMs: number;
  extraConf: readonly string[];
  paths: BrokerPaths;
  env: Record<string, string>;
  log: Log;
  /** The Web-STOMP URL of the private node. */
  url: string;
}

function nodeContext(config: StompwatchConfig, options: BrokerOptions): NodeContext {
  const resolved = resolveDataDir(PROJECT_ROOT, config.brokerDir);
  if (!resolved.ok) throw new BrokerError(resolved.error);
  const paths = brokerPaths(resolved.dir);
  return {
    config,
    startTimeoutMs: options.startTimeoutMs ?? START_TIMEOUT_MS,
    extraConf: options.extraConf ?? [],
    paths,
    env: buildNodeEnv(options.env ?? process.env, config, paths),
    log: options.log ?? console.log,
    url: privateUrl(config),
  };
}

function privateUrl(config: StompwatchConfig): string {
  return `ws://${LOOPBACK}:${config.ports.webStomp}/ws`;
}

const SERVER_COMMAND = /rabbitmq-server/;
const EPMD_COMMAND = /epmd/;

/**
 * The live processes of our private node: the rabbitmq-server wrapper from its pid file, and
 * every Erlang VM carrying our marker flag whose HOME (erlexec passes `-home`) is our data
 * folder, so a node of the same name from another checkout is left alone.
 */
async function findNodeProcesses(
  ctx: NodeContext,
): Promise<{ server: number | null; beams: number[] }> {
  const serverPid = readPid(ctx.paths.serverPidFile);
  const server = (await isOurProcess(serverPid, SERVER_COMMAND)) ? serverPid : null;
  const marker = new RegExp(beamPattern(ctx.config.nodeName));
  const candidates = new Set(await pgrep(marker.source));
  const beamPid = readPid(ctx.paths.beamPidFile);
  if (beamPid !== null) candidates.add(beamPid);
  const beams: number[] = [];
  for (const pid of candidates) {
    const command = await processCommand(pid);
    if (command === null) continue;
    const ours =
      command === '' ||
      (marker.test(command) &&
        (!command.includes(' -home ') || command.includes(` -home ${ctx.paths.dataDir} `)));
    if (ours) beams.push(pid);
  }
  return { server, beams };
}

function describeNode(ctx: NodeContext): string {
  return `${ctx.config.nodeName} (data in ${displayPath(PROJECT_ROOT, ctx.paths.dataDir)})`;
}

/** What `start` found or did. */
export type StartOutcome =
  /** Something else answers STOMP at config.brokerUrl; nothing was started. */
  | { status: 'external'; url: string }
  /** Our private node was already up. */
  | { status: 'already-running'; url: string; nodeName: string }
  /** We started the private node. */
  | { status: 'started'; url: string; nodeName: string; elapsedMs: number };

/**
 * Makes sure a broker answers STOMP. Uses whatever already answers at config.brokerUrl;
 * otherwise (unless STOMPWATCH_BROKER_URL was set explicitly) starts the private node detached
 * and waits up to 90 s for a real STOMP CONNECT. Idempotent; safe to call from several
 * processes at once (a lock file in the data folder serialises starts).
 * @throws BrokerError with the tails of the broker's logs when it does not come up.
 */
export async function startBroker(
  config: StompwatchConfig,
  options: BrokerOptions = {},
): Promise<StartOutcome> {
  const ctx = nodeContext(config, options);
  const existing = await classifyAnswering(ctx);
  if (existing.outcome) return existing.outcome;

  if (config.brokerUrlConfigured) {
    throw new BrokerError(
      `Nothing answers STOMP at STOMPWATCH_BROKER_URL (${existing.reasons.join('; ')}). ` +
        'That variable points at your own broker, so no private broker is started: start that broker ' +
        '(with the rabbitmq_web_stomp plugin), fix the URL or credentials, or unset STOMPWATCH_BROKER_URL ' +
        'to let stompwatch run its own.',
    );
  }

  const install = await ensureRabbitmqInstalled(options);
  mkdirSync(ctx.paths.dataDir, { recursive: true });
  const release = await acquireLock(ctx);
  try {
    // Another process may have started it while we waited for the lock.
    const now = await classifyAnswering(ctx);
    if (now.outcome) return now.outcome;

    const running = await findNodeProcesses(ctx);
    if (running.server !== null || running.beams.length > 0) {
      ctx.log(
        `The private node ${describeNode(ctx)} is running but not answering yet; waiting for it…`,
      );
      const pids = [...running.beams, ...(running.server === null ? [] : [running.server])];
      const gone = () => (pids.some(pidAlive) ? null : 'exited');
      await waitForNodeStomp(ctx, gone, Date.now());
      return { status: 'already-running', url: ctx.url, nodeName: config.nodeName };
    }

    await checkPortsFree(ctx, install);
    writeNodeFiles(ctx);
    const started = Date.now();
    ctx.log(`Starting the private RabbitMQ node ${describeNode(ctx)}…`);
    try {
      await startEpmd(ctx, install);
      await waitForNodeStomp(ctx, spawnServer(ctx, install), started);
    } catch (error) {
      await stopNode(ctx, install).catch(() => undefined);
      if (error instanceof BrokerError) {
        throw new BrokerError(
          `${error.message}\nThe private node this start launched was stopped again.`,
        );
      }
      throw error;
    }
    return {
      status: 'started',
      url: ctx.url,
      nodeName: config.nodeName,
      elapsedMs: Date.now() - started,
    };
  } finally {
    release();
  }
}

/**
 * An outcome when STOMP already answers (ours or someone else's), else why nothing answered.
 * Throws when a broker answers but refuses our credentials: starting another would not help.
 */
async function classifyAnswering(
  ctx: NodeContext,
): Promise<{ outcome: StartOutcome; reasons?: never } | { outcome?: never; reasons: string[] }> {
  const probe = await probeAny(ctx.config, 3000);
  if (!probe.ok) {
    if (!probe.refused) return { reasons: probe.reasons };
    const ours = probe.refused.url === ctx.url && (await isPrivateNodeRunning(ctx));
    throw refusedError(ctx.config, probe.refused.url, probe.refused.reason, ours);
  }
  const ours = probe.url === ctx.url && (await isPrivateNodeRunning(ctx));
  const outcome: StartOutcome = ours
    ? { status: 'already-running', url: probe.url, nodeName: ctx.config.nodeName }
    : { status: 'external', url: probe.url };
  return { outcome };
}

async function isPrivateNodeRunning(ctx: NodeContext): Promise<boolean> {
  const { server, beams } = await findNodeProcesses(ctx);
  return server !== null || beams.length > 0;
}

async function acquireLock(ctx: NodeContext): Promise<() => void> {
  const deadline = Date.now() + ctx.startTimeoutMs + 30_000;
  for (;;) {
    try {
      const fd = openSync(ctx.paths.lockFile, 'wx');
      writeFileSync(fd, String(process.pid));
      closeSync(fd);
      return () => removeFile(ctx.paths.lockFile);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = readPid(ctx.paths.lockFile);
    if (holder === null || !pidAlive(holder)) {
      removeFile(ctx.paths.lockFile);
      continue;
    }
    if (Date.now() > deadline) {
      throw new BrokerError(
        `Another start (pid ${holder}) has held ${ctx.paths.lockFile} for too long`,
      );
    }
    await sleep(250);
  }
}

async function checkPortsFree(ctx: NodeContext, install: RabbitmqInstall): Promise<void> {
  const { ports } = ctx.config;
  const wanted: [number, string][] = [
    [ports.webStomp, 'STOMPWATCH_WEB_STOMP_PORT'],
    [ports.management, 'STOMPWATCH_MANAGEMENT_PORT'],
    [ports.dist, 'STOMPWATCH_DIST_PORT'],
  ];
  const busy: string[] = [];
  for (const [port, name] of wanted) {
    if (await portOpen(port)) busy.push(`${name}=${port}`);
  }
  if (await portOpen(ports.epmd)) {
    const names = await run(install.epmd, ['-port', String(ports.epmd), '-names'], {
      env: ctx.env,
      timeoutMs: 5000,
    });
    if (names.code !== 0)
      busy.push(`STOMPWATCH_EPMD_PORT=${ports.epmd} (held by something that is not epmd)`);
  }
  if (busy.length > 0) {
    throw new BrokerError(
      `Cannot start the private broker: port(s) already in use on 127.0.0.1: ${busy.join(', ')}. ` +
        'Stop what holds them, or choose other ports with those variables.',
    );
  }
}

function writeNodeFiles(ctx: NodeContext): void {
  const { paths, config } = ctx;
  for (const dir of [paths.dataDir, paths.mnesiaBase, paths.logBase])
    mkdirSync(dir, { recursive: true });
  writeFileSync(
    paths.markerFile,
    'Data folder of a private RabbitMQ node run by stompwatch (npm run broker). `npm run broker reset` deletes it.\n',
  );
  writeFileSync(paths.confFile, renderRabbitmqConf(config.ports, ctx.extraConf));
  writeFileSync(paths.advancedConfigFile, '[].\n');
  writeFileSync(paths.enabledPluginsFile, ENABLED_PLUGINS);
  writeFileSync(paths.confEnvFile, '');
}

/** Starts an epmd on our port unless one already listens there; records its pid. */
async function startEpmd(ctx: NodeContext, install: RabbitmqInstall): Promise<void> {
  const port = ctx.config.ports.epmd;
  if (await portOpen(port)) return;
  const child = spawn(install.epmd, ['-port', String(port), '-address', LOOPBACK], {
    detached: true,
    stdio: 'ignore',
    env: asProcessEnv(ctx.env),
    cwd: ctx.paths.dataDir,
  });
  child.on('error', () => undefined);
  child.unref();
  if (child.pid) writeFileSync(ctx.paths.epmdPidFile, String(child.pid));
  if (!(await waitUntil(() => portOpen(port, 200), 5000))) {
    throw new BrokerError(`epmd did not start listening on 127.0.0.1:${port}`);
  }
}

/**
 * Spawns rabbitmq-server detached (its own session, output to a log file) and returns a
 * function telling whether it has exited and how.
 */
function spawnServer(ctx: NodeContext, install: RabbitmqInstall): () => string | null {
  removeFile(ctx.paths.beamPidFile);
  const out = openSync(ctx.paths.serverOutput, 'w');
  let exited: string | null = null;
  try {
    const child = spawn(install.server, [], {
      detached: true,
      stdio: ['ignore', out, out],
      env: asProcessEnv(ctx.env),
      cwd: ctx.paths.dataDir,
    });
    child.on('error', (error) => (exited = `could not run ${install.server}: ${error.message}`));
    child.on(
      'exit',
      (code, signal) =>
        (exited = signal ? `was killed by ${signal}` : `stopped (exit code ${code})`),
    );
    child.unref();
    if (child.pid) writeFileSync(ctx.paths.serverPidFile, String(child.pid));
  } finally {
    closeSync(out);
  }
  return () => exited;
}

async function waitForNodeStomp(
  ctx: NodeContext,
  exited: () => string | null,
  startedAt: number,
): Promise<void> {
  const failure = await waitForStomp(ctx.url, {
    ...credentials(ctx.config),
    deadline: startedAt + ctx.startTimeoutMs,
    exited,
  });
  if (failure === null) return;
  if (failure.kind === 'refused') throw refusedError(ctx.config, ctx.url, failure.reason, true);
  throw startFailure(
    ctx,
    failure.kind === 'exited'
      ? `rabbitmq-server ${failure.reason} before Web-STOMP answered`
      : `Web-STOMP did not accept a STOMP CONNECT within ${ctx.startTimeoutMs / 1000} s (last: ${failure.reason})`,
  );
}

function startFailure(ctx: NodeContext, what: string): BrokerError {
  const logs = formatLogTails([
    {
      label: 'rabbitmq-server output',
      file: ctx.paths.serverOutput,
      text: readText(ctx.paths.serverOutput),
    },
    {
      label: 'node log',
      file: nodeLogFile(ctx.paths, ctx.config.nodeName),
      text: readText(nodeLogFile(ctx.paths, ctx.config.nodeName)),
    },
  ]);
  return new BrokerError(
    `The private broker ${describeNode(ctx)} failed to start: ${what}.\n${logs}`,
  );
}

/** What `stop` did (`stoppedNode` false: only a leftover epmd was stopped). */
export type StopOutcome =
  | { status: 'stopped'; nodeName: string; stoppedNode: boolean; stoppedEpmd: boolean }
  | { status: 'not-running'; nodeName: string };

/**
 * Stops the private node (rabbitmqctl stop, falling back to signals) and the epmd on its port
 * when no other node uses it, then checks that no beam or epmd of ours is left.
 * Harmless when nothing runs. Never touches an external broker.
 * @throws BrokerError naming the leftover processes when something survives.
 */
export async function stopBroker(
  config: StompwatchConfig,
  options: BrokerOptions = {},
): Promise<StopOutcome> {
  const ctx = nodeContext(config, options);
  const install = await locateInstalled(ctx);
  const { stoppedNode, stoppedEpmd } = await stopNode(ctx, install);
  return stoppedNode || stoppedEpmd
    ? { status: 'stopped', nodeName: config.nodeName, stoppedNode, stoppedEpmd }
    : { status: 'not-running', nodeName: config.nodeName };
}

/** Like ensureRabbitmqInstalled, but never installs: stopping needs no new software. */
async function locateInstalled(ctx: NodeContext): Promise<RabbitmqInstall | null> {
  const binDir = ctx.env[RABBITMQ_BIN_ENV]?.trim() || DEFAULT_RABBITMQ_BIN;
  const ctl = path.join(binDir, 'rabbitmqctl');
  const epmd = findEpmd(ctx.env);
  if (!epmd) return null;
  return { binDir, server: path.join(binDir, 'rabbitmq-server'), ctl, epmd };
}

async function stopNode(
  ctx: NodeContext,
  install: RabbitmqInstall | null,
): Promise<{ stoppedNode: boolean; stoppedEpmd: boolean }> {
  const { nodeName, ports } = ctx.config;
  const found = await findNodeProcesses(ctx);
  const pids = [...found.beams, ...(found.server === null ? [] : [found.server])];

  if (pids.length > 0) {
    ctx.log(`Stopping the private node ${describeNode(ctx)}…`);
    if (install && isExecutable(install.ctl) && found.beams.length > 0) {
      const ctl = await run(install.ctl, ['-n', nodeName, 'stop'], {
        env: ctx.env,
        timeoutMs: 30_000,
        cwd: ctx.paths.dataDir,
      });
      if (ctl.code !== 0)
        ctx.log(`rabbitmqctl stop did not succeed (${lastLine(ctl.output)}); using signals`);
    }
    if (!(await waitUntil(() => pids.every((pid) => !pidAlive(pid)), 15_000))) {
      await killAll(pids);
    }
  }

  const epmd = await stopEpmd(ctx, install);

  const leftovers = [
    ...(await findNodeProcesses(ctx)).beams.map((pid) => `beam pid ${pid}`),
    ...pids.filter(pidAlive).map((pid) => `pid ${pid}`),
    ...(epmd.leftForOthers
      ? []
      : (await pgrep(epmdPattern(ports.epmd))).map((pid) => `epmd pid ${pid}`)),
  ];
  if (!epmd.leftForOthers && (await portOpen(ports.epmd, 300)))
    leftovers.push(`an epmd on port ${ports.epmd}`);
  if (leftovers.length > 0) {
    throw new BrokerError(
      `The private broker ${nodeName} did not stop completely; still running: ${[...new Set(leftovers)].join(', ')}.`,
    );
  }
  for (const file of [ctx.paths.serverPidFile, ctx.paths.beamPidFile, ctx.paths.epmdPidFile])
    removeFile(file);
  return { stoppedNode: pids.length > 0, stoppedEpmd: epmd.stopped };
}

/**
 * Stops the epmd on our port (the one we started, or one rabbitmqctl started there) once no
 * node is registered with it. `leftForOthers`: other nodes still use it, or the port is held by
 * something that is not epmd, so it was left alone.
 */
async function stopEpmd(
  ctx: NodeContext,
  install: RabbitmqInstall | null,
): Promise<{ stopped: boolean; leftForOthers: boolean }> {
  const port = ctx.config.ports.epmd;
  const recorded = readPid(ctx.paths.epmdPidFile);
  const ourPid = (await isOurProcess(recorded, EPMD_COMMAND)) ? recorded : null;
  const listening = await portOpen(port, 300);
  if (!listening && ourPid === null) return { stopped: false, leftForOthers: false };

  if (listening && install) {
    const names = await run(install.epmd, ['-port', String(port), '-names'], {
      env: ctx.env,
      timeoutMs: 5000,
    });
    const others = names.output
      .split('\n')
      .filter((line) => line.startsWith('name '))
      .map((line) => line.split(' ')[1]);
    if (names.code !== 0 || others.length > 0) {
      ctx.log(
        names.code !== 0
          ? `Port ${port} is held by something that is not our epmd; leaving it alone`
          : `Leaving epmd on port ${port} running: other nodes still use it (${others.join(', ')})`,
      );
      if (ourPid !== null) await killAll([ourPid]);
      return { stopped: ourPid !== null, leftForOthers: true };
    }
    await run(install.epmd, ['-port', String(port), '-kill'], { env: ctx.env, timeoutMs: 5000 });
  }
  const pids = [
    ...new Set([...(ourPid === null ? [] : [ourPid]), ...(await pgrep(epmdPattern(port)))]),
  ];
  if (
    !(await waitUntil(
      async () => pids.every((pid) => !pidAlive(pid)) && !(await portOpen(port, 200)),
      3000,
    ))
  ) {
    await killAll(pids);
  }
  return { stopped: true, leftForOthers: false };
}

function lastLine(output: string): string {
  return tailLines(output, 1)[0]?.trim() || 'no output';
}

/** Where the broker is and whether it answers. */
export type BrokerStatus =
  | {
      state: 'up';
      kind: 'private';
      url: string;
      managementUrl: string;
      nodeName: string;
      dataDir: string;
    }
  | { state: 'up'; kind: 'external'; url: string; managementUrl: string }
  /** A broker answers but refuses our login, passcode or vhost. */
  | { state: 'refused'; kind: 'private' | 'external'; url: string; reason: string }
  /** Our node's processes run but STOMP does not answer (still starting, or stuck). */
  | {
      state: 'unresponsive';
      kind: 'private';
      url: string;
      nodeName: string;
      dataDir: string;
      reason: string;
    }
  /** Nothing answers; `configured` when the URL came from STOMPWATCH_BROKER_URL. */
  | {
      state: 'down';
      url: string;
      configured: boolean;
      nodeName: string;
      dataDir: string;
      reason: string;
    };

/** Probes config.brokerUrl and looks for the private node's processes; starts nothing. */
export async function brokerStatus(
  config: StompwatchConfig,
  options: BrokerOptions = {},
): Promise<BrokerStatus> {
  const ctx = nodeContext(config, options);
  const dataDir = displayPath(PROJECT_ROOT, ctx.paths.dataDir);
  const { nodeName, managementUrl } = config;
  const probe = await probeAny(config, 3000);
  const running = await isPrivateNodeRunning(ctx);
  if (probe.ok) {
    return running && probe.url === ctx.url
      ? { state: 'up', kind: 'private', url: probe.url, managementUrl, nodeName, dataDir }
      : { state: 'up', kind: 'external', url: probe.url, managementUrl };
  }
  if (probe.refused) {
    const kind = running && probe.refused.url === ctx.url ? 'private' : 'external';
    return { state: 'refused', kind, url: probe.refused.url, reason: probe.refused.reason };
  }
  const reason = probe.reasons.join('; ');
  if (running && !config.brokerUrlConfigured) {
    return { state: 'unresponsive', kind: 'private', url: ctx.url, nodeName, dataDir, reason };
  }
  return {
    state: 'down',
    url: config.brokerUrl,
    configured: config.brokerUrlConfigured,
    nodeName,
    dataDir,
    reason,
  };
}

/**
 * Stops the private node and deletes its data folder (queues, users, logs, cookie).
 * Refuses to delete a folder this tooling did not create.
 */
export async function resetBroker(
  config: StompwatchConfig,
  options: BrokerOptions = {},
): Promise<{ stop: StopOutcome; dataDir: string; removed: boolean }> {
  const ctx = nodeContext(config, options);
  const stop = await stopBroker(config, options);
  const dataDir = displayPath(PROJECT_ROOT, ctx.paths.dataDir);
  if (!existsSync(ctx.paths.dataDir)) return { stop, dataDir, removed: false };
  if (!existsSync(ctx.paths.markerFile)) {
    throw new BrokerError(
      `Not deleting ${dataDir}: it has no ${MARKER_FILE} file, so stompwatch did not create it. Check STOMPWATCH_BROKER_DIR.`,
    );
  }
  rmSync(ctx.paths.dataDir, { recursive: true, force: true });
  return { stop, dataDir, removed: true };
}

/** A broker that answers STOMP, and how to let go of it. */
export interface EnsuredBroker {
  /** True when this call started the private node (and `stop` will stop it). */
  started: boolean;
  /** True for the private loopback node (started now or already running): its login is guest/guest. */
  private: boolean;
  url: string;
  managementUrl: string;
  /** Stops the private node if this call started it; otherwise does nothing. Idempotent. */
  stop(): Promise<void>;
}

/**
 * For npm start / npm test / benchmarks: uses a broker that already answers at
 * config.brokerUrl, or starts the private node. `stop` only stops what this call started.
 * @throws BrokerError when no broker can be had (message ready to print).
 */
export async function ensureBroker(
  config: StompwatchConfig,
  options: BrokerOptions = {},
): Promise<EnsuredBroker> {
  const log = options.log ?? console.log;
  const outcome = await startBroker(config, { ...options, log });
  if (outcome.status === 'external') log(`Using the broker that already answers at ${outcome.url}`);
  if (outcome.status === 'already-running')
    log(`Using the private broker ${outcome.nodeName} already running at ${outcome.url}`);
  if (outcome.status === 'started') {
    log(
      `Started the private broker ${outcome.nodeName} at ${outcome.url} in ${(outcome.elapsedMs / 1000).toFixed(1)} s`,
    );
  }
  let stopping: Promise<void> | undefined;
  return {
    started: outcome.status === 'started',
    private: outcome.status === 'started' || outcome.status === 'already-running',
    url: outcome.url,
    managementUrl: config.managementUrl,
    stop() {
      if (outcome.status !== 'started') return Promise.resolve();
      stopping ??= stopBroker(config, { ...options, log }).then(() => undefined);
      return stopping;
    },
  };
}
