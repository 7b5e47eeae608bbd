'use client';

import { useEffect, useState } from 'react';
import type { FirehoseState } from '@/lib/watch/firehose';
import { readFirehose } from '@/lib/watch/firehose-status';

const UNKNOWN: FirehoseState = { status: 'unknown' };
/** Watch panes follow an administrator turning tracing on or off within this long. */
const POLL_MS = 5000;

/**
 * Whether the firehose is on in the connected vhost, read (never changed) through the management
 * route while at least one watch pane is open; `unknown` otherwise.
 */
export function useFirehose(
  needed: boolean,
  vhost: string,
  credentials: { login: string; passcode: string },
): FirehoseState {
  const [state, setState] = useState<{ key: string; value: FirehoseState } | null>(null);
  const { login, passcode } = credentials;
  const key = `${vhost}\n${login}`;
  useEffect(() => {
    if (!needed) return;
    let active = true;
    const read = () =>
      void readFirehose(vhost, { login, passcode }).then((value) => {
        if (active) setState({ key, value });
      });
    read();
    const timer = setInterval(read, POLL_MS);
    return () => {
      active = false;
      clearInterval(timer);
    };
  }, [needed, vhost, login, passcode, key]);
  return needed && state?.key === key ? state.value : UNKNOWN;
}
