import { describe, expect, it } from 'vitest';
import { GRAPH_HEIGHT, READABLE_ZOOM, readableGraphHeight } from './graph-size';

const many = (kind: string, count: number, height = 49) =>
  Array.from({ length: count }, () => ({ kind, height }));

describe('readableGraphHeight', () => {
  it('keeps the minimum for the demo-sized graph', () => {
    expect(readableGraphHeight([...many('queue', 3), ...many('pane', 4)], 24)).toBe(
      GRAPH_HEIGHT.min,
    );
  });

  it('grows with the tallest column so 20 panes fit at a readable zoom', () => {
    const height = readableGraphHeight([...many('exchange', 1), ...many('pane', 20)], 24);
    expect(height).toBe(Math.ceil(20 * (49 + 24) * READABLE_ZOOM + 40));
    expect(height).toBeGreaterThan(GRAPH_HEIGHT.min);
  });

  it('stops growing at the maximum', () => {
    expect(readableGraphHeight(many('queue', 200), 24)).toBe(GRAPH_HEIGHT.max);
  });
});
