import type { PaneLike, PaneQueue } from './queue-model';
import type { Prediction } from './predict';
import type { TopologyLists } from '@/lib/management/client';
import type { Topology } from '@/lib/management/topology';

/** The routing graph's shape (graph-model.ts builds it; the graph components draw it). */

export interface GraphPane extends PaneLike {
  /** Per send run, how many of its messages this pane received (exact, from the pane's tally). */
  received: (runId: string) => number;
}

export interface GraphRun {
  runId: string;
  destination: string;
  /** Messages sent so far. */
  sent: number;
  /** The prediction made when the run started (its exchange and routing key). */
  prediction: Prediction;
  subscribedPaneKeys: ReadonlySet<string>;
  /** Messages of the run may still be on their way: shortfalls are pending, not missing. */
  stillArriving: boolean;
}

export interface GraphInput {
  panes: readonly GraphPane[];
  /** Recent sends, newest first. */
  runs: readonly GraphRun[];
  /** The send whose prediction is overlaid; the latest when absent or unknown. */
  selectedRunId?: string | null;
  /** Predicts a SEND with the panes as they are now (panes subscribed since then included). */
  predict: (destination: string) => Prediction;
  /** The topology poll, when the management API has answered. */
  broker?: { lists: TopologyLists; topology: Topology } | null;
  limits?: { panes: number; bindings: number };
}

export type NodeKind = 'sender' | 'exchange' | 'queue' | 'pane' | 'more';
/** A flag in colour and words: an expected copy that never came, or one nobody predicted. */
export type Flag = 'missing' | 'unpredicted';

export interface GraphNode {
  id: string;
  kind: NodeKind;
  /** The accessible name: kind and name, e.g. `queue jobs`, `exchange amq.topic (topic)`. */
  name: string;
  /** The broker's or pane's name as shown in the node (untrusted text). */
  label: string;
  /** Short lines under the label, e.g. `classic · durable · 2 consumers`, `split 5 / 5`. */
  lines: string[];
  /** For the side card. */
  details: string[];
  flag: Flag | null;
  /** Set on pane nodes. */
  paneKey?: string;
  /** Set on exchange nodes: the exchange's name (`''` is the default exchange). */
  exchange?: string;
}

export interface GraphEdge {
  id: string;
  source: string;
  target: string;
  kind: 'send' | 'binding' | 'consume';
  /** Messages carried, counted by the dashboard: sent (send edges) or received (the others). */
  count: number;
  /** The edge's text, e.g. `10 sent`, `demo.# · 10`, `5`. */
  label: string;
  details: string[];
  /** The selected send: whether the edge was expected to carry it, whether it did, and flags. */
  overlay: { expected: boolean; carried: boolean; flag: Flag | null };
}

/** One path from a destination to a pane (or to nowhere), for the `Routes` table. */
export interface RouteRow {
  id: string;
  /** The destinations sent to the exchange, or the exchange's name when none was. */
  from: string;
  exchange: string;
  binding: string;
  queue: string;
  pane: string;
  sent: number;
  queueGot: number;
  paneGot: number;
  /** For the selected send, in words; flagged when it disagrees with the prediction. */
  verdict: string;
  flag: Flag | null;
}

export interface RoutingGraph {
  nodes: GraphNode[];
  edges: GraphEdge[];
  routes: RouteRow[];
  selected: { runId: string; destination: string; sent: number; summary: string } | null;
}

export const GRAPH_LIMITS = { panes: 20, bindings: 100 } as const;
export const SENDER_ID = 'sender';
export const exchangeNodeId = (name: string) => `exchange:${name}`;
export const paneNodeId = (key: string) => `pane:${key}`;

/** A queue as the graph model gathers it: its panes, sharing and bindings. */
export interface QueueInfo {
  id: string;
  /** The broker's name when known, else the predicted description. */
  label: string;
  members: GraphPane[];
  sharing: PaneQueue;
  /** (exchange, binding key or header arguments) pairs. */
  bindings: Map<string, Set<string>>;
}
