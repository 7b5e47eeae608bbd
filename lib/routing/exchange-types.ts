/** An exchange type as far as routing is concerned; `unknown` when nothing says which. */
export type ExchangeType = 'topic' | 'direct' | 'fanout' | 'headers' | 'unknown';

/** Types of the exchanges every virtual host has, which no one can redeclare. */
const BUILT_IN_EXCHANGE_TYPES: ReadonlyMap<string, Exclude<ExchangeType, 'unknown'>> = new Map([
  ['', 'direct'],
  ['amq.direct', 'direct'],
  ['amq.fanout', 'fanout'],
  ['amq.topic', 'topic'],
  ['amq.headers', 'headers'],
  ['amq.match', 'headers'],
]);

/** The type of a built-in exchange (`''` is the default exchange), or undefined for others. */
export function builtInExchangeType(name: string): Exclude<ExchangeType, 'unknown'> | undefined {
  return BUILT_IN_EXCHANGE_TYPES.get(name);
}

/**
 * The type of exchange `name` as far as routing is known: built in, or from `exchangeTypes`
 * (the management API); `undefined` otherwise.
 */
export function exchangeTypeOf(
  name: string,
  exchangeTypes?: Readonly<Record<string, ExchangeType>>,
): Exclude<ExchangeType, 'unknown'> | undefined {
  const builtIn = builtInExchangeType(name);
  if (builtIn) return builtIn;
  if (exchangeTypes && Object.hasOwn(exchangeTypes, name)) {
    const type = exchangeTypes[name];
    if (type && type !== 'unknown') return type;
  }
  return undefined;
}

/**
 * The type of exchange `name` as far as routing is known; `unknown` when nothing says.
 *
 * @example knownExchangeType('amq.topic') // 'topic'
 */
export function knownExchangeType(
  name: string,
  exchangeTypes?: Readonly<Record<string, ExchangeType>>,
): ExchangeType {
  return exchangeTypeOf(name, exchangeTypes) ?? 'unknown';
}
