'use client';

import { useId } from 'react';
import { defaultDurableQueueName } from '@/lib/panes/durable-queue';
import { Field, TextInput } from '@/components/ui/field';

export interface DurableChoice {
  on: boolean;
  /** Typed queue name; empty means the default for the subscription id. */
  name: string;
}

export interface DurableQueueOptionProps {
  value: DurableChoice;
  onChange: (value: DurableChoice) => void;
  subscriptionId: string;
}

/** The Subscribe form's "keep everything across broker restarts" choice (see `durablePane`). */
export function DurableQueueOption({ value, onChange, subscriptionId }: DurableQueueOptionProps) {
  const hintId = useId();
  return (
    <div className="flex flex-wrap items-end gap-x-3 gap-y-1 text-xs">
      <label className="flex h-9 items-center gap-1.5 font-medium text-zinc-700 dark:text-zinc-300">
        <input
          type="checkbox"
          checked={value.on}
          onChange={(event) => onChange({ ...value, on: event.target.checked })}
          aria-describedby={hintId}
        />
        Durable queue
      </label>
      {value.on ? (
        <div className="min-w-48 flex-1">
          <Field label="Durable queue name">
            <TextInput
              value={value.name}
              onChange={(event) => onChange({ ...value, name: event.target.value })}
              placeholder={defaultDurableQueueName(subscriptionId || 'id')}
              spellCheck={false}
              className="font-mono"
            />
          </Field>
        </div>
      ) : null}
      <p id={hintId} className="basis-full text-zinc-600 dark:text-zinc-400">
        A named queue of its own that keeps persistent messages across broker restarts; it stays on
        the broker until you delete it.
      </p>
    </div>
  );
}
