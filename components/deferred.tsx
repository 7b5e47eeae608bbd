'use client';

import { useEffect, useSyncExternalStore, type ComponentType } from 'react';

const RETRY_MS = 2000;

/**
 * A component kept out of the page's first load, like `next/dynamic`, but one that never
 * suspends: React holds a Suspense fallback for about 300 ms, a visible lag for a pane the user
 * has just added. The code is fetched when the first instance mounts or when `preload` is called
 * (right after hydration, say), so it is normally there before it is needed; until then
 * `Placeholder` renders with the same props. A failed fetch is retried every few seconds while
 * an instance is waiting for it.
 *
 * @example
 * const DeferredPane = deferred(() => import('@/components/pane').then((m) => m.Pane), PanePlaceholder);
 * useEffect(() => DeferredPane.preload(), []);
 */
export function deferred<P extends object>(
  load: () => Promise<ComponentType<P>>,
  Placeholder: ComponentType<P>,
): ComponentType<P> & { preload: () => void } {
  let Loaded: ComponentType<P> | null = null;
  let loading = false;
  const listeners = new Set<() => void>();

  const preload = () => {
    if (Loaded || loading) return;
    loading = true;
    load().then(
      (component) => {
        Loaded = component;
        listeners.forEach((listener) => listener());
      },
      () => {
        loading = false;
        if (listeners.size > 0) setTimeout(preload, RETRY_MS); // else the next mount tries again
      },
    );
  };
  const subscribe = (listener: () => void) => {
    listeners.add(listener);
    return () => listeners.delete(listener);
  };
  const getSnapshot = () => Loaded;
  const getServerSnapshot = () => null;

  function Deferred(props: P) {
    const Component = useSyncExternalStore(subscribe, getSnapshot, getServerSnapshot);
    useEffect(preload, []);
    return Component ? <Component {...props} /> : <Placeholder {...props} />;
  }
  return Object.assign(Deferred, { preload });
}
