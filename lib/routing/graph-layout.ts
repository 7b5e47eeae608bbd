import { Graph, layout } from '@dagrejs/dagre';

/** Where a node's top-left corner goes, in px. */
export interface Position {
  x: number;
  y: number;
}

export interface LayoutNode {
  id: string;
  width: number;
  height: number;
}

/** Vertical space between nodes of one column, in graph units. */
export const LAYOUT_GAP = 24;
const GAP = LAYOUT_GAP;

/**
 * A left-to-right layered layout (dagre) that does not jump: nodes in `previous` keep their
 * position, and a new node goes where dagre puts it, moved down its column until it overlaps no
 * one. Deterministic: the same nodes and edges, in the same order, give the same positions.
 *
 * @example
 * const positions = layoutGraph(nodes, edges, new Map()); // first time
 * const next = layoutGraph(moreNodes, moreEdges, positions); // the old ones stay put
 */
export function layoutGraph(
  nodes: readonly LayoutNode[],
  edges: readonly { source: string; target: string }[],
  previous: ReadonlyMap<string, Position>,
): Map<string, Position> {
  const graph = new Graph({ multigraph: false });
  // Wide ranks leave room for the binding keys written on the edges.
  graph.setGraph({ rankdir: 'LR', nodesep: GAP, ranksep: 130, marginx: 8, marginy: 8 });
  graph.setDefaultEdgeLabel(() => ({}));
  for (const node of nodes) graph.setNode(node.id, { width: node.width, height: node.height });
  for (const edge of edges) {
    if (graph.hasNode(edge.source) && graph.hasNode(edge.target))
      graph.setEdge(edge.source, edge.target);
  }
  layout(graph);

  const positions = new Map<string, Position>();
  const placed: (Position & LayoutNode)[] = [];
  for (const node of nodes) {
    const kept = previous.get(node.id);
    if (kept) {
      positions.set(node.id, kept);
      placed.push({ ...node, ...kept });
    }
  }
  for (const node of nodes) {
    if (positions.has(node.id)) continue;
    const centre = graph.node(node.id);
    const spot = {
      x: Math.round(centre.x - node.width / 2),
      y: Math.round(centre.y - node.height / 2),
    };
    while (placed.some((other) => overlaps({ ...node, ...spot }, other))) spot.y += GAP;
    positions.set(node.id, spot);
    placed.push({ ...node, ...spot });
  }
  return positions;
}

function overlaps(a: Position & LayoutNode, b: Position & LayoutNode): boolean {
  return (
    a.x < b.x + b.width + GAP / 2 &&
    b.x < a.x + a.width + GAP / 2 &&
    a.y < b.y + b.height + GAP / 2 &&
    b.y < a.y + a.height + GAP / 2
  );
}

/**
 * {@link layoutGraph} with its memory: remembers the last positions, and lays out again only
 * when the graph's shape (its nodes, their sizes, its edges) changes, never for new counts.
 */
export class StableLayout {
  private shape = '';
  private positions = new Map<string, Position>();

  place(
    nodes: readonly LayoutNode[],
    edges: readonly { id: string; source: string; target: string }[],
  ): ReadonlyMap<string, Position> {
    const shape = `${nodes.map((node) => `${node.id}/${node.width}x${node.height}`).join('|')}#${edges.map((edge) => edge.id).join('|')}`;
    if (shape !== this.shape) {
      this.positions = layoutGraph(nodes, edges, this.positions);
      this.shape = shape;
    }
    return this.positions;
  }
}
