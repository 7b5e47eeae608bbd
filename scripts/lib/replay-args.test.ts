import { describe, expect, it } from 'vitest';
import { parseReplayArgs } from './replay-args';

describe('parseReplayArgs', () => {
  it('reads the file, the destination and the pacing', () => {
    expect(parseReplayArgs(['--replay', 'c.ndjson', '--to', '/topic/x', '--speed', 'x10'])).toEqual(
      {
        ok: true,
        value: {
          file: 'c.ndjson',
          to: '/topic/x',
          pacing: { kind: 'speed', factor: 10 },
          url: undefined,
          quiet: false,
        },
      },
    );
    expect(parseReplayArgs(['--replay=c.ndjson', '--rate=50', '--quiet'])).toMatchObject({
      ok: true,
      value: { pacing: { kind: 'rate', perSecond: 50 }, quiet: true },
    });
    expect(parseReplayArgs(['--replay', 'c.ndjson'])).toMatchObject({
      value: { pacing: { kind: 'original' } },
    });
  });

  it.each([
    [['--replay'], /needs a value/],
    [['--replay', 'c', '--speed', '2', '--rate', '3'], /not both/],
    [['--replay', 'c', '--fastest', '--rate', '3'], /one of/],
    [['--replay', 'c', '--count', '3'], /does not go with --replay/],
    [['--replay', 'c', 'body'], /Unexpected argument/],
    [['--replay', 'c', '--speed', '0'], /speed factor/],
  ])('refuses %j', (argv, error) => {
    const result = parseReplayArgs(argv);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(error);
  });
});
