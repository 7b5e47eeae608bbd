import { describe, expect, it } from 'vitest';
import {
  changeRouting,
  DEFAULT_LAYOUT,
  GRAPH_ROUTING_SIZE,
  ROUTING_SIZE,
  setColumnWidth,
} from './layout';

describe('changeRouting', () => {
  it('opens, picks a tab and clamps a size', () => {
    const opened = changeRouting(DEFAULT_LAYOUT, { open: true, tab: 'topology' });
    expect(opened.routing).toEqual({
      open: true,
      tab: 'topology',
      size: DEFAULT_LAYOUT.routing.size,
    });
    expect(changeRouting(opened, { size: 5 }).routing.size).toBe(ROUTING_SIZE.min);
    expect(changeRouting(opened, { size: 99_999 }).routing.size).toBe(ROUTING_SIZE.max);
  });

  it('grows the panel for the Graph tab unless a size is given', () => {
    expect(changeRouting(DEFAULT_LAYOUT, { tab: 'graph' }).routing.size).toBe(GRAPH_ROUTING_SIZE);
    const tall = changeRouting(DEFAULT_LAYOUT, { size: 600 });
    expect(changeRouting(tall, { tab: 'graph' }).routing.size).toBe(600);
    expect(changeRouting(DEFAULT_LAYOUT, { tab: 'graph', size: 200 }).routing.size).toBe(200);
  });
});

describe('setColumnWidth', () => {
  it('moves one border to the given fraction', () => {
    expect(setColumnWidth(DEFAULT_LAYOUT, 2, 0, 0.6).columnWeights).toEqual([0.6, 0.4]);
    expect(setColumnWidth(DEFAULT_LAYOUT, 2, 0, 0.99).columnWeights).toEqual([0.85, 0.15]);
  });
});
