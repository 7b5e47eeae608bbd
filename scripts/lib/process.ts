/**
 * Processes, files and waiting, for the broker tooling (`npm run broker`, the cluster, the e2e
 * helpers, the soak and the bench): run a program and collect its output, find and signal
 * processes, and wait for a condition.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import {
  accessSync,
  constants as fsConstants,
  existsSync,
  readFileSync,
  unlinkSync,
} from 'node:fs';
import path from 'node:path';

/** Environment variables as `process.env` holds them. */
export type Env = Record<string, string | undefined>;

export function asProcessEnv(env: Env | undefined): NodeJS.ProcessEnv | undefined {
  return env as NodeJS.ProcessEnv | undefined;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export interface CommandResult {
  code: number | null;
  output: string;
  /** Set when the program could not be started at all. */
  missing?: boolean;
}

/** Runs a program to completion, collecting stdout and stderr together. */
export function run(
  command: string,
  args: string[],
  options: { env?: Env; timeoutMs?: number; cwd?: string } = {},
): Promise<CommandResult> {
  return new Promise((resolve) => {
    let output = '';
    let child: ChildProcess;
    try {
      child = spawn(command, args, {
        env: asProcessEnv(options.env),
        // A working folder that is gone would fail the spawn; run where we are instead.
        cwd: options.cwd && existsSync(options.cwd) ? options.cwd : undefined,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
    } catch (error) {
      resolve({ code: null, output: String(error), missing: true });
      return;
    }
    const timer = options.timeoutMs
      ? setTimeout(() => {
          output += `\n(${path.basename(command)} timed out after ${options.timeoutMs} ms)`;
          child.kill('SIGKILL');
        }, options.timeoutMs)
      : undefined;
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      resolve({ code: null, output: error.message, missing: error.code === 'ENOENT' });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

/** Runs a program with inherited stdio (for apt-get), resolving to its exit code. */
export function runVisible(command: string, args: string[], env: Env): Promise<number | null> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: 'inherit', env: asProcessEnv(env) });
    child.on('error', () => resolve(null));
    child.on('close', (code) => resolve(code));
  });
}

/** The full path of a program found on PATH, or null. */
export function which(program: string, env: Env = process.env): string | null {
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, program);
    if (isExecutable(candidate)) return candidate;
  }
  return null;
}

export function isExecutable(file: string): boolean {
  try {
    accessSync(file, fsConstants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export const HAS_PROCFS = existsSync('/proc/self/stat');

/**
 * True while `pid` exists and is not a zombie. Processes whose parent exited are reaped by
 * PID 1, which in some containers happens late; a zombie has stopped all the same.
 */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  if (!HAS_PROCFS) return !isZombieByPs(pid);
  try {
    // The state letter follows the parenthesised command name in /proc/<pid>/stat.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.charAt(stat.lastIndexOf(')') + 2);
    return state !== 'Z' && state !== 'X';
  } catch {
    return false;
  }
}

export function isZombieByPs(pid: number): boolean {
  const result = spawnSync('ps', ['-o', 'stat=', '-p', String(pid)], { encoding: 'utf8' });
  return result.status === 0 && result.stdout.trim().startsWith('Z');
}

/** The command line of a live process, '' when `ps` is unavailable, null when it is gone. */
export async function processCommand(pid: number): Promise<string | null> {
  if (!pidAlive(pid)) return null;
  const result = await run('ps', ['-o', 'command=', '-p', String(pid)]);
  if (result.missing) return '';
  return result.code === 0 ? result.output.trim() : null;
}

/** True when `pid` runs and (as far as `ps` can tell) is the program we expect. */
export async function isOurProcess(pid: number | null, expect: RegExp): Promise<boolean> {
  if (pid === null) return false;
  const command = await processCommand(pid);
  return command !== null && (command === '' || expect.test(command));
}

/** pids whose full command line matches an extended regex (empty when pgrep is missing). */
export async function pgrep(pattern: string): Promise<number[]> {
  const result = await run('pgrep', ['-f', pattern]);
  if (result.code !== 0) return [];
  return result.output
    .split(/\s+/)
    .map(Number)
    .filter((pid) => Number.isInteger(pid) && pid > 0 && pid !== process.pid);
}

export function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function readPid(file: string): number | null {
  try {
    const pid = Number(readFileSync(file, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

export function removeFile(file: string): void {
  try {
    unlinkSync(file);
  } catch {
    // already gone
  }
}

export function readText(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

export async function waitUntil(
  check: () => Promise<boolean> | boolean,
  timeoutMs: number,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return true;
    if (Date.now() >= deadline) return false;
    await sleep(100);
  }
}

export async function killAll(pids: number[]): Promise<void> {
  for (const pid of pids) signal(pid, 'SIGTERM');
  if (await waitUntil(() => pids.every((pid) => !pidAlive(pid)), 5000)) return;
  for (const pid of pids) signal(pid, 'SIGKILL');
  await waitUntil(() => pids.every((pid) => !pidAlive(pid)), 2000);
}

export function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // already gone
  }
}

/** Ends a child process: SIGTERM, then SIGKILL after 5 s; resolves once it has exited. */
export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await gone;
  clearTimeout(timer);
}
