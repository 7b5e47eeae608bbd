'use client';

import { useRef, type CSSProperties, type KeyboardEvent, type PointerEvent } from 'react';

export interface ResizeHandleProps {
  /** The accessible name, e.g. `Resize controls`. */
  label: string;
  /** `vertical` for a handle between side-by-side areas (drags left/right). */
  orientation: 'vertical' | 'horizontal';
  /** The size it controls now (px), and its bounds. */
  value: number;
  min: number;
  max: number;
  /** +1 when moving the handle right/down makes the size bigger, -1 when it makes it smaller. */
  grows?: 1 | -1;
  /** One arrow-key step, in px (Shift: four steps). */
  step?: number;
  /** The new size, clamped; `done` once the drag or key press is over (the moment to save). */
  onResize: (size: number, done: boolean) => void;
  className?: string;
  style?: CSSProperties;
}

/**
 * A focusable window splitter (WAI-ARIA `separator`): drag it, or focus it and use the arrow
 * keys, Home and End. The pointer is captured, so a drag across a pane's list never loses it.
 */
export function ResizeHandle({
  label,
  orientation,
  value,
  min,
  max,
  grows = 1,
  step = 20,
  onResize,
  className = '',
  style,
}: ResizeHandleProps) {
  const drag = useRef<{ from: number; size: number } | null>(null);
  const position = (event: PointerEvent) =>
    orientation === 'vertical' ? event.clientX : event.clientY;
  const clamp = (size: number) => Math.min(max, Math.max(min, size));
  const dragTo = (event: PointerEvent, done: boolean) => {
    if (!drag.current) return;
    onResize(clamp(drag.current.size + grows * (position(event) - drag.current.from)), done);
  };

  const keyDown = (event: KeyboardEvent) => {
    const back = orientation === 'vertical' ? 'ArrowLeft' : 'ArrowUp';
    const forward = orientation === 'vertical' ? 'ArrowRight' : 'ArrowDown';
    let next: number | null = null;
    if (event.key === back || event.key === forward) {
      next = value + (event.key === forward ? grows : -grows) * step * (event.shiftKey ? 4 : 1);
    } else if (event.key === 'Home') next = min;
    else if (event.key === 'End') next = max;
    if (next === null) return;
    event.preventDefault();
    onResize(clamp(next), true);
  };

  return (
    <div
      role="separator"
      tabIndex={0}
      aria-label={label}
      aria-orientation={orientation}
      aria-valuenow={Math.round(value)}
      aria-valuemin={Math.round(min)}
      aria-valuemax={Math.round(max)}
      onKeyDown={keyDown}
      style={style}
      onPointerDown={(event) => {
        event.currentTarget.setPointerCapture(event.pointerId);
        drag.current = { from: position(event), size: value };
      }}
      onPointerMove={(event) => dragTo(event, false)}
      onPointerUp={(event) => {
        dragTo(event, true);
        drag.current = null;
      }}
      onPointerCancel={() => {
        drag.current = null;
      }}
      className={`shrink-0 touch-none bg-zinc-200 outline-none hover:bg-sky-400 focus-visible:bg-sky-600 focus-visible:ring-2 focus-visible:ring-sky-600 dark:bg-zinc-800 ${
        orientation === 'vertical' ? 'w-1.5 cursor-col-resize' : 'h-1.5 cursor-row-resize'
      } ${className}`}
    />
  );
}
