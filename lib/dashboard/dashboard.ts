import type { ConnectionState, ReceivingConnection, StompConnection } from '@/lib/stomp/connection';
import { PaneRuntime } from '@/lib/panes/pane-runtime';
import { freshSubscriptionId, type PaneConfig } from '@/lib/panes/pane-config';
import type { Workspace } from '@/lib/workspace/workspace';
import { sameTarget } from '@/lib/workspace/remembered-passcode';
import { capacityAllowed, newPaneProblem } from '@/lib/workspace/limits';
import {
  changeRouting,
  DEFAULT_LAYOUT,
  forPanes,
  moveItem,
  normaliseLayout,
  type WorkspaceLayout,
} from '@/lib/workspace/layout';
import { loadBulkSender, newBulkSender } from '@/lib/send/bulk-sender-loader';
import { SEQUENCE_HEADER } from '@/lib/delivery/tally';
import { predictDelivery, type Prediction } from '@/lib/routing/predict';
import { toPaneLike } from '@/lib/routing/queue-model';
import type { ExchangeType } from '@/lib/routing/exchange-types';
import { Emitter } from '@/lib/util/emitter';
import { err, ok, type Result } from '@/lib/util/result';
import { watchTargetOf } from '@/lib/watch/firehose';
import { rememberBodies, SentBodies } from '@/lib/watch/sent-bodies';
import type {
  ConnectionForm,
  DashboardOptions,
  DashboardSnapshot,
  NewPane,
  SendRequest,
  SendRun,
} from './dashboard-types';
import { type BrokerFacts, sameFacts } from './broker-facts';
import { checkConnectionForm, describeMove, paneProblem } from './connection-form';
import type { DemoRecord } from './demo';
import { pageConnectionReady, receivingConnection, sendingConnection } from './connections';

const MAX_RUNS_KEPT = 20;

/**
 * The whole dashboard: the connection settings, the dashboard's own (shared) connection, and
 * the panes, each on its own connection unless it asks to share. The single source of truth the
 * React layer reads through `subscribe`/`getSnapshot`.
 */
export class Dashboard {
  /** What the dashboard sent while a watch pane was open: the firehose carries no headers. */
  readonly sentBodies = new SentBodies();
  private form: ConnectionForm;
  private readonly shared: ReceivingConnection;
  /**
   * Sending has a connection of its own: a SEND the broker refuses can never take a pane down.
   * Made on the first Connect, once the page's connection code is there (connection-loader).
   */
  private sending: StompConnection | null = null;
  private runs: SendRun[] = [];
  private runCounter = 0;
  private sharedState: ConnectionState = { status: 'idle' };
  private panes: PaneRuntime[] = [];
  private online = false;
  private snapshot: DashboardSnapshot;
  private readonly changes = new Emitter<void>();
  private keyCounter = 0;
  /** What the management API last said about the vhost's exchanges and queues; empty until it answers. */
  private brokerFacts: BrokerFacts | null = null;
  /**
   * Panes that wait for the user's next Connect: a workspace named other connection settings,
   * so they neither subscribe on the current connection nor open one of their own before then.
   */
  private held = new Set<PaneRuntime>();
  private connectionNotice: string | null = null;
  private passcodeVersion = 0;
  private layout: WorkspaceLayout = DEFAULT_LAYOUT;
  /** What the last demo added, so `removeDemo` can take it away again. */
  private demo: DemoRecord | null = null;

  constructor(
    initial: ConnectionForm,
    private readonly options: DashboardOptions = {},
  ) {
    this.form = { ...initial };
    this.shared = receivingConnection(this.form, options);
    this.shared.onStateChange((state) => {
      this.sharedState = state;
      // A refused login or unreachable broker ends the session: the form unlocks for a fix.
      if (state.status === 'error') this.online = false;
      this.changed(false);
    });
    this.snapshot = this.buildSnapshot();
  }

  subscribe = (listener: () => void): (() => void) => this.changes.on(listener);
  getSnapshot = (): DashboardSnapshot => this.snapshot;

  /** The passcode the next Connect will use; kept out of snapshots and the workspace. */
  get passcode(): string {
    return this.form.passcode;
  }

  /** Updates the form (not the live connection: that takes a new Connect). */
  setForm(change: Partial<ConnectionForm>): void {
    if (change.passcode !== undefined && change.passcode !== this.form.passcode)
      this.passcodeVersion += 1;
    this.form = { ...this.form, ...change };
    this.changed(change.passcode === undefined || Object.keys(change).length > 1);
  }

  /** Checks the form before anything is opened. */
  validateForm(): Result<string[]> {
    return checkConnectionForm(this.form);
  }

