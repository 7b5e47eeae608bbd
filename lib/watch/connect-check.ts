import type { Dashboard } from '@/lib/dashboard/dashboard';
import type { PaneConfig } from '@/lib/panes/pane-config';
import { err, ok, type Result } from '@/lib/util/result';
import {
  checkPanesBeforeConsuming,
  type ConsumeCheckContext,
  type PaneToTell,
} from './consume-check';
import { consumedQueue, paneForChoice } from './consume-warning';
import { watchNameProblem } from './firehose';

/**
 * The check before consuming, at Connect. Panes restored from the browser's storage, imported
 * from a file naming another broker, or added while disconnected were never checked against the
 * broker they are about to subscribe on, and consumers come and go: every Connect (not the
 * automatic reconnects after a drop, where the user chose already) holds back each pane that
 * would consume from a named queue, reads the vhost's consumers, lets the panes whose queue has
 * no outside consumer go, and keeps the rest, unsubscribed, for one choice about all of them.
 * A choice is never remembered past its connection: the next Connect asks again.
 */

/** Whether Connect holds `pane` back until checked. A requeue pane gives every message back. */
export function heldAtConnect(pane: PaneConfig): boolean {
  return pane.requeueAll !== true && consumedQueue(pane) !== null;
}

/**
 * What the user chose when told a pane would take messages from other consumers; at Connect,
 * `cancel` disconnects again.
 */
export type ConsumeChoice = 'watch' | 'requeue' | 'anyway' | 'cancel';

/** Whether every listed pane's queue can be watched through the firehose (no `*`/`#` word). */
export function canWatchAll(told: readonly PaneToTell<PaneConfig>[]): boolean {
  return told.every(
    ({ check }) => watchNameProblem({ kind: 'queue', queue: check.queue }) === null,
  );
}

export class ConnectCheck {
  /** Bumped by every Connect and Disconnect: a check that outlived its Connect tells nothing. */
  private generation = 0;

  constructor(private readonly dashboard: Dashboard) {}

  /**
   * Connects, holding back the panes that would consume, and resolves with those the user must
   * be told about (empty when none): until {@link choose}, no SUBSCRIBE is sent for them.
   */
  async connect(
    context: Omit<ConsumeCheckContext, 'lists' | 'ownPanes'>,
  ): Promise<Result<PaneToTell<PaneConfig>[]>> {
    const generation = ++this.generation;
    const connected = this.dashboard.connect(heldAtConnect);
    if (!connected.ok) return connected;
    const panes = this.dashboard.getSnapshot().panes.map((pane) => pane.config);
    const held = panes.filter(heldAtConnect);
    if (held.length === 0) return ok([]);
    // The topology poll's last answer may be about the broker before this Connect: not used.
    const told = await checkPanesBeforeConsuming(held, {
      ...context,
      lists: null,
      ownPanes: panes.filter((pane) => !heldAtConnect(pane)),
    });
    if (generation !== this.generation || !this.dashboard.getSnapshot().online) return ok([]);
    const toldKeys = new Set(told.map(({ pane }) => pane.key));
    for (const pane of held) if (!toldKeys.has(pane.key)) this.dashboard.release(pane.key);
    return ok(told);
  }

  /** Applies the user's one choice to every pane in `told`. */
  async choose(
    told: readonly PaneToTell<PaneConfig>[],
    choice: ConsumeChoice,
  ): Promise<Result<void>> {
    if (choice === 'cancel') {
      this.generation += 1;
      await this.dashboard.disconnect();
      return ok(undefined);
    }
    if (choice === 'watch' && !canWatchAll(told))
      return err('Some of these queues cannot be watched exactly; pick another way.');
    const problems: string[] = [];
    for (const { pane, check } of told) {
      const chosen = choice === 'anyway' ? pane : paneForChoice(pane, choice, check.queue);
      // Null: this queue cannot be watched; the pane stays unsubscribed rather than consume.
      if (chosen === null) continue;
      const released = this.dashboard.release(pane.key, chosen === pane ? undefined : chosen);
      if (!released.ok) problems.push(`${pane.subscriptionId}: ${released.error}`);
    }
    return problems.length === 0 ? ok(undefined) : err(problems.join(' '));
  }

  /** Forgets a check in flight (Disconnect pressed meanwhile). */
  abandon(): void {
    this.generation += 1;
  }
}
