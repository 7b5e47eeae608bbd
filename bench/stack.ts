/**
 * What the benchmark brings up, and takes down again whatever happens: the private broker on
 * bench ports, a production build, `scripts/serve.ts`, Debian's Chromium. Everything started is
 * registered with a `Cleanup`, which stops it in reverse order on success, error or Ctrl+C.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import {
  cpSync,
  createWriteStream,
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  statSync,
} from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from '@playwright/test';
import { CHROMIUM_ARGS } from '../scripts/lib/chromium';
import { portOpen } from '../scripts/lib/net';
import type { StompwatchConfig } from '../lib/config/env';
import { ensureBroker, ensureRabbitmqInstalled, type EnsuredBroker } from '../scripts/lib/rabbitmq';
import { serveArgs } from '../scripts/lib/serve-command';
import { BUILD_SOURCES, staleBuildSource } from '../scripts/lib/build-freshness';
import { ensureChromium } from '../scripts/lib/system';
import { sleep, stopChild } from '../scripts/lib/process';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const RESULTS_DIR = path.join(ROOT, 'bench', 'results');

/**
 * Bench ports, away from a system RabbitMQ, `npm start` (15674/3000), `npm test` (15694/3100)
 * and the other private brokers developers run side by side.
 */
export const BENCH_ENV: Record<string, string> = {
  STOMPWATCH_WEB_STOMP_PORT: '15744',
  STOMPWATCH_MANAGEMENT_PORT: '15742',
  STOMPWATCH_DIST_PORT: '25744',
  STOMPWATCH_EPMD_PORT: '4444',
  STOMPWATCH_NODE_NAME: 'stompwatch-bench@localhost',
  STOMPWATCH_BROKER_DIR: '.broker/bench',
  STOMPWATCH_LOGIN: 'guest',
  STOMPWATCH_VHOST: '/',
  // The bench's own private node: the page prefills its passcode, guest.
  STOMPWATCH_PRIVATE_BROKER: '1',
  PORT: '3400',
};

export type Log = (line: string) => void;

/** Stops registered things in reverse order, once. */
export class Cleanup {
  private readonly stops: { name: string; stop: () => Promise<void> }[] = [];
  private running: Promise<void> | null = null;

  /** Registers `stop`; returns a function that unregisters it (when it was stopped already). */
  add(name: string, stop: () => Promise<void>): () => void {
    const entry = { name, stop };
    this.stops.push(entry);
    return () => {
      const index = this.stops.indexOf(entry);
      if (index >= 0) this.stops.splice(index, 1);
    };
  }

  run(log: Log): Promise<void> {
    this.running ??= (async () => {
      while (this.stops.length > 0) {
        const entry = this.stops.pop()!;
        try {
          await Promise.race([
            entry.stop(),
            sleep(30_000).then(() => {
              throw new Error('did not stop within 30 s');
            }),
          ]);
        } catch (error) {
          log(`could not stop ${entry.name}: ${(error as Error).message}`);
        }
      }
    })();
    return this.running;
  }
}

export async function startBroker(
  config: StompwatchConfig,
  env: NodeJS.ProcessEnv,
  cleanup: Cleanup,
  log: Log,
): Promise<EnsuredBroker> {
  if (!config.brokerUrlConfigured) await ensureRabbitmqInstalled({ log, env });
  const broker = await ensureBroker(config, { log, env });
  if (broker.started) cleanup.add('the bench broker', () => broker.stop());
  return broker;
}

// --- build ------------------------------------------------------------------------------------

/**
 * Where the benchmark builds and serves the dashboard by default: a snapshot of the sources in
 * `.broker/bench-app` (git-ignored, outside typecheck and lint). It sits inside the project, so
 * `next`, React and the rest resolve from the project's node_modules and Turbopack's root stays
 * the project (no copy of node_modules, no second lockfile). Another `next build` in the project
 * (npm test, npm start, a developer) then neither pulls the build from under the bench's server
 * nor gets its own pulled by the bench. `--in-place` uses the project's own `.next` instead.
 */
export const SNAPSHOT_DIR = path.join(ROOT, '.broker', 'bench-app');

const SNAPSHOT_EXTRA = ['next-env.d.ts'];
const NOT_BUILT = /\.(test|spec)\.tsx?$/;

/** Why `appDir` needs a build (its BUILD_ID is missing or older than the project's sources), or null. */
export function buildReason(appDir: string): string | null {
  const buildId = path.join(appDir, '.next', 'BUILD_ID');
  if (!existsSync(buildId))
    return `no production build in ${path.relative(ROOT, path.join(appDir, '.next')) || '.next'}`;
  const builtAt = statSync(buildId).mtimeMs;
  const stale = staleBuildSource(ROOT, builtAt);
  return stale ? `${stale} changed since the last build` : null;
}

/**
 * Copies the sources into the snapshot (tests left out: they are not part of the build, and a
 * half-written one elsewhere must not fail it). Its `.next/cache` stays, so rebuilds are quicker.
 */
export function refreshSnapshot(): void {
  mkdirSync(SNAPSHOT_DIR, { recursive: true });
  for (const entry of [...BUILD_SOURCES, ...SNAPSHOT_EXTRA]) {
    if (entry === 'package-lock.json') continue; // one lockfile (the project's), one Turbopack root
    const from = path.join(ROOT, entry);
    const to = path.join(SNAPSHOT_DIR, entry);
    rmSync(to, { recursive: true, force: true });
    if (existsSync(from))
      cpSync(from, to, { recursive: true, filter: (source) => !NOT_BUILT.test(source) });
  }
}

const nextBin = () => path.join(ROOT, 'node_modules', 'next', 'dist', 'bin', 'next');

