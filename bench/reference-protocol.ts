/** Messages between the benchmark and its reference consumer process (bench/node-consumer.ts). */
import type { BrokerLogin } from '../scripts/lib/node-stomp';

export interface ConsumeCommand {
  type: 'consume';
  login: BrokerLogin;
  /** One connection per subscription, like the dashboard's panes (each has its own by default). */
  subscriptions: { id: string; destination: string }[];
  /** Messages each subscription must receive, exactly. */
  target: number;
  /** Record publish-to-receive latency from the `bench-ts` header. */
  latency: boolean;
  /** After the last count reaches `target`, keep listening this long to catch an overshoot. */
  settleMs: number;
}

/** The reference for the UI's bulk send: this process publishes too, as the page does. */
export interface BulkCommand {
  type: 'bulk';
  destination: string;
  count: number;
  bodyBytes: number;
  /** Receipt on the first message (waited for), every `receiptEvery`th and the last. */
  receiptEvery: number;
}

export type ToConsumer =
  | ConsumeCommand
  | BulkCommand
  | { type: 'ping'; nonce: number }
  | { type: 'report' }
  | { type: 'stop' };

export interface ConsumerReport {
  /** Epoch ms (this process's clock) when every subscription had exactly `target`. */
  doneAt: number | null;
  counts: number[];
  problem: string | null;
  latency: { p50: number; p99: number; max: number; samples: number } | null;
  bulk: { startedAt: number; confirmedAt: number | null; sent: number } | null;
}

export type FromConsumer =
  | { type: 'ready'; server: string }
  | { type: 'pong'; nonce: number; now: number }
  | { type: 'report'; report: ConsumerReport; final: boolean }
  | { type: 'error'; message: string };
