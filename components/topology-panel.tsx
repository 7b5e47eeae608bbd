import type { PaneRuntime } from '@/lib/panes/pane-runtime';
import type { TopologyState } from '@/hooks/use-topology';
import { VisibleText } from '@/components/ui/visible-text';

/** Exchange → binding → queue → pane for every pane, with shared (round-robin) queues highlighted. */
export function TopologyPanel({
  state,
  panes,
}: {
  state: TopologyState;
  panes: readonly PaneRuntime[];
}) {
  const labels = new Map(panes.map((pane) => [pane.key, pane.config.subscriptionId]));
  return (
    <section aria-label="Topology" className="flex flex-col gap-2 text-xs">
      <h2 className="text-sm font-semibold">Broker topology</h2>
      <p
        role="status"
        aria-label="Topology status"
        className={
          state.status === 'error'
            ? 'text-red-700 dark:text-red-300'
            : 'text-zinc-600 dark:text-zinc-400'
        }
      >
        {describe(state)}
      </p>
      {state.status === 'ok' && state.topology.panes.length > 0 ? (
        <ul className="flex flex-col gap-1.5">
          {state.topology.panes.map((pane) => {
            const label = labels.get(pane.paneKey) ?? pane.paneKey;
            const shared = pane.roundRobinWith.length > 0 || (pane.queue?.consumers ?? 0) > 1;
            return (
              <li
                key={pane.paneKey}
                aria-label={`Topology of ${label}`}
                className={`rounded-md border p-2 font-mono ${shared ? 'border-amber-400 bg-amber-50 dark:border-amber-700 dark:bg-amber-950/30' : 'border-zinc-200 dark:border-zinc-800'}`}
              >
                <div className="flex flex-wrap items-center gap-1 break-all">
                  {pane.bindings.length === 0 ? (
                    <span className="text-zinc-600 dark:text-zinc-400">
                      (default exchange, by queue name)
                    </span>
                  ) : (
                    pane.bindings.map((binding) => (
                      <span key={`${binding.exchange} ${binding.routingKey}`}>
                        <VisibleText text={binding.exchange} />{' '}
                        <span className="text-zinc-600 dark:text-zinc-400">
                          ({binding.exchangeType})
                        </span>{' '}
                        —[
                        {binding.routingKey === '' ? (
                          '""'
                        ) : (
                          <VisibleText text={binding.routingKey} />
                        )}
                        ]→
                      </span>
                    ))
                  )}
                  <span className="rounded bg-zinc-100 px-1 dark:bg-zinc-800">
                    <VisibleText text={pane.queue?.name ?? '?'} />
                  </span>
                  <span>
                    → <VisibleText text={label} />
                  </span>
                </div>
                {pane.queue ? (
                  <p className="mt-0.5 font-sans text-zinc-600 dark:text-zinc-400">
                    {pane.queue.consumers} consumer{pane.queue.consumers === 1 ? '' : 's'} on this{' '}
                    {pane.queue.type} queue
                    {shared
                      ? `: round-robin${pane.roundRobinWith.length > 0 ? ` with ${pane.roundRobinWith.map((key) => labels.get(key) ?? key).join(', ')}` : ''}`
                      : ''}
                    {pane.queue.messagesReady ? `, ${pane.queue.messagesReady} waiting` : ''}
                  </p>
                ) : null}
                {pane.note ? (
                  <p className="mt-0.5 font-sans text-zinc-600 dark:text-zinc-400">
                    <VisibleText text={pane.note} />
                  </p>
                ) : null}
              </li>
            );
          })}
        </ul>
      ) : null}
    </section>
  );
}

function describe(state: TopologyState): string {
  switch (state.status) {
    case 'off':
      return 'Connect to see the queues and bindings behind the panes.';
    case 'loading':
      return 'Reading the management API…';
    case 'ok':
      return `From the management API at ${new Date(state.updatedAt).toLocaleTimeString()} (consumer lists trail the broker by a few seconds).`;
    case 'needs-credentials':
      return 'Connect with your login and passcode to see the topology: the management API is read with your own RabbitMQ login.';
    case 'error':
      return `Topology unavailable: ${state.reason} Everything else keeps working.`;
  }
}
