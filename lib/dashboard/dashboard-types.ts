import type { IStompSocket } from '@stomp/stompjs';
import type {
  ConnectionOptions,
  ConnectionState,
  ReceivingConnection,
} from '@/lib/stomp/connection';
import type { PaneRuntime } from '@/lib/panes/pane-runtime';
import type { PaneConfig } from '@/lib/panes/pane-config';
import type { Workspace } from '@/lib/workspace/workspace';
import type { ConnectionTarget } from '@/lib/workspace/remembered-passcode';
import type { WorkspaceLayout } from '@/lib/workspace/layout';
import type { BulkSender } from '@/lib/send/bulk-sender';
import type { BulkSendJob } from '@/lib/send/bulk-job';
import type { Prediction } from '@/lib/routing/predict';

/** What the Dashboard (dashboard.ts) takes and gives: its form, snapshot, options and sends. */

/** What the connection form holds. `brokerUrl` may list several URLs, comma-separated (failover). */
export interface ConnectionForm {
  brokerUrl: string;
  login: string;
  passcode: string;
  vhost: string;
}

/** The dashboard's state for React: replaced on every change, never on a message. */
export interface DashboardSnapshot {
  form: Omit<ConnectionForm, 'passcode'>;
  connection: ConnectionState;
  /** True between Connect and Disconnect. */
  online: boolean;
  panes: readonly PaneRuntime[];
  /** Recent sends, newest first. */
  runs: readonly SendRun[];
  /**
   * Set when a workspace named another broker, login or vhost: its panes wait, the passcode was
   * cleared, and nothing connects until the user presses Connect. Says which host, in words.
   */
  connectionNotice: string | null;
  /** How the workspace is arranged; only keys of present panes in it. */
  layout: WorkspaceLayout;
  /** Whether panes of the demo are on screen (so `Remove demo` has something to remove). */
  demo: boolean;
  /** Bumped whenever the passcode changes (typed, or replaced by a workspace), so the form's field follows. */
  passcodeVersion: number;
}

export interface DashboardOptions {
  /** Opens sockets; the global WebSocket when absent. The sending connection always uses this one. */
  webSocketFactory?: (url: string, protocols: string[]) => IStompSocket;
  /**
   * Creates the receiving connections (panes, shared) instead of a {@link StompConnection} on
   * this thread: the page runs them in a worker (`lib/stomp/connection-worker`).
   */
  receivingConnections?: (options: ConnectionOptions) => ReceivingConnection;
  /** Frame scheduler for pane stores (tests pass a manual one). */
  schedule?: (callback: () => void) => () => void;
  /** Called whenever the workspace (panes, form without passcode) changes. */
  onWorkspaceChange?: (workspace: Workspace) => void;
  /**
   * The passcode this browser remembers for exactly this broker URL, login and vhost, if any:
   * a workspace that names that connection gets it back instead of an empty field.
   */
  rememberedPasscode?: (target: ConnectionTarget) => string | null;
}

/** One send from the Send form: a run of `count` messages, tracked for the Delivery view. */
export interface SendRun {
  runId: string;
  destination: string;
  total: number;
  startedAt: number;
  sender: BulkSender;
  /** Keys of the panes that were subscribed when the run started. */
  subscribedPaneKeys: ReadonlySet<string>;
  /** Who should get what, predicted from the panes at the moment of sending. */
  prediction: Prediction;
}

/** What the Send form hands over; the sequence header is the dashboard's to add. */
export type SendRequest = Omit<BulkSendJob, 'sequenceHeader'>;

/** A pane as the subscribe form describes it, before it has a key. */
export type NewPane = Omit<PaneConfig, 'key'>;
