'use client';

import { useCallback, useSyncExternalStore } from 'react';
import type { BulkSender } from '@/lib/send/bulk-sender';
import type { BulkSendProgress } from '@/lib/send/bulk-job';

const IDLE: BulkSendProgress | null = null;

/** The progress of a send run; updates at most every ~100 ms and on status changes. */
export function useSendProgress(sender: BulkSender | null): BulkSendProgress | null {
  const subscribe = useCallback(
    (listener: () => void) => sender?.onProgress(listener) ?? (() => {}),
    [sender],
  );
  const get = useCallback(() => sender?.progress ?? IDLE, [sender]);
  return useSyncExternalStore(subscribe, get, () => IDLE);
}
