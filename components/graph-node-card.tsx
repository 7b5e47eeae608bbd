'use client';

import { useId } from 'react';
import { Handle, Position, type Node, type NodeProps } from '@xyflow/react';
import type { GraphNode } from '@/lib/routing/graph-types';
import { VisibleText } from '@/components/ui/visible-text';

export type RoutingNodeData = {
  node: GraphNode;
  onActivate: (node: GraphNode) => void;
  onFocus: (node: GraphNode | null) => void;
};
export type RoutingFlowNode = Node<RoutingNodeData, 'routing'>;

export const NODE_WIDTH = 200;
export const nodeHeight = (node: GraphNode) => 34 + 15 * node.lines.length;

const KIND_TONE: Record<GraphNode['kind'], string> = {
  sender: 'border-zinc-500 bg-zinc-100 dark:bg-zinc-800',
  exchange: 'border-violet-500 bg-violet-50 dark:bg-violet-950/60',
  queue: 'border-sky-600 bg-sky-50 dark:bg-sky-950/60',
  pane: 'border-zinc-400 bg-white dark:bg-zinc-900',
  more: 'border-dashed border-zinc-400 bg-zinc-50 dark:bg-zinc-900',
};
/** A queue whose panes take turns is the picture's point: it stands out from one-reader queues. */
const SHARED_QUEUE_TONE = 'border-amber-500 bg-amber-50 dark:bg-amber-950/60';

/**
 * One node of the routing graph: a button named by its kind and name (`queue jobs`), its counts
 * as its description. Enter or a click activates it (show the pane, use the exchange).
 */
export function GraphNodeCard({ data }: NodeProps<RoutingFlowNode>) {
  const { node, onActivate, onFocus } = data;
  const linesId = useId();
  const shared = node.kind === 'queue' && node.lines[0]?.startsWith('split');
  const tone = shared ? SHARED_QUEUE_TONE : KIND_TONE[node.kind];
  const activatable = node.kind === 'pane' || (node.kind === 'exchange' && node.exchange !== '');
  return (
    <>
      <Handle
        type="target"
        position={Position.Left}
        className="!border-0 !bg-transparent"
        isConnectable={false}
      />
      <button
        type="button"
        aria-label={node.name}
        aria-describedby={linesId}
        onClick={() => onActivate(node)}
        onFocus={() => onFocus(node)}
        onMouseEnter={() => onFocus(node)}
        style={{ width: NODE_WIDTH, height: nodeHeight(node) }}
        className={`nodrag nopan flex flex-col items-start overflow-hidden rounded-md border-2 px-2 py-1 text-left text-[11px] leading-[15px] shadow-sm outline-none focus-visible:ring-2 focus-visible:ring-sky-600 ${tone} ${
          node.flag ? 'ring-2 ring-red-600' : ''
        } ${activatable ? 'cursor-pointer' : 'cursor-default'}`}
      >
        <span className="w-full truncate font-mono text-xs font-semibold">
          <span className="font-sans font-normal text-zinc-500">
            {node.kind === 'more' ? '' : `${node.kind} `}
          </span>
          <VisibleText text={node.label} />
        </span>
        <span id={linesId} className="flex w-full flex-col">
          {node.lines.map((line, i) => (
            <span
              key={i}
              className={`truncate ${i === 0 && (shared || node.kind === 'pane') ? 'font-semibold' : 'text-zinc-600 dark:text-zinc-400'} ${
                node.flag && line.startsWith(node.flag)
                  ? 'font-semibold text-red-700 dark:text-red-300'
                  : ''
              }`}
            >
              <VisibleText text={line} />
            </span>
          ))}
        </span>
      </button>
      <Handle
        type="source"
        position={Position.Right}
        className="!border-0 !bg-transparent"
        isConnectable={false}
      />
    </>
  );
}
