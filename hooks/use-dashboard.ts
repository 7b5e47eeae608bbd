'use client';

import { useEffect, useState, useSyncExternalStore } from 'react';
import { Dashboard } from '@/lib/dashboard/dashboard';
import type { ConnectionForm, DashboardSnapshot } from '@/lib/dashboard/dashboard-types';
import { createWorkerConnections } from '@/lib/stomp/connection-worker/worker-connections';
import { loadWorkspaceCodec, WORKSPACE_STORAGE_KEY } from '@/lib/workspace/storage';
import { rememberedPasscodeFor } from '@/lib/workspace/remembered-passcode';
import { reportStoredWorkspaceProblem } from '@/hooks/use-stored-workspace-problem';

const serverSnapshotCache = new WeakMap<Dashboard, DashboardSnapshot>();

/**
 * Creates the page's one Dashboard, restores the stored workspace (panes, never passcodes) and
 * stores it again on every change. Creating a Dashboard opens nothing, so StrictMode's double
 * render is harmless; connections open only on Connect. The workspace parser loads just after
 * hydration (it is not part of the first load); the stored value is read before any save.
 */
export function useDashboard(defaults: ConnectionForm): {
  dashboard: Dashboard;
  snapshot: DashboardSnapshot;
  /**
   * Settles once the stored workspace is restored (or there is none): Connect waits for it, so
   * restored panes are held for the check before consuming rather than subscribed on a
   * connection that came up first.
   */
  restored: Promise<void>;
} {
  const [restore] = useState(() => {
    let settle = () => {};
    const restored = new Promise<void>((resolve) => (settle = resolve));
    return { restored, settle };
  });
  const [dashboard] = useState(
    () =>
      new Dashboard(defaults, {
        // Panes receive on connections run by a worker (sockets, parsing, heartbeats), so the
        // page's main thread only keeps the panes and renders them.
        receivingConnections: createWorkerConnections(),
        rememberedPasscode: (target) => rememberedPasscodeFor(window.localStorage, target),
        onWorkspaceChange: (workspace) => {
          loadWorkspaceCodec().then(
            ({ serializeWorkspace }) => {
              try {
                window.localStorage.setItem(WORKSPACE_STORAGE_KEY, serializeWorkspace(workspace));
              } catch {
                /* storage full or disabled: the workspace still works, it just will not survive a reload */
              }
            },
            () => {
              /* the parser could not be loaded (offline): as with full storage, nothing is kept */
            },
          );
        },
      }),
  );

  useEffect(() => {
    let active = true;
    const stored = window.localStorage.getItem(WORKSPACE_STORAGE_KEY);
    // Fetched now even with nothing to restore: the first save (the first subscribe) needs it,
    // and a reload right after that must find the pane stored.
    const codec = loadWorkspaceCodec();
    codec.catch(() => {
      /* offline: handled where the codec is used */
    });
    if (stored) {
      codec.then(
        ({ parseWorkspace }) => {
          if (!active) return;
          // A stored workspace beyond the limits is refused whole, with the reason shown: loading
          // it could freeze every visit. It stays stored until the next change replaces it.
          const parsed = parseWorkspace(stored, { mode: 'stored' });
          reportStoredWorkspaceProblem(parsed.ok ? null : parsed.error);
          if (parsed.ok && dashboard.getSnapshot().panes.length === 0)
            void dashboard.loadWorkspace(parsed.value).finally(restore.settle);
          else restore.settle();
        },
        () => {
          /* the parser could not be loaded (offline): start with no panes, as with a bad stored value */
          restore.settle();
        },
      );
    } else restore.settle();
    const closeAll = () => void dashboard.disconnect();
    window.addEventListener('pagehide', closeAll);
    return () => {
      active = false;
      window.removeEventListener('pagehide', closeAll);
    };
  }, [dashboard, restore]);

  const snapshot = useSyncExternalStore(dashboard.subscribe, dashboard.getSnapshot, () => {
    let cached = serverSnapshotCache.get(dashboard);
    if (!cached) {
      cached = dashboard.getSnapshot();
      serverSnapshotCache.set(dashboard, cached);
    }
    return cached;
  });
  return { dashboard, snapshot, restored: restore.restored };
}
