'use client';

import { useCallback, useEffect, useMemo, useState } from 'react';
import type { ConnectionForm, NewPane, SendRequest } from '@/lib/dashboard/dashboard';
import { useDashboard } from '@/hooks/use-dashboard';
import { ConnectionBar } from '@/components/connection-bar';
import { SubscribeForm } from '@/components/subscribe-form';
import { WorkspaceMenu } from '@/components/workspace-menu';
import { deferred } from '@/components/deferred';
import type { Pane as PaneComponent } from '@/components/pane';
import { EMPTY_SEND, SendForm, type SendFormValues } from '@/components/send-form';
import { DeliveryPreview } from '@/components/delivery-preview';
import { DeliveryView } from '@/components/delivery-view';
import { TopologyPanel } from '@/components/topology-panel';
import { useTopology } from '@/hooks/use-topology';
import { usePasscode } from '@/hooks/use-passcode';
import { useQueueNotes } from '@/hooks/use-queue-notes';
import { SendHistoryPanel, toDraft, useSendHistory } from '@/components/send-history';

const card = 'rounded-lg border border-zinc-200 bg-white p-3 shadow-sm dark:border-zinc-800 dark:bg-zinc-900';

// A pane's UI (virtualised list, message detail) is needed only once there is a subscription, so
// it is not part of the first load: it is fetched right after hydration, before it is used.
const Pane = deferred(
  () => import('@/components/pane').then((module) => module.Pane),
  function PanePlaceholder({ pane }: Parameters<typeof PaneComponent>[0]) {
    return <div className={`${card} text-sm text-zinc-500`}>Loading the pane for {pane.config.subscriptionId}…</div>;
  },
);

/** The client island: one Dashboard, its connection bar, forms and panes. */
export function DashboardApp({ defaults }: { defaults: ConnectionForm }) {
  const { dashboard, snapshot } = useDashboard(defaults);
  useEffect(() => Pane.preload(), []);
  const { passcode, changePasscode, remember, changeRemember } = usePasscode(dashboard, snapshot);
  const [sendValues, setSendValues] = useState<SendFormValues>(EMPTY_SEND);
  const onChange = useCallback(
    (change: Partial<ConnectionForm>) => {
      const { passcode: nextPasscode, ...rest } = change;
      if (nextPasscode !== undefined) changePasscode(nextPasscode);
      if (Object.keys(rest).length > 0) dashboard.setForm(rest);
    },
    [dashboard, changePasscode],
  );
  const freshId = useCallback(() => dashboard.freshId(), [dashboard]);
  const subscribe = useCallback((pane: NewPane) => dashboard.addPane(pane), [dashboard]);
  const history = useSendHistory();
  const [historyVersion, setHistoryVersion] = useState(0);
  const send = useCallback(
    (request: SendRequest, values: SendFormValues) => {
      const run = dashboard.send(request);
      if (run.ok && history) {
        history.add(toDraft(values));
        setHistoryVersion((n) => n + 1);
      }
      return run;
    },
    [dashboard, history],
  );
  const topology = useTopology(snapshot.panes, snapshot.online, {
    login: snapshot.form.login,
    passcode,
    vhost: snapshot.form.vhost,
  });
  const suggestions = useMemo(
    () =>
      [
        ...new Set([
          ...snapshot.panes.map((pane) => pane.config.destination),
          ...(topology.status === 'ok' ? topology.destinations : []),
        ]),
      ].slice(0, 16),
    [snapshot.panes, topology],
  );
  // Predictions follow what the broker has as soon as the management API has answered: the
  // exchanges' types (a SEND to a fanout reaches every queue bound to it, whatever the key) and
  // its queues (a SEND to a missing /amq/queue/ is dropped without a word).
  const brokerFacts = topology.status === 'ok' ? topology.facts : null;
  useEffect(() => {
    if (brokerFacts) dashboard.setBrokerFacts(brokerFacts);
  }, [dashboard, brokerFacts]);
  const prediction = useMemo(
    () => dashboard.predict(sendValues.destination),
    // the snapshot changes whenever panes come or go, or the exchange types do
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [dashboard, sendValues.destination, snapshot],
  );
  const currentRun = snapshot.runs[0] ?? null;
  const queueNotes = useQueueNotes(snapshot.panes);

  return (
    <div className="mx-auto flex max-w-[1800px] flex-col gap-4 p-3 sm:p-5">
      <header className="flex flex-wrap items-baseline justify-between gap-2">
        <h1 className="text-xl font-semibold tracking-tight">
          stomp<span className="text-sky-600">watch</span>
        </h1>
        <WorkspaceMenu workspace={() => dashboard.workspace()} onImport={(w) => dashboard.loadWorkspace(w)} />
      </header>
      <section className={card}>
        <ConnectionBar
          form={snapshot.form}
          passcode={passcode}
          connection={snapshot.connection}
          online={snapshot.online}
          onChange={onChange}
          onConnect={() => dashboard.connect()}
          onDisconnect={() => void dashboard.disconnect()}
          rememberPasscode={remember}
          onRememberPasscodeChange={changeRemember}
          notice={snapshot.connectionNotice}
        />
      </section>
      <div className="grid grid-cols-1 gap-4 xl:grid-cols-2">
        <section className={card}>
          <SubscribeForm freshId={freshId} onSubscribe={subscribe} />
        </section>
        <section className={card}>
          <SendForm
            values={sendValues}
            onValuesChange={setSendValues}
            suggestions={suggestions}
            onSend={send}
            sender={currentRun?.sender ?? null}
            preview={<DeliveryPreview prediction={prediction} paneCount={snapshot.panes.length} />}
          />
          {history ? (
            <SendHistoryPanel history={history} version={historyVersion} values={sendValues} onPick={setSendValues} />
          ) : null}
        </section>
      </div>
      <section className={card}>
        <DeliveryView
          runs={snapshot.runs}
          panes={snapshot.panes}
          online={snapshot.online}
          onDemo={async () => {
            const result = await dashboard.runDemo();
            return result.ok
              ? 'Demo sent: 10 to a queue with two consumers, 10 to a topic pattern with two subscribers.'
              : `Demo failed: ${result.error}`;
          }}
        />
      </section>
      <section className={card}>
        <TopologyPanel state={topology} panes={snapshot.panes} />
      </section>
      {snapshot.panes.length === 0 ? (
        <p className="text-sm text-zinc-500">
          No subscriptions yet. Subscribe to <code>/exchange/amq.topic/orders.#</code> twice with different ids to see
          fan-out, or twice to <code>/queue/jobs</code> to see competing consumers share the messages.
        </p>
      ) : (
        <div className="grid grid-cols-1 gap-4 lg:grid-cols-2 2xl:grid-cols-3">
          {snapshot.panes.map((pane) => (
            <Pane
              key={pane.key}
              pane={pane}
              onUnsubscribe={() => void dashboard.removePane(pane.key)}
              onCapacityChange={(capacity) => dashboard.setPaneCapacity(pane.key, capacity)}
              queueNote={queueNotes.get(pane.key) ?? null}
            />
          ))}
        </div>
      )}
    </div>
  );
}
