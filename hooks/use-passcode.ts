'use client';

import { useCallback, useEffect, useState } from 'react';
import type { Dashboard } from '@/lib/dashboard/dashboard';

/** Only written when the user asks to remember the passcode; the connection bar warns about it. */
const PASSCODE_STORAGE_KEY = 'stompwatch.passcode';

/**
 * The passcode lives here and in the dashboard's form, never in the workspace. It is stored
 * in the browser only while "remember" is ticked, and a remembered one comes back on load.
 */
export function usePasscode(dashboard: Dashboard, initial: string) {
  const [passcode, setPasscode] = useState(initial);
  const [remember, setRemember] = useState(false);

  useEffect(() => {
    const stored = window.localStorage.getItem(PASSCODE_STORAGE_KEY);
    if (stored === null) return;
    /* eslint-disable react-hooks/set-state-in-effect */
    setRemember(true);
    setPasscode(stored);
    /* eslint-enable react-hooks/set-state-in-effect */
    dashboard.setForm({ passcode: stored });
  }, [dashboard]);

  const changePasscode = useCallback(
    (next: string) => {
      setPasscode(next);
      if (remember) window.localStorage.setItem(PASSCODE_STORAGE_KEY, next);
      dashboard.setForm({ passcode: next });
    },
    [dashboard, remember],
  );

  const changeRemember = useCallback(
    (next: boolean) => {
      setRemember(next);
      if (next) window.localStorage.setItem(PASSCODE_STORAGE_KEY, passcode);
      else window.localStorage.removeItem(PASSCODE_STORAGE_KEY);
    },
    [passcode],
  );

  return { passcode, changePasscode, remember, changeRemember };
}
