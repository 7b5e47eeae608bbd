/**
 * What the benchmark measures inside the page, and how it reads it back.
 *
 * The in-page code is plain JavaScript in strings on purpose: functions handed to Playwright are
 * serialised with `toString()`, and tsx's transform can add helpers (`__name`) that do not exist
 * in the page. Strings go through untouched.
 *
 * Installed with `context.addInitScript` before the first navigation, so it sees everything:
 * - every animation frame (a `requestAnimationFrame` loop writing timestamps into a ring), for
 *   frames per second and the longest gap between two frames;
 * - every `longtask` and `long-animation-frame` entry (PerformanceObserver, `buffered: true`),
 *   the latter with the scripts that made the frame long, for "what is in the way";
 * - watchers over the panes' `Message count` (and the `Send status`): a MutationObserver on the
 *   element records `(time, value)` each time React commits new text; the frame that paints it
 *   follows in the same task, so "displayed" below means "committed to the DOM" (at most one
 *   frame, ~16 ms, before pixels change).
 *
 * All page times are epoch milliseconds (`performance.timeOrigin + performance.now()`); the
 * caller converts them with a measured clock offset.
 */
import type { ElementHandle, Page } from '@playwright/test';
import { RawPage } from './raw-cdp';
import { MiB } from './stats';
import { LongestTaskFold, traceLineEvent, type LongestTask } from './trace-tasks';

