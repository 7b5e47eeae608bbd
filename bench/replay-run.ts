/**
 * Issue 14's bench part, (l): a capture file of N messages built here, loaded through the
 * Replay capture panel (`Capture file`) as a user picks it, and replayed `as fast as possible`
 * into a pane. Measured: how long the file took to read and check, the replay's rate (from the
 * click on `Start replay` until the pane reads N and `Send status` says all N were sent), and,
 * over both (load and replay), the longest task (wall and own CPU), fps and the heap after.
 */
import { rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
// What the run reads from the page: its state, its watched figures, its task trace.
import { callPage, heapAfterGc, windowStats } from './browser-metrics';
import { startWatch, whenDone } from './browser-metrics';
import { startTrace, stopTrace } from './browser-metrics';
import type { RawPage } from './raw-cdp';
import { openConnectedPage, paneSelector, SEND_STATUS } from './raw-driver';
import {
  BODY_BYTES,
  browserRunStart,
  completedRun,
  pageFigures,
  type BenchContext,
  type RunResult,
  type ScenarioPlan,
} from './scenarios';
import { benchBody } from './stats';
import { captureHeaderLine } from '../lib/capture/format';

const css = (text: string) => JSON.stringify(text);

/** In the page: the `Capture file` input (the workspace import has a file input too). */
const CAPTURE_INPUT = String.raw`[...document.querySelectorAll('input[type="file"]')].find((el) => [...(el.labels || [])].some((label) => (label.textContent || '').includes('Capture file')))`;

/**
 * Writes a capture of `count` messages received 1 ms apart on `routingKey`, as `Record` would
 * have written it for a pane on `paneDestination`; returns its path (in the OS temp folder).
 */
export function writeCapture(
  file: string,
  paneDestination: string,
  routingKey: string,
  count: number,
): void {
  const startedAt = Date.UTC(2026, 10, 29, 12);
  const lines = [captureHeaderLine({ id: 'bench-l', destination: paneDestination }, startedAt)];
  for (let i = 0; i < count; i++) {
    lines.push(
      JSON.stringify({
        offsetMs: i,
        receivedAt: new Date(startedAt + i).toISOString(),
        destination: `/topic/${routingKey}`,
        routingKey,
        headers: { 'content-type': 'application/json', 'x-bench-seq': String(i) },
        body: benchBody('l', i, BODY_BYTES),
      }),
    );
  }
  writeFileSync(file, `${lines.join('\n')}\n`);
}

/**
 * In the page: resolves when the Replay capture panel says the file's `expected` messages are
 * loaded (from the `change` of `Capture file` until then), rejects when it refuses the file.
 */
const LOAD_PROBE = String.raw`(expected, timeoutMs) => new Promise((resolve, reject) => {
  const input = ${CAPTURE_INPUT};
  if (!input) return reject(new Error('no Capture file input'));
  let started = null;
  input.addEventListener('change', () => { started = window.__swb.now(); }, { capture: true, once: true });
  const deadline = window.__swb.now() + timeoutMs;
  const panel = input.closest('div.rounded-md') || document.body;
  const check = () => {
    const loaded = [...panel.querySelectorAll('p')].some((p) => (p.textContent || '').startsWith(expected + ' messages from'));
    if (loaded && started !== null) return resolve({ started, ended: window.__swb.now() });
    const alert = panel.querySelector('[role="alert"]');
    if (alert) return reject(new Error('the capture was refused: ' + alert.textContent.slice(0, 300)));
    if (window.__swb.now() > deadline) {
      const seen = (panel.textContent || '').replace(/\s+/g, ' ').slice(0, 200);
      return reject(new Error('the capture did not load within ' + timeoutMs / 1000 + ' s (' + input.files.length + ' file(s) chosen, change ' + (started === null ? 'not seen' : 'seen') + '; the panel reads: ' + seen + ')'));
    }
    requestAnimationFrame(check);
  };
  check();
})`;

/** (l): one pane, a capture of `plan.perPane` messages replayed into it at full speed. */
export async function replayRun(
  ctx: BenchContext,
  plan: ScenarioPlan,
  round: number,
): Promise<RunResult> {
  const { base, tag } = browserRunStart(round);
  const id = `bench-l1-${tag}`;
  const paneDestination = `/exchange/amq.topic/bench-l.${tag}.#`;
  const file = path.join(os.tmpdir(), `stompwatch-bench-l-${tag}.ndjson`);
  // Set from a callback, so declared wide: TypeScript would otherwise narrow it to null.
  let opened = null as RawPage | null;
  const untrack = ctx.cleanup.add('a browser page and a capture file', async () => {
    await opened?.close();
    rmSync(file, { force: true });
  });
  try {
    writeCapture(file, paneDestination, `bench-l.${tag}.msg`, plan.perPane);
    const { page, ui } = await openConnectedPage(ctx, (created) => (opened = created));
    await ui.subscribe(paneDestination, id);
    await page.evaluate(`window.__swbDriver.click(null, 'Replay capture')`);
    const deadline = Date.now() + 20_000;
    while (!(await page.evaluate<boolean>(`!!(${CAPTURE_INPUT})`))) {
      if (Date.now() > deadline) throw new Error('the Replay capture panel did not open');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await page.evaluate(`window.__swbDriver.fill(null, 'Pacing', 'fastest')`);

    const traced = ctx.taskCpu && plan.taskCpu;
    if (traced) await startTrace(page, 'tasks');
    const expected = plan.perPane.toLocaleString('en-US');
    const loading = page.evaluate<{ started: number; ended: number }>(
      `(${LOAD_PROBE})(${css(expected)}, ${plan.timeoutMs})`,
    );
    loading.catch(() => {}); // awaited below
    const input = await page.send('Runtime.evaluate', {
      expression: CAPTURE_INPUT,
    });
    await page.send('DOM.setFileInputFiles', { files: [file], objectId: input.result.objectId });
    const loaded = await loading;

    const watchId = await startWatch(page, [
      {
        root: paneSelector(id),
        selector: '[aria-label="Message count"]',
        kind: 'count',
        target: plan.perPane,
      },
      { root: 'body', selector: SEND_STATUS, kind: 'send', target: plan.perPane },
    ]);
    const watching = whenDone(page, watchId, plan.timeoutMs, ctx.settleMs);
    watching.catch(() => {}); // awaited below
    await page.evaluate(`window.__swbDriver.click(null, 'Start replay')`);
    const click = await callPage<{ at: number } | null>(page, 'lastClick');
    if (!click) throw new Error('the click on Start replay was not seen in the page');
    const watched = await watching;
    const count = watched.items[0]?.value ?? -1;
    if (watched.problem || watched.timedOut || count !== plan.perPane)
      return {
        ...base,
        counts: [count],
        error: `the pane ended at ${count} of ${plan.perPane}${watched.problem ? ` (${watched.problem})` : ''}${watched.timedOut ? ' (timed out)' : ''}; Send status "${(watched.items[1]?.text ?? '').trim()}"`,
      };
    const trace = traced ? await stopTrace(page, null) : null;
    const stats = await windowStats(page, loaded.started, watched.doneAt!);
    const heap = await heapAfterGc(page);
    const seconds = (watched.doneAt! - click.at) / 1000;
    const loadMs = loaded.ended - loaded.started;
    ctx.log(
      `l replay ${expected} messages: file read and checked in ${Math.round(loadMs)} ms, replayed in ${seconds.toFixed(2)} s`,
    );
    const figures = { replayLoadMs: loadMs, ...pageFigures(stats, trace, 'tasks') };
    return completedRun(base, { ...figures, heapMiB: heap.usedMiB }, plan.perPane, seconds, [
      count,
    ]);
  } catch (error) {
    return { ...base, error: (error as Error).message.split('\n')[0] };
  } finally {
    await opened?.close();
    rmSync(file, { force: true });
    untrack();
  }
}
