'use client';

import { useCallback, useRef, useState } from 'react';

/**
 * The element's content width, kept current with a ResizeObserver; `fallback` before the first
 * measure. Returns a callback ref, so an element that mounts later is observed too.
 */
export function useElementWidth<E extends HTMLElement>(
  fallback: number,
): [(element: E | null) => void, number] {
  const [width, setWidth] = useState(fallback);
  const observer = useRef<ResizeObserver | null>(null);
  const ref = useCallback((element: E | null) => {
    observer.current?.disconnect();
    observer.current = null;
    if (!element) return;
    observer.current = new ResizeObserver(([entry]) => {
      if (entry) setWidth(Math.round(entry.contentRect.width));
    });
    observer.current.observe(element);
  }, []);
  return [ref, width];
}