export const PAGE_SCRIPT = String.raw`(() => {
  if (window.__swb) return;
  const clock = () => performance.timeOrigin + performance.now();
  const FRAME_RING = 32768;
  const frames = new Float64Array(FRAME_RING);
  let frameCount = 0;
  const onFrame = () => {
    frames[frameCount % FRAME_RING] = clock();
    frameCount++;
    requestAnimationFrame(onFrame);
  };
  requestAnimationFrame(onFrame);

  const longTasks = [];
  const longFrames = [];
  const observerErrors = [];
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) longTasks.push({ start: performance.timeOrigin + e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch (e) { observerErrors.push('longtask: ' + e); }
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        const scripts = (e.scripts || []).map((s) => ({
          invoker: s.invoker, source: (s.sourceURL || '').replace(/^.*\/_next\//, '/_next/'),
          fn: s.sourceFunctionName || '', duration: Math.round(s.duration),
        })).sort((x, y) => y.duration - x.duration).slice(0, 3);
        longFrames.push({ start: performance.timeOrigin + e.startTime, duration: e.duration,
          blocking: e.blockingDuration || 0, renderMs: e.renderStart ? Math.round(e.startTime + e.duration - e.renderStart) : null, scripts });
      }
    }).observe({ type: 'long-animation-frame', buffered: true });
  } catch (e) { observerErrors.push('long-animation-frame: ' + e); }

  let lastClick = null;
  document.addEventListener('click', (event) => {
    const t = event.target;
    lastClick = { at: clock(), text: t && t.textContent ? String(t.textContent).trim().slice(0, 40) : '' };
  }, true);

  const parseCount = (text) => {
    const digits = String(text == null ? '' : text).replace(/[^0-9]/g, '');
    return digits === '' ? -1 : Number(digits);
  };
  // "sent 10,000 of 10,000" → { sent: 10000, total: 10000 }; separators between digit groups go.
  const parseSend = (text) => {
    const plain = String(text == null ? '' : text).replace(/(\d)[,\u00a0\u202f\u2009' ](?=\d{3}(?!\d))/g, '$1');
    const m = /sent\s+(\d+)\s+of\s+(\d+)/i.exec(plain);
    if (!m) return null;
    // "sending: sent 10000 of 10000" still waits for its receipt; "failed:"/"cancelled:" ended badly.
    const state = /^\s*(sending|waiting|idle)\b/i.test(plain) ? 'running' : /^\s*(failed|cancelled)\b/i.test(plain) ? 'failed' : 'done';
    return { sent: Number(m[1]), total: Number(m[2]), state };
  };

  let nextWatch = 1;
  const watches = new Map();

  function startWatch(spec) {
    const id = nextWatch++;
    // A root is an element handle, or a CSS selector looked up again whenever it is not in the page.
    const items = spec.targets.map((t) => ({ root: typeof t.root === 'string' ? null : t.root, rootSelector: typeof t.root === 'string' ? t.root : null,
      selector: t.selector, kind: t.kind, target: t.target,
      el: null, text: null, value: -1, max: -1, doneAt: null, series: [] }));
    const w = { id, items, keepSeries: !!spec.keepSeries, startedAt: clock(), doneAt: null, problem: null, waiters: [], stopped: false };
    const observer = new MutationObserver(() => read());
    const locate = (it) => {
      if (it.el && it.el.isConnected) return;
      if (it.rootSelector && !(it.root && it.root.isConnected)) it.root = document.querySelector(it.rootSelector);
      if (!it.root) { it.el = null; return; }
      if (!it.selector) it.el = it.root.isConnected ? it.root : null;
      else it.el = it.root.matches(it.selector) ? it.root : it.root.querySelector(it.selector);
      if (it.el) observer.observe(it.el, { childList: true, characterData: true, subtree: true });
    };
    const read = () => {
      if (w.stopped) return;
      const now = clock();
      let all = true;
      for (const it of items) {
        locate(it);
        const text = it.el ? it.el.textContent : null;
        if (text !== it.text) {
          it.text = text;
          if (it.kind === 'count') {
            const n = parseCount(text);
            it.value = n;
            if (w.keepSeries) it.series.push(now, n);
            if (n > it.max) it.max = n;
            if (n > it.target && !w.problem) w.problem = 'overshoot: a count read ' + n + ' of ' + it.target;
            if (n === it.target && it.doneAt === null) it.doneAt = now;
          } else {
            const s = parseSend(text);
            it.value = s ? s.sent : -1;
            if (it.value > it.max) it.max = it.value;
            if (s && (s.sent > it.target || s.total !== it.target || s.state === 'failed') && !w.problem) w.problem = 'send status reads "' + text + '"';
            if (s && s.state === 'done' && s.sent === it.target && s.total === it.target && it.doneAt === null) it.doneAt = now;
          }
        }
        if (it.doneAt === null) all = false;
      }
      if (all && w.doneAt === null) w.doneAt = Math.max(...items.map((it) => it.doneAt));
      if ((w.doneAt !== null || w.problem) && w.waiters.length) for (const wake of w.waiters.splice(0)) wake();
    };
    // Safety net for replaced elements: re-read once per frame as well.
    const poll = () => { if (w.stopped) return; read(); requestAnimationFrame(poll); };
    w.observer = observer;
    watches.set(id, w);
    read();
    requestAnimationFrame(poll);
    return id;
  }

  function whenDone(arg) {
    const w = watches.get(arg.id);
    if (!w) return Promise.reject(new Error('no watch ' + arg.id));
    return new Promise((resolve) => {
      let finished = false;
      const finish = (timedOut) => {
        if (finished) return;
        finished = true;
        // Keep watching a little longer: a count that goes past N is an error, not a success.
        setTimeout(() => {
          w.stopped = true;
          w.observer.disconnect();
          resolve({
            startedAt: w.startedAt, doneAt: w.doneAt, timedOut: timedOut && w.doneAt === null, problem: w.problem,
            items: w.items.map((it) => ({ kind: it.kind, target: it.target, value: it.value, max: it.max, text: it.text,
              doneAt: it.doneAt, series: w.keepSeries ? it.series : [] })),
          });
        }, arg.settleMs);
      };
      const timer = setTimeout(() => finish(true), arg.timeoutMs);
      const check = () => { if (w.doneAt !== null || w.problem) { clearTimeout(timer); finish(false); } };
      w.waiters.push(check);
      check();
    });
  }

  function windowStats(arg) {
    const from = arg.from, to = arg.to;
    const first = Math.max(0, frameCount - FRAME_RING);
    let count = 0, prev = null, maxGap = 0;
    for (let i = first; i < frameCount; i++) {
      const t = frames[i % FRAME_RING];
      if (t < from || t > to) { if (t <= from) prev = t; continue; }
      count++;
      if (prev !== null && t - prev > maxGap) maxGap = t - prev;
      prev = t;
    }
    const overlaps = (e) => e.start + e.duration >= from && e.start <= to;
    const tasks = longTasks.filter(overlaps);
    const lafs = longFrames.filter(overlaps).sort((x, y) => y.duration - x.duration);
    return {
      frames: count, seconds: (to - from) / 1000, maxFrameGapMs: maxGap,
      longTasks: tasks.length, longestTaskMs: tasks.reduce((m, e) => Math.max(m, e.duration), 0),
      longTaskTotalMs: tasks.reduce((s, e) => s + e.duration, 0),
      longFrames: lafs.length, worstFrames: lafs.slice(0, 3), observerErrors,
    };
  }

  window.__swb = {
    now: clock, startWatch, whenDone, windowStats,
    lastClick: () => lastClick,
  };
})();`;

