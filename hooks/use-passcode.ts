'use client';

import { useCallback, useEffect, useState } from 'react';
import type { Dashboard, DashboardSnapshot } from '@/lib/dashboard/dashboard';
import {
  forgetRememberedPasscode,
  readRememberedPasscode,
  sameTarget,
  writeRememberedPasscode,
} from '@/lib/workspace/remembered-passcode';

/**
 * The passcode lives in the dashboard's form only: never in the workspace, a snapshot or the DOM.
 * It is stored in the browser only while "remember" is ticked, bound to the broker URL, login and
 * vhost it was typed for, and comes back only for that same connection.
 */
export function usePasscode(dashboard: Dashboard, snapshot: DashboardSnapshot) {
  const [remember, setRemember] = useState(false);
  const { form } = snapshot;
  // The snapshot changes whenever the passcode does (its `passcodeVersion`), so this stays current.
  const passcode = dashboard.passcode;

  useEffect(() => {
    const current = dashboard.getSnapshot().form;
    const remembered = readRememberedPasscode(window.localStorage, current);
    if (remembered === null) return;
    // eslint-disable-next-line react-hooks/set-state-in-effect -- the stored preference is only readable after hydration
    setRemember(true);
    if (sameTarget(remembered, current)) dashboard.setForm({ passcode: remembered.passcode });
  }, [dashboard]);

  useEffect(() => {
    // An empty field (cleared by a workspace that moved the connection) never overwrites what was remembered.
    if (!remember || passcode === '') return;
    writeRememberedPasscode(window.localStorage, { brokerUrl: form.brokerUrl, login: form.login, vhost: form.vhost, passcode });
  }, [remember, passcode, form.brokerUrl, form.login, form.vhost]);

  const changePasscode = useCallback((next: string) => dashboard.setForm({ passcode: next }), [dashboard]);

  const changeRemember = useCallback((next: boolean) => {
    setRemember(next);
    if (!next) forgetRememberedPasscode(window.localStorage);
  }, []);

  return { passcode, changePasscode, remember, changeRemember };
}
