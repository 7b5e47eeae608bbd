/**
 * Keeping what did not change between two redraws of the routing graph, so React (and React
 * Flow, which compares nodes and edges by identity) skips it. The graph is rebuilt a few times a
 * second while counts may move; during a flood from elsewhere nothing in it moves, and then
 * nothing of it should be drawn again.
 *
 * Graphs, nodes and edges are plain data (strings, numbers, booleans, arrays), so their JSON
 * text is an exact and cheap fingerprint at this size (at most a few hundred nodes and edges).
 */

/**
 * Returns a function that hands back the value it got last time when `next` holds the same data
 * (same JSON), else `next` itself.
 *
 * @example
 * const keep = keepUnchanged<RoutingGraph>();
 * keep(buildRoutingGraph(input)) === keep(buildRoutingGraph(input)); // true
 */
export function keepUnchanged<T>(): (next: T) => T {
  let last: { value: T; text: string } | null = null;
  return (next) => {
    const text = JSON.stringify(next);
    if (last && last.text === text) return last.value;
    last = { value: next, text };
    return next;
  };
}

/**
 * Makes one output object per item id, and makes it again only when the item's data (or `extra`,
 * e.g. a position) changed: otherwise the object made last time is returned. Items gone since the
 * last call are forgotten.
 *
 * @example
 * const flowNodes = new ReusedById<GraphNode, FlowNode>();
 * flowNodes.map(graph.nodes, (node) => toFlowNode(node), (node) => positions.get(node.id));
 */
export class ReusedById<Item extends { id: string }, Out> {
  private made = new Map<string, { text: string; extra: unknown; out: Out }>();

  map(items: readonly Item[], make: (item: Item) => Out, extra?: (item: Item) => unknown): Out[] {
    const next = new Map<string, { text: string; extra: unknown; out: Out }>();
    const outs = items.map((item) => {
      const text = JSON.stringify(item);
      const more = extra?.(item);
      const before = this.made.get(item.id);
      const entry =
        before && before.text === text && Object.is(before.extra, more)
          ? before
          : { text, extra: more, out: make(item) };
      next.set(item.id, entry);
      return entry.out;
    });
    this.made = next;
    return outs;
  }
}
