import { errorMessage } from '@/lib/util/result';
import { Emitter } from '@/lib/util/emitter';
import type { ExchangeType } from '@/lib/routing/exchange-types';
import type { ManagementResult, TopologyLists } from './client';
import type { Topology, TopologyPane } from './topology';

/** What the Topology tab, the Graph tab and the predictions know of the broker, as one union. */
export type TopologyState =
  | { status: 'off' }
  | { status: 'loading' }
  | {
      status: 'ok';
      topology: Topology;
      destinations: string[];
      /** What the broker has, for delivery predictions. */
      facts: BrokerFacts;
      /** The management API's lists as they came, for the routing graph. */
      lists: TopologyLists;
      updatedAt: number;
    }
  /** The management API is read with the user's own login, and none was given (or no passcode). */
  | { status: 'needs-credentials' }
  | { status: 'error'; reason: string };

export interface BrokerFacts {
  exchangeTypes: Record<string, ExchangeType>;
  queues: string[];
}

/** What to poll for: the panes to place, and the connection form's settings. */
export interface TopologyRequest {
  panes: readonly TopologyPane[];
  online: boolean;
  login: string;
  passcode: string;
  vhost: string;
}

/** The timer functions the store uses; tests pass fake ones. */
export interface Timers {
  setTimeout: (callback: () => void, ms: number) => unknown;
  clearTimeout: (handle: unknown) => void;
  setInterval: (callback: () => void, ms: number) => unknown;
  clearInterval: (handle: unknown) => void;
}

export interface TopologyStoreOptions {
  /** Called with the broker's exchange types and queues after every successful poll. */
  onFacts?: (facts: BrokerFacts) => void;
  /** Passed to the management client; the global `fetch` when absent. */
  fetchImpl?: typeof fetch;
  now?: () => number;
  timers?: Timers;
}

export const REFRESH_MS = 5000;
/** The management API lists a new consumer a few seconds after its SUBSCRIBE: look again then. */
export const CATCH_UP_MS = [1500, 5000] as const;

const realTimers: Timers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  setInterval: (callback, ms) => setInterval(callback, ms),
  clearInterval: (handle) => clearInterval(handle as ReturnType<typeof setInterval>),
};

/** The management client and topology builder, loaded on first poll: offline they are not needed. */
const loadModules = () => Promise.all([import('./client'), import('./topology')]);

/**
 * Polls the broker's queues, bindings, consumers and exchanges through the dashboard's own
 * management route: every {@link REFRESH_MS}, and soon after the panes change (the broker lists
 * a new consumer late). Framework-free: React reads it through `subscribe`/`getSnapshot`, and the
 * facts go straight to `onFacts` (the Dashboard's predictions), not round-trip through a render.
 *
 * @example
 * const store = new TopologyStore({ onFacts: (facts) => dashboard.setBrokerFacts(facts) });
 * store.configure({ panes, online: true, login, passcode, vhost: '/' });
 */
export class TopologyStore {
  private state: TopologyState = { status: 'off' };
  private readonly changes = new Emitter<void>();
  private request: TopologyRequest | null = null;
  /** Ends the current polling round: its timers, and any answer still on its way. */
  private stopRound: (() => void) | null = null;
  private readonly timers: Timers;
  private readonly now: () => number;

  constructor(private readonly options: TopologyStoreOptions = {}) {
    this.timers = options.timers ?? realTimers;
    this.now = options.now ?? Date.now;
  }

  subscribe = (listener: () => void): (() => void) => this.changes.on(listener);
  getSnapshot = (): TopologyState => this.state;

  /**
   * Polls for `request`, restarting (with catch-up polls) when it differs from the current one:
   * other panes, other credentials, or going on- or offline. The same request again is a no-op.
   */
  configure(request: TopologyRequest): void {
    if (this.request && sameRequest(this.request, request)) return;
    // What was shown stays until the new round answers: a pane added must not blank the topology.
    this.endRound();
    this.request = request;
    if (request.online) this.startRound(request);
    else this.setState({ status: 'off' });
  }

  /** Stops polling; the state becomes `off`. Safe to call twice. */
  stop(): void {
    this.endRound();
    this.request = null;
    this.setState({ status: 'off' });
  }

  private endRound(): void {
    this.stopRound?.();
    this.stopRound = null;
  }

  private startRound(request: TopologyRequest): void {
    const controller = new AbortController();
    let active = true;
    const poll = () => void this.poll(request, controller.signal, () => active);
    const handles = CATCH_UP_MS.map((delay) => this.timers.setTimeout(poll, delay));
    const interval = this.timers.setInterval(poll, REFRESH_MS);
    this.stopRound = () => {
      active = false;
      controller.abort();
      handles.forEach((handle) => this.timers.clearTimeout(handle));
      this.timers.clearInterval(interval);
    };
    if (this.state.status === 'off') this.setState({ status: 'loading' });
    poll();
  }

  private async poll(
    request: TopologyRequest,
    signal: AbortSignal,
    active: () => boolean,
  ): Promise<void> {
    let modules: Awaited<ReturnType<typeof loadModules>>;
    try {
      modules = await loadModules();
    } catch (error) {
      if (active())
        this.setState({
          status: 'error',
          reason: `The topology code could not be loaded (${errorMessage(error)}); reload the page.`,
        });
      return;
    }
    if (!active()) return;
    const [{ fetchTopologyLists }, { buildTopology, exchangeTypesOf, suggestNames }] = modules;
    const lists: ManagementResult<TopologyLists> = await fetchTopologyLists({
      vhost: request.vhost,
      credentials: { login: request.login, passcode: request.passcode },
      signal,
      fetchImpl: this.options.fetchImpl,
    });
    if (!active()) return;
    // The route's own words (its JSON `error`, or the status explained) are shown as they are.
    if (!lists.ok) {
      // Without a login of its own the route lends none: the panel asks for one instead of erring.
      const noLogin =
        lists.kind === 'credentials-required' ||
        (lists.kind === 'unauthorized' && request.passcode === '');
      this.setState(
        noLogin ? { status: 'needs-credentials' } : { status: 'error', reason: lists.error },
      );
      return;
    }
    const topology = buildTopology({ panes: request.panes, ...lists.value });
    const { destinations } = suggestNames(lists.value.exchanges, lists.value.queues);
    const facts: BrokerFacts = {
      exchangeTypes: exchangeTypesOf(lists.value.exchanges),
      queues: lists.value.queues.map((queue) => queue.name),
    };
    this.setState({
      status: 'ok',
      topology,
      destinations,
      facts,
      lists: lists.value,
      updatedAt: this.now(),
    });
    this.options.onFacts?.(facts);
  }

  private setState(next: TopologyState): void {
    if (next.status === 'off' && this.state.status === 'off') return;
    this.state = next;
    this.changes.emit();
  }
}

function sameRequest(a: TopologyRequest, b: TopologyRequest): boolean {
  return (
    a.online === b.online &&
    a.login === b.login &&
    a.passcode === b.passcode &&
    a.vhost === b.vhost &&
    a.panes.length === b.panes.length &&
    a.panes.every(
      (pane, i) =>
        pane.key === b.panes[i]!.key &&
        pane.subscriptionId === b.panes[i]!.subscriptionId &&
        pane.destination === b.panes[i]!.destination,
    )
  );
}
