/**
 * The scenarios of issue 7 and how one run of each is measured, in the browser and in the
 * reference. A run that does not end with every count exactly N (timeout, overshoot, a broken
 * connection) is an error, never a figure.
 */
import os from 'node:os';
import path from 'node:path';
import {
  heapAfterGc,
  mainThreadCounters,
  mainThreadShare,
  startProfile,
  startTrace,
  stopTrace,
  stopProfile,
  type MainThreadShare,
  type ProfileEntry,
  pageNow,
  PAGE_SCRIPT,
  callPage,
  startWatch,
  whenDone,
  windowStats,
  type LongFrame,
  type TraceMode,
  type TraceSummary,
  type WatchResult,
  type WatchTarget,
} from './browser-metrics';
import { chartEveryPane, chartsProblem } from './chart-filter';
import { cpuShares, cpuSnapshot } from './cpu-usage';
import type { RawBrowser, RawPage } from './raw-cdp';
import { DRIVER_SCRIPT, paneSelector, RawDashboardDriver, SEND_STATUS } from './raw-driver';
import type { BrokerLogin } from '../scripts/lib/node-stomp';
import type { BenchPublisher } from './publisher';
import { ReferenceConsumer } from './reference';
import type { Cleanup, DashboardServer, Log } from './stack';
import { benchBody, epochNow, measureOffset, percentile } from './stats';

export type Mode = 'full' | 'smoke';
export type ScenarioKey = 'a' | 'b' | 'c' | 'd' | 'e' | 'f' | 'g' | 'h' | 'i' | 'j' | 'k' | 'l';

export type PublishPlan =
  | { kind: 'burst' }
  | { kind: 'paced'; ratePerSecond: number; seconds: number }
  /** The page sends, through the Send form's `Repeat`. */
  | { kind: 'ui-send' };

export interface ScenarioPlan {
  key: ScenarioKey;
  title: string;
  panes: number;
  /** Messages each pane must show, exactly. */
  perPane: number;
  publish: PublishPlan;
  /** Whether a Node reference runs alternately with the browser. */
  reference: boolean;
  /** Runs of each side (browser and reference alternate: ref, browser, ref, browser…). */
  rounds: number;
  /**
   * How long a run may take before it counts as stuck: generous on purpose (a slow run is a
   * figure, not an error), but bounded, so a lost message fails instead of hanging.
   */
  timeoutMs: number;
  /** Fail the browser run unless every pane's section is entirely inside the viewport once subscribed. */
  allPanesVisible?: boolean;
  /** Measure the longest task's own CPU time with a light trace (`--task-cpu`, trace-tasks.ts). */
  taskCpu?: boolean;
  /** (g): chart a field in every pane through the UI before the run (chart-filter.ts). */
  chartEveryPane?: boolean;
  /** (h): not a delivery run but re-filtering a full buffer (chart-filter.ts `filterRun`). */
  filterBuffer?: boolean;
  /**
   * (i), (j): the Routing panel's Graph tab open during the run. Opening it grows the panel by
   * {@link GRAPH_EXTRA_HEIGHT}, so the page is that much taller: the panes get the same room as
   * in the run without it, and (j) can still check that all 8 are on screen.
   */
  graphTab?: boolean;
  /** (l): not a publish run but a capture file replayed through the page (replay-run.ts). */
  replayCapture?: boolean;
}

/** How much taller the routing panel is with the Graph tab open than closed (GRAPH_ROUTING_SIZE 440 less its 36 px tab bar). */
export const GRAPH_EXTRA_HEIGHT = 404;

export const BODY_BYTES = 100;
/** The bench's page size (a laptop-to-desktop window). */
export const VIEWPORT = { width: 1400, height: 1000 } as const;

type Shape = Omit<ScenarioPlan, 'perPane' | 'rounds' | 'timeoutMs'>;
const BURST = { kind: 'burst' } as const;

