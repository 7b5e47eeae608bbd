import type { Topology } from '@/lib/management/topology';

/** How long a backlog must keep growing before the pane header calls it out. */
export const FALLING_BEHIND_AFTER_MS = 10_000;
/** Samples kept per pane: enough for a minute of 5-second polls. */
const MAX_SAMPLES = 16;

/**
 * How far behind the broker a pane is, from the last topology poll: the messages ready and
 * unacknowledged in its queue. For a queue the pane shares with other consumers the figure is
 * the whole queue's, and says so.
 */
export interface PaneLag {
  queue: string;
  /** `messages_ready + messages_unacknowledged` (the management API's view, up to ~5 s old itself). */
  waiting: number;
  /** True when other consumers take from the same queue: `waiting` is for all of them. */
  shared: boolean;
  /** When the poll that reported it answered (ms since epoch). */
  polledAt: number;
  /** How long `waiting` has grown without falling back (0 when it has not grown). */
  growingForMs: number;
}

interface Sample {
  at: number;
  waiting: number;
}

/**
 * Keeps each pane's backlog over the topology polls and tells how long it has been growing.
 * Feeding the same poll twice changes nothing (React may run a memo twice).
 *
 * @example
 * const trend = new LagTrend();
 * trend.update(topology, polledAt).get(paneKey); // { waiting: 12400, growingForMs: 10000, … }
 */
export class LagTrend {
  private readonly samples = new Map<string, Sample[]>();
  private lastPoll = -Infinity;
  private lags = new Map<string, PaneLag>();

  update(topology: Topology, polledAt: number): ReadonlyMap<string, PaneLag> {
    if (polledAt <= this.lastPoll) return this.lags;
    this.lastPoll = polledAt;
    const lags = new Map<string, PaneLag>();
    for (const pane of topology.panes) {
      const queue = pane.queue;
      if (!queue || queue.messagesReady === null) {
        this.samples.delete(pane.paneKey);
        continue;
      }
      const waiting = queue.messagesReady + (queue.messagesUnacknowledged ?? 0);
      const history = this.samples.get(pane.paneKey) ?? [];
      history.push({ at: polledAt, waiting });
      if (history.length > MAX_SAMPLES) history.shift();
      this.samples.set(pane.paneKey, history);
      lags.set(pane.paneKey, {
        queue: queue.name,
        waiting,
        shared: queue.consumers > 1 || pane.roundRobinWith.length > 0,
        polledAt,
        growingForMs: growingFor(history),
      });
    }
    for (const key of this.samples.keys()) if (!lags.has(key)) this.samples.delete(key);
    this.lags = lags;
    return lags;
  }
}

/**
 * How long the newest stretch of samples that never went down has lasted, when it ended higher
 * than it began. Equal neighbours do not break it: the broker refreshes queue statistics every
 * 5 s, so two polls may read the same figure.
 */
export function growingFor(samples: readonly Sample[]): number {
  const last = samples.length - 1;
  if (last < 1) return 0;
  let start = last;
  while (start > 0 && samples[start - 1]!.waiting <= samples[start]!.waiting) start--;
  return samples[last]!.waiting > samples[start]!.waiting
    ? samples[last]!.at - samples[start]!.at
    : 0;
}

const number = (n: number) => n.toLocaleString('en-US');

/** The age of a poll in words: `just now`, `4 s ago`, `2 min ago`. */
export function describeAge(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 2) return 'just now';
  if (s < 120) return `${s} s ago`;
  return `${Math.round(s / 60)} min ago`;
}

/** Below this many seconds of the pane's own receive rate a growing backlog is noise, not lag. */
export const BACKLOG_NOISE_SECONDS = 2;

/**
 * True once the backlog has grown for {@link FALLING_BEHIND_AFTER_MS} and holds more than
 * {@link BACKLOG_NOISE_SECONDS} of what the pane receives per second: a pane taking 300 msg/s
 * with 125 waiting (unacked between its acks, statistics sampled at different moments) is
 * keeping up; a stuck pane (0/s) is behind with anything waiting.
 */
export function isFallingBehind(lag: PaneLag, ratePerSecond = 0): boolean {
  return (
    lag.growingForMs >= FALLING_BEHIND_AFTER_MS &&
    lag.waiting > Math.max(0, ratePerSecond) * BACKLOG_NOISE_SECONDS
  );
}

/**
 * The pane header's words for its lag: `falling behind: 12,400 waiting in the broker` once it
 * has grown for {@link FALLING_BEHIND_AFTER_MS}, else `12,400 waiting in the broker`; for a
 * shared queue `… in the broker (shared queue q, all consumers)`. `age` labels the figure.
 */
export function describeLag(
  lag: PaneLag,
  now: number,
  ratePerSecond = 0,
): { text: string; fallingBehind: boolean; age: string } {
  const fallingBehind = isFallingBehind(lag, ratePerSecond);
  const where = lag.shared
    ? `waiting in the broker (shared queue ${lag.queue}, all consumers)`
    : 'waiting in the broker';
  return {
    text: `${fallingBehind ? 'falling behind: ' : ''}${number(lag.waiting)} ${where}`,
    fallingBehind,
    age: describeAge(now - lag.polledAt),
  };
}
