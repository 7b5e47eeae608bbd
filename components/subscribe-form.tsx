'use client';

import { useEffect, useId, useState, type FormEvent } from 'react';
import type { NewPane } from '@/lib/dashboard/dashboard-types';
import {
  ACK_MODES,
  DEFAULT_CAPACITY,
  MAX_CAPACITY,
  QUEUE_TYPES,
  type AckMode,
  type QueueOptions,
} from '@/lib/panes/pane-config';
import { ok, type Result } from '@/lib/util/result';
import { Button } from '@/components/ui/button';
import { Field, Select, TextInput } from '@/components/ui/field';
import { ConsumeWarning, type ConsumeChoice } from '@/components/consume-warning';
import { paneForChoice, type ConsumeCheck } from '@/lib/watch/consume-warning';
import { watchNameProblem } from '@/lib/watch/firehose';
import { DEFAULT_STREAM_PREFETCH, streamSubscription } from '@/lib/routing/stream-offset';
import type { DurableChoice } from '@/components/durable-queue-option';
import { DestinationBuilder, DurableQueueOption, StreamFields } from '@/components/later';
import { durablePane } from '@/lib/panes/durable-queue';

interface Props {
  freshId: () => string;
  onSubscribe: (pane: NewPane) => Result<unknown>;
  /** Asked before a pane consumes from a named queue: does it have consumers outside this dashboard? */
  checkConsume?: (pane: NewPane) => Promise<ConsumeCheck>;
}

const optionalInt = (text: string): number | undefined =>
  text.trim() === '' ? undefined : Number(text);