/**
 * Probes the first load: from navigation start, waits for React to hydrate the `Connect`
 * button (React stores its props on the element under a `__reactProps$…` key once it owns
 * it), clicks it, and records when `Connection status` first says `connecting` or `connected`:
 * that is "Connect is usable". Native form submission is blocked for this probe page, so an
 * early click could never reload it. Times are ms since navigation start (`performance.now()`).
 */
export const CONNECT_PROBE_SCRIPT = String.raw`(() => {
  const r = { hydratedAt: null, clickedAt: null, usableAt: null, clicks: 0, status: '' };
  window.__swbConnect = r;
  document.addEventListener('submit', (event) => event.preventDefault(), true);
  const isHydrated = (el) => Object.keys(el).some((k) => k.startsWith('__reactProps$'));
  const button = () => Array.from(document.querySelectorAll('button')).find((b) => (b.textContent || '').trim() === 'Connect');
  const status = () => document.querySelector('[role="status"][aria-label="Connection status"]');
  let lastClick = -Infinity;
  const poll = () => {
    const now = performance.now();
    const s = status();
    const text = s ? s.textContent || '' : '';
    if (r.clickedAt !== null && /\b(connecting|connected)\b/.test(text)) {
      r.usableAt = now;
      r.status = text;
      return;
    }
    const b = button();
    if (b && isHydrated(b)) {
      if (r.hydratedAt === null) r.hydratedAt = now;
      if (!b.disabled && now - lastClick > 1000) {
        lastClick = now;
        r.clicks++;
        if (r.clickedAt === null) r.clickedAt = now;
        b.click();
        return poll();
      }
    }
    setTimeout(poll, 2);
  };
  poll();
})();`;

/** Calls `window.__swb[method](arg)` in the page; `arg` may hold element handles. */
/** A page the bench reads: a Playwright page (first load) or a raw DevTools page (runs). */
export type MeasuredPage = Page | RawPage;

/** What the CDP readings need of a session: Playwright's CDPSession or a RawPage. */
export interface Cdp {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- protocol results are read field by field
  send(method: string, params?: Record<string, unknown>): Promise<any>;
}

export function callPage<T>(page: MeasuredPage, method: string, arg: unknown = null): Promise<T> {
  if (page instanceof RawPage)
    return page.evaluate<T>(`window.__swb.${method}(${JSON.stringify(arg)})`);
  // A function built from a string: Playwright serialises it with toString(), untouched by tsx.
  const fn = new Function('arg', `return window.__swb.${method}(arg);`) as (arg: unknown) => T;
  return page.evaluate(fn, arg) as Promise<T>;
}

/** One watched element: a pane's `Message count`, or the `Send status`. */
export interface WatchTarget {
  /** The element, or a CSS selector for it (looked up in the page, again if it is replaced). */
  root: ElementHandle | string;
  /** CSS selector of the element inside `root`; null when `root` is the element. */
  selector: string | null;
  kind: 'count' | 'send';
  target: number;
}

export interface WatchItemResult {
  kind: 'count' | 'send';
  target: number;
  /** Last value read; -1 when the element was not found or held no number. */
  value: number;
  max: number;
  text: string | null;
  /** When the value first read exactly `target` (page epoch ms). */
  doneAt: number | null;
  /** Flattened `[time, count, time, count, …]`, only when asked for. */
  series: number[];
}

export interface WatchResult {
  startedAt: number;
  doneAt: number | null;
  timedOut: boolean;
  problem: string | null;
  items: WatchItemResult[];
}

export interface LongFrame {
  start: number;
  duration: number;
  blocking: number;
  renderMs: number | null;
  scripts: { invoker: string; source: string; fn: string; duration: number }[];
}

