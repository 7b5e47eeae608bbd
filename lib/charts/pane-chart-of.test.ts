import { describe, expect, it } from 'vitest';
import { paneConfigSchema, type PaneConfig } from '@/lib/panes/pane-config-schema';
import { PaneRuntime } from '@/lib/panes/pane-runtime';
import type { ReceivingConnection } from '@/lib/stomp/connection';
import { chartField, chartOf, unchartField } from './pane-chart-of';

/** Enough of a connection for a pane that is never attached. */
const idle = {} as ReceivingConnection;

function pane(config: Partial<PaneConfig> = {}) {
  return new PaneRuntime(
    paneConfigSchema.parse({ key: 'p', subscriptionId: 'p', destination: '/queue/q', ...config }),
    idle,
    true,
    () => () => {},
  );
}

describe('a pane’s chart and its config', () => {
  it('saves the filter and the charted fields, telling the workspace once per change', () => {
    const runtime = pane();
    const configs: PaneConfig[] = [];
    runtime.onConfigChange((config) => configs.push(config));
    runtime.setFilter('body.i > 1');
    runtime.setFilter('body.i > 1');
    expect(chartField(runtime, 'body.i')).toEqual({ ok: true, value: undefined });
    expect(chartField(runtime, 'body.i').ok).toBe(false);
    unchartField(runtime, 'body.i');
    unchartField(runtime, 'body.i');
    runtime.setFilter('');
    expect(configs.map(({ filter, charts }) => ({ filter, charts }))).toEqual([
      { filter: 'body.i > 1', charts: undefined },
      { filter: 'body.i > 1', charts: ['body.i'] },
      { filter: 'body.i > 1', charts: undefined },
      { filter: undefined, charts: undefined },
    ]);
  });

  it('charts the fields a restored config names, one chart per pane', () => {
    const runtime = pane({ charts: ['body.a', 'size'] });
    expect(chartOf(runtime).paths).toEqual(['body.a', 'size']);
    expect(chartOf(runtime)).toBe(chartOf(runtime));
    expect(chartOf(pane())).not.toBe(chartOf(runtime));
  });
});
