'use client';

import type { QuickHeaders } from '@/lib/send/headers';
import { Field, TextInput } from '@/components/ui/field';

export type QuickState = Required<{
  [K in keyof QuickHeaders]-?: K extends 'persistent' ? boolean : string;
}>;

export const EMPTY_QUICK: QuickState = {
  contentType: '',
  persistent: false,
  replyTo: '',
  expiration: '',
  priority: '',
  correlationId: '',
};

/** The common SEND headers as fields of their own (content-type sits beside the Encoding). */
export function SendQuickFields({
  value,
  onChange,
}: {
  value: QuickState;
  onChange: (value: QuickState) => void;
}) {
  const text = (
    key: Exclude<keyof QuickState, 'persistent'>,
    label: string,
    placeholder: string,
  ) => (
    <Field label={label}>
      <TextInput
        value={value[key]}
        placeholder={placeholder}
        spellCheck={false}
        onChange={(e) => onChange({ ...value, [key]: e.target.value })}
      />
    </Field>
  );
  return (
    <div className="grid grid-cols-2 gap-2 @md:grid-cols-3">
      {text('replyTo', 'reply-to', '/temp-queue/replies')}
      {text('correlationId', 'correlation-id', '')}
      {text('expiration', 'expiration (ms)', '60000')}
      {text('priority', 'priority', '0–9')}
      <label className="flex items-center gap-2 self-end pb-2 text-sm">
        <input
          type="checkbox"
          checked={value.persistent}
          onChange={(e) => onChange({ ...value, persistent: e.target.checked })}
        />
        persistent
      </label>
    </div>
  );
}
