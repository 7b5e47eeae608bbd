'use client';

import { useId, useState } from 'react';
import { parseDestination } from '@/lib/routing/destination';
import { parseStreamOffset, timestampOffset } from '@/lib/routing/stream-offset';
import { Button } from '@/components/ui/button';
import { Field, TextInput } from '@/components/ui/field';

export interface StreamFieldsProps {
  /** The `Stream offset` box: empty for a subscription that does not read a stream. */
  offset: string;
  onOffsetChange: (offset: string) => void;
  /** The Subscribe form's Destination box. */
  destination: string;
  onDestinationChange: (destination: string) => void;
  /** Subscribes at once to the destination's pattern with a durable stream queue named `name`. */
  onBind: (name: string) => void;
}

/**
 * Reading history from a RabbitMQ stream: where to start (`first`, `last`, `next`, `offset=N`
 * or a time, from the box or the date-time picker), picking a stream queue by name, and keeping
 * a topic's traffic in a stream with one SUBSCRIBE (rabbitmq-notes.md, "Streams").
 */
export function StreamFields({
  offset,
  onOffsetChange,
  destination,
  onDestinationChange,
  onBind,
}: StreamFieldsProps) {
  const [name, setName] = useState('');
  const errorId = useId();
  const checked = offset.trim() === '' ? null : parseStreamOffset(offset);
  const parsed = parseDestination(destination);
  const bindable = parsed.ok && (parsed.value.kind === 'exchange' || parsed.value.kind === 'topic');
  const streamName = name.trim();

  return (
    <fieldset className="flex flex-col gap-2 rounded-md border border-zinc-200 p-2 dark:border-zinc-800">
      <legend className="px-1 text-xs font-medium text-zinc-700 dark:text-zinc-300">
        Stream (read history)
      </legend>
      <div className="grid grid-cols-[repeat(auto-fill,minmax(12rem,1fr))] gap-2">
        <Field
          label="Stream offset"
          hint="first, last, next, offset=N or a time; read with ack client and a prefetch-count, acked as it goes."
        >
          <TextInput
            value={offset}
            placeholder="not a stream"
            onChange={(e) => onOffsetChange(e.target.value)}
            aria-invalid={checked && !checked.ok ? true : undefined}
            aria-describedby={checked && !checked.ok ? errorId : undefined}
            spellCheck={false}
            className="font-mono"
          />
        </Field>
        <Field label="Stream start time">
          <TextInput
            type="datetime-local"
            step={1}
            onChange={(e) => {
              const ms = new Date(e.target.value).getTime();
              if (Number.isFinite(ms)) onOffsetChange(timestampOffset(ms));
            }}
          />
        </Field>
        <Field label="Stream name">
          <TextInput
            value={name}
            onChange={(e) => setName(e.target.value)}
            spellCheck={false}
            className="font-mono"
          />
        </Field>
      </div>
      {checked && !checked.ok ? (
        <p id={errorId} role="alert" className="text-xs text-red-700 dark:text-red-300">
          {checked.error}
        </p>
      ) : null}
      <div className="flex flex-wrap gap-2">
        <Button
          size="sm"
          disabled={streamName === ''}
          title="Read this stream queue: /amq/queue/<name>, from the offset"
          onClick={() => {
            onDestinationChange(`/amq/queue/${streamName.replaceAll('/', '%2F')}`);
            if (offset.trim() === '') onOffsetChange('first');
          }}
        >
          Read stream
        </Button>
        <Button
          size="sm"
          disabled={streamName === '' || !bindable}
          title="Subscribe now to the Destination's exchange and pattern with a durable stream queue of this name: it keeps the traffic for later, even while nobody reads it"
          onClick={() => onBind(streamName)}
        >
          Bind stream to this pattern
        </Button>
      </div>
    </fieldset>
  );
}
