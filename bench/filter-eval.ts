/**
 * A Node micro-benchmark of filter evaluation (issue 15): how long one pass of a pane's filter
 * over 200,000 held messages takes, without the page around it (no slices, no React, no
 * paint). Bodies are bytes, as stompjs hands them over; each pass is timed on fresh messages
 * (`cold`: nothing decoded yet, the first query) and again on the same ones (`warm`: a second
 * query, as while typing). Times are the process's CPU time (the machine is shared), median of
 * `rounds`. Not a test: figures only, for comparing changes on one machine.
 *
 *   node --expose-gc --import tsx bench/filter-eval.ts [--count=200000] [--rounds=5]
 */
import { compileFilter } from '../lib/messages/pane-store';
import type { PaneMessage } from '../lib/messages/message';
import { benchBody, median } from './stats';

const encoder = new TextEncoder();

function messages(count: number): PaneMessage[] {
  const out: PaneMessage[] = new Array(count);
  for (let i = 0; i < count; i++) {
    const body = encoder.encode(benchBody('h', i, 100));
    out[i] = {
      seq: i + 1,
      receivedAt: i,
      routingKey: 'bench-h.msg',
      destination: '/exchange/amq.topic/bench-h.msg',
      headers: {
        destination: '/exchange/amq.topic/bench-h.msg',
        'message-id': `T_bench-h-${i}`,
        subscription: 'bench-h1',
        redelivered: 'false',
        'content-length': '100',
      },
      body,
      size: body.byteLength,
      binary: true,
      redelivered: false,
      messageId: `T_bench-h-${i}`,
      ackId: undefined,
    };
  }
  return out;
}

/** CPU time of this process in ms: less disturbed than wall time by others' work on the machine. */
function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/** One pass of `query` over `held`, after a collection, so one pass's garbage is not the next's. */
function pass(held: PaneMessage[], query: string): { ms: number; matched: number } {
  const matches = compileFilter(query);
  (globalThis as { gc?: () => void }).gc?.();
  const started = cpuMs();
  let matched = 0;
  // In batches, as FilteredView tests them: `prepare` decodes a batch's bodies together.
  for (let from = 0; from < held.length; from += 256) {
    const batch = held.slice(from, from + 256);
    matches.prepare?.(batch);
    for (const message of batch) if (matches(message)) matched++;
  }
  return { ms: cpuMs() - started, matched };
}

const args = new Map(
  process.argv.slice(2).map((arg) => {
    const [name, value] = arg.replace(/^--/, '').split('=');
    return [name!, value ?? ''];
  }),
);
const count = Number(args.get('count') ?? 200_000);
const rounds = Number(args.get('rounds') ?? 5);
const half = Math.floor(count / 2);
const QUERIES = [
  { name: 'expression body.seq', first: `body.seq >= ${half}`, second: `body.seq < ${half / 2}` },
  { name: 'expression headers', first: 'headers.subscription == "bench-h1"', second: 'size > 99' },
  { name: 'plain text', first: `"seq":${half},`, second: 'xxxxy' },
  { name: 'plain name:value', first: `subscription:bench-h`, second: 'message-id:t_bench-h-1999' },
];

for (const query of QUERIES) {
  const cold: number[] = [];
  const warm: number[] = [];
  let matched = 0;
  for (let round = 0; round < rounds; round++) {
    const held = messages(count);
    const first = pass(held, query.first);
    cold.push(first.ms);
    matched = first.matched;
    warm.push(pass(held, query.second).ms);
  }
  console.log(
    `${query.name.padEnd(18)} ${count.toLocaleString('en-US')} messages: first ${median(cold).toFixed(0)} ms (${matched.toLocaleString('en-US')} matched), second ${median(warm).toFixed(0)} ms`,
  );
}
