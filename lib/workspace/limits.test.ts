import { describe, expect, it } from 'vitest';
import { capacityAllowed, MAX_PANES, newPaneProblem, shareCapacity } from './limits';

const panes = (...capacities: number[]) => capacities.map((capacity) => ({ capacity }));

describe('newPaneProblem', () => {
  it('lets a pane join while there is room', () => {
    expect(newPaneProblem([], 200_000)).toBeNull();
    expect(newPaneProblem(panes(150_000, 45_000), 5000)).toBeNull();
  });

  it('refuses a 51st pane', () => {
    const full = Array.from({ length: MAX_PANES }, () => ({ capacity: 1 }));
    expect(newPaneProblem(full, 1)).toBe(
      'A workspace holds at most 50 panes; unsubscribe one first.',
    );
    expect(newPaneProblem(full.slice(1), 1)).toBeNull();
  });

  it('refuses a capacity beyond what the other panes leave, saying how much is left', () => {
    expect(newPaneProblem(panes(150_000), 100_000)).toBe(
      "Keep at most 100,000 is more than the 50,000 left: all panes together keep at most 200,000 messages. Lower it, or another pane's.",
    );
    expect(newPaneProblem(panes(150_000), 50_000)).toBeNull();
  });
});

describe('capacityAllowed', () => {
  it('keeps what fits and lowers what does not, never below 1', () => {
    expect(capacityAllowed(panes(100_000), 90_000)).toBe(90_000);
    expect(capacityAllowed(panes(100_000, 60_000), 90_000)).toBe(40_000);
    expect(capacityAllowed(panes(200_000), 10)).toBe(1);
  });
});

describe('shareCapacity', () => {
  it('leaves capacities within the budget alone', () => {
    expect(shareCapacity([10, 20], 100)).toEqual([10, 20]);
  });

  it('shares what is left equally among the largest, in their original order', () => {
    expect(shareCapacity([200_000, 1000, 200_000], 200_000)).toEqual([99_500, 1000, 99_500]);
  });

  it('never exceeds the budget and gives every pane at least 1', () => {
    const capacities = Array.from({ length: 50 }, (_, i) => (i % 7 === 0 ? 1 : 199_999 - i));
    const shared = shareCapacity(capacities, 200_000);
    expect(shared.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(200_000);
    expect(Math.min(...shared)).toBeGreaterThanOrEqual(1);
    shared.forEach((capacity, i) => expect(capacity).toBeLessThanOrEqual(capacities[i]!));
  });
});
