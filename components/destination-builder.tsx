'use client';

import { useId, useState } from 'react';
import {
  BUILDER_KINDS,
  SUBSCRIBE_ONLY_KINDS,
  destinationFromFields,
  shownFields,
  type BuilderFields,
  type BuilderKind,
} from '@/lib/routing/destination-fields';
import { Field, Select, TextInput } from '@/components/ui/field';

const KIND_LABELS: Record<BuilderKind, string> = {
  exchange: 'Exchange + routing-key pattern (fan-out)',
  topic: 'Topic (amq.topic)',
  queue: 'Queue (declared, shared: round-robin)',
  'amq-queue': 'Existing queue (/amq/queue)',
  'watch-queue': 'Watch a queue without consuming (firehose)',
  'watch-exchange': 'Watch an exchange: everything published (firehose)',
};

export interface DestinationBuilderProps {
  /** The Destination box: the source of truth, read back into the fields as it is typed. */
  destination: string;
  onBuild: (destination: string) => void;
  /** Tailors the pattern help: a subscription binds a pattern, a send uses a literal key. */
  mode: 'subscribe' | 'send';
}

/** Fills the Destination box from parts, and follows what is typed in it. */
export function DestinationBuilder({ destination, onBuild, mode }: DestinationBuilderProps) {
  const [own, setOwn] = useState<BuilderFields>({
    kind: 'exchange',
    exchange: 'amq.topic',
    pattern: mode === 'subscribe' ? 'orders.#' : 'orders.created',
    queue: 'jobs',
  });
  const fields = shownFields(destination, own);
  const helpId = useId();
  const usesPattern = fields.kind === 'exchange' || fields.kind === 'topic';

  const update = (change: Partial<BuilderFields>) => {
    const next = { ...fields, ...change };
    setOwn(next);
    onBuild(destinationFromFields(next));
  };

  return (
    <fieldset className="flex flex-wrap items-end gap-2 rounded-md border border-dashed border-zinc-300 p-2 dark:border-zinc-700">
      <legend className="px-1 text-xs text-zinc-600 dark:text-zinc-400">Build a destination</legend>
      <div>
        <Field label="Kind">
          <Select
            value={fields.kind}
            onChange={(e) => update({ kind: e.target.value as BuilderKind })}
          >
            {BUILDER_KINDS.filter(
              (value) => mode === 'subscribe' || !SUBSCRIBE_ONLY_KINDS.has(value),
            ).map((value) => (
              <option key={value} value={value}>
                {KIND_LABELS[value]}
              </option>
            ))}
          </Select>
        </Field>
      </div>
      {fields.kind === 'exchange' || fields.kind === 'watch-exchange' ? (
        <div className="min-w-32 flex-1">
          <Field label="Exchange">
            <TextInput
              value={fields.exchange}
              onChange={(e) => update({ exchange: e.target.value })}
              spellCheck={false}
            />
          </Field>
        </div>
      ) : null}
      <div className="min-w-32 flex-1" hidden={fields.kind === 'watch-exchange'}>
        {usesPattern ? (
          <Field label={mode === 'subscribe' ? 'Routing-key pattern' : 'Routing key'}>
            <TextInput
              value={fields.pattern}
              onChange={(e) => update({ pattern: e.target.value })}
              spellCheck={false}
              aria-describedby={helpId}
            />
          </Field>
        ) : (
          <Field label="Queue name">
            <TextInput
              value={fields.queue}
              onChange={(e) => update({ queue: e.target.value })}
              spellCheck={false}
            />
          </Field>
        )}
      </div>
      {usesPattern ? (
        <p id={helpId} className="basis-full text-xs text-zinc-600 dark:text-zinc-400">
          {mode === 'subscribe'
            ? 'Words are separated by "."; "*" matches exactly one word, "#" matches zero or more. orders.* gets orders.eu but not orders.eu.paid; orders.# gets both, and orders itself.'
            : 'A routing key is literal: "*" and "#" only mean something in subscription patterns.'}
        </p>
      ) : null}
    </fieldset>
  );
}
