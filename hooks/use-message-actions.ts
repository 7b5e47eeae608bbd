'use client';

import { ok } from '@/lib/util/result';

import { useMemo, useState } from 'react';
import type { Dashboard } from '@/lib/dashboard/dashboard';
import type { PaneMessage } from '@/lib/messages/message';
import { formatHeaderLines } from '@/lib/send/headers';
import { hasPlaceholders } from '@/lib/send/template';
import type { MessageActions, MessageSource } from '@/components/message-actions-context';
import { EMPTY_QUICK } from '@/components/send-quick-fields';
import type { SendFormValues } from '@/components/send-form';

/** One message picked with `Compare`. */
export interface ComparePick {
  message: PaneMessage;
  source: MessageSource;
}

/**
 * Resend, Edit and resend and Compare, wired to the dashboard and the Send form: the actions
 * the message detail offers, the note the Send form shows after Edit and resend (where it goes
 * and which headers were left out, so nothing is dropped silently), and the messages picked for
 * the diff (the last two).
 */
export function useMessageActions(
  dashboard: Dashboard,
  setSendValues: (values: SendFormValues) => void,
  revealSendForm: () => void,
) {
  const [sendNotice, setSendNotice] = useState<string | null>(null);
  const [picks, setPicks] = useState<readonly ComparePick[]>([]);
  const actions = useMemo<MessageActions>(
    () => ({
      resend: async (message, source) => {
        const { describeDropped, planResend } = await import('@/lib/resend/resend-plan');
        const plan = planResend(message, source.destination);
        const run = dashboard.send({
          destination: plan.destination,
          count: 1,
          body: () => plan.bytes,
          headers: plan.headers,
          receipts: 'every',
        });
        if (!run.ok) return run;
        const details = [plan.note, describeDropped(plan.dropped)].filter(Boolean).join(' ');
        return ok(`Resent #${message.seq} to ${plan.destination}. ${details}`);
      },
      editAndResend: async (message, source) => {
        const { describeDropped, formBody, resendHeaders, resendTarget } =
          await import('@/lib/resend/resend-plan');
        const target = resendTarget(source.destination, message.routingKey);
        const { headers, dropped } = resendHeaders(message.headers);
        const body = formBody(message);
        setSendValues({
          destination: target.destination,
          ...body,
          headersText: formatHeaderLines(headers),
          quick: EMPTY_QUICK,
          receipt: false,
          repeat: '1',
          rate: '',
        });
        setSendNotice(
          [
            `Message #${message.seq} of ${source.id}, ready to edit and send.`,
            target.note,
            describeDropped(dropped),
            body.encoding !== 'base64' && hasPlaceholders(body.body)
              ? 'The body holds {{i}}, {{uuid}} or {{now}}, which the Send form fills in: Resend sends it exactly as received.'
              : '',
          ]
            .filter(Boolean)
            .join(' '),
        );
        revealSendForm();
      },
      compare: (message, source) =>
        setPicks((current) =>
          [...current.filter((pick) => pick.message !== message), { message, source }].slice(-2),
        ),
    }),
    [dashboard, setSendValues, revealSendForm],
  );
  return {
    actions,
    sendNotice,
    clearSendNotice: () => setSendNotice(null),
    picks,
    clearPicks: () => setPicks([]),
  };
}