  /**
   * Connects the shared connection and every pane, with the form's current settings. Panes that
   * `hold` picks send nothing yet: they wait for {@link release} (the check before consuming,
   * `lib/watch/connect-check.ts`).
   */
  connect(hold?: (pane: PaneConfig) => boolean): Result<void> {
    const urls = this.validateForm();
    if (!urls.ok) {
      this.sharedState = { status: 'error', reason: urls.error };
      this.changed(false);
      return urls;
    }
    const failed = (reason: string) => {
      this.sharedState = { status: 'error', reason };
      this.changed(false);
    };
    if (!pageConnectionReady(() => this.connect(hold), failed)) {
      this.sharedState = { status: 'connecting', url: urls.value[0] ?? '' };
      this.changed(false);
      return ok(undefined);
    }
    const settings = {
      urls: urls.value,
      login: this.form.login,
      passcode: this.form.passcode,
      vhost: this.form.vhost,
    };
    this.online = true;
    this.connectionNotice = null;
    loadBulkSender().catch(() => {}); // normally there already; send() says so when it is not
    this.shared.configure(settings);
    this.shared.connect();
    this.sending ??= sendingConnection(this.form, this.options, { incoming: 10_000, outgoing: 0 });
    this.sending.configure(settings);
    this.sending.connect();
    for (const pane of this.panes) {
      pane.stompConnection.configure(settings);
      if (hold?.(pane.config)) {
        // A pane on the shared connection would be subscribed as soon as that connection is up.
        pane.unregister();
        this.held.add(pane);
        continue;
      }
      if (this.held.delete(pane)) {
        const attached = pane.attach();
        if (!attached.ok) continue;
      }
      pane.connect();
    }
    this.changed(false);
    return ok(undefined);
  }

  /**
   * Lets a pane held at Connect subscribe: as it is, or replaced under the same key and place by
   * `config` (a watch pane instead, client acks with requeue). Nothing happens to a pane not held.
   */
  release(key: string, config?: NewPane): Result<void> {
    const pane = this.panes.find((candidate) => candidate.key === key);
    if (!pane || !this.held.delete(pane)) return ok(undefined);
    if (config === undefined) {
      const attached = pane.attach();
      if (attached.ok && this.online) pane.connect();
      this.changed(false);
      return attached;
    }
    const index = this.panes.indexOf(pane);
    this.panes = this.panes.filter((candidate) => candidate !== pane);
    void pane.stop();
    const started = this.startPane({ ...config, key }, false);
    if (started.ok) this.panes = moveItem(this.panes, this.panes.length - 1, index);
    this.changed(true);
    return started.ok ? ok(undefined) : started;
  }

  async disconnect(): Promise<void> {
    this.online = false;
    for (const run of this.runs) run.sender.cancel();
    await Promise.all([
      ...this.panes.map((pane) => pane.disconnect()),
      this.shared.disconnect(),
      this.sending?.disconnect(),
    ]);
    this.changed(false);
  }

  /**
   * Starts a send run on the sending connection. Every message carries the run's sequence
   * header, so each pane can count what it got of it.
   */
  send(request: SendRequest): Result<SendRun> {
    if (!this.online || !this.sending)
      return err('Connect first: sending uses its own connection to the broker.');
    const busy = this.runs.find(
      (run) =>
        run.sender.progress.status === 'sending' ||
        run.sender.progress.status === 'waiting-for-connection',
    );
    if (busy) return err('A send is still running; cancel it or wait for it to finish.');
    const runId = `r${Date.now().toString(36)}${(++this.runCounter).toString(36)}`;
    const made = newBulkSender(this.sending);
    if (!made.ok) return made;
    const sender = made.value;
    const watched = this.panes.some((pane) => watchTargetOf(pane.config.destination) !== null);
    const job = watched ? rememberBodies(request, runId, this.sentBodies) : request;
    const started = sender.start({ ...job, sequenceHeader: { name: SEQUENCE_HEADER, runId } });
    if (!started.ok) return started;
    const run: SendRun = {
      runId,
      destination: request.destination,
      total: request.count,
      startedAt: Date.now(),
      sender,
      subscribedPaneKeys: new Set(
        this.panes
          .filter((pane) => pane.status.subscription.status === 'subscribed')
          .map((pane) => pane.key),
      ),
      prediction: this.predict(request.destination),
    };
    const first = this.runs.length === 0;
    this.runs = [run, ...this.runs].slice(0, MAX_RUNS_KEPT);
    // Who got what is the answer to a send: the first one brings the Delivery matrix into view.
    if (first) this.layout = changeRouting(this.layout, { open: true, tab: 'delivery' });
    this.changed(first);
    return ok(run);
  }