export interface WindowStats {
  frames: number;
  seconds: number;
  maxFrameGapMs: number;
  longTasks: number;
  longestTaskMs: number;
  longTaskTotalMs: number;
  longFrames: number;
  worstFrames: LongFrame[];
  observerErrors: string[];
}

export async function startWatch(
  page: MeasuredPage,
  targets: WatchTarget[],
  keepSeries = false,
): Promise<number> {
  return callPage<number>(page, 'startWatch', { targets, keepSeries });
}

export async function whenDone(
  page: MeasuredPage,
  id: number,
  timeoutMs: number,
  settleMs: number,
): Promise<WatchResult> {
  return callPage<WatchResult>(page, 'whenDone', { id, timeoutMs, settleMs });
}

export async function windowStats(
  page: MeasuredPage,
  from: number,
  to: number,
): Promise<WindowStats> {
  return callPage<WindowStats>(page, 'windowStats', { from, to });
}

export function pageNow(page: MeasuredPage): Promise<number> {
  return callPage<number>(page, 'now');
}

/** JS heap in MiB after a forced garbage collection (CDP), so it counts what is really kept. */
export async function heapAfterGc(cdp: Cdp): Promise<{ usedMiB: number; totalMiB: number }> {
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const usage = await cdp.send('Runtime.getHeapUsage');
  return { usedMiB: usage.usedSize / MiB, totalMiB: usage.totalSize / MiB };
}

/** Main-thread time by kind, from Chromium's own counters (CDP Performance.getMetrics). */
export interface MainThreadCounters {
  taskS: number;
  scriptS: number;
  layoutS: number;
  styleS: number;
  layouts: number;
  styleRecalcs: number;
}

export async function mainThreadCounters(cdp: Cdp): Promise<MainThreadCounters> {
  const { metrics } = (await cdp.send('Performance.getMetrics')) as {
    metrics: { name: string; value: number }[];
  };
  const get = (name: string) => metrics.find((m) => m.name === name)?.value ?? 0;
  return {
    taskS: get('TaskDuration'),
    scriptS: get('ScriptDuration'),
    layoutS: get('LayoutDuration'),
    styleS: get('RecalcStyleDuration'),
    layouts: get('LayoutCount'),
    styleRecalcs: get('RecalcStyleCount'),
  };
}

/** What the main thread did between two readings, as shares of the wall-clock `seconds`. */
export function mainThreadShare(
  before: MainThreadCounters,
  after: MainThreadCounters,
  seconds: number,
) {
  const pct = (key: 'taskS' | 'scriptS' | 'layoutS' | 'styleS') =>
    (100 * (after[key] - before[key])) / seconds;
  return {
    busyPct: pct('taskS'),
    scriptPct: pct('scriptS'),
    layoutPct: pct('layoutS'),
    stylePct: pct('styleS'),
    layouts: after.layouts - before.layouts,
    styleRecalcs: after.styleRecalcs - before.styleRecalcs,
  };
}

export type MainThreadShare = ReturnType<typeof mainThreadShare>;

/** One line of a CPU profile summary: self time of a function, by name and place. */
export interface ProfileEntry {
  fn: string;
  where: string;
  selfMs: number;
  selfPct: number;
}

/** Starts the V8 sampling profiler in the page (only with `--profile`: it costs a little). */
export async function startProfile(cdp: Cdp): Promise<void> {
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
  await cdp.send('Profiler.start');
}

/**
 * Stops the profiler and sums self time per function. Production bundles are minified, but
 * method and property names survive (`receive`, `flush`, `_onmessage`…), and the position in the
 * chunk tells functions apart. Also writes the raw `.cpuprofile` (open it in Chrome DevTools).
 */
