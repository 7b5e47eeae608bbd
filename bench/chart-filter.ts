/**
 * Issue 15's bench parts: (g) the fan-out of (b) with a field chart on every pane, charted
 * through the UI as a user does it, and (h) re-filtering a pane's whole buffer (200,000
 * messages) by a body expression, then by plain text: how long until the count is final, and
 * the longest task meanwhile (the filter runs in slices, so no task should come near a frame's worth).
 */
import {
  mainThreadCounters,
  mainThreadShare,
  startTrace,
  startWatch,
  stopTrace,
  whenDone,
  windowStats,
} from './browser-metrics';
import type { RawPage } from './raw-cdp';
import { openConnectedPage, paneSelector } from './raw-driver';
import type { BenchContext, RunResult, ScenarioPlan } from './scenarios';
import { BODY_BYTES, browserRunStart, completedRun, pageFigures } from './scenarios';
import { benchBody } from './stats';
import { sleep } from '../scripts/lib/process';

/** The field every bench body has (`{"bench":"g","seq":17,…}`). */
export const CHART_FIELD = 'body.seq';

const css = (text: string) => JSON.stringify(text);

/** Polls `check` in the page every 50 ms until it is true, or throws after `timeoutMs`. */
async function until(page: RawPage, what: string, expression: string, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await page.evaluate<boolean>(expression)) return;
    await sleep(50);
  }
  throw new Error(`${what}: not within ${timeoutMs / 1000} s`);
}

const textOf = (selector: string) =>
  `(document.querySelector(${css(selector)})?.textContent ?? '')`;

/**
 * Charts `field` in every pane the way a user does: one message each (published before the
 * measured run), open it, `Tree`, `Chart this field`, close, then `Clear`, so the measured run
 * starts from a count of 0 with a live chart in every pane.
 */
export async function chartEveryPane(
  ctx: BenchContext,
  page: RawPage,
  ids: string[],
  publishTo: string,
): Promise<void> {
  await ctx.publisher.burst(publishTo, 1, () => benchBody('g', 0, BODY_BYTES));
  const click = (selector: string) =>
    page.evaluate<boolean>(
      `(() => { const el = document.querySelector(${css(selector)}); if (!el) return false; el.click(); return true; })()`,
    );
  const button = (scope: string, name: string) => `${scope} button[aria-label=${css(name)}]`;
  for (const id of ids) {
    const pane = paneSelector(id);
    await until(
      page,
      `pane ${id} got the priming message`,
      `${textOf(`${pane} [aria-label="Message count"]`)} === '1'`,
    );
    await until(
      page,
      `pane ${id} row`,
      `!!document.querySelector(${css(`${pane} [role="listitem"] button`)})`,
    );
    await click(`${pane} [role="listitem"] button`);
    const views = `${pane} [aria-label="Body view"]`;
    await until(
      page,
      `pane ${id} Tree view`,
      `[...document.querySelectorAll(${css(`${views} button`)})].some((b) => b.textContent === 'Tree')`,
    );
    await page.evaluate(
      `[...document.querySelectorAll(${css(`${views} button`)})].find((b) => b.textContent === 'Tree').click()`,
    );
    const chart = button(`${pane} [aria-label="JSON tree"]`, 'Chart this field');
    await until(page, `pane ${id} Chart this field`, `!!document.querySelector(${css(chart)})`);
    await click(chart);
    await until(
      page,
      `pane ${id} Field chart`,
      `!!document.querySelector(${css(`${pane} figure[aria-label="Field chart"] canvas`)})`,
    );
    await click(button(pane, 'Close detail'));
    await page.evaluate(
      `[...document.querySelectorAll(${css(`${pane} button`)})].find((b) => b.textContent.trim() === 'Clear').click()`,
    );
    await until(
      page,
      `pane ${id} cleared`,
      `${textOf(`${pane} [aria-label="Message count"]`)} === '0'`,
    );
  }
}

/** After the run: every pane's chart says its last value is the last message's `seq`, or why not. */
export async function chartsProblem(
  page: RawPage,
  ids: string[],
  perPane: number,
): Promise<string | null> {
  const want = `${CHART_FIELD}: last ${(perPane - 1).toLocaleString('en-US')},`;
  const deadline = Date.now() + 5000;
  let texts: string[] = [];
  while (Date.now() < deadline) {
    texts = await page.evaluate<string[]>(
      `${JSON.stringify(ids.map((id) => `${paneSelector(id)} figure[aria-label="Field chart"]`))}.map((s) => document.querySelector(s)?.textContent ?? '(no chart)')`,
    );
    if (texts.every((text) => text.includes(want))) return null;
    await sleep(100);
  }
  return `a chart did not end at the last message (want "${want}"): ${texts.join(' | ')}`;
}