  /**
   * The one-click demo of the original puzzle: two panes on one `/queue/...` (competing
   * consumers) and two on `/exchange/amq.topic/<p>.#` with different ids (fan-out); 10 messages
   * to each destination. The Delivery view then shows who got what, and why. A second run
   * starts clean: the first one's panes and matrix rows are removed first.
   */
  async runDemo(count = 10): Promise<Result<{ destinations: string[] }>> {
    if (!this.online) return err('Connect first: the demo subscribes and sends on the broker.');
    await this.removeDemo();
    const demo: DemoRecord = { paneKeys: [], runIds: [] };
    this.demo = demo;
    // The demo's script is fetched when first asked for, not with the page.
    const { playDemo } = await import('./demo');
    return playDemo(this, demo, count);
  }

  /**
   * Takes the demo away: its four panes (the topic panes' queues go with them, its shared queue
   * expires a few seconds later) and its rows in the Delivery matrix.
   */
  async removeDemo(): Promise<void> {
    const demo = this.demo;
    if (!demo) return;
    this.demo = null;
    const runIds = new Set(demo.runIds);
    this.runs = this.runs.filter((run) => !runIds.has(run.runId));
    await Promise.all(demo.paneKeys.map((key) => this.removePane(key)));
    this.changed(false);
  }

  /** Which panes a SEND to `destination` would reach, and how (copy or round-robin). */
  predict(destination: string): Prediction {
    const facts = this.brokerFacts;
    return predictDelivery(
      this.panes.map((pane) => toPaneLike(pane.config)),
      destination,
      facts ? { exchangeTypes: facts.exchangeTypes, queues: facts.queues } : {},
    );
  }

  /**
   * What the broker says it has: exchange types (`direct`, `fanout`…), so predictions for
   * `/exchange/NAME/…` follow that exchange's routing instead of assuming topic semantics, and
   * queue names, so a SEND to a missing `/amq/queue/` is called out. Returns whether anything
   * changed (predictions made before then are not redone).
   */
  setBrokerFacts(facts: {
    exchangeTypes: Readonly<Record<string, ExchangeType>>;
    queues: readonly string[];
  }): boolean {
    const next: BrokerFacts = {
      exchangeTypes: { ...facts.exchangeTypes },
      queues: new Set(facts.queues),
    };
    if (this.brokerFacts && sameFacts(this.brokerFacts, next)) return false;
    this.brokerFacts = next;
    this.changed(false);
    return true;
  }

  /** A fresh subscription id not used by any pane. */
  freshId(): string {
    const used = new Set(this.panes.map((pane) => pane.config.subscriptionId));
    let id = freshSubscriptionId();
    while (used.has(id)) id = freshSubscriptionId();
    return id;
  }

  /**
   * Adds a pane and subscribes it. Everything is validated first: a bad destination or id, or
   * a duplicate id on the shared connection, is refused before anything reaches the broker.
   */
  addPane(pane: NewPane): Result<PaneRuntime> {
    const problem =
      paneProblem(
        pane,
        this.panes.map((other) => other.config),
      ) ??
      newPaneProblem(
        this.panes.map((other) => other.config),
        pane.capacity,
      );
    if (problem) return err(problem);
    const config: PaneConfig = { ...pane, key: this.nextKey() };
    const runtime = this.startPane(config);
    if (!runtime.ok) return runtime;
    this.changed(true);
    return runtime;
  }

  async removePane(key: string): Promise<void> {
    const pane = this.panes.find((candidate) => candidate.key === key);
    if (!pane) return;
    this.panes = this.panes.filter((candidate) => candidate !== pane);
    this.held.delete(pane);
    this.changed(true);
    await pane.stop();
  }

  /** Changes how many messages a pane keeps, and remembers it in the workspace. */
  setPaneCapacity(key: string, capacity: number): void {
    const pane = this.panes.find((candidate) => candidate.key === key);
    if (!pane) return;
    // All panes together keep at most MAX_TOTAL_CAPACITY messages: this one gets what is left.
    const others = this.panes.filter((other) => other !== pane).map((other) => other.config);
    pane.setCapacity(capacityAllowed(others, capacity));
    this.changed(true);
  }

  /** Rearranges the workspace (panels, maximised or collapsed panes, column widths); saved with it. */
  setLayout(update: (layout: WorkspaceLayout) => WorkspaceLayout): void {
    const next = update(this.layout);
    if (next === this.layout) return;
    this.layout = next;
    this.changed(true);
  }

  /** Moves a pane to position `to` among the panes (clamped); the order is saved with the workspace. */
  movePane(key: string, to: number): void {
    const from = this.panes.findIndex((pane) => pane.key === key);
    if (from < 0) return;
    const next = moveItem(this.panes, from, to);
    if (next.every((pane, i) => pane === this.panes[i])) return;
    this.panes = next;
    this.changed(true);
  }

