'use client';

import { useEffect, useState, useSyncExternalStore } from 'react';
import { Dashboard, type ConnectionForm, type DashboardSnapshot } from '@/lib/dashboard/dashboard';
import { createWorkerSocketSource } from '@/lib/stomp/socket-relay/worker-socket-source';
import { parseWorkspace, serializeWorkspace, WORKSPACE_STORAGE_KEY } from '@/lib/workspace/workspace';

const serverSnapshotCache = new WeakMap<Dashboard, DashboardSnapshot>();

/**
 * Creates the page's one Dashboard, restores the stored workspace (panes, never passcodes) and
 * stores it again on every change. Creating a Dashboard opens nothing, so StrictMode's double
 * render is harmless; connections open only on Connect.
 */
export function useDashboard(defaults: ConnectionForm): { dashboard: Dashboard; snapshot: DashboardSnapshot } {
  const [dashboard] = useState(
    () =>
      new Dashboard(defaults, {
        // Panes receive through sockets owned by a worker, so the page's main thread only parses and renders.
        receiveSockets: createWorkerSocketSource(),
        onWorkspaceChange: (workspace) => {
          try {
            window.localStorage.setItem(WORKSPACE_STORAGE_KEY, serializeWorkspace(workspace));
          } catch {
            /* storage full or disabled: the workspace still works, it just will not survive a reload */
          }
        },
      }),
  );

  useEffect(() => {
    const stored = window.localStorage.getItem(WORKSPACE_STORAGE_KEY);
    if (stored) {
      const parsed = parseWorkspace(stored);
      if (parsed.ok && dashboard.getSnapshot().panes.length === 0) void dashboard.loadWorkspace(parsed.value);
    }
    const closeAll = () => void dashboard.disconnect();
    window.addEventListener('pagehide', closeAll);
    return () => window.removeEventListener('pagehide', closeAll);
  }, [dashboard]);

  const snapshot = useSyncExternalStore(dashboard.subscribe, dashboard.getSnapshot, () => {
    let cached = serverSnapshotCache.get(dashboard);
    if (!cached) {
      cached = dashboard.getSnapshot();
      serverSnapshotCache.set(dashboard, cached);
    }
    return cached;
  });
  return { dashboard, snapshot };
}