/** (a)–(l) as they are, whatever their size; {@link scenarioPlans} sizes them per mode. */
const SHAPES = {
  a: { key: 'a', title: 'burst', panes: 1, publish: BURST, reference: true },
  b: { key: 'b', title: 'fan-out', panes: 4, publish: BURST, reference: true, taskCpu: true },
  c: {
    key: 'c',
    title: 'sustained',
    panes: 2,
    publish: { kind: 'paced', ratePerSecond: 2000, seconds: 20 },
    reference: true,
  },
  d: { key: 'd', title: 'bulk send', panes: 1, publish: { kind: 'ui-send' }, reference: true },
  // The heap target: 200,000 deliveries over 4 fan-out panes with the default cap, once.
  e: { key: 'e', title: 'heap', panes: 4, publish: BURST, reference: false },
  // Issue 12: the workspace's tiled panes, 8 on screen at once.
  f: {
    key: 'f',
    title: '8 panes',
    panes: 8,
    publish: BURST,
    reference: true,
    allPanesVisible: true,
    taskCpu: true,
  },
  // Issue 15: (b) with a live field chart on every pane.
  g: {
    key: 'g',
    title: 'fan-out + charts',
    panes: 4,
    publish: BURST,
    reference: true,
    taskCpu: true,
    chartEveryPane: true,
  },
  // Issue 15: one pane's whole buffer filtered again by a body expression.
  h: {
    key: 'h',
    title: 'filter buffer',
    panes: 1,
    publish: BURST,
    reference: false,
    taskCpu: true,
    filterBuffer: true,
  },
  // Issue 13: (b) and (f) again with the Graph tab open; compared with them in the same run.
  i: {
    key: 'i',
    title: 'fan-out + graph',
    panes: 4,
    publish: BURST,
    reference: true,
    taskCpu: true,
    graphTab: true,
  },
  j: {
    key: 'j',
    title: '8 panes + graph',
    panes: 8,
    publish: BURST,
    reference: true,
    allPanesVisible: true,
    taskCpu: true,
    graphTab: true,
  },
  // The page's own CPU time per delivery at a rate every machine keeps up with (8 × 500/s): a
  // figure that, unlike a rate, does not move with what else the machine runs.
  k: {
    key: 'k',
    title: '8 panes paced',
    panes: 8,
    publish: { kind: 'paced', ratePerSecond: 500, seconds: 12 },
    reference: false,
    allPanesVisible: true,
    taskCpu: true,
  },
  // Issue 14: a capture file loaded through Replay capture and replayed at full speed into a pane.
  l: {
    key: 'l',
    title: 'replay capture',
    panes: 1,
    publish: { kind: 'ui-send' },
    reference: false,
    taskCpu: true,
    replayCapture: true,
  },
} as const satisfies Record<string, Shape>;

/** The scenarios; `smoke` keeps every code path with a few hundred messages. */
export function scenarioPlans(mode: Mode, rounds: number): ScenarioPlan[] {
  const sized = (shape: Shape, perPane: number, timeoutMs: number, runs = rounds) => ({
    ...shape,
    perPane,
    rounds: runs,
    timeoutMs,
  });
  if (mode === 'smoke') {
    const smoke = (shape: Shape, perPane: number) => sized(shape, perPane, 30_000);
    return [
      smoke(SHAPES.a, 300),
      smoke(SHAPES.b, 300),
      smoke({ ...SHAPES.c, publish: { kind: 'paced', ratePerSecond: 200, seconds: 2 } }, 400),
      smoke(SHAPES.d, 300),
      smoke(SHAPES.f, 150),
      smoke(SHAPES.g, 300),
      smoke(SHAPES.h, 2000),
      smoke(SHAPES.i, 300),
      smoke(SHAPES.l, 300),
    ];
  }
  return [
    sized(SHAPES.a, 20_000, 180_000),
    sized(SHAPES.b, 20_000, 300_000),
    sized(SHAPES.c, 40_000, 200_000),
    sized(SHAPES.d, 10_000, 180_000),
    sized(SHAPES.e, 50_000, 600_000, 1),
    sized(SHAPES.f, 10_000, 300_000),
    sized(SHAPES.g, 20_000, 300_000),
    // The pane keeps all 200,000 (the most a pane keeps), filled once per round.
    sized(SHAPES.h, 200_000, 300_000),
    sized(SHAPES.i, 20_000, 300_000),
    sized(SHAPES.j, 10_000, 300_000),
    sized(SHAPES.k, 6000, 120_000),
    sized(SHAPES.l, 100_000, 300_000),
  ];
}

export interface BenchContext {
  /** The bench's browser over raw DevTools: measured runs are driven without Playwright (raw-cdp.ts). */
  raw: RawBrowser;
  server: DashboardServer;
  login: BrokerLogin;
  publisher: BenchPublisher;
  cleanup: Cleanup;
  log: Log;
  settleMs: number;
  /** With `--profile`: a folder for one `.cpuprofile` per browser run (and a summary in the JSON). */
  profileDir: string | null;
  /** With `--task-cpu`: a light trace in the runs of the scenarios that ask for it (`plan.taskCpu`). */
  taskCpu: boolean;
}