/**
 * `next build` in `appDir`, output to bench/results/build.log; throws with its tail when it
 * fails. In the project folder, another `next build` may hold Next's build lock: then it waits
 * (up to 5 minutes) and retries, or uses that build when it turns out current.
 */
export async function build(
  appDir: string,
  env: NodeJS.ProcessEnv,
  cleanup: Cleanup,
  log: Log,
): Promise<{ seconds: number; buildId: string; byOther: boolean }> {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const logFile = path.join(RESULTS_DIR, 'build.log');
  const started = Date.now();
  for (;;) {
    const out = createWriteStream(logFile);
    const child = spawn(process.execPath, [nextBin(), 'build'], {
      cwd: appDir,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.pipe(out);
    child.stderr.pipe(out);
    const untrack = cleanup.add('next build', () => stopChild(child));
    const code = await new Promise<number | null>((resolve) =>
      child.on('close', (c) => resolve(c)),
    );
    untrack();
    await new Promise<void>((resolve) => out.end(resolve));
    if (code === 0) break;
    const output = readFileSync(logFile, 'utf8');
    if (
      /Another .*next build.* is already running/.test(output) &&
      Date.now() - started < 300_000
    ) {
      log('another next build is running in this folder; waiting for it…');
      await sleep(10_000);
      // Its build may be all we need; building again would pull .next from under its server.
      if (buildReason(appDir) === null) {
        return {
          seconds: (Date.now() - started) / 1000,
          buildId: currentBuildId(appDir) ?? '?',
          byOther: true,
        };
      }
      continue;
    }
    const tail = output.trim().split('\n').slice(-25).join('\n');
    throw new Error(
      `next build failed (exit ${code}); see ${path.relative(ROOT, logFile)}:\n${tail}`,
    );
  }
  return {
    seconds: (Date.now() - started) / 1000,
    buildId: currentBuildId(appDir) ?? '?',
    byOther: false,
  };
}

export function currentBuildId(appDir: string): string | null {
  try {
    return readFileSync(path.join(appDir, '.next', 'BUILD_ID'), 'utf8').trim();
  } catch {
    return null;
  }
}

// --- dashboard server -------------------------------------------------------------------------------

/** The dashboard the browser loads: `scripts/serve.ts`, restarted if something ends it mid-run. */
export interface DashboardServer {
  baseUrl: string;
  /** False when an already-running dashboard was reused. */
  started: boolean;
  /** Why it had to be restarted, each time (empty when it never died). */
  restarts: string[];
  /** Restarts `scripts/serve.ts` when it is no longer there. Call before each browser run. */
  ensureUp(log: Log): Promise<void>;
}

/**
 * `scripts/serve.ts` (Next's custom server, as `npm start` serves) on the bench port.
 * With `reuse`, a server already answering there is used as it is.
 */
export async function startServer(
  appDir: string,
  port: number,
  env: NodeJS.ProcessEnv,
  cleanup: Cleanup,
  reuse: boolean,
): Promise<DashboardServer> {
  const baseUrl = `http://127.0.0.1:${port}`;
  if (await portOpen(port)) {
    if (reuse) return { baseUrl, started: false, restarts: [], ensureUp: async () => {} };
    throw new Error(
      `port ${port} is already in use; stop what listens there, or set STOMPWATCH_BENCH_REUSE=1 to use it as the dashboard`,
    );
  }
  let child: ChildProcess;
  let stderr = '';
  let ended: string | null = null;
  let stopping = false;
  const spawnServer = async () => {
    stderr = '';
    ended = null;
    child = spawn(process.execPath, serveArgs(ROOT, { port, host: '127.0.0.1', dir: appDir }), {
      cwd: appDir,
      env,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-4000);
    });
    child.on('exit', (code, signal) => {
      ended = `dashboard server ended (${signal ?? `exit code ${code}`})${stderr.trim() ? `: ${stderr.trim().split('\n').slice(-3).join(' / ')}` : ''}`;
    });
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      if (ended) throw new Error(ended);
      try {
        const response = await fetch(baseUrl, { signal: AbortSignal.timeout(5000) });
        if (response.ok) return;
      } catch {
        // not up yet
      }
      await sleep(250);
    }
    throw new Error(`dashboard server did not answer on ${baseUrl} within 60 s:\n${stderr.trim()}`);
  };
  cleanup.add('dashboard server', async () => {
    stopping = true;
    await stopChild(child);
  });
  await spawnServer();
  const server: DashboardServer = {
    baseUrl,
    started: true,
    restarts: [],
    async ensureUp(log) {
      if (stopping || (!ended && (await portOpen(port)))) return;
      const why = ended ?? 'dashboard server stopped answering';
      log(`${why}; starting it again`);
      server.restarts.push(why);
      await stopChild(child);
      await spawnServer();
    },
  };
  return server;
}

// --- browser ----------------------------------------------------------------------------------

/** The DevTools port of the bench's browser, for the measured runs' raw sessions (raw-cdp.ts). */
export const DEVTOOLS_PORT = 9744;

export async function launchBrowser(
  cleanup: Cleanup,
  log: Log,
): Promise<{ browser: Browser; executablePath: string | null }> {
  const executablePath = ensureChromium(log);
  if (!executablePath)
    log(
      "Debian's Chromium is not installed and could not be installed: using Playwright's own browser",
    );
  const browser = await chromium.launch({
    executablePath: executablePath ?? undefined,
    headless: true,
    args: [
      ...CHROMIUM_ARGS,
      `--remote-debugging-port=${DEVTOOLS_PORT}`,
      '--remote-debugging-address=127.0.0.1',
    ],
    // Our own handlers stop everything in order; Playwright's would kill the browser mid-report.
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
  });
  cleanup.add('the browser', () => browser.close());
  return { browser, executablePath };
}