/** In the page: fills the pane's Filter box and resolves with ms until its count is final. */
const FILTER_PROBE = String.raw`(pane, query, expected) => new Promise((resolve, reject) => {
  const root = document.querySelector(pane);
  const box = [...root.querySelectorAll('input')].find((el) => el.getAttribute('aria-label') === 'Filter');
  if (!box) return reject(new Error('no Filter box'));
  const started = window.__swb.now();
  Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set.call(box, query);
  box.dispatchEvent(new Event('input', { bubbles: true }));
  const deadline = started + 60000;
  const check = () => {
    const count = root.querySelector('[aria-label="Filter matches"]');
    const line = count && count.parentElement ? count.parentElement.textContent : '';
    if (count && count.textContent === expected && !/so far/.test(line)) return resolve({ started, ended: window.__swb.now() });
    if (window.__swb.now() > deadline) return reject(new Error('filter count reads "' + line + '", want "' + expected + '"'));
    requestAnimationFrame(check);
  };
  check();
})`;

const thousands = (n: number) => n.toLocaleString('en-US');

/** The renderer main thread's CPU time so far, s (Chromium's `ThreadTime` metric). */
async function mainThreadCpuS(page: RawPage): Promise<number> {
  const { metrics } = (await page.send('Performance.getMetrics')) as {
    metrics: { name: string; value: number }[];
  };
  return metrics.find((metric) => metric.name === 'ThreadTime')?.value ?? Number.NaN;
}

/**
 * (h): one pane keeping `perPane` messages, filled by a burst, then filtered twice by a body
 * expression (the first query: every body decoded and parsed; and a second one) and once by
 * plain text. The run's
 * `seconds` is the first query's time; `ratePerSecond` the messages tested per second.
 */
export async function filterRun(
  ctx: BenchContext,
  plan: ScenarioPlan,
  round: number,
): Promise<RunResult> {
  const { base, tag } = browserRunStart(round);
  const id = `bench-h1-${tag}`;
  const pane = paneSelector(id);
  // Set from a callback, so declared wide: TypeScript would otherwise narrow it to null.
  let opened = null as RawPage | null;
  const untrack = ctx.cleanup.add('a browser page', async () => {
    await opened?.close();
  });
  try {
    const { page, ui } = await openConnectedPage(ctx, (created) => (opened = created));
    await ui.subscribe(`/exchange/amq.topic/bench-h.${tag}.#`, id);
    await ui.setCapacity(id, plan.perPane);
    const watchId = await startWatch(page, [
      { root: pane, selector: '[aria-label="Message count"]', kind: 'count', target: plan.perPane },
    ]);
    const watching = whenDone(page, watchId, plan.timeoutMs, ctx.settleMs);
    await ctx.publisher.burst(`/exchange/amq.topic/bench-h.${tag}.msg`, plan.perPane, (i) =>
      benchBody('h', i, BODY_BYTES),
    );
    const watched = await watching;
    const count = watched.items[0]?.value ?? -1;
    if (count !== plan.perPane)
      return {
        ...base,
        counts: [count],
        error: `the pane ended at ${count} instead of ${plan.perPane}`,
      };

    const half = plan.perPane / 2;
    const traced = ctx.taskCpu && plan.taskCpu;
    if (traced) await startTrace(page, 'tasks');
    const probe = (query: string, matches: number) =>
      page.evaluate<{ started: number; ended: number }>(
        `(${FILTER_PROBE})(${css(pane)}, ${css(query)}, ${css(`${thousands(matches)} of ${thousands(plan.perPane)}`)})`,
      );
    // How much of the first query the main thread was busy (the rest: gaps between slices).
    await page.send('Performance.enable');
    const countersBefore = await mainThreadCounters(page);
    const cpuBefore = await mainThreadCpuS(page);
    const first = await probe(`body.seq >= ${half}`, half);
    // The main thread's own CPU time over the first query, apart from waiting for a core (on 2
    // busy cores the wall time measures the machine as much as the page).
    const firstCpu = ((await mainThreadCpuS(page)) - cpuBefore) * 1000;
    const busy = mainThreadShare(
      countersBefore,
      await mainThreadCounters(page),
      (first.ended - first.started) / 1000,
    );
    await sleep(200);
    const second = await probe(`body.seq < ${plan.perPane / 4}`, plan.perPane / 4);
    await sleep(200);
    // Plain text: one body of all holds `"seq":N,` (the whole buffer searched, nothing decoded before).
    const text = await probe(`"seq":${half + 1},`, 1);
    const trace = traced ? await stopTrace(page, null) : null;
    const stats = await windowStats(page, first.started, text.ended);
    const seconds = (first.ended - first.started) / 1000;
    const ms = (probed: { started: number; ended: number }) => probed.ended - probed.started;
    ctx.log(
      `h filter ${thousands(plan.perPane)} held messages: first query ${Math.round(ms(first))} ms (main thread busy ${Math.round(busy.busyPct)}% of it, script ${Math.round(busy.scriptPct)}%; its own CPU ${Math.round(firstCpu)} ms), second ${Math.round(ms(second))} ms, plain text ${Math.round(ms(text))} ms`,
    );
    return completedRun(
      base,
      {
        filterMs: { first: ms(first), second: ms(second), text: ms(text) },
        mainThread: busy,
        filterFirstCpuMs: firstCpu,
        ...pageFigures(stats, trace, 'tasks'),
      },
      plan.perPane,
      seconds,
      [count],
    );
  } catch (error) {
    return { ...base, error: (error as Error).message.split('\n')[0] };
  } finally {
    await opened?.close();
    untrack();
  }
}