export interface Latency {
  p50: number;
  p99: number;
  max: number;
  samples: number;
}

export interface RunResult {
  side: 'browser' | 'reference';
  round: number;
  ok: boolean;
  error?: string;
  /** Set when the scenario cannot run in the browser (the Send form does not exist). */
  skipped?: string;
  /** Messages shown (browser) or received (reference), over all panes. */
  deliveries: number;
  seconds: number;
  ratePerSecond: number;
  counts: number[];
  latency?: Latency;
  /** Browser only. */
  longestTaskMs?: number;
  /** From a trace (trace-tasks.ts): the longest main-thread task's own CPU time, and its wall time. */
  longestTaskCpuMs?: number;
  longestTaskCpuWallMs?: number;
  /** What the trace of the run was, when there was one. */
  trace?: {
    mode: TraceMode;
    megabytes: number;
    dataLoss: boolean;
    tasks: number;
    tasksOver50CpuMs: number;
    /** The page's main thread's and the connection worker's CPU time per delivery, µs. */
    mainCpuUsPerDelivery?: number;
    workerCpuUsPerDelivery?: number;
  };
  longTasks?: number;
  fps?: number;
  maxFrameGapMs?: number;
  heapMiB?: number;
  heapBeforeMiB?: number;
  worstFrames?: LongFrame[];
  /** Main-thread busy time over the run (CDP Performance counters), in % of wall-clock time. */
  mainThread?: MainThreadShare;
  /** With `--profile`: the functions with the most self time during the run (idle left out). */
  profile?: ProfileEntry[];
  /** (h): ms until the filter count was final: the first query, a second one, plain text. */
  filterMs?: { first: number; second: number; text?: number };
  /** (h): the main thread's own CPU time over the first query (tasks trace), ms. */
  filterFirstCpuMs?: number;
  /** (l): ms from choosing the capture file until the page had read and checked it. */
  replayLoadMs?: number;
  /** Publisher side: when the broker had confirmed the last message, s after the first. */
  publishConfirmedAfterS?: number;
  /** Paced publishing: how late the publisher got against its schedule at worst. */
  publisherLateMaxMs?: number;
  /** The machine's 1-minute load average when the run started (others' work shows up here). */
  loadAverage: number;
  /** Where the CPU went during the run, in % of one core per kind of process (Linux only). */
  cpu?: { kind: string; pctOfCore: number }[];
}

function latencyOf(values: number[]): Latency | undefined {
  if (values.length === 0) return undefined;
  return {
    p50: percentile(values, 50),
    p99: percentile(values, 99),
    max: values.reduce((m, v) => Math.max(m, v), Number.NEGATIVE_INFINITY),
    samples: values.length,
  };
}

/**
 * Publish-to-screen latency from a pane's count series: message k (1-based) is on screen from
 * the first moment the count reads k or more; its latency is that moment minus its publish time.
 * Messages of one queue arrive in publish order, so the k-th shown is the k-th published.
 */
export function displayLatencies(
  series: number[],
  publishedAt: Float64Array,
  pageOffsetMs: number,
): number[] {
  const out: number[] = [];
  let shown = 0;
  for (let j = 0; j + 1 < series.length; j += 2) {
    const at = series[j]! - pageOffsetMs;
    const count = series[j + 1]!;
    while (shown < count && shown < publishedAt.length) {
      out.push(at - publishedAt[shown]!);
      shown++;
    }
  }
  return out;
}

function destinations(plan: ScenarioPlan, round: number, side: string) {
  const tag = `${side[0]}${round}-${Date.now().toString(36)}`;
  const prefix = `bench-${plan.key}.${tag}`;
  return {
    ids: Array.from({ length: plan.panes }, (_, i) => `bench-${plan.key}${i + 1}-${tag}`),
    subscribeTo: `/exchange/amq.topic/${prefix}.#`,
    publishTo: `/exchange/amq.topic/${prefix}.msg`,
  };
}

function countsProblem(result: WatchResult, plan: ScenarioPlan): string | null {
  const counts = result.items.filter((item) => item.kind === 'count');
  const describe = () =>
    result.items
      .map((item) =>
        item.kind === 'count' ? `${item.value}` : `send status "${(item.text ?? '').trim()}"`,
      )
      .join(', ');
  if (result.problem) return `${result.problem} (now: ${describe()})`;
  if (result.timedOut)
    return `timed out after ${plan.timeoutMs / 1000} s waiting for ${plan.perPane} in each pane (now: ${describe()})`;
  const wrong = counts.find((item) => item.value !== plan.perPane || item.max > plan.perPane);
  if (wrong)
    return `a pane ended at ${wrong.value} (max ${wrong.max}) instead of exactly ${plan.perPane}`;
  return null;
}

