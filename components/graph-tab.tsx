'use client';

import { deferred } from '@/components/deferred';
import type { RoutingGraphProps } from '@/components/routing-graph';

/**
 * The Graph tab. React Flow and dagre are large and only this tab needs them: the whole view is
 * fetched when the tab first opens, never with the first load of the page.
 */
export const GraphTab = deferred(
  () => import('@/components/routing-graph').then((module) => module.RoutingGraph),
  function GraphPlaceholder(props: RoutingGraphProps) {
    void props;
    return <p className="text-xs text-zinc-500">Loading the routing graph…</p>;
  },
);
