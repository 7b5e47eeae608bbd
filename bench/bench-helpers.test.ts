import { describe, expect, it } from 'vitest';
import { cpuShares, processKind, type CpuSnapshot } from './cpu-usage';
import { scriptsInHtml } from './first-load';

describe('processKind', () => {
  it.each([
    ['/usr/lib/erlang/erts-13.1.5/bin/beam.smp -W w -- -root /usr/lib/erlang', 'broker'],
    ['/usr/lib/chromium/chromium --type=renderer --lang=en-US', 'renderer'],
    [
      '/usr/lib/chromium/chromium --type=utility --utility-sub-type=network.mojom.NetworkService',
      'network service',
    ],
    ['/usr/lib/chromium/chromium --type=gpu-process --no-sandbox', 'gpu'],
    ['/usr/lib/chromium/chromium --type=zygote', 'chromium helper'],
    ['/usr/lib/chromium/chromium --headless --remote-debugging-pipe', 'browser process'],
    ['node --import tsx bench/node-consumer.ts', 'reference consumer'],
    ['/usr/bin/node --import tsx bench/run.ts --smoke', 'bench (publisher, Playwright)'],
    ['next-server (v16.4.6) ', 'next server'],
    ['/usr/bin/node --import tsx /app/scripts/serve.ts -p 3400 -H 127.0.0.1', 'next server'],
    ['bash -c sleep 1', 'other'],
  ])('%s is %s', (cmdline, kind) => {
    expect(processKind(cmdline)).toBe(kind);
  });
});

describe('cpuShares', () => {
  it('sums what each kind used between two snapshots, as % of one core, outside work last', () => {
    const before: CpuSnapshot = new Map([
      [1, { kind: 'broker', seconds: 100 }],
      [2, { kind: 'renderer', seconds: 5 }],
      [3, { kind: 'other', seconds: 1 }],
    ]);
    const after: CpuSnapshot = new Map([
      [1, { kind: 'broker', seconds: 104 }],
      [2, { kind: 'renderer', seconds: 13 }],
      [3, { kind: 'other', seconds: 3 }],
      // Started during the run: all of its time counts.
      [4, { kind: 'renderer', seconds: 1 }],
      // Below 1% of a core: left out.
      [5, { kind: 'gpu', seconds: 0.05 }],
    ]);
    expect(cpuShares(before, after, 10)).toEqual([
      { kind: 'renderer', pctOfCore: 90 },
      { kind: 'broker', pctOfCore: 40 },
      { kind: 'other', pctOfCore: 20 },
    ]);
  });
});

describe('scriptsInHtml', () => {
  it('lists same-origin <script src> paths and leaves nomodule and inline scripts out', () => {
    const html = [
      '<script src="/_next/static/chunks/a.js" async=""></script>',
      '<script src="/_next/static/chunks/polyfills.js" noModule=""></script>',
      '<script>self.__next_f.push([1,"x"])</script>',
      '<script src="http://127.0.0.1:3400/_next/static/chunks/b.js?dpl=1&amp;v=2"></script>',
      '<script src="https://elsewhere.example/c.js"></script>',
    ].join('');
    expect([...scriptsInHtml(html, 'http://127.0.0.1:3400')]).toEqual([
      '/_next/static/chunks/a.js',
      '/_next/static/chunks/b.js',
    ]);
  });
});
