// Runs a TypeScript script with tsx, installing dependencies first when node_modules is missing
// or incomplete. Plain JavaScript on purpose: it must run before node_modules exists.
// Usage: node scripts/bootstrap.mjs <script.ts> [args...]
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { constants as osConstants } from 'node:os';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const [script, ...args] = process.argv.slice(2);

if (!script) {
  console.error('Usage: node scripts/bootstrap.mjs <script.ts> [args...]');
  process.exit(2);
}

const windows = process.platform === 'win32';
// What the scripts need to run at all; a partial install lacks one of these.
const required = [
  path.join('.bin', windows ? 'tsx.cmd' : 'tsx'),
  'next',
  'tsx',
  '@stomp/stompjs',
  'ws',
  'zod',
];
const missing = required.filter((entry) => !existsSync(path.join(root, 'node_modules', entry)));

if (missing.length > 0) {
  const command = existsSync(path.join(root, 'package-lock.json')) ? 'ci' : 'install';
  const why = existsSync(path.join(root, 'node_modules'))
    ? `missing ${missing.join(', ')}`
    : 'no node_modules';
  console.log(`Dependencies are not installed (${why}); running npm ${command}…`);
  const result = spawnSync(windows ? 'npm.cmd' : 'npm', [command], {
    cwd: root,
    stdio: 'inherit',
    shell: windows,
  });
  if (result.status !== 0) {
    console.error(
      `npm ${command} failed${result.error ? `: ${result.error.message}` : ''}; fix that and run again.`,
    );
    process.exit(result.status || 1);
  }
}

const tsx = import.meta.resolve('tsx');
const child = spawn(process.execPath, ['--import', tsx, path.resolve(script), ...args], {
  stdio: 'inherit',
});

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  });
}

child.on('error', (error) => {
  console.error(`Could not run ${script}: ${error.message}`);
  process.exit(1);
});

child.on('exit', (code, signal) => {
  process.exit(code ?? 128 + (osConstants.signals[signal] ?? 1));
});
