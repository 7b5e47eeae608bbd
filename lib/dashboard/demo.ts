import type { PaneRuntime } from '@/lib/panes/pane-runtime';
import { err, ok, type Result } from '@/lib/util/result';
import { changeRouting } from '@/lib/workspace/layout';
import type { Dashboard } from './dashboard';
import type { NewPane } from './dashboard-types';

/**
 * The one-click demo of the original puzzle (Dashboard.runDemo runs it): what it subscribes and
 * where it sends, and the wait for its panes.
 */

/** How long the demo's shared queue outlives its last consumer before the broker deletes it. */
const DEMO_QUEUE_EXPIRES_MS = 5000;

/** What the demo made, so that `Remove demo` takes exactly that away. */
export interface DemoRecord {
  paneKeys: string[];
  runIds: string[];
}

/** The demo's four panes and its two destinations, named with `tag` so runs never meet. */
export function demoPlan(tag: string): { specs: NewPane[]; destinations: string[] } {
  const queue = `/queue/demo-jobs-${tag}`;
  const topic = `/exchange/amq.topic/demo-${tag}.#`;
  // The demo leaves nothing behind: its queue expires once its panes are gone (x-expires; an
  // auto-delete /queue/ would be exclusive, and the second pane refused). A SEND to /queue/x
  // declares x again with the default arguments, which RabbitMQ refuses for this one by
  // closing the connection, so the demo sends through /amq/queue/x, which declares nothing.
  const base = { ackMode: 'auto', connection: 'own', capacity: 5000 } as const;
  const demoQueue = { expiresMs: DEMO_QUEUE_EXPIRES_MS };
  const specs: NewPane[] = [
    { ...base, queue: demoQueue, subscriptionId: `queue-A-${tag}`, destination: queue },
    { ...base, queue: demoQueue, subscriptionId: `queue-B-${tag}`, destination: queue },
    { ...base, queue: {}, subscriptionId: `fan-C-${tag}`, destination: topic },
    { ...base, queue: {}, subscriptionId: `fan-D-${tag}`, destination: topic },
  ];
  const destinations = [`/amq/queue/demo-jobs-${tag}`, `/exchange/amq.topic/demo-${tag}.created`];
  return { specs, destinations };
}

/** Resolves once the pane's SUBSCRIBE is confirmed, or with the reason it was not. */
export function waitForSubscription(pane: PaneRuntime, timeoutMs: number): Promise<Result<void>> {
  return new Promise((resolve) => {
    const check = (): boolean => {
      const { subscription } = pane.status;
      if (subscription.status === 'subscribed') resolve(ok(undefined));
      else if (subscription.status === 'error') resolve(err(subscription.reason));
      else return false;
      return true;
    };
    if (check()) return;
    const off = pane.onStatus(() => {
      if (check()) done();
    });
    const timer = setTimeout(() => {
      resolve(
        err(`Pane ${pane.config.subscriptionId} was not subscribed within ${timeoutMs / 1000} s.`),
      );
      done();
    }, timeoutMs);
    const done = () => {
      off();
      clearTimeout(timer);
    };
  });
}

/**
 * Runs the demo on `dashboard` (connected, its last demo removed): opens Routing on Delivery,
 * adds the four panes, waits until they are subscribed, then sends `count` messages to each
 * destination; `demo` records what it made.
 */
export async function playDemo(
  dashboard: Dashboard,
  demo: DemoRecord,
  count: number,
): Promise<Result<{ destinations: string[] }>> {
  const { specs, destinations } = demoPlan(Math.random().toString(36).slice(2, 6));
  // The answer is the Delivery matrix: it is in view from the first message on.
  dashboard.setLayout((layout) => ({
    ...changeRouting(layout, { open: true, tab: 'delivery' }),
    maximised: null,
  }));
  const panes: PaneRuntime[] = [];
  for (const spec of specs) {
    const added = dashboard.addPane(spec);
    if (!added.ok) return added;
    panes.push(added.value);
    demo.paneKeys.push(added.value.key);
  }
  const ready = await Promise.all(panes.map((pane) => waitForSubscription(pane, 15_000)));
  const failed = ready.find((result) => !result.ok);
  if (failed && !failed.ok) return failed;
  for (const destination of destinations) {
    const run = dashboard.send({
      destination,
      count,
      body: (i) => `demo message ${i}`,
      headers: {},
      receipts: 'last',
    });
    if (!run.ok) return run;
    demo.runIds.push(run.value.runId);
    const final = await run.value.sender.settled();
    if (final.status !== 'done')
      return err(`The demo send to ${destination} ended ${final.status}: ${final.error ?? ''}`);
  }
  return ok({ destinations });
}
