'use client';

import { useCallback, useState } from 'react';
import type { Dashboard } from '@/lib/dashboard/dashboard';
import type { PaneConfig } from '@/lib/panes/pane-config';
import type { PaneToTell } from '@/lib/watch/consume-check';
import { ConnectCheck, type ConsumeChoice } from '@/lib/watch/connect-check';

/**
 * Connect with the check before consuming (`lib/watch/connect-check.ts`): the page's Connect
 * and Disconnect, and the panes held back until the user chooses, for the dialog that asks.
 */
export function useConnectCheck(
  dashboard: Dashboard,
  passcode: string,
  /** From useDashboard: Connect waits for the stored workspace to be restored. */
  restored: Promise<void>,
): {
  connect: () => void;
  disconnect: () => void;
  /** Panes waiting for the user's choice, with what to tell about each; null when none wait. */
  told: readonly PaneToTell<PaneConfig>[] | null;
  choose: (choice: ConsumeChoice) => void;
  /** Why the last choice could not be applied to every pane, if it could not. */
  problem: string | null;
} {
  const [gate] = useState(() => new ConnectCheck(dashboard));
  const [told, setTold] = useState<readonly PaneToTell<PaneConfig>[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const connect = useCallback(() => {
    setTold(null);
    setProblem(null);
    void restored
      .then(() => {
        const { vhost, login } = dashboard.getSnapshot().form;
        return gate.connect({ vhost, credentials: { login, passcode } });
      })
      .then((result) => {
        if (result.ok && result.value.length > 0) setTold(result.value);
      });
  }, [dashboard, gate, passcode, restored]);
  const disconnect = useCallback(() => {
    gate.abandon();
    setTold(null);
    void dashboard.disconnect();
  }, [dashboard, gate]);
  const choose = useCallback(
    (choice: ConsumeChoice) => {
      if (!told) return;
      setTold(null);
      void gate.choose(told, choice).then((result) => setProblem(result.ok ? null : result.error));
    },
    [gate, told],
  );
  return { connect, disconnect, told, choose, problem };
}
