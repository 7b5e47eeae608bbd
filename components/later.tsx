'use client';

import { deferred } from '@/components/deferred';

/**
 * Parts of the page nobody sees on first load: what sits in a folded "Builder and options"
 * group, the Topology tab, the shortcuts dialog, the send history (its store arrives after
 * hydration too). They are kept out of the first-load JS
 * (≤ 200 kB gzipped for `/`) and fetched right after hydration by `preloadLater()`, so they are
 * there before anyone opens them; until then they render nothing (or a line saying so).
 */
export const DestinationBuilder = deferred(
  () => import('@/components/destination-builder').then((module) => module.DestinationBuilder),
  () => null,
);

export const StreamFields = deferred(
  () => import('@/components/stream-fields').then((module) => module.StreamFields),
  () => null,
);

export const DurableQueueOption = deferred(
  () => import('@/components/durable-queue-option').then((module) => module.DurableQueueOption),
  () => null,
);

export const ShortcutsDialog = deferred(
  () => import('@/components/shortcuts-dialog').then((module) => module.ShortcutsDialog),
  () => null,
);

export const TopologyPanel = deferred(
  () => import('@/components/topology-panel').then((module) => module.TopologyPanel),
  function TopologyPlaceholder() {
    return <p className="text-xs text-zinc-600 dark:text-zinc-400">Loading the topology…</p>;
  },
);

export const SendHistoryPanel = deferred(
  () => import('@/components/send-history-panel').then((module) => module.SendHistoryPanel),
  () => null,
);

/** Fetches every part above; called once the page is interactive. */
export function preloadLater(): void {
  for (const part of [
    DestinationBuilder,
    StreamFields,
    DurableQueueOption,
    ShortcutsDialog,
    TopologyPanel,
    SendHistoryPanel,
  ])
    part.preload();
}
