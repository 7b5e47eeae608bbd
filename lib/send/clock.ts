/**
 * Time for the bulk sender, injectable so tests can run rate limits on a fake clock instead of
 * asserting on real timings.
 */
export interface SendClock {
  /** Monotonic milliseconds (only differences matter). */
  now(): number;
  /** Resolves after about `ms` milliseconds, or at once when `abort` fires (the timer is cleared). */
  sleep(ms: number, abort?: AbortSignal): Promise<void>;
  /** Lets the event loop run (input, rendering, socket I/O) and resumes as soon as possible. */
  yield(): Promise<void>;
}

/** The real clock: performance.now, setTimeout, and {@link yieldToEventLoop}. */
export const realClock: SendClock = {
  now: () => performance.now(),
  sleep: (ms, abort) =>
    new Promise((resolve) => {
      if (abort?.aborted) return resolve();
      const timer = setTimeout(done, Math.max(0, ms));
      abort?.addEventListener('abort', done, { once: true });
      function done() {
        clearTimeout(timer);
        abort?.removeEventListener('abort', done);
        resolve();
      }
    }),
  yield: () => yieldToEventLoop(),
};

let channel: MessageChannel | null = null;
const waiting: (() => void)[] = [];

/**
 * Resumes after the event loop has had a turn. Uses setImmediate in Node; in browsers a
 * MessageChannel message, which (unlike setTimeout(0), clamped to 4 ms once nested) runs as soon
 * as pending input and rendering are done.
 */
export function yieldToEventLoop(): Promise<void> {
  if (typeof setImmediate === 'function') {
    return new Promise((resolve) => setImmediate(resolve));
  }
  if (typeof MessageChannel === 'function') {
    if (!channel) {
      channel = new MessageChannel();
      channel.port1.onmessage = () => waiting.shift()?.();
    }
    const port = channel.port2;
    return new Promise((resolve) => {
      waiting.push(resolve);
      port.postMessage(null);
    });
  }
  return new Promise((resolve) => setTimeout(resolve, 0));
}
