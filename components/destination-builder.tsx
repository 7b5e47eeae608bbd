'use client';

import { useId, useState } from 'react';
import { Field, Select, TextInput } from '@/components/ui/field';

type Kind = 'exchange' | 'topic' | 'queue' | 'amq-queue';

const KIND_LABELS: Record<Kind, string> = {
  exchange: 'Exchange + routing-key pattern (fan-out)',
  topic: 'Topic (amq.topic)',
  queue: 'Queue (declared, shared: round-robin)',
  'amq-queue': 'Existing queue (/amq/queue)',
};

function escapeName(name: string): string {
  return name.replaceAll('%', '%25').replaceAll('/', '%2F');
}

export function buildDestination(kind: Kind, exchange: string, pattern: string, queue: string): string {
  switch (kind) {
    case 'exchange':
      return `/exchange/${escapeName(exchange || 'amq.topic')}/${escapeName(pattern)}`;
    case 'topic':
      return `/topic/${escapeName(pattern)}`;
    case 'queue':
      return `/queue/${escapeName(queue)}`;
    case 'amq-queue':
      return `/amq/queue/${escapeName(queue)}`;
  }
}

/**
 * Fills the Destination box from parts; the box stays the source of truth.
 * `mode` tailors the pattern help: a subscription binds a pattern, a send uses a literal key.
 */
export function DestinationBuilder({ onBuild, mode }: { onBuild: (destination: string) => void; mode: 'subscribe' | 'send' }) {
  const [kind, setKind] = useState<Kind>('exchange');
  const [exchange, setExchange] = useState('amq.topic');
  const [pattern, setPattern] = useState(mode === 'subscribe' ? 'orders.#' : 'orders.created');
  const [queue, setQueue] = useState('jobs');
  const helpId = useId();
  const usesPattern = kind === 'exchange' || kind === 'topic';

  const update = (next: Partial<{ kind: Kind; exchange: string; pattern: string; queue: string }>) => {
    const k = next.kind ?? kind;
    const x = next.exchange ?? exchange;
    const p = next.pattern ?? pattern;
    const q = next.queue ?? queue;
    if (next.kind !== undefined) setKind(next.kind);
    if (next.exchange !== undefined) setExchange(next.exchange);
    if (next.pattern !== undefined) setPattern(next.pattern);
    if (next.queue !== undefined) setQueue(next.queue);
    onBuild(buildDestination(k, x, p, q));
  };

  return (
    <fieldset className="grid grid-cols-1 gap-2 rounded-md border border-dashed border-zinc-300 p-2 sm:grid-cols-3 dark:border-zinc-700">
      <legend className="px-1 text-xs text-zinc-500">Build a destination</legend>
      <Field label="Kind">
        <Select value={kind} onChange={(e) => update({ kind: e.target.value as Kind })}>
          {(Object.keys(KIND_LABELS) as Kind[]).map((value) => (
            <option key={value} value={value}>
              {KIND_LABELS[value]}
            </option>
          ))}
        </Select>
      </Field>
      {kind === 'exchange' ? (
        <Field label="Exchange">
          <TextInput value={exchange} onChange={(e) => update({ exchange: e.target.value })} spellCheck={false} />
        </Field>
      ) : null}
      {usesPattern ? (
        <Field label={mode === 'subscribe' ? 'Routing-key pattern' : 'Routing key'}>
          <TextInput
            value={pattern}
            onChange={(e) => update({ pattern: e.target.value })}
            spellCheck={false}
            aria-describedby={helpId}
          />
        </Field>
      ) : (
        <Field label="Queue name">
          <TextInput value={queue} onChange={(e) => update({ queue: e.target.value })} spellCheck={false} />
        </Field>
      )}
      {usesPattern ? (
        <p id={helpId} className="text-xs text-zinc-500 sm:col-span-3">
          {mode === 'subscribe'
            ? 'Words are separated by "."; "*" matches exactly one word, "#" matches zero or more. orders.* gets orders.eu but not orders.eu.paid; orders.# gets both, and orders itself.'
            : 'A routing key is literal: "*" and "#" only mean something in subscription patterns.'}
        </p>
      ) : null}
    </fieldset>
  );
}
