/**
 * The longest task of the page's main thread in a Chromium trace, by its own CPU time.
 *
 * On 2 cores shared with the broker, a task's wall time (`dur`, what the `longtask` API reports)
 * mostly says how long the thread waited for a core. Every complete event of a trace also
 * carries `tdur`, the thread's CPU time over the same span (CLOCK_THREAD_CPUTIME_ID), which is
 * what the page itself cost. Top-level tasks are the `RunTask` events (category
 * `disabled-by-default-devtools.timeline`, phase `X`); the renderer's main thread is the thread
 * named `CrRendererMain` (a `thread_name` metadata event). Times in a trace are µs.
 */

/** The fields of a trace event this module reads. */
export interface TraceEvent {
  name?: string;
  ph?: string;
  pid?: number;
  tid?: number;
  /** Wall time, µs. */
  dur?: number;
  /** Thread CPU time, µs. */
  tdur?: number;
  args?: { name?: string };
}

export interface LongestTask {
  /** The most thread CPU time any one top-level task took, ms. */
  cpuMs: number;
  /** That task's wall time, ms. */
  wallMs: number;
  /** The longest wall time of a top-level task, ms (whatever its CPU time). */
  longestWallMs: number;
  /** Top-level tasks seen on the main thread(s). */
  tasks: number;
  /** Tasks whose own CPU time was 50 ms or more. */
  over50CpuMs: number;
  /**
   * All the CPU time of the page's main thread over the trace, ms: the sum of its top-level
   * tasks' `tdur` (the busiest thread of that name). Unlike wall-clock rates, it does not depend
   * on what else the machine runs, so runs on a busy machine can still be compared by it.
   */
  mainCpuMs: number;
  /** The same for the busiest dedicated worker (the connection worker), ms; 0 when none. */
  workerCpuMs: number;
}

export const WORKER_THREAD = 'DedicatedWorker thread';

export const MAIN_THREAD = 'CrRendererMain';
export const TASK_EVENT = 'RunTask';

interface ThreadTasks {
  /** Sum of the tasks' thread CPU time, µs. */
  totalTdur: number;
  maxTdur: number;
  durOfMax: number;
  maxDur: number;
  tasks: number;
  over50: number;
}

/**
 * Folds trace events one at a time (a traced flood is hundreds of MB, never held whole).
 * Thread names may come before or after the tasks, so tasks are kept per thread and the
 * main thread is picked at the end.
 */
export class LongestTaskFold {
  private readonly names = new Map<string, string>();
  private readonly threads = new Map<string, ThreadTasks>();

  add(event: TraceEvent): void {
    const key = `${event.pid}:${event.tid}`;
    if (event.ph === 'M' && event.name === 'thread_name') {
      if (typeof event.args?.name === 'string') this.names.set(key, event.args.name);
      return;
    }
    if (event.ph !== 'X' || event.name !== TASK_EVENT || typeof event.dur !== 'number') return;
    let thread = this.threads.get(key);
    if (!thread)
      this.threads.set(
        key,
        (thread = { totalTdur: 0, maxTdur: -1, durOfMax: 0, maxDur: 0, tasks: 0, over50: 0 }),
      );
    // A task with no thread time (the clock was not read) counts for its wall time only.
    const tdur = typeof event.tdur === 'number' ? event.tdur : -1;
    thread.tasks++;
    if (tdur > 0) thread.totalTdur += tdur;
    if (tdur >= 50_000) thread.over50++;
    if (tdur > thread.maxTdur) {
      thread.maxTdur = tdur;
      thread.durOfMax = event.dur;
    }
    thread.maxDur = Math.max(thread.maxDur, event.dur);
  }

  /** Over every thread named `CrRendererMain`; null when the trace has no task with CPU time on one. */
  result(threadName = MAIN_THREAD): LongestTask | null {
    let out: LongestTask | null = null;
    let tasks = 0;
    let over50 = 0;
    let longestWall = 0;
    let mainCpu = 0;
    let workerCpu = 0;
    for (const [key, thread] of this.threads) {
      if (this.names.get(key) === WORKER_THREAD) workerCpu = Math.max(workerCpu, thread.totalTdur);
      if (this.names.get(key) !== threadName) continue;
      mainCpu = Math.max(mainCpu, thread.totalTdur);
      tasks += thread.tasks;
      over50 += thread.over50;
      longestWall = Math.max(longestWall, thread.maxDur);
      if (thread.maxTdur < 0) continue;
      if (!out || thread.maxTdur / 1000 > out.cpuMs) {
        out = {
          cpuMs: thread.maxTdur / 1000,
          wallMs: thread.durOfMax / 1000,
          longestWallMs: 0,
          tasks: 0,
          over50CpuMs: 0,
          mainCpuMs: 0,
          workerCpuMs: 0,
        };
      }
    }
    return (
      out && {
        ...out,
        longestWallMs: longestWall / 1000,
        tasks,
        over50CpuMs: over50,
        mainCpuMs: mainCpu / 1000,
        workerCpuMs: workerCpu / 1000,
      }
    );
  }
}

/** {@link LongestTaskFold} over a list of events. */
export function longestTask(
  events: Iterable<TraceEvent>,
  threadName = MAIN_THREAD,
): LongestTask | null {
  const fold = new LongestTaskFold();
  for (const event of events) fold.add(event);
  return fold.result(threadName);
}

/**
 * One line of Chromium's JSON trace stream (one event a line: `{"traceEvents":[`, then
 * `{…},` lines) as an event, when it can matter here: a thread name or a `RunTask`. Everything
 * else returns null without being parsed, which keeps reading a big trace cheap.
 */
export function traceLineEvent(line: string): TraceEvent | null {
  if (!line.includes('"thread_name"') && !line.includes(`"${TASK_EVENT}"`)) return null;
  // The last event is followed by `]` (the end of the list) on its line.
  const text = line.trim().replace(/[\],]+$/, '');
  if (!text.startsWith('{')) return null;
  try {
    return JSON.parse(text) as TraceEvent;
  } catch {
    return null;
  }
}