export async function stopProfile(
  cdp: Cdp,
  file: string | null,
  top = 12,
): Promise<ProfileEntry[]> {
  const { profile } = await cdp.send('Profiler.stop');
  if (file) {
    const { writeFileSync } = await import('node:fs');
    writeFileSync(file, JSON.stringify(profile));
  }
  const selfUs = new Map<number, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  for (let i = 0; i < samples.length; i++)
    selfUs.set(samples[i]!, (selfUs.get(samples[i]!) ?? 0) + (deltas[i + 1] ?? 0));
  const byFunction = new Map<string, ProfileEntry>();
  let total = 0;
  for (const node of profile.nodes) {
    const us = selfUs.get(node.id) ?? 0;
    if (us === 0) continue;
    const frame = node.callFrame;
    if (frame.functionName === '(idle)') continue;
    total += us;
    const where = frame.url
      ? `${frame.url.replace(/^.*\/_next\//, '/_next/')}:${frame.lineNumber + 1}:${frame.columnNumber + 1}`
      : '';
    const key = `${frame.functionName}@${where}`;
    const entry = byFunction.get(key) ?? {
      fn: frame.functionName || '(anonymous)',
      where,
      selfMs: 0,
      selfPct: 0,
    };
    entry.selfMs += us / 1000;
    byFunction.set(key, entry);
  }
  return [...byFunction.values()]
    .map((entry) => ({ ...entry, selfPct: total ? (100 * entry.selfMs * 1000) / total : 0 }))
    .sort((a, b) => b.selfMs - a.selfMs)
    .slice(0, top);
}

/**
 * What a trace records: `full` is DevTools' timeline (only with `STOMPWATCH_BENCH_TRACE=1` and
 * `--profile`: a trace of a flood is hundreds of MB and costs throughput; open it in DevTools'
 * Performance panel); `tasks` is the one category that holds the top-level `RunTask` events with
 * their thread CPU time, for the longest task's own CPU time (trace-tasks.ts) and nothing else.
 * (`devtools.timeline` alone does not hold `RunTask`.)
 */
export type TraceMode = 'full' | 'tasks';

const TRACE_CATEGORIES: Record<TraceMode, string[]> = {
  full: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink', 'cc'],
  tasks: ['-*', 'disabled-by-default-devtools.timeline'],
};

export async function startTrace(page: RawPage, mode: TraceMode): Promise<void> {
  await page.send('Tracing.start', {
    transferMode: 'ReturnAsStream',
    // Kept until full rather than overwritten: a lost start would be reported (dataLoss), not hidden.
    traceConfig: { includedCategories: TRACE_CATEGORIES[mode], recordMode: 'recordUntilFull' },
  });
}

export interface TraceSummary {
  /** The longest top-level task of the renderer's main thread by its own CPU time; null when none. */
  longest: LongestTask | null;
  /** Chromium dropped events (its trace buffer filled up): the figure may miss the longest task. */
  dataLoss: boolean;
  megabytes: number;
}

/**
 * Ends the trace and reads it back as a stream, one line (one event) at a time, folding the
 * main thread's tasks as it goes; writes the trace to `file` as well when one is given.
 */
export async function stopTrace(page: RawPage, file: string | null): Promise<TraceSummary> {
  const complete = new Promise<{ stream: string; dataLossOccurred?: boolean }>((resolve) => {
    const off = page.on('Tracing.tracingComplete', (params) => {
      off();
      resolve(params as { stream: string; dataLossOccurred?: boolean });
    });
  });
  await page.send('Tracing.end');
  const { stream, dataLossOccurred } = await complete;
  const { createWriteStream } = await import('node:fs');
  const { StringDecoder } = await import('node:string_decoder');
  const out = file ? createWriteStream(file) : null;
  const decoder = new StringDecoder('utf8');
  const fold = new LongestTaskFold();
  let rest = '';
  let bytes = 0;
  const take = (text: string) => {
    const lines = (rest + text).split('\n');
    rest = lines.pop() ?? '';
    for (const line of lines) {
      const event = traceLineEvent(line);
      if (event) fold.add(event);
    }
  };
  for (;;) {
    const chunk = (await page.send('IO.read', { handle: stream, size: 1 << 20 })) as {
      data: string;
      eof: boolean;
      base64Encoded?: boolean;
    };
    const data = chunk.base64Encoded
      ? Buffer.from(chunk.data, 'base64')
      : Buffer.from(chunk.data, 'utf8');
    bytes += data.length;
    out?.write(data);
    take(decoder.write(data));
    if (chunk.eof) break;
  }
  take(`${decoder.end()}\n`);
  await page.send('IO.close', { handle: stream });
  if (out) await new Promise<void>((resolve) => out.end(resolve));
  return { longest: fold.result(), dataLoss: dataLossOccurred === true, megabytes: bytes / 1e6 };
}
