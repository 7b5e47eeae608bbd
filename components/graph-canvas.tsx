'use client';

import { memo, useEffect, useState } from 'react';
import {
  ReactFlow,
  useReactFlow,
  ReactFlowProvider,
  MarkerType,
  Position as FlowPosition,
  type Edge,
} from '@xyflow/react';
import type { GraphEdge, GraphNode, RoutingGraph } from '@/lib/routing/graph-types';
import { StableLayout } from '@/lib/routing/graph-layout';
import { ReusedById } from '@/lib/routing/graph-memo';
import {
  GraphNodeCard,
  NODE_WIDTH,
  nodeHeight,
  type RoutingFlowNode,
} from '@/components/graph-node-card';

export type Focused = { kind: 'node'; node: GraphNode } | { kind: 'edge'; edge: GraphEdge };

export interface GraphCanvasProps {
  graph: RoutingGraph;
  onFocus: (focused: Focused | null) => void;
  onShowPane: (paneKey: string) => void;
  onUseExchange: (exchange: string) => void;
}

const NODE_TYPES = { routing: GraphNodeCard };

/** Colour and dash by the selected send's overlay; width by how many messages the edge carried. */
function edgeStyle(edge: GraphEdge, maxCount: number) {
  const { expected, carried, flag } = edge.overlay;
  // Edges that carried earlier sends stay strong (slate): the picture of who got what must not
  // fade because another send is selected. Only edges that carried nothing are faint.
  const stroke = flag
    ? '#dc2626'
    : expected && carried
      ? '#059669'
      : expected
        ? '#d97706'
        : edge.count > 0
          ? '#64748b'
          : '#d4d4d8';
  const dashed = flag === 'missing' || (expected && !carried);
  return {
    stroke,
    strokeWidth: 1.5 + (6 * edge.count) / maxCount,
    strokeDasharray: dashed ? '6 4' : undefined,
  };
}

const HANDLE = 2;

function geometry(height: number) {
  const y = height / 2 - HANDLE / 2;
  return {
    width: NODE_WIDTH,
    height,
    measured: { width: NODE_WIDTH, height },
    handles: [
      {
        type: 'target' as const,
        position: FlowPosition.Left,
        x: 0,
        y,
        width: HANDLE,
        height: HANDLE,
      },
      {
        type: 'source' as const,
        position: FlowPosition.Right,
        x: NODE_WIDTH - HANDLE,
        y,
        width: HANDLE,
        height: HANDLE,
      },
    ],
  };
}

function Canvas({ graph, onFocus, onShowPane, onUseExchange }: GraphCanvasProps) {
  const [layout] = useState(() => new StableLayout());
  // React Flow redraws a node or edge whose object changed: unchanged ones keep theirs.
  const [flowNodes] = useState(() => new ReusedById<GraphNode, RoutingFlowNode>());
  const [flowEdges] = useState(() => new ReusedById<GraphEdge, Edge>());
  const { fitView } = useReactFlow();
  // Positions depend on the graph's shape only, never on its counts: the layout holds still.
  const positions = layout.place(
    graph.nodes.map((node) => ({ id: node.id, width: NODE_WIDTH, height: nodeHeight(node) })),
    graph.edges,
  );
  useEffect(() => {
    void fitView({ padding: 0.08 });
  }, [positions, fitView]);

  const nodes = flowNodes.map(
    graph.nodes,
    (node): RoutingFlowNode => ({
      id: node.id,
      type: 'routing',
      position: positions.get(node.id) ?? { x: 0, y: 0 },
      // React Flow hides a node until it knows its size and handles, and forgets what it
      // measured when the object changes: so both are given, never measured.
      ...geometry(nodeHeight(node)),
      data: {
        node,
        onFocus: (focused) => onFocus(focused ? { kind: 'node', node: focused } : null),
        onActivate: (activated) => {
          if (activated.paneKey !== undefined) onShowPane(activated.paneKey);
          else if (activated.exchange !== undefined && activated.exchange !== '')
            onUseExchange(activated.exchange);
        },
      },
    }),
    (node) => positions.get(node.id),
  );
  const maxCount = Math.max(1, ...graph.edges.map((edge) => edge.count));
  const names = new Map(graph.nodes.map((node) => [node.id, node.name]));
  const edges = flowEdges.map(
    graph.edges,
    (edge): Edge => {
      const style = edgeStyle(edge, maxCount);
      return {
        id: edge.id,
        source: edge.source,
        target: edge.target,
        label: edge.label || undefined,
        ariaLabel: `${names.get(edge.source)} to ${names.get(edge.target)}${edge.label ? `: ${edge.label}` : ''}`,
        // Reached with Tab like the nodes; focusing one shows its details in the side card.
        focusable: true,
        domAttributes: { onFocus: () => onFocus({ kind: 'edge', edge }) },
        style,
        // Markers scale with the stroke width: keep the arrowheads the same size on every edge.
        markerEnd: {
          type: MarkerType.ArrowClosed,
          color: style.stroke,
          width: 16 / style.strokeWidth,
          height: 16 / style.strokeWidth,
        },
        labelStyle: {
          fontSize: 11,
          fontWeight: 600,
          fill: style.stroke === '#d4d4d8' ? '#52525b' : style.stroke,
        },
        labelBgPadding: [3, 1] as [number, number],
        labelBgStyle: { fillOpacity: 0.85 },
      };
    },
    // The width and the names in the edge's words come from outside the edge itself.
    (edge) => `${maxCount}|${names.get(edge.source)}|${names.get(edge.target)}`,
  );

  return (
    <ReactFlow
      nodes={nodes}
      edges={edges}
      nodeTypes={NODE_TYPES}
      nodesDraggable={false}
      nodesConnectable={false}
      nodesFocusable={false}
      elementsSelectable={false}
      onEdgeMouseEnter={(_, flowEdge) => {
        const edge = graph.edges.find((candidate) => candidate.id === flowEdge.id);
        if (edge) onFocus({ kind: 'edge', edge });
      }}
      fitView
      minZoom={0.2}
      colorMode="system"
    />
  );
}

/**
 * The graph drawn with React Flow, laid out by dagre left to right. Memoised: the tab redraws on
 * a timer, and a graph that did not change (the same object) is not drawn again.
 */
export const GraphCanvas = memo(function GraphCanvas(props: GraphCanvasProps) {
  return (
    <ReactFlowProvider>
      <Canvas {...props} />
    </ReactFlowProvider>
  );
});
