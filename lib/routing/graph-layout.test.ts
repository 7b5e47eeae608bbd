import { describe, expect, it } from 'vitest';
import { layoutGraph, StableLayout, type LayoutNode } from './graph-layout';

const box = (id: string): LayoutNode => ({ id, width: 160, height: 60 });
const chain = ['sender', 'exchange', 'queue', 'pane-a', 'pane-b'].map(box);
const edges = [
  { source: 'sender', target: 'exchange' },
  { source: 'exchange', target: 'queue' },
  { source: 'queue', target: 'pane-a' },
  { source: 'queue', target: 'pane-b' },
];

describe('layoutGraph', () => {
  it('lays out left to right: each step of a path is further right', () => {
    const positions = layoutGraph(chain, edges, new Map());
    const x = (id: string) => positions.get(id)!.x;
    expect(x('sender')).toBeLessThan(x('exchange'));
    expect(x('exchange')).toBeLessThan(x('queue'));
    expect(x('queue')).toBeLessThan(x('pane-a'));
    expect(x('pane-a')).toBe(x('pane-b'));
  });

  it('is deterministic', () => {
    expect(layoutGraph(chain, edges, new Map())).toEqual(layoutGraph(chain, edges, new Map()));
  });

  it('keeps existing nodes where they were when a node is added, and puts the new one on no one', () => {
    const before = layoutGraph(chain, edges, new Map());
    const after = layoutGraph(
      [...chain, box('pane-c')],
      [...edges, { source: 'queue', target: 'pane-c' }],
      before,
    );
    for (const [id, position] of before) expect(after.get(id)).toEqual(position);
    const c = after.get('pane-c')!;
    for (const [id, p] of before) {
      const apart = Math.abs(p.x - c.x) >= 160 || Math.abs(p.y - c.y) >= 60;
      expect(apart, `pane-c overlaps ${id}`).toBe(true);
    }
  });
});

describe('StableLayout', () => {
  const withIds = edges.map((edge) => ({ ...edge, id: `${edge.source}->${edge.target}` }));

  it('returns the same positions while the shape is unchanged, and keeps old nodes put when it grows', () => {
    const stable = new StableLayout();
    const first = stable.place(chain, withIds);
    expect(stable.place(chain, withIds)).toBe(first);
    const grown = stable.place(
      [...chain, box('pane-c')],
      [...withIds, { id: 'queue->pane-c', source: 'queue', target: 'pane-c' }],
    );
    expect(grown).not.toBe(first);
    for (const [id, position] of first) expect(grown.get(id)).toEqual(position);
  });
});
