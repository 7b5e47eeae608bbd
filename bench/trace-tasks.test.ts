import { describe, expect, it } from 'vitest';
import { longestTask, traceLineEvent, type TraceEvent } from './trace-tasks';

const threadName = (pid: number, tid: number, name: string): TraceEvent => ({
  name: 'thread_name',
  ph: 'M',
  pid,
  tid,
  args: { name },
});
const task = (pid: number, tid: number, dur: number, tdur?: number): TraceEvent => ({
  name: 'RunTask',
  ph: 'X',
  pid,
  tid,
  dur,
  ...(tdur === undefined ? {} : { tdur }),
});

describe('longestTask', () => {
  it("takes the renderer main thread's top-level task with the most CPU time, not the longest wall time", () => {
    const events: TraceEvent[] = [
      task(10, 11, 9_000, 8_000),
      // Waited for a core: long on the wall, little CPU.
      task(10, 11, 160_000, 7_500),
      task(10, 11, 61_000, 52_000),
      // Other threads and processes, busier: left out.
      task(10, 12, 90_000, 90_000),
      task(20, 20, 300_000, 250_000),
      // Not a top-level task, or not a complete event.
      { name: 'FunctionCall', ph: 'X', pid: 10, tid: 11, dur: 400_000, tdur: 400_000 },
      { name: 'RunTask', ph: 'B', pid: 10, tid: 11, dur: 500_000, tdur: 500_000 },
      // Names may come after the tasks.
      threadName(10, 11, 'CrRendererMain'),
      threadName(10, 12, 'DedicatedWorker thread'),
      threadName(20, 20, 'CrBrowserMain'),
    ];
    expect(longestTask(events)).toEqual({
      cpuMs: 52,
      wallMs: 61,
      longestWallMs: 160,
      tasks: 3,
      over50CpuMs: 1,
      // 8 + 7.5 + 52 ms on the main thread; the worker's 90 ms.
      mainCpuMs: 67.5,
      workerCpuMs: 90,
    });
  });

  it('looks at every renderer main thread and keeps the worst', () => {
    const events = [
      threadName(1, 1, 'CrRendererMain'),
      threadName(2, 2, 'CrRendererMain'),
      task(1, 1, 3_000, 2_000),
      task(2, 2, 40_000, 30_000),
    ];
    expect(longestTask(events)).toMatchObject({ cpuMs: 30, wallMs: 40, tasks: 2, over50CpuMs: 0 });
  });

  it('is null without a main-thread task that has CPU time', () => {
    expect(longestTask([threadName(1, 1, 'CrRendererMain'), task(1, 1, 5_000)])).toBeNull();
    expect(longestTask([task(1, 1, 5_000, 4_000)])).toBeNull();
  });
});

describe('traceLineEvent', () => {
  it("reads the events of Chromium's one-event-a-line stream that matter, the last one included", () => {
    const stream = [
      '{"traceEvents":[',
      '{"args":{"name":"CrRendererMain"},"cat":"__metadata","name":"thread_name","ph":"M","pid":7,"tid":7,"ts":0},',
      '{"args":{},"cat":"disabled-by-default-devtools.timeline","dur":61000,"name":"RunTask","ph":"X","pid":7,"tdur":52000,"tid":7,"ts":1},',
      '{"args":{},"cat":"devtools.timeline","dur":90000,"name":"Layout","ph":"X","pid":7,"tdur":90000,"tid":7,"ts":2},',
      '{"args":{},"cat":"disabled-by-default-devtools.timeline","dur":70000,"name":"RunTask","ph":"X","pid":7,"tdur":69000,"tid":7,"ts":3}],',
      '"metadata":{"trace-config":""}}',
    ];
    const events = stream.map(traceLineEvent);
    expect(events.map((event) => event?.name ?? null)).toEqual([
      null,
      'thread_name',
      'RunTask',
      null,
      'RunTask',
      null,
    ]);
    expect(
      longestTask(events.filter((event): event is TraceEvent => event !== null)),
    ).toMatchObject({
      cpuMs: 69,
      wallMs: 70,
      tasks: 2,
    });
  });
});