/**
 * Publishes the plan's burst or paced run from the Node publisher while `alongside` (the page's
 * or the reference's watch) runs: when the first message left (t0), when each did (paced), and
 * the publisher's own figures.
 */
async function publishFromNode(
  ctx: BenchContext,
  plan: ScenarioPlan,
  publishTo: string,
  alongside: Promise<unknown>,
): Promise<{ t0: number; publishedAt: Float64Array | null; extra: Partial<RunResult> }> {
  const body = (i: number) => benchBody(plan.key, i, BODY_BYTES);
  if (plan.publish.kind === 'paced') {
    const startedAt = performance.timeOrigin + performance.now();
    const [published] = await Promise.all([
      ctx.publisher.paced(publishTo, plan.perPane, plan.publish.ratePerSecond, body),
      alongside,
    ]);
    const t0 = published.publishedAt[0] ?? startedAt;
    return {
      t0,
      publishedAt: published.publishedAt,
      extra: {
        publishConfirmedAfterS: (published.confirmedAt - t0) / 1000,
        publisherLateMaxMs: published.lateMaxMs,
      },
    };
  }
  const [published] = await Promise.all([
    ctx.publisher.burst(publishTo, plan.perPane, body),
    alongside,
  ]);
  return {
    t0: published.firstAt,
    publishedAt: null,
    extra: { publishConfirmedAfterS: (published.confirmedAt - published.firstAt) / 1000 },
  };
}

/** A run that ended well: `deliveries` over `seconds`, with what it measured on the way. */
export function completedRun(
  base: RunResult,
  extra: Partial<RunResult>,
  deliveries: number,
  seconds: number,
  counts: number[],
): RunResult {
  return {
    ...base,
    ...extra,
    ok: true,
    deliveries,
    seconds,
    ratePerSecond: deliveries / seconds,
    counts,
  };
}

/**
 * What a browser run's frames and (optional) task trace say, as the run's figures: long tasks,
 * the longest one's own CPU time, the trace's summary (with the CPU per delivery when the run
 * counted deliveries), fps and the worst frames.
 */
export function pageFigures(
  stats: Awaited<ReturnType<typeof windowStats>>,
  trace: TraceSummary | null,
  mode: TraceMode,
  deliveries?: number,
): Partial<RunResult> {
  const longest = trace?.longest;
  return {
    longestTaskMs: stats.longestTaskMs,
    longTasks: stats.longTasks,
    longestTaskCpuMs: longest?.cpuMs,
    longestTaskCpuWallMs: longest?.wallMs,
    trace: trace
      ? {
          mode,
          megabytes: trace.megabytes,
          dataLoss: trace.dataLoss,
          tasks: longest?.tasks ?? 0,
          tasksOver50CpuMs: longest?.over50CpuMs ?? 0,
          ...(longest && deliveries
            ? {
                mainCpuUsPerDelivery: (longest.mainCpuMs * 1000) / deliveries,
                workerCpuUsPerDelivery: (longest.workerCpuMs * 1000) / deliveries,
              }
            : {}),
        }
      : undefined,
    fps: stats.frames / stats.seconds,
    maxFrameGapMs: stats.maxFrameGapMs,
    worstFrames: stats.worstFrames,
  };
}

/** A browser run's empty result and a tag that names its destinations and ids apart from others'. */
export function browserRunStart(round: number): { base: RunResult; tag: string } {
  return { base: emptyRun('browser', round), tag: `b${round}-${Date.now().toString(36)}` };
}

/** A run that has not got anywhere yet, with the machine's load at its start. */
export function emptyRun(side: RunResult['side'], round: number): RunResult {
  return {
    side,
    round,
    ok: false,
    deliveries: 0,
    seconds: 0,
    ratePerSecond: 0,
    counts: [],
    loadAverage: os.loadavg()[0]!,
  };
}

