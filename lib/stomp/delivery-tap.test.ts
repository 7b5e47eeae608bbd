import { afterEach, describe, expect, it } from 'vitest';
import {
  DELIVERY_TAP_GLOBAL,
  DELIVERY_TAP_REQUEST_GLOBAL,
  DeliveryLedger,
  activeDeliveryTap,
  counted,
  enableRequestedDeliveryTap,
  resetDeliveryTapForTests,
} from './delivery-tap';

const seq = (n: number, extra: Record<string, string> = {}) => ({
  'soak-seq': String(n),
  ...extra,
});

describe('DeliveryLedger', () => {
  it('counts per subscription and per connection: ranges, duplicates, redeliveries', () => {
    let now = 1000;
    const ledger = new DeliveryLedger('soak-seq', 'worker', () => now);
    const first = ledger.openSession();
    for (let i = 0; i < 5; i++) first.delivered('a', seq(i));
    first.delivered('a', seq(3)); // a repeat the broker did not flag
    now = 2000;
    first.close();
    const second = ledger.openSession();
    second.delivered('a', seq(4, { redelivered: 'true' }));
    second.delivered('a', seq(9));
    second.delivered('a', { other: 'x' });

    const a = ledger.snapshot().subscriptions.a!;
    expect(a.received).toEqual([
      [0, 4],
      [9, 9],
    ]);
    expect([a.deliveries, a.duplicates, a.redeliveries, a.unnumbered]).toEqual([9, 1, 1, 1]);
    expect(a.sessions.map((s) => [s.session, s.min, s.max, s.deliveries, s.closedAt])).toEqual([
      ['worker-1', 0, 4, 6, 2000],
      ['worker-2', 4, 9, 2, null],
    ]);
  });

  it('keeps nothing of a message but its sequence number', () => {
    const ledger = new DeliveryLedger('soak-seq', 'page');
    ledger.openSession().delivered('a', seq(1, { secret: 'do not keep' }));
    expect(JSON.stringify(ledger.snapshot())).not.toContain('do not keep');
  });
});

describe('the tap switch', () => {
  afterEach(() => resetDeliveryTapForTests());

  it('is off by default: the handler goes through untouched', () => {
    const scope: Record<string, unknown> = {};
    expect(enableRequestedDeliveryTap(scope)).toBeNull();
    expect(activeDeliveryTap()).toBeNull();
    expect(DELIVERY_TAP_GLOBAL in scope).toBe(false);
    const handler = () => {};
    expect(counted(null, 'a', handler)).toBe(handler);
  });

  it('turns on only for a well-formed request, and exposes only a snapshot', () => {
    expect(
      enableRequestedDeliveryTap({ [DELIVERY_TAP_REQUEST_GLOBAL]: { sequenceHeader: 'x\ny' } }),
    ).toBeNull();
    const scope: Record<string, unknown> = {
      [DELIVERY_TAP_REQUEST_GLOBAL]: { sequenceHeader: 'soak-seq' },
    };
    expect(enableRequestedDeliveryTap(scope)).toBe('soak-seq');
    const session = activeDeliveryTap()!.openSession();
    const seen: string[] = [];
    counted(session, 'a', (m: { headers: Record<string, string> }) =>
      seen.push(m.headers['soak-seq']!),
    )({
      headers: seq(7),
    });
    expect(seen).toEqual(['7']);
    const exposed = scope[DELIVERY_TAP_GLOBAL] as { snapshot(): unknown };
    expect(Object.keys(exposed)).toEqual(['snapshot']);
    expect(exposed.snapshot()).toMatchObject({ subscriptions: { a: { received: [[7, 7]] } } });
  });
});
