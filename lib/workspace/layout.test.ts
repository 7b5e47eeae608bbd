import { describe, expect, it } from 'vitest';
import {
  DEFAULT_LAYOUT,
  ROUTING_TABS,
  clampControlsWidth,
  forPanes,
  moveItem,
  normaliseLayout,
  paneColumns,
  resizeColumns,
  toggleCollapsed,
  toggleMaximised,
  weightsFor,
} from './layout';
import { layoutSchema } from './layout-schema';

describe('paneColumns', () => {
  it.each([
    [0, 1400, 1],
    [1, 1400, 1],
    [2, 1400, 2],
    [3, 1400, 2],
    [4, 1400, 2],
    [5, 1400, 3],
    [6, 1400, 3],
    [8, 1400, 4],
    [20, 1400, 4],
    [8, 1000, 2],
    [4, 500, 1],
    [2, 300, 1],
  ])('%i panes in %i px get %i columns', (count, width, columns) => {
    expect(paneColumns(count, width)).toBe(columns);
  });
});

describe('column weights', () => {
  it('are equal until set, and the saved ones apply only to the count they were set for', () => {
    expect(weightsFor(DEFAULT_LAYOUT, 2)).toEqual([0.5, 0.5]);
    const layout = { ...DEFAULT_LAYOUT, columnWeights: [0.6, 0.4] };
    expect(weightsFor(layout, 2)).toEqual([0.6, 0.4]);
    expect(weightsFor(layout, 3)).toHaveLength(3);
  });

  it('move one border, keep the sum, and never go under 15%', () => {
    expect(resizeColumns([0.5, 0.5], 0, 0.1)).toEqual([0.6, 0.4]);
    expect(resizeColumns([0.5, 0.5], 0, 0.9)).toEqual([0.85, 0.15]);
    expect(resizeColumns([0.5, 0.5], 0, -0.9)).toEqual([0.15, 0.85]);
    const three = resizeColumns([1 / 3, 1 / 3, 1 / 3], 1, 0.05);
    expect(three[0]).toBeCloseTo(1 / 3, 3);
    expect(three.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 3);
    expect(resizeColumns([0.5, 0.5], 1, 0.1)).toEqual([0.5, 0.5]);
  });
});

describe('maximise and collapse', () => {
  it('maximising a collapsed pane expands it; collapsing the maximised one restores the grid', () => {
    const collapsed = toggleCollapsed(DEFAULT_LAYOUT, 'pane-1');
    expect(collapsed.collapsed).toEqual(['pane-1']);
    const maximised = toggleMaximised(collapsed, 'pane-1');
    expect(maximised).toMatchObject({ maximised: 'pane-1', collapsed: [] });
    expect(toggleMaximised(maximised, 'pane-1').maximised).toBeNull();
    expect(toggleCollapsed(maximised, 'pane-1')).toMatchObject({
      maximised: null,
      collapsed: ['pane-1'],
    });
  });

  it('forgets panes that are gone', () => {
    const layout = { ...DEFAULT_LAYOUT, maximised: 'pane-9', collapsed: ['pane-1', 'pane-9'] };
    expect(forPanes(layout, ['pane-1'])).toMatchObject({ maximised: null, collapsed: ['pane-1'] });
    const same = { ...DEFAULT_LAYOUT, collapsed: ['pane-1'] };
    expect(forPanes(same, ['pane-1'])).toBe(same);
  });
});

describe('moveItem', () => {
  it('moves within bounds', () => {
    expect(moveItem(['a', 'b', 'c'], 0, 1)).toEqual(['b', 'a', 'c']);
    expect(moveItem(['a', 'b', 'c'], 2, 0)).toEqual(['c', 'a', 'b']);
    expect(moveItem(['a', 'b', 'c'], 2, 5)).toEqual(['a', 'b', 'c']);
    expect(moveItem(['a', 'b', 'c'], -1, 0)).toEqual(['a', 'b', 'c']);
  });
});

describe('normaliseLayout', () => {
  it('clamps sizes and drops what does not make sense', () => {
    const wild = normaliseLayout({
      controls: { open: true, width: 99_999 },
      routing: { open: true, size: -5, tab: 'chart' as never },
      maximised: null,
      collapsed: ['a', 'a', 'b'],
      columnWeights: [0.9, 0.9],
    });
    expect(wild.controls.width).toBe(clampControlsWidth(99_999));
    expect(wild.routing.size).toBeGreaterThan(0);
    expect(wild.routing.tab).toBe('delivery');
    expect(
      normaliseLayout({ ...wild, routing: { ...wild.routing, tab: 'graph' } }).routing.tab,
    ).toBe('graph');
    expect(wild.collapsed).toEqual(['a', 'b']);
    expect(wild.columnWeights).toEqual([]);
  });
});

describe('layoutSchema', () => {
  it('accepts every routing tab, the Graph tab included, and refuses others', () => {
    for (const tab of ROUTING_TABS) {
      expect(
        layoutSchema.safeParse({ ...DEFAULT_LAYOUT, routing: { ...DEFAULT_LAYOUT.routing, tab } })
          .success,
      ).toBe(true);
    }
    expect(ROUTING_TABS).toContain('graph');
    expect(
      layoutSchema.safeParse({
        ...DEFAULT_LAYOUT,
        routing: { ...DEFAULT_LAYOUT.routing, tab: 'chart' },
      }).success,
    ).toBe(false);
  });
});