/** One browser run: a fresh page, connect, subscribe the panes through the UI, publish, watch. */
export async function browserRun(
  ctx: BenchContext,
  plan: ScenarioPlan,
  round: number,
): Promise<RunResult> {
  const base = emptyRun('browser', round);
  const pageErrors: string[] = [];
  const { ids, subscribeTo, publishTo } = destinations(plan, round, 'browser');
  try {
    await ctx.server.ensureUp(ctx.log);
  } catch (error) {
    return { ...base, error: (error as Error).message.split('\n')[0] };
  }
  let opened: RawPage | null = null;
  const untrack = ctx.cleanup.add('a browser page', async () => {
    await opened?.close();
  });
  try {
    const viewport = plan.graphTab
      ? { ...VIEWPORT, height: VIEWPORT.height + GRAPH_EXTRA_HEIGHT }
      : VIEWPORT;
    const page = await ctx.raw.newPage({ initScripts: [PAGE_SCRIPT, DRIVER_SCRIPT], ...viewport });
    opened = page;
    page.on(
      'Runtime.exceptionThrown',
      (event: { exceptionDetails: { exception?: { description?: string }; text: string } }) =>
        pageErrors.push(
          event.exceptionDetails.exception?.description?.split('\n')[0] ??
            event.exceptionDetails.text,
        ),
    );
    const cdp = page;
    await cdp.send('Performance.enable');
    const ui = new RawDashboardDriver(page);
    await ui.open(`${ctx.server.baseUrl}/`);
    if (plan.publish.kind === 'ui-send' && !(await ui.hasSendForm())) {
      return { ...base, ok: true, skipped: 'send form not found' };
    }
    await ui.connect();
    for (const id of ids) await ui.subscribe(subscribeTo, id);
    if (plan.chartEveryPane) await chartEveryPane(ctx, page, ids, publishTo);
    if (plan.graphTab)
      await ui.openRoutingTab('Graph', 'figure[aria-label="Routing graph"] .react-flow__node');
    if (plan.allPanesVisible) {
      const outside = await ui.outsideViewport(ids.map(paneSelector));
      if (outside.length > 0) {
        const where = outside.map((o) => `${o.selector} at ${o.rect}`).join('; ');
        throw new Error(
          `${outside.length} of ${ids.length} panes are not entirely inside the ${viewport.width}×${viewport.height} viewport, so (${plan.key}) would not measure ${ids.length} panes on screen at once: ${where}`,
        );
      }
    }
    const targets: WatchTarget[] = ids.map((id) => ({
      root: paneSelector(id),
      selector: '[aria-label="Message count"]',
      kind: 'count' as const,
      target: plan.perPane,
    }));
    if (plan.publish.kind === 'ui-send') {
      await ui.fillSend(publishTo, benchBody(plan.key, 0, BODY_BYTES), plan.perPane);
      targets.push({ root: 'body', selector: SEND_STATUS, kind: 'send', target: plan.perPane });
    }
    const heapBefore = await heapAfterGc(cdp);
    const { offsetMs } = await measureOffset(() => pageNow(page));
    if (ctx.profileDir) await startProfile(cdp);
    const tracing: TraceMode | null =
      process.env.STOMPWATCH_BENCH_TRACE === '1' && ctx.profileDir !== null
        ? 'full'
        : ctx.taskCpu && plan.taskCpu
          ? 'tasks'
          : null;
    if (tracing) await startTrace(page, tracing);
    const countersBefore = await mainThreadCounters(cdp);
    const countersFrom = epochNow();
    const cpuBefore = cpuSnapshot();
    const watchId = await startWatch(page, targets, plan.publish.kind === 'paced');
    const watching = whenDone(page, watchId, plan.timeoutMs, ctx.settleMs);
    watching.catch(() => {}); // awaited below; if publishing fails first, closing the page rejects it

    let t0: number;
    let publishedAt: Float64Array | null = null;
    const extra: Partial<RunResult> = {};
    if (plan.publish.kind !== 'ui-send') {
      const published = await publishFromNode(ctx, plan, publishTo, watching);
      t0 = published.t0;
      publishedAt = published.publishedAt;
      Object.assign(extra, published.extra);
    } else {
      await ui.clickSend();
      const click = await callPage<{ at: number } | null>(page, 'lastClick');
      if (!click) throw new Error('the click on Send was not seen in the page');
      t0 = click.at - offsetMs;
    }
    const watched = await watching;
    const counts = watched.items.filter((item) => item.kind === 'count').map((item) => item.value);
    const problem = countsProblem(watched, plan);
    if (problem) return { ...base, counts, error: problem };
    const charts = plan.chartEveryPane ? await chartsProblem(page, ids, plan.perPane) : null;
    if (charts) return { ...base, counts, error: charts };

    const doneAt = watched.doneAt! - offsetMs;
    const seconds = (doneAt - t0) / 1000;
    const deliveries = plan.panes * plan.perPane;
    const stats = await windowStats(page, t0 + offsetMs, watched.doneAt!);
    // From just before publishing to the end of the settle time after the last message.
    const countersAfter = await mainThreadCounters(cdp);
    const mainThread = mainThreadShare(
      countersBefore,
      countersAfter,
      (epochNow() - countersFrom) / 1000,
    );
    const cpu = cpuShares(cpuBefore, cpuSnapshot(), (epochNow() - countersFrom) / 1000);
    let trace: TraceSummary | null = null;
    if (tracing) {
      trace = await stopTrace(
        page,
        tracing === 'full'
          ? path.join(ctx.profileDir!, `${plan.key}-browser-${round}.trace.json`)
          : null,
      );
    }
    const profile = ctx.profileDir
      ? await stopProfile(cdp, path.join(ctx.profileDir, `${plan.key}-browser-${round}.cpuprofile`))
      : undefined;
    const heap = await heapAfterGc(cdp);
    let latency: Latency | undefined;
    if (publishedAt) {
      const all = watched.items
        .filter((item) => item.kind === 'count')
        .flatMap((item) => displayLatencies(item.series, publishedAt, offsetMs));
      latency = latencyOf(all);
    }
    return {
      ...completedRun(base, extra, deliveries, seconds, counts),
      latency,
      ...pageFigures(stats, trace, tracing ?? 'tasks', deliveries),
      heapMiB: heap.usedMiB,
      heapBeforeMiB: heapBefore.usedMiB,
      mainThread,
      cpu,
      profile,
    };
  } catch (error) {
    const seen = pageErrors.length ? ` (page errors: ${pageErrors.slice(0, 3).join(' | ')})` : '';
    return { ...base, error: `${(error as Error).message.split('\n')[0]}${seen}` };
  } finally {
    await opened?.close();
    untrack();
  }
}

