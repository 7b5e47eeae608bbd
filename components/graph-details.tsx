import { memo } from 'react';
import type { RoutingGraph } from '@/lib/routing/graph-types';
import type { Focused } from '@/components/graph-canvas';
import { VisibleText } from '@/components/ui/visible-text';

/** The side card: what the hovered or focused node or edge is, its counts, and why it routes. */
export const GraphDetails = memo(function GraphDetails({
  graph,
  focused,
}: {
  graph: RoutingGraph;
  focused: Focused | null;
}) {
  // Show the live version of what was focused: counts move on after the focus event.
  const node =
    focused?.kind === 'node'
      ? graph.nodes.find((candidate) => candidate.id === focused.node.id)
      : undefined;
  const edge =
    focused?.kind === 'edge'
      ? graph.edges.find((candidate) => candidate.id === focused.edge.id)
      : undefined;
  const names = new Map(graph.nodes.map((candidate) => [candidate.id, candidate.name]));
  const title = node
    ? node.name
    : edge
      ? `${names.get(edge.source) ?? edge.source} → ${names.get(edge.target) ?? edge.target}`
      : null;
  const lines = node ? [...node.lines, ...node.details] : edge ? [edge.label, ...edge.details] : [];
  const hint =
    node?.paneKey !== undefined
      ? 'Enter or click: show this pane.'
      : node?.exchange
        ? 'Enter or click: send to this exchange.'
        : null;
  return (
    <aside
      aria-label="Graph details"
      className="w-64 shrink-0 rounded border border-zinc-200 p-2 text-xs dark:border-zinc-800"
    >
      {title ? (
        <>
          <h3 className="font-mono font-semibold break-all">
            <VisibleText text={title} />
          </h3>
          <ul className="mt-1 flex flex-col gap-0.5 text-zinc-700 dark:text-zinc-300">
            {lines.map((line, i) => (
              <li key={i}>
                <VisibleText text={line} />
              </li>
            ))}
          </ul>
          {hint ? <p className="mt-1 text-zinc-500">{hint}</p> : null}
        </>
      ) : (
        <p className="text-zinc-500">
          Hover or focus a node or an edge for its details. A pane node shows that pane; an exchange
          node fills the Send destination.
        </p>
      )}
    </aside>
  );
});
