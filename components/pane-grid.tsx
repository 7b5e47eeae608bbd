'use client';

import { useState, type DragEvent, type ReactNode } from 'react';
import type { PaneRuntime } from '@/lib/panes/pane-runtime';
import {
  MIN_PANE_HEIGHT,
  paneColumns,
  weightsFor,
  type WorkspaceLayout,
} from '@/lib/workspace/layout';
import { useElementWidth } from '@/hooks/use-element-width';
import { ResizeHandle } from '@/components/ui/resize-handle';
import type { PaneArrangement } from '@/components/pane-toolbar';

const GAP = 8;
const DRAG_TYPE = 'application/x-stompwatch-pane';

export interface PaneGridProps {
  panes: readonly PaneRuntime[];
  layout: WorkspaceLayout;
  /** Phones: one column of panes tall enough to read, in a page that scrolls. */
  narrow: boolean;
  onColumnWeights: (columns: number, index: number, leftWidthFraction: number) => void;
  onMove: (key: string, to: number) => void;
  renderPane: (
    pane: PaneRuntime,
    arrangement: PaneArrangement,
    onDragStart: (event: DragEvent) => void,
  ) => ReactNode;
  empty: ReactNode;
}

/**
 * The panes, tiled: one takes the area whole, two sit side by side, four make a 2×2 grid, more
 * keep a minimum size and the area scrolls. Collapsed panes line up above as their headers; a
 * maximised one fills the area while the others stay mounted (hidden), so they keep their state.
 */
export function PaneGrid({
  panes,
  layout,
  narrow,
  onColumnWeights,
  onMove,
  renderPane,
  empty,
}: PaneGridProps) {
  const [grid, width] = useElementWidth<HTMLDivElement>(1200);
  const [dropTarget, setDropTarget] = useState<string | null>(null);
  if (panes.length === 0) return <>{empty}</>;

  const collapsed = new Set(layout.collapsed);
  const maximised = panes.find((pane) => pane.key === layout.maximised) ?? null;
  const tiled = panes.filter((pane) => !collapsed.has(pane.key));
  const columns = maximised || narrow ? 1 : paneColumns(tiled.length, width);
  const weights = weightsFor(layout, columns);
  const available = Math.max(1, width - GAP * (columns - 1));
  const rows = maximised ? 1 : Math.max(1, Math.ceil(tiled.length / columns));
  const minRow = narrow ? 420 : MIN_PANE_HEIGHT;

  const arrangementOf = (pane: PaneRuntime): PaneArrangement => {
    const index = panes.indexOf(pane);
    return {
      maximised: maximised === pane,
      collapsed: collapsed.has(pane.key),
      canMoveEarlier: index > 0,
      canMoveLater: index < panes.length - 1,
    };
  };
  const dragStart = (pane: PaneRuntime) => (event: DragEvent) => {
    event.dataTransfer.setData(DRAG_TYPE, pane.key);
    event.dataTransfer.effectAllowed = 'move';
  };
  const dropProps = (pane: PaneRuntime) => ({
    onDragOver: (event: DragEvent) => {
      if (!event.dataTransfer.types.includes(DRAG_TYPE)) return;
      event.preventDefault();
      setDropTarget(pane.key);
    },
    onDragLeave: () => setDropTarget((current) => (current === pane.key ? null : current)),
    onDrop: (event: DragEvent) => {
      const key = event.dataTransfer.getData(DRAG_TYPE);
      setDropTarget(null);
      if (!key || key === pane.key) return;
      event.preventDefault();
      onMove(key, panes.indexOf(pane));
    },
  });

  return (
    <div className="flex h-full min-h-0 flex-col gap-2">
      {!maximised && collapsed.size > 0 ? (
        <div className="flex shrink-0 flex-col gap-1">
          {panes
            .filter((pane) => collapsed.has(pane.key))
            .map((pane) => (
              <div
                key={pane.key}
                {...dropProps(pane)}
                className={dropTarget === pane.key ? 'rounded-lg ring-2 ring-sky-600' : ''}
              >
                {renderPane(pane, arrangementOf(pane), dragStart(pane))}
              </div>
            ))}
        </div>
      ) : null}
      <div
        ref={grid}
        className="relative grid min-h-0 flex-1"
        style={{
          gap: GAP,
          gridTemplateColumns: weights.map((weight) => `minmax(0, ${weight}fr)`).join(' '),
          gridTemplateRows: `repeat(${rows}, minmax(${minRow}px, 1fr))`,
        }}
      >
        {tiled.map((pane) => (
          <div
            key={pane.key}
            hidden={maximised !== null && maximised !== pane}
            {...dropProps(pane)}
            className={`min-h-0 min-w-0 ${dropTarget === pane.key ? 'rounded-lg ring-2 ring-sky-600' : ''}`}
          >
            {renderPane(pane, arrangementOf(pane), dragStart(pane))}
          </div>
        ))}
        {columns > 1
          ? weights.slice(0, -1).map((_, index) => {
              const before = weights.slice(0, index).reduce((sum, weight) => sum + weight, 0);
              const left = (before + weights[index]!) * available + GAP * index;
              const pair = weights[index]! + weights[index + 1]!;
              return (
                <ResizeHandle
                  key={index}
                  label="Resize panes"
                  orientation="vertical"
                  value={weights[index]! * available}
                  min={0.15 * available}
                  max={(pair - 0.15) * available}
                  step={available / 40}
                  onResize={(size) => onColumnWeights(columns, index, size / available)}
                  className="absolute top-0 z-10 h-full rounded opacity-60 hover:opacity-100 focus-visible:opacity-100"
                  style={{ left: left + GAP / 2 - 3 }}
                />
              );
            })
          : null}
      </div>
    </div>
  );
}
