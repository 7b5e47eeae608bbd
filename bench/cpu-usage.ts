/**
 * Where the machine's CPU went during a run, by kind of process (Linux /proc; elsewhere empty).
 *
 * On 2 cores the broker, the consumer under test and the publisher share the CPU, so a ratio
 * alone cannot say what is in the way. This splits the cores between them: for the browser, its
 * renderer (page and socket worker), browser process, network service and GPU process.
 */
import { readdirSync, readFileSync } from 'node:fs';

/** CPU seconds used so far, per process id, with the kind of process. */
export type CpuSnapshot = Map<number, { kind: string; seconds: number }>;

const CLOCK_TICKS = 100; // USER_HZ on Linux

export function cpuSnapshot(): CpuSnapshot {
  const snapshot: CpuSnapshot = new Map();
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return snapshot;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // Fields after the command, which sits in parentheses and may contain spaces.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const ticks = Number(fields[11]) + Number(fields[12]); // utime + stime
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replaceAll('\0', ' ');
      snapshot.set(Number(entry), { kind: processKind(cmdline), seconds: ticks / CLOCK_TICKS });
    } catch {
      // The process ended between listing and reading: it is not part of the run anyway.
    }
  }
  return snapshot;
}

/** Shares of one core per kind of process between two snapshots, largest first; `other` last. */
export function cpuShares(
  before: CpuSnapshot,
  after: CpuSnapshot,
  seconds: number,
): { kind: string; pctOfCore: number }[] {
  const byKind = new Map<string, number>();
  for (const [pid, now] of after) {
    const used = now.seconds - (before.get(pid)?.seconds ?? 0);
    if (used > 0) byKind.set(now.kind, (byKind.get(now.kind) ?? 0) + used);
  }
  return [...byKind]
    .map(([kind, used]) => ({ kind, pctOfCore: (100 * used) / seconds }))
    .filter((share) => share.pctOfCore >= 1)
    .sort((a, b) => (a.kind === 'other' ? 1 : b.kind === 'other' ? -1 : b.pctOfCore - a.pctOfCore));
}

export function processKind(cmdline: string): string {
  if (cmdline.includes('beam.smp')) return 'broker';
  if (cmdline.includes('chromium') || cmdline.includes('chrome')) {
    if (cmdline.includes('--type=renderer')) return 'renderer';
    if (cmdline.includes('NetworkService')) return 'network service';
    if (cmdline.includes('--type=gpu')) return 'gpu';
    if (cmdline.includes('--type=')) return 'chromium helper';
    return 'browser process';
  }
  if (cmdline.includes('node-consumer')) return 'reference consumer';
  if (cmdline.includes('bench/run.ts')) return 'bench (publisher, Playwright)';
  // scripts/serve.ts is the dashboard's server (Next's custom server); next-server is `next start`.
  if (cmdline.includes('scripts/serve.ts') || cmdline.includes('next-server')) return 'next server';
  return 'other';
}
