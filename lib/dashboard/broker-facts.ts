import type { ExchangeType } from '@/lib/routing/exchange-types';

/** What the management API last said about the vhost's exchanges and queues. */
export interface BrokerFacts {
  exchangeTypes: Readonly<Record<string, ExchangeType>>;
  queues: ReadonlySet<string>;
}

export function sameFacts(a: BrokerFacts, b: BrokerFacts): boolean {
  const names = Object.keys(b.exchangeTypes);
  return (
    names.length === Object.keys(a.exchangeTypes).length &&
    names.every((name) => a.exchangeTypes[name] === b.exchangeTypes[name]) &&
    a.queues.size === b.queues.size &&
    [...b.queues].every((queue) => a.queues.has(queue))
  );
}
