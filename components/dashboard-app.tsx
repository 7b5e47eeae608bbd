'use client';

import { useCallback, useEffect, useMemo, useState } from 'react';
import type { ConnectionForm, NewPane, SendRequest } from '@/lib/dashboard/dashboard-types';
import {
  changeRouting,
  clampControlsWidth,
  CONTROLS_WIDTH,
  setColumnWidth,
  toggleCollapsed,
  toggleMaximised,
} from '@/lib/workspace/layout';
import { useDashboard } from '@/hooks/use-dashboard';
import { useMediaQuery } from '@/hooks/use-media-query';
import { useShortcuts } from '@/hooks/use-shortcuts';
import { ConnectionBar } from '@/components/connection-bar';
import { SubscribeForm } from '@/components/subscribe-form';
import { WorkspaceMenu } from '@/components/workspace-menu';
import { deferred } from '@/components/deferred';
import type { Pane as PaneComponent } from '@/components/pane';
import { EMPTY_SEND, SendForm, type SendFormValues } from '@/components/send-form';
import { DeliveryPreview } from '@/components/delivery-preview';
import { DeliveryView } from '@/components/delivery-view';
import { useTopology } from '@/hooks/use-topology';
import { usePasscode } from '@/hooks/use-passcode';
import { useQueueNotes } from '@/hooks/use-queue-notes';
import { usePaneLags } from '@/hooks/use-pane-lags';
import { toDraft, useSendHistory } from '@/components/send-history';
import { TopBar } from '@/components/top-bar';
import { RoutingPanel } from '@/components/routing-panel';
import { PaneGrid } from '@/components/pane-grid';
import { SendHistoryPanel, ShortcutsDialog, TopologyPanel, preloadLater } from '@/components/later';
import { loadBulkSender } from '@/lib/send/bulk-sender-loader';
import { loadStompConnection } from '@/lib/stomp/connection-loader';
import { DemoButton } from '@/components/demo-button';
import { ResizeHandle } from '@/components/ui/resize-handle';
import { GraphTab } from '@/components/graph-tab';
import { showPane } from '@/components/show-pane';
import { formatDestination } from '@/lib/routing/destination';
import { useWatch } from '@/hooks/use-watch';
import { useConnectCheck } from '@/hooks/use-connect-check';
import { ConnectConsumeWarning } from '@/components/connect-consume-warning';
import { isWatchPane } from '@/lib/watch/firehose';
import { previewWatchPanes } from '@/lib/watch/watch-preview';
import { WatchContext } from '@/components/watch-context';
import { useMessageActions } from '@/hooks/use-message-actions';
import { MessageActionsContext } from '@/components/message-actions-context';

const card =
  'rounded-lg border border-zinc-200 bg-white p-3 shadow-sm dark:border-zinc-800 dark:bg-zinc-900';

// Replaying a capture (its validation, zod) and diffing two messages (jsdiff) are rarely the
// first thing done: both stay out of the first load and are fetched right after hydration.
const ReplayCapture = deferred(
  () => import('@/components/replay-capture').then((module) => module.ReplayCapture),
  () => null,
);
const MessageDiffView = deferred(
  () => import('@/components/message-diff').then((module) => module.MessageDiffView),
  () => null,
);
const ComparePending = deferred(
  () => import('@/components/message-diff').then((module) => module.ComparePending),
  () => null,
);

// A pane's UI (virtualised list, message detail) is needed only once there is a subscription, so
// it is not part of the first load: it is fetched right after hydration, before it is used.
const Pane = deferred(
  () => import('@/components/pane').then((module) => module.Pane),
  function PanePlaceholder({ pane }: Parameters<typeof PaneComponent>[0]) {
    return (
      <div className={`${card} h-full text-sm text-zinc-700 dark:text-zinc-300`}>
        Loading the pane for {pane.config.subscriptionId}…
      </div>
    );
  },
);

/**
 * The client island: a workspace where the panes own the screen. A top bar with the connection
 * state, a side panel `Controls` (Subscribe, Send, history), the panes tiled in `Panes`, and a
 * `Routing` panel (Delivery, Topology) docked under them; on phones the panels become drawers.
 */
