/**
 * How the workspace is arranged on screen: the side panel with the forms, the routing panel, and
 * the tiled panes (which is maximised or collapsed, how wide each column is). Pure data, saved
 * with the workspace and carried in exported files; the panes' order is the panes' own order.
 */
export interface WorkspaceLayout {
  controls: { open: boolean; width: number };
  routing: { open: boolean; size: number; tab: RoutingTab };
  /** The key of the pane that fills the panes' area, if any. */
  maximised: string | null;
  /** Keys of the panes shown as their header only. */
  collapsed: string[];
  /** Relative widths of the pane columns, for the column count they were set for. */
  columnWeights: number[];
}

export type RoutingTab = 'delivery' | 'topology' | 'graph';
export const ROUTING_TABS: readonly RoutingTab[] = ['delivery', 'topology', 'graph'];

export const CONTROLS_WIDTH = { min: 280, max: 640, default: 340 } as const;
export const ROUTING_SIZE = { min: 140, max: 720, default: 270 } as const;
/** The Graph tab needs room to be read at a glance: opening it grows a smaller panel to this height. */
export const GRAPH_ROUTING_SIZE = 440;
/** The narrowest a pane column gets before the grid uses fewer columns. */
export const MIN_PANE_WIDTH = 340;
/** The lowest a pane row gets before the panes' area scrolls. */
export const MIN_PANE_HEIGHT = 240;
const MIN_COLUMN_WEIGHT = 0.15;

export const DEFAULT_LAYOUT: WorkspaceLayout = {
  controls: { open: true, width: CONTROLS_WIDTH.default },
  routing: { open: false, size: ROUTING_SIZE.default, tab: 'delivery' },
  maximised: null,
  collapsed: [],
  columnWeights: [],
};

const clamp = (value: number, min: number, max: number) =>
  Math.min(max, Math.max(min, Math.round(value)));

export const clampControlsWidth = (width: number) =>
  clamp(width, CONTROLS_WIDTH.min, CONTROLS_WIDTH.max);
export const clampRoutingSize = (size: number) => clamp(size, ROUTING_SIZE.min, ROUTING_SIZE.max);

/**
 * How many columns the panes get: one pane takes the area whole, two sit side by side, four make
 * a 2×2 grid, more go up to four across; never so many that a column is narrower than
 * {@link MIN_PANE_WIDTH}.
 *
 * @example paneColumns(4, 1200) // 2
 */
export function paneColumns(paneCount: number, areaWidth: number): number {
  if (paneCount <= 1) return 1;
  const wanted = paneCount <= 4 ? 2 : paneCount <= 6 ? 3 : 4;
  const fit = Math.max(1, Math.floor(areaWidth / MIN_PANE_WIDTH));
  return Math.max(1, Math.min(wanted, fit, paneCount));
}

/** The column weights to use for `columns` columns: the saved ones when they fit, else equal. */
export function weightsFor(layout: WorkspaceLayout, columns: number): number[] {
  if (layout.columnWeights.length === columns) return layout.columnWeights;
  return Array.from({ length: columns }, () => 1 / columns);
}

/**
 * Moves the border after column `index` by `delta` (a fraction of the whole width), taking from
 * one neighbour what it gives the other; neither gets narrower than 15%.
 */
export function resizeColumns(weights: readonly number[], index: number, delta: number): number[] {
  if (index < 0 || index >= weights.length - 1) return [...weights];
  const next = [...weights];
  const pair = next[index]! + next[index + 1]!;
  const left = Math.min(
    pair - MIN_COLUMN_WEIGHT,
    Math.max(MIN_COLUMN_WEIGHT, next[index]! + delta),
  );
  next[index] = round(left);
  next[index + 1] = round(pair - left);
  return next;
}

const round = (n: number) => Math.round(n * 10_000) / 10_000;

export function toggleCollapsed(layout: WorkspaceLayout, key: string): WorkspaceLayout {
  const collapsed = layout.collapsed.includes(key)
    ? layout.collapsed.filter((other) => other !== key)
    : [...layout.collapsed, key];
  return { ...layout, collapsed, maximised: layout.maximised === key ? null : layout.maximised };
}

export function toggleMaximised(layout: WorkspaceLayout, key: string): WorkspaceLayout {
  if (layout.maximised === key) return { ...layout, maximised: null };
  return {
    ...layout,
    maximised: key,
    collapsed: layout.collapsed.filter((other) => other !== key),
  };
}

/** Drops what refers to panes that are gone, so a stale key never hides or maximises anything. */
export function forPanes(layout: WorkspaceLayout, keys: readonly string[]): WorkspaceLayout {
  const present = new Set(keys);
  const collapsed = layout.collapsed.filter((key) => present.has(key));
  const maximised =
    layout.maximised !== null && present.has(layout.maximised) ? layout.maximised : null;
  if (collapsed.length === layout.collapsed.length && maximised === layout.maximised) return layout;
  return { ...layout, collapsed, maximised };
}

/** `items` with the one at `from` moved to `to` (both clamped to the list). */
export function moveItem<T>(items: readonly T[], from: number, to: number): T[] {
  const next = [...items];
  if (from < 0 || from >= next.length) return next;
  const target = Math.max(0, Math.min(next.length - 1, to));
  const [item] = next.splice(from, 1);
  next.splice(target, 0, item!);
  return next;
}

/**
 * A layout read from a file or storage, made safe to use: sizes clamped, unknown tabs replaced,
 * weights that do not add up dropped.
 */
export function normaliseLayout(layout: WorkspaceLayout): WorkspaceLayout {
  const weights = layout.columnWeights;
  const sum = weights.reduce((total, weight) => total + weight, 0);
  const weightsOk =
    weights.length <= 4 &&
    weights.every((weight) => weight >= MIN_COLUMN_WEIGHT - 1e-6) &&
    Math.abs(sum - 1) < 0.01;
  return {
    controls: { open: layout.controls.open, width: clampControlsWidth(layout.controls.width) },
    routing: {
      open: layout.routing.open,
      size: clampRoutingSize(layout.routing.size),
      tab: ROUTING_TABS.includes(layout.routing.tab) ? layout.routing.tab : 'delivery',
    },
    maximised: layout.maximised,
    collapsed: [...new Set(layout.collapsed)].slice(0, 200),
    columnWeights: weightsOk ? [...weights] : [],
  };
}

/** A change to the Routing panel: open or fold it, pick a tab, resize it. */
export interface RoutingChange {
  open?: boolean;
  tab?: RoutingTab;
  size?: number;
}

/**
 * Applies a change to the Routing panel. A size is clamped; opening the Graph tab without a
 * size grows the panel to at least {@link GRAPH_ROUTING_SIZE}, below which the graph is unreadable.
 */
export function changeRouting(layout: WorkspaceLayout, change: RoutingChange): WorkspaceLayout {
  const { routing } = layout;
  const size =
    change.size !== undefined
      ? clampRoutingSize(change.size)
      : change.tab === 'graph'
        ? Math.max(routing.size, GRAPH_ROUTING_SIZE)
        : routing.size;
  return {
    ...layout,
    routing: { open: change.open ?? routing.open, tab: change.tab ?? routing.tab, size },
  };
}

/** Sets the left column of border `index` to `fraction` of the width (see {@link resizeColumns}). */
export function setColumnWidth(
  layout: WorkspaceLayout,
  columns: number,
  index: number,
  fraction: number,
): WorkspaceLayout {
  const weights = weightsFor(layout, columns);
  return { ...layout, columnWeights: resizeColumns(weights, index, fraction - weights[index]!) };
}
