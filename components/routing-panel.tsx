'use client';

import { useId, type KeyboardEvent, type ReactNode } from 'react';
import { ROUTING_SIZE, ROUTING_TABS, type RoutingTab } from '@/lib/workspace/layout';
import { Button } from '@/components/ui/button';
import { ResizeHandle } from '@/components/ui/resize-handle';

const TAB_LABELS: Record<RoutingTab, string> = {
  delivery: 'Delivery',
  topology: 'Topology',
  graph: 'Graph',
};

export interface RoutingPanelProps {
  open: boolean;
  tab: RoutingTab;
  /** Height in px when docked at the bottom; ignored as a drawer. */
  size: number;
  drawer: boolean;
  onChange: (change: { open?: boolean; tab?: RoutingTab; size?: number }) => void;
  /** What each tab shows; only the selected one is rendered. */
  panels: Record<RoutingTab, ReactNode>;
}

/**
 * Delivery, Topology and Graph as tabs in one panel, docked under the panes (a drawer on phones),
 * resizable and collapsible. Folded, it keeps its tab strip: one click opens a tab.
 */
export function RoutingPanel({ open, tab, size, drawer, onChange, panels }: RoutingPanelProps) {
  const id = useId();
  const select = (next: RoutingTab) => onChange({ tab: next, open: true });
  const keyDown = (event: KeyboardEvent) => {
    const index = ROUTING_TABS.indexOf(tab);
    const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    if (step === 0) return;
    event.preventDefault();
    const next = ROUTING_TABS[(index + step + ROUTING_TABS.length) % ROUTING_TABS.length]!;
    select(next);
    document.getElementById(`${id}-tab-${next}`)?.focus();
  };

  return (
    <>
      {open && !drawer ? (
        <ResizeHandle
          label="Resize routing"
          orientation="horizontal"
          value={size}
          min={ROUTING_SIZE.min}
          max={ROUTING_SIZE.max}
          grows={-1}
          onResize={(next) => onChange({ size: next })}
        />
      ) : null}
      <section
        aria-label="Routing"
        style={open && !drawer ? { height: size } : undefined}
        className={`flex min-h-0 shrink-0 flex-col border-t border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900 ${
          drawer && open ? 'fixed inset-x-0 bottom-0 z-30 max-h-[80dvh] shadow-2xl' : ''
        }`}
      >
        <div className="flex items-center gap-1 border-b border-zinc-200 px-2 dark:border-zinc-800">
          <span className="px-1 text-xs font-semibold text-zinc-700 dark:text-zinc-300">
            Routing
          </span>
          <div role="tablist" aria-label="Routing views" className="flex" onKeyDown={keyDown}>
            {ROUTING_TABS.map((name) => {
              const selected = open && tab === name;
              return (
                <button
                  key={name}
                  id={`${id}-tab-${name}`}
                  type="button"
                  role="tab"
                  aria-selected={selected}
                  aria-controls={selected ? `${id}-panel` : undefined}
                  tabIndex={tab === name ? 0 : -1}
                  onClick={() => select(name)}
                  className={`border-b-2 px-3 py-1.5 text-xs font-medium outline-none focus-visible:ring-2 focus-visible:ring-sky-600 ${
                    selected
                      ? 'border-sky-700 text-sky-800 dark:border-sky-400 dark:text-sky-300'
                      : 'border-transparent text-zinc-700 hover:text-zinc-900 dark:text-zinc-300 dark:hover:text-white'
                  }`}
                >
                  {TAB_LABELS[name]}
                </button>
              );
            })}
          </div>
          <span className="grow" />
          <Button
            variant="ghost"
            size="xs"
            aria-expanded={open}
            onClick={() => onChange({ open: !open })}
          >
            {open ? 'Hide routing' : 'Show routing'}
          </Button>
        </div>
        {open ? (
          <div
            id={`${id}-panel`}
            role="tabpanel"
            aria-labelledby={`${id}-tab-${tab}`}
            className="min-h-0 flex-1 overflow-auto p-3"
          >
            {panels[tab]}
          </div>
        ) : null}
      </section>
    </>
  );
}
