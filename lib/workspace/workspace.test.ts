import { describe, expect, it } from 'vitest';
import {
  MAX_PANES,
  MAX_TOTAL_CAPACITY,
  MAX_WORKSPACE_CHARS,
  parseWorkspace,
  serializeWorkspace,
  type Workspace,
} from './workspace';

const connection = { brokerUrl: 'ws://127.0.0.1:15674/ws', login: 'guest', vhost: '/' };

function workspaceText(paneCount: number, capacity: (i: number) => number = () => 1000): string {
  const panes = Array.from({ length: paneCount }, (_, i) => ({
    key: `p${i}`,
    subscriptionId: `sub-${i}`,
    destination: `/queue/q${i}`,
    capacity: capacity(i),
  }));
  return JSON.stringify({ version: 1, connection, panes });
}

function totalOf(workspace: Workspace): number {
  return workspace.panes.reduce((sum, pane) => sum + pane.capacity, 0);
}

describe('parseWorkspace', () => {
  it('reads a workspace within the limits unchanged, in either mode', () => {
    for (const mode of ['import', 'stored'] as const) {
      const parsed = parseWorkspace(
        workspaceText(MAX_PANES, () => 4000),
        { mode },
      );
      expect(parsed).toMatchObject({ ok: true, notes: [] });
      if (!parsed.ok) return;
      expect(parsed.value.panes).toHaveLength(50);
      expect(totalOf(parsed.value)).toBe(MAX_TOTAL_CAPACITY);
    }
  });

  it('imports the first 50 panes of a bigger file and says how many were left out', () => {
    const parsed = parseWorkspace(
      workspaceText(2000, () => 1),
      { mode: 'import' },
    );
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.value.panes.map((pane) => pane.key)).toEqual(
      Array.from({ length: 50 }, (_, i) => `p${i}`),
    );
    expect(parsed.notes).toEqual(['Left out 1,950 panes: a workspace holds at most 50.']);
  });

  it('counts panes after dropping repeated keys', () => {
    const text = JSON.parse(workspaceText(51)) as Workspace;
    text.panes[50] = { ...text.panes[50]!, key: 'p0' };
    const parsed = parseWorkspace(JSON.stringify(text), { mode: 'stored' });
    expect(parsed).toMatchObject({ ok: true, notes: [] });
  });

  it('reduces capacities on import so that all panes keep at most 200,000 together', () => {
    const parsed = parseWorkspace(
      workspaceText(2000, () => 200_000),
      { mode: 'import' },
    );
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.value.panes.every((pane) => pane.capacity === 4000)).toBe(true);
    expect(parsed.notes).toEqual([
      'Left out 1,950 panes: a workspace holds at most 50.',
      'Reduced how many messages 50 panes keep (to at most 4,000 each): all panes together keep at most 200,000, and the file asked for 10,000,000.',
    ]);
  });

  it('keeps small capacities whole when reducing the large ones', () => {
    const parsed = parseWorkspace(
      workspaceText(3, (i) => [500, 200_000, 150_000][i]!),
      { mode: 'import' },
    );
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.value.panes.map((pane) => pane.capacity)).toEqual([500, 99_750, 99_750]);
    expect(parsed.notes[0]).toMatch(/^Reduced how many messages 2 panes keep/);
  });

  it('refuses a stored workspace with too many panes, saying why', () => {
    const parsed = parseWorkspace(
      workspaceText(900, () => 1),
      { mode: 'stored' },
    );
    expect(parsed).toEqual({
      ok: false,
      error:
        'The stored workspace was not loaded: it has 900 panes and a workspace holds at most 50. Import a workspace file instead (an import keeps what fits), or subscribe again.',
    });
  });

  it('refuses a stored workspace whose panes keep too much together, naming both problems', () => {
    const fewPanes = parseWorkspace(
      workspaceText(2, () => 200_000),
      { mode: 'stored' },
    );
    expect(fewPanes.ok ? '' : fewPanes.error).toMatch(
      /not loaded: its panes keep up to 400,000 messages together and a workspace keeps at most 200,000\./,
    );
    const both = parseWorkspace(
      workspaceText(900, () => 200_000),
      { mode: 'stored' },
    );
    expect(both.ok ? '' : both.error).toMatch(
      /it has 900 panes and a workspace holds at most 50, and its panes keep up to 180,000,000 messages/,
    );
  });

  it('still refuses a single pane above the per-pane maximum', () => {
    const parsed = parseWorkspace(
      workspaceText(1, () => 200_001),
      { mode: 'import' },
    );
    expect(parsed.ok ? '' : parsed.error).toMatch(/at panes\.0\.capacity/);
  });

  it('does not read a text longer than the limit', () => {
    const text = workspaceText(1) + ' '.repeat(MAX_WORKSPACE_CHARS);
    const parsed = parseWorkspace(text, { mode: 'import' });
    expect(parsed.ok ? '' : parsed.error).toBe(
      `The workspace file is ${text.length.toLocaleString('en-US')} characters long; a workspace is at most 4,000,000, so it was not read.`,
    );
  });

  it('explains a file that is not JSON or not a workspace', () => {
    expect(parseWorkspace('{', { mode: 'import' })).toMatchObject({
      ok: false,
      error: /not valid JSON/,
    });
    expect(parseWorkspace('{"version":2}', { mode: 'import' })).toMatchObject({
      ok: false,
      error: /not a stompwatch workspace at version/,
    });
  });

  it('reads back what it writes', () => {
    const parsed = parseWorkspace(workspaceText(2), { mode: 'stored' });
    if (!parsed.ok) throw new Error(parsed.error);
    expect(parseWorkspace(serializeWorkspace(parsed.value), { mode: 'stored' })).toEqual(parsed);
  });
});
