'use client';

import { useMemo, useState, type FormEvent } from 'react';
import type { SendRequest, SendRun } from '@/lib/dashboard/dashboard-types';
import { validateSendDestination } from '@/lib/routing/destination';
import { MAX_BULK_COUNT } from '@/lib/send/bulk-job';
import type { BulkSender } from '@/lib/send/bulk-sender';
import { bodyCheckFor, chooseContentType, withDefaultContentType } from '@/lib/send/content-type';
import { checkJsonBody, type BodyEncoding } from '@/lib/send/encoding';
import { buildSendHeaders, parseHeaderLines } from '@/lib/send/headers';
import { prepareBody } from '@/lib/send/message-body';
import { hasPlaceholders } from '@/lib/send/template';
import { err, ok, type Result } from '@/lib/util/result';
import { useSendProgress } from '@/hooks/use-send-progress';
import { Button } from '@/components/ui/button';
import { Field, TextArea, TextInput } from '@/components/ui/field';
import { DestinationBuilder } from '@/components/later';
import { EMPTY_QUICK, SendQuickFields, type QuickState } from '@/components/send-quick-fields';
import { SendProgress } from '@/components/send-progress';
import { clip, SendBodyFields } from '@/components/send-body-fields';
import { DestinationChips } from '@/components/destination-chips';

export interface SendFormValues {
  destination: string;
  body: string;
  encoding: BodyEncoding;
  headersText: string;
  quick: QuickState;
  receipt: boolean;
  repeat: string;
  rate: string;
}

export const EMPTY_SEND: SendFormValues = {
  destination: '/exchange/amq.topic/orders.created',
  body: 'order {{i}}',
  encoding: 'text',
  headersText: '',
  quick: EMPTY_QUICK,
  receipt: false,
  repeat: '1',
  rate: '',
};

interface Props {
  values: SendFormValues;
  onValuesChange: (values: SendFormValues) => void;
  suggestions: readonly string[];
  onSend: (request: SendRequest, values: SendFormValues) => Result<SendRun>;
  sender: BulkSender | null;
  preview: React.ReactNode;
  /** What the form was filled with and what was left out (Edit and resend). */
  notice?: string | null;
}