/** The Subscribe form (ui-contract): validated here and in the engine before anything is sent. */
export function SubscribeForm({ freshId, onSubscribe, checkConsume }: Props) {
  const [destination, setDestination] = useState('/exchange/amq.topic/orders.#');
  // Random, so made after hydration: a server-rendered id would differ from the client's.
  const [subscriptionId, setSubscriptionId] = useState('');
  useEffect(() => {
    // eslint-disable-next-line react-hooks/set-state-in-effect
    setSubscriptionId((current) => current || freshId());
  }, [freshId]);
  const [ackMode, setAckMode] = useState<AckMode>('auto');
  const [prefetch, setPrefetch] = useState('');
  const [connection, setConnection] = useState<'own' | 'shared'>('own');
  const [capacity, setCapacity] = useState(String(DEFAULT_CAPACITY));
  const [queue, setQueue] = useState<{
    durable: string;
    autoDelete: string;
    exclusive: string;
    name: string;
    ttl: string;
    maxLength: string;
    type: string;
  }>({ durable: '', autoDelete: '', exclusive: '', name: '', ttl: '', maxLength: '', type: '' });
  const [streamOffset, setStreamOffset] = useState('');
  const [durable, setDurable] = useState<DurableChoice>({ on: false, name: '' });
  const [error, setError] = useState<string | null>(null);
  const errorId = useId();
  // A SUBSCRIBE that would take other consumers' messages waits here for the user's choice.
  const [pending, setPending] = useState<{
    pane: NewPane;
    check: Extract<ConsumeCheck, { kind: 'warn' | 'unknown' }>;
  } | null>(null);
  const [checking, setChecking] = useState(false);

  const finish = (pane: NewPane) => {
    const result = onSubscribe(pane);
    if (!result.ok) {
      setError(String(result.error));
      return;
    }
    setError(null);
    // The check before consuming is async: an id typed for the next pane meanwhile is kept.
    setSubscriptionId((current) => (current === pane.subscriptionId ? freshId() : current));
  };

  const choose = (choice: ConsumeChoice) => {
    const waiting = pending;
    setPending(null);
    if (!waiting || choice === 'cancel') return;
    const chosen = paneForChoice(waiting.pane, choice, waiting.check.queue);
    // The watch button is disabled for a queue that cannot be watched; never subscribe instead.
    if (chosen) finish(chosen);
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const numbers = {
      prefetch: optionalInt(prefetch),
      ttl: optionalInt(queue.ttl),
      maxLength: optionalInt(queue.maxLength),
      capacity: Number(capacity),
    };
    const labels = {
      prefetch: 'prefetch-count',
      ttl: 'x-message-ttl',
      maxLength: 'x-max-length',
      capacity: 'Keep at most',
    };
    const bad = (Object.keys(numbers) as (keyof typeof numbers)[]).find((key) => {
      const value = numbers[key];
      return value !== undefined && (!Number.isInteger(value) || value < 0);
    });
    if (bad) {
      setError(`${labels[bad]} must be a whole number of 0 or more.`);
      return;
    }
    if (capacity.trim() === '' || numbers.capacity < 1 || numbers.capacity > MAX_CAPACITY) {
      setError(
        `Keep at most must be a whole number from 1 to ${MAX_CAPACITY.toLocaleString('en-US')}.`,
      );
      return;
    }
    const flag = (text: string) => (text === '' ? undefined : text === 'true');
    const queueOptions: QueueOptions = {
      durable: flag(queue.durable),
      autoDelete: flag(queue.autoDelete),
      exclusive: flag(queue.exclusive),
      queueName: queue.name.trim() || undefined,
      messageTtlMs: numbers.ttl,
      maxLength: numbers.maxLength,
      queueType: (queue.type || undefined) as QueueOptions['queueType'],
    };
    // A stream read needs manual acks and a prefetch-count; the pane then acks as it goes.
    const stream =
      streamOffset.trim() === ''
        ? null
        : streamSubscription(streamOffset, ackMode, numbers.prefetch);
    if (stream && !stream.ok) {
      setError(stream.error);
      return;
    }
    const asked: NewPane = {
      subscriptionId,
      destination,
      ackMode,
      prefetchCount: numbers.prefetch || undefined,
      queue: queueOptions,
      connection,
      capacity: numbers.capacity,
      ...(stream?.value ?? {}),
    };
    const durableAsked = durable.on ? durablePane(asked, durable.name) : ok(asked);
    if (!durableAsked.ok) {
      setError(String(durableAsked.error));
      return;
    }
    const pane = durableAsked.value;
    if (!checkConsume) return finish(pane);
    setChecking(true);
    void checkConsume(pane).then((check) => {
      setChecking(false);
      if (check.kind === 'none') finish(pane);
      else setPending({ pane, check });
    });
  };

  const tri = (key: 'durable' | 'autoDelete' | 'exclusive', label: string) => (
    <Field label={label}>
      <Select value={queue[key]} onChange={(e) => setQueue({ ...queue, [key]: e.target.value })}>
        <option value="">broker default</option>
        <option value="true">true</option>
        <option value="false">false</option>
      </Select>
    </Field>
  );

  return (
    <form aria-label="Subscribe" onSubmit={submit} className="flex flex-col gap-3" noValidate>
      <div className="grid grid-cols-[minmax(0,1fr)_minmax(0,7.5rem)_auto] items-end gap-2 @xl:grid-cols-[2fr_1fr_auto_auto] [&>*:first-child]:col-span-3 @xl:[&>*:first-child]:col-span-1">
        <Field label="Destination">
          <TextInput
            value={destination}
            onChange={(e) => setDestination(e.target.value)}
            spellCheck={false}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? errorId : undefined}
            className="font-mono"
          />
        </Field>
        <Field label="Subscription id">
          <TextInput
            value={subscriptionId}
            onChange={(e) => setSubscriptionId(e.target.value)}
            spellCheck={false}
          />
        </Field>
        <Field label="Ack mode">
          <Select
            value={ackMode}
            onChange={(e) => setAckMode(e.target.value as AckMode)}
            className="w-full min-w-0!"
          >
            {ACK_MODES.map((mode) => (
              <option key={mode} value={mode}>
                {mode}
              </option>
            ))}
          </Select>
        </Field>
        <Button
          type="submit"
          variant="primary"
          className="h-9"
          disabled={checking || pending !== null}
        >
          Subscribe
        </Button>
      </div>
      {pending ? (
        <ConsumeWarning
          check={pending.check}
          canWatch={watchNameProblem({ kind: 'queue', queue: pending.check.queue }) === null}
          onChoose={choose}
        />
      ) : null}
      {error ? (
        <p id={errorId} role="alert" className="text-sm text-red-700 dark:text-red-300">
          {error}
        </p>
      ) : null}
      <details className="text-sm">
        <summary className="cursor-pointer text-zinc-600 dark:text-zinc-400">
          Builder and options
        </summary>
        <div className="mt-2 flex flex-col gap-3">
          <DestinationBuilder mode="subscribe" destination={destination} onBuild={setDestination} />
          <DurableQueueOption
            value={durable}
            onChange={setDurable}
            subscriptionId={subscriptionId}
          />
          <StreamFields
            offset={streamOffset}
            onOffsetChange={setStreamOffset}
            destination={destination}
            onDestinationChange={setDestination}
            onBind={(name) => {
              const result = onSubscribe({
                subscriptionId,
                destination,
                ackMode: 'client',
                prefetchCount: DEFAULT_STREAM_PREFETCH,
                queue: { queueName: name, queueType: 'stream', durable: true, autoDelete: false },
                connection: 'own',
                capacity: Number(capacity) || DEFAULT_CAPACITY,
              });
              setError(result.ok ? null : String(result.error));
              if (result.ok) setSubscriptionId(freshId());
            }}
          />
          <div className="grid grid-cols-[repeat(auto-fill,minmax(10rem,1fr))] gap-2">
            <Field label="prefetch-count">
              <TextInput
                inputMode="numeric"
                value={prefetch}
                onChange={(e) => setPrefetch(e.target.value)}
                placeholder="unlimited"
              />
            </Field>
            <Field
              label="Connection"
              hint="Own: like a separate receiver program. Shared: one connection for several panes."
            >
              <Select
                value={connection}
                onChange={(e) => setConnection(e.target.value as 'own' | 'shared')}
              >
                <option value="own">own connection</option>
                <option value="shared">shared connection</option>
              </Select>
            </Field>
            <Field label="Keep at most (messages)">
              <TextInput
                inputMode="numeric"
                value={capacity}
                onChange={(e) => setCapacity(e.target.value)}
              />
            </Field>
            <Field label="x-queue-type">
              <Select
                value={queue.type}
                onChange={(e) => setQueue({ ...queue, type: e.target.value })}
              >
                <option value="">broker default</option>
                {QUEUE_TYPES.map((type) => (
                  <option key={type} value={type}>
                    {type}
                  </option>
                ))}
              </Select>
            </Field>
            {tri('durable', 'durable')}
            {tri('autoDelete', 'auto-delete')}
            {tri('exclusive', 'exclusive')}
            <Field label="x-queue-name">
              <TextInput
                value={queue.name}
                onChange={(e) => setQueue({ ...queue, name: e.target.value })}
                spellCheck={false}
              />
            </Field>
            <Field label="x-message-ttl (ms)">
              <TextInput
                inputMode="numeric"
                value={queue.ttl}
                onChange={(e) => setQueue({ ...queue, ttl: e.target.value })}
              />
            </Field>
            <Field label="x-max-length">
              <TextInput
                inputMode="numeric"
                value={queue.maxLength}
                onChange={(e) => setQueue({ ...queue, maxLength: e.target.value })}
              />
            </Field>
          </div>
        </div>
      </details>
    </form>
  );
}
