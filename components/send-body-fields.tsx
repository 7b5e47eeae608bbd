'use client';

import { useId } from 'react';
import { prettyJson } from '@/lib/messages/body-format';
import type { ContentTypeChoice } from '@/lib/send/content-type';
import { BODY_ENCODINGS, type BodyEncoding, type JsonCheck } from '@/lib/send/encoding';
import { Button } from '@/components/ui/button';
import { Field, Select, TextArea, TextInput } from '@/components/ui/field';

export interface SendBodyFieldsProps {
  body: string;
  encoding: BodyEncoding;
  /** What the user typed in the content-type field ('' when nothing). */
  contentTypeField: string;
  /** The content-type the send will carry, and who chose it. */
  contentType: ContentTypeChoice;
  /** The live JSON check, when the body goes out labelled JSON. */
  jsonCheck: JsonCheck | null;
  jsonMode: boolean;
  onChange: (change: { body?: string; encoding?: BodyEncoding; contentTypeField?: string }) => void;
}

const CHOSEN_BY: Record<ContentTypeChoice['source'], (encoding: BodyEncoding) => string> = {
  field: () => 'as typed',
  headers: () => 'from the custom headers',
  default: (encoding) => `the default for ${encoding}`,
};

/** The body, how it is read (Encoding) and the content-type it is labelled with, side by side. */
export function SendBodyFields({
  body,
  encoding,
  contentTypeField,
  contentType,
  jsonCheck,
  jsonMode,
  onChange,
}: SendBodyFieldsProps) {
  const sentAsId = useId();
  return (
    <div className="flex flex-col gap-1">
      <Field
        label="Message body"
        hint="{{i}} (1…N), {{uuid}} and {{now}} are filled in per message."
      >
        <TextArea
          rows={4}
          value={body}
          onChange={(e) => onChange({ body: e.target.value })}
          spellCheck={false}
        />
      </Field>
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1 text-xs">
        <label className="flex items-center gap-1 whitespace-nowrap">
          Encoding
          <Select
            value={encoding}
            onChange={(e) => onChange({ encoding: e.target.value as BodyEncoding })}
            className="w-auto py-0.5"
          >
            {BODY_ENCODINGS.map((value) => (
              <option key={value} value={value}>
                {value}
              </option>
            ))}
          </Select>
        </label>
        <label className="flex items-center gap-1 whitespace-nowrap">
          content-type
          <TextInput
            value={contentTypeField}
            placeholder={contentType.source === 'field' ? '' : contentType.value}
            onChange={(e) => onChange({ contentTypeField: e.target.value })}
            spellCheck={false}
            aria-describedby={sentAsId}
            className="w-48 py-0.5 font-mono"
          />
        </label>
        <span id={sentAsId} className="text-zinc-600 dark:text-zinc-400">
          sends <code>{contentType.value}</code> ({CHOSEN_BY[contentType.source](encoding)})
        </span>
      </div>
      {jsonMode ? (
        <div className="flex flex-wrap items-center gap-2 text-xs">
          <Button
            variant="ghost"
            className="py-0.5 text-xs"
            onClick={() => onChange({ body: prettyJson(body) ?? body })}
            disabled={!jsonCheck?.ok}
          >
            Pretty-format JSON
          </Button>
          {jsonCheck ? (
            <span
              aria-label="JSON check"
              className={
                jsonCheck.ok
                  ? 'text-emerald-700 dark:text-emerald-400'
                  : 'text-red-700 dark:text-red-300'
              }
            >
              {jsonCheck.ok ? 'valid JSON' : clip(jsonCheck.error, 300)}
            </span>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}

/** Error texts may quote the input; an 8 MB body must not end up on the page. */
export function clip(text: string, max = 600): string {
  return text.length <= max
    ? text
    : `${text.slice(0, max)}… (${(text.length - max).toLocaleString('en-US')} more characters)`;
}