  /**
   * Replaces all panes with a workspace's (imported file or stored on reload). Each pane is
   * checked like one from the Subscribe form; refused panes are left out and explained.
   *
   * A workspace file is shared between people, so it must never carry the user's credentials
   * away: when it names another broker URL, login or vhost, the form takes the file's values
   * with an empty passcode, nothing is disconnected or connected, and its panes wait (not even
   * subscribing on the current connection) until the user presses Connect.
   */
  async loadWorkspace(workspace: Workspace): Promise<{ imported: number; refused: string[] }> {
    const old = this.panes;
    this.panes = [];
    this.held.clear();
    await Promise.all(old.map((pane) => pane.stop()));
    const moved = !sameTarget(this.form, workspace.connection);
    // A passcode this browser remembers for exactly that connection was typed for it by this
    // user: handing it back sends nothing anywhere new.
    const remembered = moved
      ? (this.options.rememberedPasscode?.(workspace.connection) ?? null)
      : null;
    if (moved) {
      this.form = { ...workspace.connection, passcode: remembered ?? '' };
      this.passcodeVersion += 1;
      if (remembered === null || this.online)
        this.connectionNotice = describeMove(workspace.connection, this.online);
    }
    const hold = this.connectionNotice !== null;
    this.layout = normaliseLayout(workspace.layout ?? DEFAULT_LAYOUT);
    const refused: string[] = [];
    for (const config of workspace.panes) {
      const problem = paneProblem(
        config,
        this.panes.map((other) => other.config),
      );
      if (problem) {
        refused.push(`${config.subscriptionId}: ${problem}`);
        continue;
      }
      this.keyCounter = Math.max(this.keyCounter, Number(config.key.replace(/\D/g, '')) || 0);
      const started = this.startPane(config, hold);
      if (!started.ok) refused.push(`${config.subscriptionId}: ${started.error}`);
    }
    this.changed(true);
    return { imported: this.panes.length, refused };
  }

  workspace(): Workspace {
    return {
      version: 1,
      connection: {
        brokerUrl: this.form.brokerUrl,
        login: this.form.login,
        vhost: this.form.vhost,
      },
      panes: this.panes.map((pane) => pane.config),
      layout: this.currentLayout(),
    };
  }

  private currentLayout(): WorkspaceLayout {
    return forPanes(
      this.layout,
      this.panes.map((pane) => pane.key),
    );
  }

  /** Closes everything (page unload, tests). */
  async dispose(): Promise<void> {
    this.online = false;
    const panes = this.panes;
    for (const run of this.runs) run.sender.cancel();
    await Promise.all([
      ...panes.map((pane) => pane.stop()),
      this.shared.disconnect(),
      this.sending?.disconnect(),
    ]);
    this.changes.clear();
  }

  /**
   * Creates a pane's runtime. A held pane (one that waits for the user's Connect after a
   * workspace named other connection settings) is not attached or connected yet.
   */
  private startPane(
    config: PaneConfig,
    hold = this.connectionNotice !== null,
  ): Result<PaneRuntime> {
    const own = config.connection === 'own';
    const connection = own ? receivingConnection(this.form, this.options) : this.shared;
    const runtime = new PaneRuntime(
      config,
      connection,
      own,
      this.options.schedule,
      this.sentBodies,
    );
    runtime.onStatus(() => this.changed(false));
    runtime.onConfigChange(() => this.changed(true));
    if (hold) {
      this.held.add(runtime);
      this.panes = [...this.panes, runtime];
      return ok(runtime);
    }
    const attached = runtime.attach();
    if (!attached.ok) return attached;
    this.panes = [...this.panes, runtime];
    if (this.online) runtime.connect();
    return ok(runtime);
  }

  private nextKey(): string {
    this.keyCounter += 1;
    return `pane-${this.keyCounter}`;
  }

  private buildSnapshot(): DashboardSnapshot {
    return {
      form: { brokerUrl: this.form.brokerUrl, login: this.form.login, vhost: this.form.vhost },
      connection: this.sharedState,
      online: this.online,
      panes: this.panes,
      runs: this.runs,
      connectionNotice: this.connectionNotice,
      passcodeVersion: this.passcodeVersion,
      layout: this.currentLayout(),
      demo: this.demo !== null,
    };
  }

  private changed(workspaceChanged: boolean): void {
    this.snapshot = this.buildSnapshot();
    if (workspaceChanged) this.options.onWorkspaceChange?.(this.workspace());
    this.changes.emit();
  }
}