/** The Send form (ui-contract): every check runs before the first frame leaves. */
export function SendForm({
  values,
  onValuesChange,
  suggestions,
  onSend,
  sender,
  preview,
  notice,
}: Props) {
  const [problem, setProblem] = useState<string | null>(null);
  const progress = useSendProgress(sender);
  const set = (change: Partial<SendFormValues>) => onValuesChange({ ...values, ...change });
  const customHeaders = useMemo(() => parseHeaderLines(values.headersText), [values.headersText]);
  const contentType = chooseContentType(
    values.encoding,
    values.quick.contentType,
    customHeaders.ok ? customHeaders.value : {},
  );
  const jsonMode = bodyCheckFor(values.encoding, contentType.value) === 'json';
  const jsonCheck = useMemo(
    () => (jsonMode && !hasPlaceholders(values.body) ? checkJsonBody(values.body) : null),
    [jsonMode, values.body],
  );

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const request = buildRequest(values);
    if (!request.ok) {
      setProblem(clip(request.error));
      return;
    }
    const started = onSend(request.value, values);
    setProblem(started.ok ? null : clip(started.error));
  };

  return (
    <form aria-label="Send" onSubmit={submit} className="flex flex-col gap-3" noValidate>
      {notice ? (
        <p
          aria-label="Resend note"
          className="rounded border border-sky-200 bg-sky-50 px-2 py-1 text-xs text-sky-950 dark:border-sky-900 dark:bg-sky-950 dark:text-sky-100"
        >
          {notice}
        </p>
      ) : null}
      <div className="grid grid-cols-[1fr_1fr_auto] items-end gap-2 @xl:grid-cols-[2fr_1fr_1fr_auto] [&>*:first-child]:col-span-3 @xl:[&>*:first-child]:col-span-1">
        <Field label="Destination">
          <TextInput
            value={values.destination}
            onChange={(e) => set({ destination: e.target.value })}
            spellCheck={false}
            className="font-mono"
          />
        </Field>
        <Field label="Repeat">
          <TextInput
            type="number"
            min={1}
            max={MAX_BULK_COUNT}
            value={values.repeat}
            onChange={(e) => set({ repeat: e.target.value })}
          />
        </Field>
        <Field label="Rate limit (msg/s)">
          <TextInput
            inputMode="numeric"
            value={values.rate}
            placeholder="as fast as possible"
            onChange={(e) => set({ rate: e.target.value })}
          />
        </Field>
        <Button type="submit" variant="primary" className="h-9">
          Send
        </Button>
      </div>
      {suggestions.length > 0 ? (
        <DestinationChips
          destinations={suggestions}
          onPick={(destination) => set({ destination })}
        />
      ) : null}
      {preview}
      <div className="grid grid-cols-1 gap-3 @3xl:grid-cols-2">
        <SendBodyFields
          body={values.body}
          encoding={values.encoding}
          contentTypeField={values.quick.contentType}
          contentType={contentType}
          jsonCheck={jsonCheck}
          jsonMode={jsonMode}
          onChange={({ contentTypeField, ...change }) =>
            set(
              contentTypeField === undefined
                ? change
                : { ...change, quick: { ...values.quick, contentType: contentTypeField } },
            )
          }
        />
        <Field
          label="Headers"
          hint='One "name: value" a line; write \n for a line break inside a value.'
        >
          <TextArea
            rows={4}
            value={values.headersText}
            onChange={(e) => set({ headersText: e.target.value })}
            spellCheck={false}
          />
        </Field>
      </div>
      <details className="text-sm">
        <summary className="cursor-pointer text-zinc-600 dark:text-zinc-400">
          Builder, common headers and receipts
        </summary>
        <div className="mt-2 flex flex-col gap-3">
          <DestinationBuilder
            mode="send"
            destination={values.destination}
            onBuild={(destination) => set({ destination })}
          />
          <SendQuickFields value={values.quick} onChange={(quick) => set({ quick })} />
          <label className="flex items-center gap-2">
            <input
              type="checkbox"
              checked={values.receipt}
              onChange={(e) => set({ receipt: e.target.checked })}
            />
            Ask for a receipt (with persistent, the broker confirms the message is stored)
          </label>
        </div>
      </details>
      <SendProgress progress={progress} problem={problem} onCancel={() => sender?.cancel()} />
    </form>
  );
}

/** Validates the whole form into a send request, or the first problem in plain words. */
function buildRequest(values: SendFormValues): Result<SendRequest> {
  const destination = validateSendDestination(values.destination);
  if (!destination.ok) return err(destination.error);
  const custom = parseHeaderLines(values.headersText);
  if (!custom.ok) return custom;
  const { quick, contentType } = withDefaultContentType(
    values.encoding,
    values.quick,
    custom.value,
  );
  const headers = buildSendHeaders(quick, custom.value);
  if (!headers.ok) return headers;
  const body = prepareBody(values.body, bodyCheckFor(values.encoding, contentType.value));
  if (!body.ok) return err(`Nothing was sent: ${body.error}`);
  const count = Number(values.repeat);
  if (!Number.isInteger(count) || count < 1 || count > MAX_BULK_COUNT) {
    return err(
      `Repeat must be a whole number from 1 to ${MAX_BULK_COUNT.toLocaleString('en-US')}.`,
    );
  }
  const rate = values.rate.trim() === '' ? undefined : Number(values.rate);
  if (rate !== undefined && (!Number.isFinite(rate) || rate <= 0)) {
    return err(
      'The rate limit must be a positive number of messages per second, or empty for no limit.',
    );
  }
  return ok({
    destination: values.destination,
    count,
    body: body.value.body,
    headers: headers.value,
    ratePerSecond: rate,
    receipts: values.receipt ? (count === 1 ? 'every' : 'last') : 'none',
  });
}
