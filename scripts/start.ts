/**
 * `npm start`: the dashboard on a fresh clone. Dependencies are installed by the bootstrap;
 * this makes sure a broker answers (starting the private one when none is configured), builds
 * once (again only when sources changed), serves on http://localhost:PORT and says where.
 */
import { errorMessage } from '@/lib/util/result';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { brokerUrls, dashboardStartRefusal, loadConfig } from '../lib/config/env';
import { ensureBroker, ensureRabbitmqInstalled } from './lib/rabbitmq';
import { serveArgs } from './lib/serve-command';
import { staleBuildSource } from './lib/build-freshness';

const root = fileURLToPath(new URL('..', import.meta.url));
function needsBuild(): boolean {
  const buildId = path.join(root, '.next', 'BUILD_ID');
  if (!existsSync(buildId)) return true;
  const builtAt = statSync(buildId).mtimeMs;
  return staleBuildSource(root, builtAt) !== null;
}

async function main(): Promise<void> {
  const refusal = dashboardStartRefusal(process.env);
  if (refusal) {
    console.error(refusal);
    process.exit(1);
  }
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
  const log = (line: string) => console.log(`  ${line}`);

  console.log('▶ broker');
  // A path such as /ws is the reverse proxy's Web-STOMP, on the page's origin: only browsers reach it.
  const behindProxy = brokerUrls(config.brokerUrl).every((url) => url.startsWith('/'));
  if (!config.brokerUrlConfigured) await ensureRabbitmqInstalled({ log });
  const broker = behindProxy
    ? {
        started: false,
        private: false,
        url: config.brokerUrl,
        managementUrl: config.managementUrl,
        stop: async () => {},
      }
    : await ensureBroker(config, { log });
  if (behindProxy)
    log(
      `Browsers connect to ${config.brokerUrl} on the dashboard's own origin (not checked from here)`,
    );

  if (needsBuild()) {
    console.log('▶ building the dashboard (once; again only when sources change)');
    const build = spawnSync('npx', ['next', 'build'], {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
    });
    if (build.status !== 0) {
      await broker.stop();
      process.exit(build.status ?? 1);
    }
  }

  const host = process.env.STOMPWATCH_HOST ?? '127.0.0.1';
  // node itself, not npx: a signal then reaches the server, not a wrapper.
  const server = spawn(process.execPath, serveArgs(root, { port: config.ports.http, host }), {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
    env: {
      ...process.env,
      NEXT_TELEMETRY_DISABLED: '1',
      // Only then may the page prefill a passcode: guest, which only the private loopback node takes.
      STOMPWATCH_PRIVATE_BROKER: broker.private ? '1' : '0',
    },
  });
  server.stdout.on('data', (chunk: Buffer) => {
    if (chunk.toString().includes('Ready')) {
      console.log(`\n  stompwatch is running at http://localhost:${config.ports.http}`);
      console.log(
        `  broker: ${broker.url} (${broker.started ? 'private node started for you' : 'already running'})`,
      );
      console.log(`  management: ${broker.managementUrl}`);
      console.log('  Ctrl+C stops it' + (broker.started ? ' and the broker it started.' : '.'));
    }
  });

  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    server.kill('SIGTERM');
    await broker.stop();
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));
  server.on('exit', (code) => void stop(code ?? 0));
}

main().catch((error: unknown) => {
  console.error(errorMessage(error));
  process.exit(1);
});
