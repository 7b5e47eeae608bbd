/** The benchmark's side of the reference consumer process (bench/node-consumer.ts). */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type * as Protocol from './reference-protocol';
import { measureOffset } from './stats';

const CONSUMER_SCRIPT = fileURLToPath(new URL('./node-consumer.ts', import.meta.url));

export class ReferenceConsumer {
  private listeners = new Set<(message: Protocol.FromConsumer) => void>();
  private exited: string | null = null;
  /** The child's clock minus ours, in ms. */
  offsetMs = 0;
  server = 'unknown';

  private constructor(private readonly child: ChildProcess) {
    child.on('message', (message) => {
      for (const listener of [...this.listeners]) listener(message as Protocol.FromConsumer);
    });
    child.on('exit', (code, signal) => {
      this.exited = `the reference consumer exited (${signal ?? `code ${code}`})`;
      for (const listener of [...this.listeners]) listener({ type: 'error', message: this.exited });
    });
  }

  /**
   * Forks the consumer (it inherits this process's `--import tsx`), subscribes, and resolves
   * once every SUBSCRIBE has its receipt, i.e. the queues are bound and nothing can be missed.
   */
  static async start(
    command: Omit<Protocol.ConsumeCommand, 'type'>,
    track: (stop: () => Promise<void>) => () => void,
  ): Promise<ReferenceConsumer> {
    const child = fork(CONSUMER_SCRIPT, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const consumer = new ReferenceConsumer(child);
    const untrack = track(() => consumer.stop());
    consumer.untrack = untrack;
    try {
      const ready = consumer.next(
        (m) => m.type === 'ready',
        30_000,
        'the reference consumer did not subscribe within 30 s',
      );
      consumer.post({ type: 'consume', ...command });
      const answer = await ready;
      if (answer.type === 'ready') consumer.server = answer.server;
      let nonce = 0;
      consumer.offsetMs = (
        await measureOffset(async () => {
          const mine = ++nonce;
          const pong = await consumer.request(
            { type: 'ping', nonce: mine },
            (m) => m.type === 'pong' && m.nonce === mine,
            5000,
          );
          return pong.type === 'pong' ? pong.now : Number.NaN;
        })
      ).offsetMs;
      return consumer;
    } catch (error) {
      await consumer.stop();
      throw error;
    }
  }

  private untrack: () => void = () => {};

  private post(message: Protocol.ToConsumer): void {
    if (this.exited) throw new Error(this.exited);
    this.child.send(message);
  }

  private next(
    match: (m: Protocol.FromConsumer) => boolean,
    timeoutMs: number,
    timeoutMessage: string,
  ): Promise<Protocol.FromConsumer> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.listeners.delete(listener);
        reject(new Error(timeoutMessage));
      }, timeoutMs);
      const listener = (message: Protocol.FromConsumer) => {
        if (message.type === 'error') {
          clearTimeout(timer);
          this.listeners.delete(listener);
          reject(new Error(message.message));
        } else if (match(message)) {
          clearTimeout(timer);
          this.listeners.delete(listener);
          resolve(message);
        }
      };
      if (this.exited) reject(new Error(this.exited));
      else this.listeners.add(listener);
    });
  }

  private request(
    message: Protocol.ToConsumer,
    match: (m: Protocol.FromConsumer) => boolean,
    timeoutMs: number,
  ): Promise<Protocol.FromConsumer> {
    const answer = this.next(
      match,
      timeoutMs,
      `the reference consumer did not answer ${message.type}`,
    );
    this.post(message);
    return answer;
  }

  /** Starts the child's own bulk publisher (the reference for the UI's `Repeat`). */
  bulk(command: Omit<Protocol.BulkCommand, 'type'>): void {
    this.post({ type: 'bulk', ...command });
  }

  /**
   * Waits for the final report (every count exact, or a problem). On timeout, asks for the
   * counts so far and returns them with `timedOut`. Times are converted to our clock.
   */
  async finish(timeoutMs: number): Promise<Protocol.ConsumerReport & { timedOut: boolean }> {
    let report: Protocol.ConsumerReport;
    let timedOut = false;
    try {
      const final = await this.next((m) => m.type === 'report' && m.final, timeoutMs, 'timeout');
      report = (final as Extract<Protocol.FromConsumer, { type: 'report' }>).report;
    } catch (error) {
      if ((error as Error).message !== 'timeout') throw error;
      timedOut = true;
      const partial = await this.request({ type: 'report' }, (m) => m.type === 'report', 5000);
      report = (partial as Extract<Protocol.FromConsumer, { type: 'report' }>).report;
    }
    const toOurs = (t: number | null) => (t === null ? null : t - this.offsetMs);
    return {
      ...report,
      doneAt: toOurs(report.doneAt),
      bulk: report.bulk
        ? {
            ...report.bulk,
            startedAt: report.bulk.startedAt - this.offsetMs,
            confirmedAt: toOurs(report.bulk.confirmedAt),
          }
        : null,
      timedOut,
    };
  }

  /** Closes its connections and ends the process (SIGKILL if it does not go within 3 s). */
  async stop(): Promise<void> {
    this.untrack();
    if (this.exited) return;
    const gone = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    try {
      this.child.send({ type: 'stop' } satisfies Protocol.ToConsumer);
    } catch {
      this.child.kill('SIGTERM');
    }
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 3000);
    await gone;
    clearTimeout(timer);
  }
}
