import { describe, expect, it } from 'vitest';
import { describePacing, dueOffsets, parsePacing, plannedDurationMs } from './pacing';

const offsets = [100, 150, 150, 400, 1100];
const schedule = (due: ((i: number) => number) | undefined) => offsets.map((_, k) => due?.(k + 1));

describe('dueOffsets', () => {
  it('keeps the original gaps, from the first message', () => {
    expect(schedule(dueOffsets(offsets, { kind: 'original' }))).toEqual([0, 50, 50, 300, 1000]);
  });

  it('divides the gaps by a speed factor, faster or slower', () => {
    expect(schedule(dueOffsets(offsets, { kind: 'speed', factor: 10 }))).toEqual([
      0, 5, 5, 30, 100,
    ]);
    expect(schedule(dueOffsets(offsets, { kind: 'speed', factor: 0.5 }))).toEqual([
      0, 100, 100, 600, 2000,
    ]);
  });

  it('spaces messages evenly at a fixed rate, whatever the capture timing', () => {
    expect(schedule(dueOffsets(offsets, { kind: 'rate', perSecond: 200 }))).toEqual([
      0, 5, 10, 15, 20,
    ]);
  });

  it('has no schedule at full speed', () => {
    expect(dueOffsets(offsets, { kind: 'fastest' })).toBeUndefined();
    expect(plannedDurationMs(offsets, { kind: 'fastest' })).toBe(0);
  });

  it('gives the planned duration', () => {
    expect(plannedDurationMs(offsets, { kind: 'speed', factor: 10 })).toBe(100);
    expect(plannedDurationMs([], { kind: 'original' })).toBe(0);
  });
});

describe('parsePacing', () => {
  it.each([
    [{ speed: '10' }, { kind: 'speed', factor: 10 }],
    [{ speed: '×10' }, { kind: 'speed', factor: 10 }],
    [{ speed: 'x0.5' }, { kind: 'speed', factor: 0.5 }],
    [{ speed: '1' }, { kind: 'original' }],
    [{ rate: '500' }, { kind: 'rate', perSecond: 500 }],
    [{}, { kind: 'original' }],
    [{ fastest: true }, { kind: 'fastest' }],
  ])('reads %j', (input, pacing) => {
    expect(parsePacing(input)).toEqual({ ok: true, value: pacing });
  });

  it.each([
    [{ speed: '0' }, /speed factor must be a number above 0/],
    [{ speed: 'fast' }, /speed factor/],
    [{ rate: '-3' }, /rate must be/],
    [{ rate: '' }, /rate must be/],
    [{ speed: '2', rate: '3' }, /not both/],
  ])('refuses %j', (input, error) => {
    const result = parsePacing(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(error);
  });

  it('describes each pacing', () => {
    expect(describePacing({ kind: 'speed', factor: 10 })).toBe('at ×10');
    expect(describePacing({ kind: 'rate', perSecond: 1500 })).toBe('at 1,500 msg/s');
  });
});
