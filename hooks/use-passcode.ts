'use client';

import { useCallback, useEffect, useState } from 'react';
import type { Dashboard } from '@/lib/dashboard/dashboard';
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
export function usePasscode(dashboard: Dashboard) {
  const [remember, setRemember] = useState(false);
  // Read on every render of the dashboard, whose snapshot changes whenever the passcode does
  // (its `passcodeVersion`), so this stays current without a copy in React state.
  const passcode = dashboard.passcode;

  useEffect(() => {
    const current = dashboard.getSnapshot().form;
    const remembered = readRememberedPasscode(window.localStorage, current);
    if (remembered === null) return;
    // eslint-disable-next-line react-hooks/set-state-in-effect -- the stored preference is only readable after hydration
    setRemember(true);
    if (sameTarget(remembered, current)) dashboard.setForm({ passcode: remembered.passcode });
  }, [dashboard]);

  /**
   * Stores the passcode for the form's current broker, login and vhost. Called only on what the
   * user does (typing, ticking, editing the form): a workspace that moves the form, or the
   * defaults a page opens with, never overwrite what was remembered.
   */
  const store = useCallback(
    (enabled: boolean) => {
      const value = dashboard.passcode;
      if (!enabled || value === '') return;
      const { brokerUrl, login, vhost } = dashboard.getSnapshot().form;
      writeRememberedPasscode(window.localStorage, { brokerUrl, login, vhost, passcode: value });
    },
    [dashboard],
  );

  const changePasscode = useCallback(
    (next: string) => {
      dashboard.setForm({ passcode: next });
      store(remember);
    },
    [dashboard, remember, store],
  );

  const changeRemember = useCallback(
    (next: boolean) => {
      setRemember(next);
      if (next) store(true);
      else forgetRememberedPasscode(window.localStorage);
    },
    [store],
  );

  /** After the user edits the broker URL, login or vhost: what is remembered follows the form. */
  const formEdited = useCallback(() => store(remember), [remember, store]);

  return { passcode, changePasscode, remember, changeRemember, formEdited };
}