/** One reference run: the Node consumer process, same destinations and counts, auto ack. */
export async function referenceRun(
  ctx: BenchContext,
  plan: ScenarioPlan,
  round: number,
): Promise<RunResult> {
  const base = emptyRun('reference', round);
  const { ids, subscribeTo, publishTo } = destinations(plan, round, 'reference');
  let consumer: ReferenceConsumer | null = null;
  try {
    consumer = await ReferenceConsumer.start(
      {
        login: ctx.login,
        subscriptions: ids.map((id) => ({ id, destination: subscribeTo })),
        target: plan.perPane,
        latency: plan.publish.kind === 'paced',
        settleMs: ctx.settleMs,
      },
      (stop) => ctx.cleanup.add('the reference consumer', stop),
    );
    let t0: number;
    const extra: Partial<RunResult> = {};
    const cpuBefore = cpuSnapshot();
    const cpuFrom = epochNow();
    const finishing = consumer.finish(plan.timeoutMs);
    finishing.catch(() => {}); // awaited below, unless publishing fails first
    if (plan.publish.kind !== 'ui-send') {
      const published = await publishFromNode(ctx, plan, publishTo, finishing);
      t0 = published.t0;
      Object.assign(extra, published.extra);
    } else {
      consumer.bulk({
        destination: publishTo,
        count: plan.perPane,
        bodyBytes: BODY_BYTES,
        receiptEvery: 500,
      });
      t0 = Number.NaN;
    }
    const report = await finishing;
    extra.cpu = cpuShares(cpuBefore, cpuSnapshot(), (epochNow() - cpuFrom) / 1000);
    if (plan.publish.kind === 'ui-send') t0 = report.bulk?.startedAt ?? Number.NaN;
    const counts = report.counts;
    if (report.problem) return { ...base, counts, error: report.problem };
    if (report.timedOut || report.doneAt === null) {
      return {
        ...base,
        counts,
        error: `timed out after ${plan.timeoutMs / 1000} s waiting for ${plan.perPane} each (now: ${counts.join(', ')})`,
      };
    }
    const wrong = counts.find((count) => count !== plan.perPane);
    if (wrong !== undefined)
      return {
        ...base,
        counts,
        error: `a subscription ended at ${wrong} instead of exactly ${plan.perPane}`,
      };
    const seconds = (report.doneAt - t0) / 1000;
    const deliveries = plan.panes * plan.perPane;
    return {
      ...completedRun(base, extra, deliveries, seconds, counts),
      latency: report.latency ?? undefined,
    };
  } catch (error) {
    return { ...base, error: (error as Error).message.split('\n')[0] };
  } finally {
    await consumer?.stop();
  }
}
