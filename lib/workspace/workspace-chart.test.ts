import { describe, expect, it } from 'vitest';
import { parseWorkspace, serializeWorkspace } from './workspace';

const connection = { brokerUrl: 'ws://127.0.0.1:15674/ws', login: 'guest', vhost: '/' };
const pane = { key: 'p1', subscriptionId: 'sub-1', destination: '/topic/t' };

describe('a pane’s filter and charted fields in the workspace', () => {
  it('travel through a saved workspace and back', () => {
    const text = JSON.stringify({
      version: 1,
      connection,
      panes: [{ ...pane, filter: 'body.i > 50', charts: ['body.i', 'headers.priority'] }],
    });
    const parsed = parseWorkspace(text, { mode: 'stored' });
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.value.panes[0]).toMatchObject({
      filter: 'body.i > 50',
      charts: ['body.i', 'headers.priority'],
    });
    const again = parseWorkspace(serializeWorkspace(parsed.value), { mode: 'import' });
    expect(again).toEqual(parsed);
  });

  it('are optional, as in files from before them', () => {
    const parsed = parseWorkspace(JSON.stringify({ version: 1, connection, panes: [pane] }), {
      mode: 'import',
    });
    expect(parsed.ok && parsed.value.panes[0]?.charts).toBeUndefined();
  });

  it('refuse more than 4 charted fields, saying where', () => {
    const text = JSON.stringify({
      version: 1,
      connection,
      panes: [{ ...pane, charts: ['body.a', 'body.b', 'body.c', 'body.d', 'body.e'] }],
    });
    const parsed = parseWorkspace(text, { mode: 'import' });
    expect(parsed).toMatchObject({ ok: false });
    expect(!parsed.ok && parsed.error).toContain('at panes.0.charts');
  });
});
