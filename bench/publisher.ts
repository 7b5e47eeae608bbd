/**
 * The Node publisher: one @stomp/stompjs client over `ws`, client heartbeats off (a publishing
 * connection with heartbeats was seen to die under flow control on RabbitMQ 3.10, see
 * docs in ../shared/rabbitmq-notes.md), receipts to know the broker took everything.
 */
import type { Client, StompHeaders } from '@stomp/stompjs';
import { type BrokerLogin, connectNodeStomp } from '../scripts/lib/node-stomp';
import { epochNow } from './stats';

let receiptCounter = 0;

/** Resolves when the broker returns receipt `id`, rejects after `timeoutMs`. */
export function receiptFor(client: Client, id: string, timeoutMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no receipt ${id} within ${timeoutMs / 1000} s`)),
      timeoutMs,
    );
    client.watchForReceipt(id, () => {
      clearTimeout(timer);
      resolve(epochNow());
    });
  });
}

export function nextReceiptId(prefix: string): string {
  receiptCounter += 1;
  return `${prefix}-${process.pid}-${receiptCounter}`;
}

export interface BurstResult {
  /** When the first SEND was handed to the socket (epoch ms). */
  firstAt: number;
  /** When the last SEND was handed to the socket. */
  writtenAt: number;
  /** When the broker's receipt for the last SEND arrived. */
  confirmedAt: number;
}

/**
 * The benchmark's publisher. Between runs its connection may be closed by the broker's idle
 * timeout (Web-STOMP closes a socket that sent nothing for a while with code 1000, and this one
 * sends no heartbeats), so each run starts by reconnecting when needed. A close *during* a run
 * fails that run.
 */
export class BenchPublisher {
  private closed: string | null = null;
  private client!: Client;
  /** Times the connection had to be opened again before a run. */
  reconnects = 0;

  private constructor(
    private readonly login: BrokerLogin,
    /** The CONNECTED frame's `server` header, e.g. `RabbitMQ/3.10.8`. */
    readonly server: string,
    client: Client,
  ) {
    this.adopt(client);
  }

  private adopt(client: Client): void {
    this.client = client;
    this.closed = null;
    client.onWebSocketClose = (event) => {
      this.closed = `the publisher's WebSocket closed (code ${event.code}${event.reason ? `, ${event.reason}` : ''})`;
    };
  }

  static async connect(login: BrokerLogin): Promise<BenchPublisher> {
    const { client, connected } = await connectNodeStomp(login, {
      heartbeatIncoming: 0,
      heartbeatOutgoing: 0,
    });
    return new BenchPublisher(login, connected.headers.server ?? 'unknown', client);
  }

  private async ready(): Promise<void> {
    if (!this.closed && this.client.connected) return;
    await this.client.deactivate().catch(() => {});
    const { client } = await connectNodeStomp(this.login, {
      heartbeatIncoming: 0,
      heartbeatOutgoing: 0,
    });
    this.reconnects++;
    this.adopt(client);
  }

  private ensureOpen(): void {
    if (this.closed) throw new Error(this.closed);
  }

  /** Publishes `count` messages as fast as the socket takes them; receipt on the last. */
  async burst(
    destination: string,
    count: number,
    body: (i: number) => string,
    headers: StompHeaders = {},
  ): Promise<BurstResult> {
    await this.ready();
    const receipt = nextReceiptId('burst');
    const confirmed = receiptFor(this.client, receipt, 300_000 + count);
    const firstAt = epochNow();
    for (let i = 0; i < count; i++) {
      const last = i === count - 1;
      this.client.publish({
        destination,
        body: body(i),
        headers: last ? { ...headers, receipt } : headers,
      });
    }
    const writtenAt = epochNow();
    const confirmedAt = await confirmed;
    this.ensureOpen();
    return { firstAt, writtenAt, confirmedAt };
  }

  /**
   * Publishes `count` messages at `ratePerSecond`, each carrying `bench-seq` and `bench-ts`
   * (its publish time, epoch ms) headers. Returns every message's publish time by index.
   */
  async paced(
    destination: string,
    count: number,
    ratePerSecond: number,
    body: (i: number) => string,
  ): Promise<{ publishedAt: Float64Array; confirmedAt: number; lateMaxMs: number }> {
    await this.ready();
    const publishedAt = new Float64Array(count);
    const receipt = nextReceiptId('paced');
    const confirmed = receiptFor(this.client, receipt, 180_000 + (count * 1000) / ratePerSecond);
    confirmed.catch(() => {}); // awaited below; a failed run must not leave it unhandled
    const start = epochNow();
    let sent = 0;
    let lateMaxMs = 0;
    await new Promise<void>((resolve, reject) => {
      const tick = () => {
        try {
          this.ensureOpen();
          const now = epochNow();
          const due = Math.min(count, Math.floor(((now - start) * ratePerSecond) / 1000) + 1);
          while (sent < due) {
            const t = epochNow();
            const scheduled = start + (sent * 1000) / ratePerSecond;
            lateMaxMs = Math.max(lateMaxMs, t - scheduled);
            const headers: StompHeaders = { 'bench-seq': String(sent), 'bench-ts': t.toFixed(3) };
            if (sent === count - 1) headers.receipt = receipt;
            this.client.publish({ destination, body: body(sent), headers });
            publishedAt[sent] = t;
            sent++;
          }
          if (sent >= count) {
            clearInterval(timer);
            resolve();
          }
        } catch (error) {
          clearInterval(timer);
          reject(error);
        }
      };
      const timer = setInterval(tick, 2);
      tick();
    });
    const confirmedAt = await confirmed;
    return { publishedAt, confirmedAt, lateMaxMs };
  }

  async close(): Promise<void> {
    this.client.onWebSocketClose = () => {};
    await this.client.deactivate();
  }
}
