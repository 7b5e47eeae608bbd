/** The smallest zoom at which a node's 11 px text is still read without effort. */
export const READABLE_ZOOM = 0.7;
/** Below this the graph's box does not shrink; above `MAX`, it stops growing and the graph zooms out. */
export const GRAPH_HEIGHT = { min: 256, max: 1800 } as const;

/**
 * How tall the graph's box should be for its tallest column to show at {@link READABLE_ZOOM}
 * once fitted: the nodes of one kind share a column (the layout is layered by kind, left to
 * right), so 20 pane nodes stack in one. A short graph keeps the minimum; the routing panel
 * scrolls when the box is taller than it.
 *
 * @example readableGraphHeight([{ kind: 'pane', height: 49 }, …20 of them], 24) // about 1050
 */
export function readableGraphHeight(
  nodes: readonly { kind: string; height: number }[],
  gap: number,
  margin = 40,
): number {
  const columns = new Map<string, number>();
  for (const node of nodes)
    columns.set(node.kind, (columns.get(node.kind) ?? 0) + node.height + gap);
  const tallest = Math.max(0, ...columns.values());
  const wanted = Math.ceil(tallest * READABLE_ZOOM + margin);
  return Math.min(GRAPH_HEIGHT.max, Math.max(GRAPH_HEIGHT.min, wanted));
}
