/**
 * `npm test`: everything, on a fresh machine. Installs what is missing (npm packages via the
 * bootstrap; as root with apt: rabbitmq-server and chromium), starts a private broker on test
 * ports of its own, runs lint, typecheck, unit tests, a production build and the Playwright
 * suite in Debian's Chromium, prints each runner's summary and stops what it started.
 */
import { errorMessage } from '@/lib/util/result';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../lib/config/env';
import { ensureBroker, ensureRabbitmqInstalled } from './lib/rabbitmq';
import { BASE_PATH_BUILD_ENV } from './lib/base-path-build';
import { ensureChromium, ensureNginx } from './lib/system';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Test ports, away from both a system RabbitMQ and the developer's own `npm start` broker. */
const TEST_ENV: Record<string, string> = {
  STOMPWATCH_WEB_STOMP_PORT: '15694',
  STOMPWATCH_MANAGEMENT_PORT: '15692',
  STOMPWATCH_DIST_PORT: '25694',
  STOMPWATCH_EPMD_PORT: '4381',
  STOMPWATCH_NODE_NAME: 'stompwatch-test@localhost',
  STOMPWATCH_BROKER_DIR: '.broker/test',
  STOMPWATCH_LOGIN: 'guest',
  STOMPWATCH_VHOST: '/',
  // The private test node started here: the page may prefill its passcode, guest.
  STOMPWATCH_PRIVATE_BROKER: '1',
  PORT: '3100',
};

const env: NodeJS.ProcessEnv = { ...process.env, ...TEST_ENV, NEXT_TELEMETRY_DISABLED: '1' };
delete env.STOMPWATCH_BROKER_URL;
delete env.STOMPWATCH_MANAGEMENT_URL;
delete env.STOMPWATCH_PASSCODE;
delete env.STOMPWATCH_MANAGEMENT_LOGIN;
delete env.STOMPWATCH_MANAGEMENT_PASSCODE;
delete env.STOMPWATCH_BASE_PATH;

interface Step {
  name: string;
  ok: boolean;
  seconds: number;
  detail?: string;
}
const steps: Step[] = [];

interface RunOptions {
  extraEnv?: Record<string, string>;
  /**
   * Collect the output and print it in one piece when the step ends: for steps that run beside
   * another, so their lines do not interleave.
   */
  buffered?: boolean;
}

function run(
  name: string,
  command: string,
  args: string[],
  { extraEnv = {}, buffered = false }: RunOptions = {},
): Promise<boolean> {
  const started = Date.now();
  const title = `▶ ${name}: ${command} ${args.join(' ')}`;
  if (!buffered) console.log(`\n${title}`);
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      cwd: root,
      env: { ...env, ...extraEnv },
      stdio: buffered ? ['ignore', 'pipe', 'pipe'] : 'inherit',
    });
    const output: Buffer[] = [];
    child.stdout?.on('data', (chunk: Buffer) => output.push(chunk));
    child.stderr?.on('data', (chunk: Buffer) => output.push(chunk));
    child.on('close', (code) => {
      const ok = code === 0;
      const seconds = (Date.now() - started) / 1000;
      if (buffered) {
        console.log(`\n${title}  (${seconds.toFixed(1)} s, ran beside other steps)`);
        process.stdout.write(Buffer.concat(output));
      }
      steps.push({ name, ok, seconds });
      resolve(ok);
    });
    child.on('error', (error) => {
      steps.push({ name, ok: false, seconds: 0, detail: error.message });
      resolve(false);
    });
  });
}

function readJson<T>(path: string): T | null {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as T;
  } catch {
    return null;
  }
}

function countResults(): { passed: number; failed: number } {
  let passed = 0;
  let failed = 0;
  const unit = readJson<{ numPassedTests: number; numFailedTests: number }>(
    `${root}test-results/unit.json`,
  );
  if (unit) {
    passed += unit.numPassedTests;
    failed += unit.numFailedTests;
  }
  const e2e = readJson<{
    stats: { expected: number; unexpected: number; flaky: number; skipped: number };
  }>(`${root}test-results/e2e.json`);
  if (e2e) {
    passed += e2e.stats.expected + e2e.stats.flaky;
    failed += e2e.stats.unexpected + e2e.stats.skipped;
  }
  return { passed, failed };
}

