'use client';

import { useEffect, useState } from 'react';
import type { SendDraft, SendHistory } from '@/lib/send/history';
import type { SendFormValues } from '@/components/send-form';

/** The send form's values as a draft to remember (never a passcode: the form has none). */
export function toDraft(values: SendFormValues): SendDraft {
  const rate = Number(values.rate);
  return {
    destination: values.destination,
    body: values.body,
    encoding: values.encoding,
    headersText: values.headersText,
    quick: values.quick,
    repeat: Number(values.repeat) || 1,
    ratePerSecond: values.rate.trim() !== '' && Number.isFinite(rate) ? rate : null,
  };
}

/**
 * The browser's send history, created after hydration (the server has no localStorage). Its
 * validation (zod) is loaded then too, so it is not part of the page's first load.
 */
export function useSendHistory(): SendHistory | null {
  const [history, setHistory] = useState<SendHistory | null>(null);
  useEffect(() => {
    let active = true;
    import('@/lib/send/history').then(
      ({ SendHistory }) => {
        if (active) setHistory(new SendHistory(window.localStorage));
      },
      () => {
        /* could not be loaded (dashboard unreachable): sending works, it is just not remembered */
      },
    );
    return () => {
      active = false;
    };
  }, []);
  return history;
}