export function DashboardApp({ defaults }: { defaults: ConnectionForm }) {
  const { dashboard, snapshot, restored } = useDashboard(defaults);
  useEffect(() => {
    Pane.preload();
    ReplayCapture.preload();
    MessageDiffView.preload();
    preloadLater();
    loadStompConnection().catch(() => {}); // Connect waits for it (and says so if it fails)
    loadBulkSender().catch(() => {}); // tried again on Connect
    import('@/lib/resend/resend-plan').catch(() => {}); // Resend's planning, used from a pane
  }, []);
  const { passcode, changePasscode, remember, changeRemember, formEdited } = usePasscode(dashboard);
  const [sendValues, setSendValues] = useState<SendFormValues>(EMPTY_SEND);
  const [demoNote, setDemoNote] = useState<string | null>(null);
  const [shortcutsOpen, setShortcutsOpen] = useState(false);
  // Until the user folds or opens it, the connection form is open exactly while disconnected.
  const [connectionChoice, setConnectionChoice] = useState<{
    open: boolean;
    online: boolean;
  } | null>(null);
  const wide = useMediaQuery('(min-width: 768px)', true);
  // Phones get the side panels as drawers, closed until asked for.
  const [drawer, setDrawer] = useState<'controls' | 'routing' | null>(null);
  const { layout } = snapshot;

  const onChange = useCallback(
    (change: Partial<ConnectionForm>) => {
      const { passcode: nextPasscode, ...rest } = change;
      if (nextPasscode !== undefined) changePasscode(nextPasscode);
      if (Object.keys(rest).length > 0) {
        dashboard.setForm(rest);
        formEdited();
      }
    },
    [dashboard, changePasscode, formEdited],
  );
  const freshId = useCallback(() => dashboard.freshId(), [dashboard]);
  const subscribe = useCallback((pane: NewPane) => dashboard.addPane(pane), [dashboard]);
  const history = useSendHistory();
  const send = useCallback(
    (request: SendRequest, values: SendFormValues) => {
      const run = dashboard.send(request);
      if (run.ok && history) {
        history.add(toDraft(values));
      }
      return run;
    },
    [dashboard, history],
  );
  const topology = useTopology(dashboard, snapshot.panes, snapshot.online, {
    login: snapshot.form.login,
    passcode,
    vhost: snapshot.form.vhost,
  });
  const suggestions = useMemo(
    () =>
      [
        ...new Set([
          // A watch pane's firehose destination is no place to send to (RabbitMQ refuses it).
          ...snapshot.panes
            .map((pane) => pane.config.destination)
            .filter((destination) => !isWatchPane({ destination })),
          ...(topology.status === 'ok' ? topology.destinations : []),
        ]),
      ].slice(0, 8),
    [snapshot.panes, topology],
  );
  // Cheap, and this renders only when the snapshot changes (never per message): the topology
  // store hands the broker's facts to the dashboard, which then publishes a new snapshot.
  const prediction = dashboard.predict(sendValues.destination);
  const currentRun = snapshot.runs[0] ?? null;
  // The send the Graph tab overlays: picked in the Delivery matrix or the graph, else the latest.
  const [graphRunId, setGraphRunId] = useState<string | null>(null);
  const predict = useCallback((destination: string) => dashboard.predict(destination), [dashboard]);
  const showInGraph = (runId: string) => {
    setGraphRunId(runId);
    dashboard.setLayout((current) => changeRouting(current, { open: true, tab: 'graph' }));
  };
  const showPaneFromGraph = (key: string) => {
    const pane = snapshot.panes.find((candidate) => candidate.key === key);
    if (!pane) return;
    // A maximised other pane hides this one: restore the grid first, then scroll once React has
    // drawn it (a click's update is committed before timers run; animation frames may be paused).
    if (layout.maximised !== null && layout.maximised !== key) {
      dashboard.setLayout((current) => ({ ...current, maximised: null }));
      setTimeout(() => showPane(pane.config.subscriptionId), 0);
    } else {
      showPane(pane.config.subscriptionId);
    }
  };
  const revealControls = useCallback(() => {
    if (wide)
      dashboard.setLayout((current) =>
        current.controls.open
          ? current
          : { ...current, controls: { ...current.controls, open: true } },
      );
    else setDrawer('controls');
  }, [dashboard, wide]);
  const sendToExchange = (exchange: string) => {
    setSendValues((values) => ({
      ...values,
      destination: `${formatDestination({ kind: 'exchange', exchange, pattern: '' })}/`,
    }));
    revealControls();
  };
  const messageActions = useMessageActions(dashboard, setSendValues, revealControls);
  const queueNotes = useQueueNotes(
    snapshot.panes,
    topology.status === 'ok' ? topology.topology : null,
  );
  const lags = usePaneLags(topology);
  const watch = useWatch(dashboard, snapshot, topology, passcode);
  const connectCheck = useConnectCheck(dashboard, passcode, restored);
  const preview = previewWatchPanes(
    prediction,
    snapshot.panes.map((pane) => pane.config),
    watch.context.routing,
    watch.context.firehose,
  );

  // A workspace that named another broker opens the form: the new URL and the empty passcode are the news.
  const connectionOpen =
    snapshot.connectionNotice !== null ||
    (connectionChoice !== null && connectionChoice.online === snapshot.online
      ? connectionChoice.open
      : !snapshot.online);
  const controlsOpen = wide ? layout.controls.open : drawer === 'controls';
  const routingOpen = wide ? layout.routing.open : drawer === 'routing';

  useShortcuts({
    focusFilter: () => {
      const focusedPane = document.activeElement?.closest('section[aria-label^="Subscription "]');
      const scope = focusedPane ?? document.querySelector('main[aria-label="Panes"]');
      scope?.querySelector<HTMLInputElement>('input[aria-label="Filter"]')?.focus();
    },
    restore: () => {
      if (layout.maximised === null) return false;
      dashboard.setLayout((current) => ({ ...current, maximised: null }));
      return true;
    },
    help: () => setShortcutsOpen(true),
  });

  const runDemo = async () => {
    if (!wide) setDrawer('routing');
    const result = await dashboard.runDemo();
    if (!result.ok) return `Demo failed: ${result.error}`;
    // The Send form now describes what the user just saw: a send to the demo's queue.
    setSendValues((values) => ({ ...values, destination: result.value.destinations[0]! }));
    return 'Demo sent: 10 to a queue with two consumers (they split them), 10 to a topic pattern with two subscribers (each gets all 10).';
  };

  const controls = (
    <>
      <div className={card}>
        <SubscribeForm
          freshId={freshId}
          onSubscribe={subscribe}
          checkConsume={watch.checkConsume}
        />
      </div>
      <div className={card}>
        <SendForm
          values={sendValues}
          onValuesChange={setSendValues}
          suggestions={suggestions}
          onSend={(request, values) => {
            messageActions.clearSendNotice();
            return send(request, values);
          }}
          notice={messageActions.sendNotice}
          sender={currentRun?.sender ?? null}
          preview={
            <DeliveryPreview
              prediction={preview.prediction}
              watched={preview.watched}
              paneCount={snapshot.panes.length}
              online={snapshot.online}
            />
          }
        />
        <ReplayCapture onReplay={(request) => dashboard.send(request)} />
        {history ? (
          <SendHistoryPanel history={history} values={sendValues} onPick={setSendValues} />
        ) : null}
      </div>
    </>
  );

  return (
    <WatchContext value={watch.context}>
      <MessageActionsContext value={messageActions.actions}>
        <div className="flex h-dvh flex-col overflow-hidden">
          <a
            href="#panes"
            className="sr-only z-50 rounded bg-white px-2 py-1 text-sm focus:not-sr-only focus:absolute focus:top-1 focus:left-1 dark:bg-zinc-900"
          >
            Skip to the panes
          </a>
          <TopBar
            connection={snapshot.connection}
            connectionOpen={connectionOpen}
            onToggleConnection={() =>
              setConnectionChoice({ open: !connectionOpen, online: snapshot.online })
            }
            controlsOpen={controlsOpen}
            onToggleControls={() =>
              wide
                ? dashboard.setLayout((current) => ({
                    ...current,
                    controls: { ...current.controls, open: !current.controls.open },
                  }))
                : setDrawer((current) => (current === 'controls' ? null : 'controls'))
            }
            onShortcuts={() => setShortcutsOpen(true)}
            onDisconnect={snapshot.online && !connectionOpen ? connectCheck.disconnect : null}
          >
            <DemoButton
              online={snapshot.online}
              onRun={runDemo}
              onNote={setDemoNote}
              onRemove={snapshot.demo ? () => dashboard.removeDemo() : null}
            />
            <WorkspaceMenu
              workspace={() => dashboard.workspace()}
              onImport={(w) => dashboard.loadWorkspace(w)}
              checkImport={watch.checkImport}
            />
          </TopBar>
          {connectionOpen ? (
            <div className="shrink-0 border-b border-zinc-200 bg-white px-3 py-2 dark:border-zinc-800 dark:bg-zinc-900">
              <ConnectionBar
                form={snapshot.form}
                passcode={passcode}
                online={snapshot.online}
                onChange={onChange}
                onConnect={connectCheck.connect}
                onDisconnect={connectCheck.disconnect}
                rememberPasscode={remember}
                onRememberPasscodeChange={changeRemember}
                notice={snapshot.connectionNotice}
              />
            </div>
          ) : snapshot.connectionNotice ? (
            <p
              role="alert"
              className="shrink-0 border-b border-amber-300 bg-amber-50 px-3 py-1 text-xs text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100"
            >
              {snapshot.connectionNotice}
            </p>
          ) : null}
          {connectCheck.problem ? (
            <p
              role="alert"
              className="shrink-0 border-b border-red-300 bg-red-50 px-3 py-1 text-xs text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100"
            >
              {connectCheck.problem}
            </p>
          ) : null}
          <div className="flex min-h-0 flex-1">
            {controlsOpen ? (
              <>
                {/* On phones the panel takes the screen in place of the panes, like a drawer. */}
                <section
                  aria-label="Controls"
                  style={wide ? { width: layout.controls.width } : undefined}
                  className={`@container flex flex-col gap-3 overflow-y-auto bg-zinc-50 p-2 dark:bg-zinc-950 ${wide ? 'shrink-0' : 'min-w-0 flex-1'}`}
                >
                  {controls}
                </section>
                {wide ? (
                  <ResizeHandle
                    label="Resize controls"
                    orientation="vertical"
                    value={layout.controls.width}
                    min={CONTROLS_WIDTH.min}
                    max={CONTROLS_WIDTH.max}
                    onResize={(width) =>
                      dashboard.setLayout((current) => ({
                        ...current,
                        controls: { ...current.controls, width: clampControlsWidth(width) },
                      }))
                    }
                  />
                ) : null}
              </>
            ) : null}
            <div className="flex min-w-0 flex-1 flex-col" hidden={!wide && controlsOpen}>
              <main
                id="panes"
                aria-label="Panes"
                tabIndex={-1}
                className="flex min-h-0 flex-1 flex-col gap-2 overflow-auto p-2 outline-none"
              >
                {messageActions.picks.length === 2 ? (
                  <MessageDiffView
                    picks={[messageActions.picks[0]!, messageActions.picks[1]!]}
                    onClose={messageActions.clearPicks}
                  />
                ) : messageActions.picks.length === 1 ? (
                  <ComparePending
                    pick={messageActions.picks[0]!}
                    onClear={messageActions.clearPicks}
                  />
                ) : null}
                <div className="min-h-0 flex-1">
                  <PaneGrid
                    panes={snapshot.panes}
                    layout={layout}
                    narrow={!wide}
                    onColumnWeights={(columns, index, fraction) =>
                      dashboard.setLayout((current) =>
                        setColumnWidth(current, columns, index, fraction),
                      )
                    }
                    onMove={(key, to) => dashboard.movePane(key, to)}
                    renderPane={(pane, arrangement, onDragStart) => (
                      <Pane
                        pane={pane}
                        onUnsubscribe={() => void dashboard.removePane(pane.key)}
                        onCapacityChange={(capacity) =>
                          dashboard.setPaneCapacity(pane.key, capacity)
                        }
                        queueNote={queueNotes.get(pane.key) ?? null}
                        lag={lags.get(pane.key) ?? null}
                        arrangement={arrangement}
                        onDragStart={onDragStart}
                        onArrange={(action) => {
                          const index = snapshot.panes.indexOf(pane);
                          if (action === 'earlier') dashboard.movePane(pane.key, index - 1);
                          else if (action === 'later') dashboard.movePane(pane.key, index + 1);
                          else if (action === 'collapse')
                            dashboard.setLayout((current) => toggleCollapsed(current, pane.key));
                          else dashboard.setLayout((current) => toggleMaximised(current, pane.key));
                        }}
                      />
                    )}
                    empty={
                      <div className="grid h-full place-items-center p-6">
                        <p className="max-w-prose text-sm text-zinc-700 dark:text-zinc-300">
                          No subscriptions yet. Subscribe to{' '}
                          <code>/exchange/amq.topic/orders.#</code> twice with different ids to see
                          fan-out, or twice to <code>/queue/jobs</code> to see competing consumers
                          share the messages, or press{' '}
                          <strong>Competing consumers vs fan-out</strong> once connected.
                        </p>
                      </div>
                    }
                  />
                </div>
              </main>
              <RoutingPanel
                open={routingOpen}
                tab={layout.routing.tab}
                size={layout.routing.size}
                drawer={!wide}
                onChange={(change) => {
                  if (!wide && change.open !== undefined) setDrawer(change.open ? 'routing' : null);
                  else if (!wide && change.tab !== undefined) setDrawer('routing');
                  dashboard.setLayout((current) => changeRouting(current, change));
                }}
                panels={{
                  delivery: (
                    <DeliveryView
                      runs={snapshot.runs}
                      panes={snapshot.panes}
                      note={demoNote}
                      onShowInGraph={showInGraph}
                    />
                  ),
                  topology: <TopologyPanel state={topology} panes={snapshot.panes} />,
                  graph: (
                    <GraphTab
                      runs={snapshot.runs}
                      panes={snapshot.panes}
                      topology={topology}
                      predict={predict}
                      selectedRunId={graphRunId}
                      onSelectRun={setGraphRunId}
                      onShowPane={showPaneFromGraph}
                      onUseExchange={sendToExchange}
                    />
                  ),
                }}
              />
            </div>
          </div>
          <ShortcutsDialog open={shortcutsOpen} onClose={() => setShortcutsOpen(false)} />
          {connectCheck.told ? (
            <ConnectConsumeWarning told={connectCheck.told} onChoose={connectCheck.choose} />
          ) : null}
        </div>
      </MessageActionsContext>
    </WatchContext>
  );
}