async function main(): Promise<number> {
  const config = loadConfig(env);
  const log = (line: string) => console.log(`  ${line}`);
  rmSync(`${root}test-results`, { recursive: true, force: true });

  console.log('▶ system packages');
  const chromium = ensureChromium(log);
  if (chromium) log(`browser: ${chromium}`);
  else
    log(
      "Debian Chromium not found and not installable here: falling back to Playwright's own browser.",
    );
  const nginx = ensureNginx(log);
  log(
    nginx
      ? `nginx: ${nginx}`
      : 'nginx not found and not installable here: the deployment spec will fail (apt-get install nginx).',
  );
  try {
    await ensureRabbitmqInstalled({ log, env });
  } catch (error) {
    console.error((error as Error).message);
    steps.push({
      name: 'rabbitmq-server',
      ok: false,
      seconds: 0,
      detail: 'not installed (see above)',
    });
    return summarize();
  }

  console.log(`▶ broker: private test node on ${config.brokerUrl}`);
  const brokerPromise = ensureBroker(config, { log, env });
  brokerPromise.catch(() => {});

  let broker: Awaited<typeof brokerPromise> | null = null;
  try {
    // Three single-threaded checks and the production build, side by side on a 2-core machine;
    // the build leaves type-checking to tsc here rather than doing it again.
    const typecheckedElsewhere = { STOMPWATCH_TYPECHECKED_ELSEWHERE: '1' };
    const [, , , mainBuilt] = await Promise.all([
      run('format', 'npx', ['prettier', '--check', '.'], { buffered: true }),
      run('lint', 'npx', ['eslint', '.'], { buffered: true }),
      // The sources only (tsconfig.typecheck.json): what the build beside it writes is left out.
      run('typecheck', 'npx', ['tsc', '--noEmit', '-p', 'tsconfig.typecheck.json'], {
        buffered: true,
      }),
      run('build', 'npx', ['next', 'build'], { extraEnv: typecheckedElsewhere, buffered: true }),
    ]);
    // The unit tests beside the copy e2e/deployment.spec.ts serves behind nginx (built after the
    // main build, which clears .next, and before any spec runs).
    const [, basePathBuilt] = await Promise.all([
      run(
        'unit',
        'npx',
        [
          'vitest',
          'run',
          '--reporter=default',
          '--reporter=json',
          '--outputFile=test-results/unit.json',
        ],
        { buffered: true },
      ),
      mainBuilt
        ? run('build (base path)', 'npx', ['next', 'build'], {
            extraEnv: { ...BASE_PATH_BUILD_ENV, ...typecheckedElsewhere },
            buffered: true,
          })
        : Promise.resolve(false),
    ]);
    const built = mainBuilt && basePathBuilt;
    try {
      broker = await brokerPromise;
      steps.push({
        name: 'broker',
        ok: true,
        seconds: 0,
        detail: `${broker.started ? 'started' : 'reused'} ${broker.url}`,
      });
    } catch (error) {
      steps.push({ name: 'broker', ok: false, seconds: 0, detail: (error as Error).message });
    }
    // The instruments' short forms run beside the Playwright suite: each brings up its own broker,
    // server and browser on ports of its own, and spends most of its time waiting (the soak's
    // fixed minute and broker restart, the bench's start-up), which the suite's two workers
    // leave room for. Their figures are not judged in a smoke run, only their counts.
    const instruments = built
      ? (async () => {
          // A minute of the soak (one restart) so it cannot rot: fails on any unexplained loss,
          // duplicate, or count that disagrees with the connection.
          await run(
            'soak smoke',
            process.execPath,
            ['--import', 'tsx', 'scripts/soak.ts', '--smoke'],
            { buffered: true },
          );
          // A short run of the benchmark (this build) so it cannot rot.
          await run(
            'bench smoke',
            process.execPath,
            ['--import', 'tsx', 'bench/run.ts', '--smoke', '--no-build'],
            { buffered: true },
          );
        })()
      : Promise.resolve();
    if (built && broker) await run('e2e', 'npx', ['playwright', 'test']);
    else
      steps.push({ name: 'e2e', ok: false, seconds: 0, detail: 'not run: build or broker failed' });
    await instruments;
  } finally {
    if (broker?.started) {
      console.log('\n▶ stopping the test broker');
      await broker.stop();
    } else if (!broker) {
      // Started but never awaited successfully: make sure nothing is left running.
      await brokerPromise.then((b) => (b.started ? b.stop() : undefined)).catch(() => {});
    }
  }
  return summarize();
}

function summarize(): number {
  console.log('\n── summary ──');
  for (const step of steps) {
    console.log(
      `${step.ok ? '✔' : '✘'} ${step.name.padEnd(16)} ${step.seconds ? `${step.seconds.toFixed(1)}s` : ''} ${step.detail ?? ''}`,
    );
  }
  printSlowest(10);
  const { passed, failed } = countResults();
  const stepsFailed = steps.filter((step) => !step.ok).length;
  console.log(`\ntests: ${passed} passed, ${failed} failed`);
  return stepsFailed === 0 && failed === 0 && existsSync(`${root}test-results/e2e.json`) ? 0 : 1;
}

/** The slowest tests of the run (unit and e2e), where a faster suite would start. */
function printSlowest(count: number): void {
  const timed: { seconds: number; name: string }[] = [];
  const unit = readJson<{
    testResults: { name: string; assertionResults: { fullName: string; duration?: number }[] }[];
  }>(`${root}test-results/unit.json`);
  for (const file of unit?.testResults ?? []) {
    for (const test of file.assertionResults) {
      const where = file.name.startsWith(root) ? file.name.slice(root.length) : file.name;
      timed.push({ seconds: (test.duration ?? 0) / 1000, name: `${where} › ${test.fullName}` });
    }
  }
  type Suite = {
    file?: string;
    specs?: { title: string; tests: { results: { duration: number }[] }[] }[];
    suites?: Suite[];
  };
  const walk = (suite: Suite, file: string) => {
    for (const spec of suite.specs ?? []) {
      for (const test of spec.tests) {
        for (const result of test.results)
          timed.push({ seconds: result.duration / 1000, name: `e2e/${file} › ${spec.title}` });
      }
    }
    for (const child of suite.suites ?? []) walk(child, child.file ?? file);
  };
  const e2e = readJson<{ suites: Suite[] }>(`${root}test-results/e2e.json`);
  for (const suite of e2e?.suites ?? []) walk(suite, suite.file ?? '');
  if (timed.length === 0) return;
  console.log(`\nslowest ${count} tests:`);
  for (const { seconds, name } of timed.sort((a, b) => b.seconds - a.seconds).slice(0, count))
    console.log(`  ${seconds.toFixed(1).padStart(6)}s  ${name}`);
}

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping…`);
  });
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(errorMessage(error));
    process.exit(1);
  },
);
