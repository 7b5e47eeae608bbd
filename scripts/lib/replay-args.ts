import { err, ok } from '@/lib/util/result';
import { checkWebSocketUrl } from '../../lib/config/env';
import { parsePacing, type Pacing } from '../../lib/replay/pacing';
import type { Result } from '../../lib/util/result';

export const REPLAY_USAGE = `Usage: npm run send -- --replay capture.ndjson [--to <destination>] [--speed X | --rate N | --fastest]

  --replay FILE         a capture file (Record or Export NDJSON in the dashboard)
  --to DESTINATION      send every message there (default: where each came through)
  --speed X             the original pacing, X times faster (10, x10 or ×10; 0.5 is slower)
  --rate N              a fixed N messages per second
  --fastest             as fast as the broker takes them
                        (none of the three: the original pacing)
  --url ws://HOST/ws    broker URL (default: STOMPWATCH_BROKER_URL, else the private broker)
  --quiet               print only the final line

Every line is checked before anything is sent; an error names the line and the field.`;

/** What `--replay` asks for. */
export interface ReplayArgs {
  file: string;
  to?: string;
  pacing: Pacing;
  url?: string;
  quiet: boolean;
}

const VALUES = ['--replay', '--to', '--speed', '--rate', '--url'];
const SWITCHES = ['--fastest', '--quiet'];

/** Parses `--replay FILE [--to D] [--speed X | --rate N | --fastest] [--url U] [--quiet]`. Pure. */
export function parseReplayArgs(argv: string[]): Result<ReplayArgs> {
  const values = new Map<string, string>();
  const switches = new Set<string>();
  for (let k = 0; k < argv.length; k++) {
    const arg = argv[k]!;
    const eq = arg.indexOf('=');
    const name = arg.startsWith('--') && eq > 0 ? arg.slice(0, eq) : arg;
    if (SWITCHES.includes(name)) {
      switches.add(name);
      continue;
    }
    if (!VALUES.includes(name)) {
      return err(
        arg.startsWith('--')
          ? `${name} does not go with --replay.`
          : `Unexpected argument "${arg}": a replay takes its messages from the capture file.`,
      );
    }
    const value = eq > 0 ? arg.slice(eq + 1) : argv[++k];
    if (value === undefined || value === '') return err(`${name} needs a value.`);
    values.set(name, value);
  }
  const file = values.get('--replay');
  if (file === undefined) return err('--replay needs a capture file.');
  const speed = values.get('--speed');
  const rate = values.get('--rate');
  if (switches.has('--fastest') && (speed !== undefined || rate !== undefined)) {
    return err('Give one of --speed, --rate and --fastest.');
  }
  const pacing = parsePacing({ speed, rate, fastest: switches.has('--fastest') });
  if (!pacing.ok) return pacing;
  const url = values.get('--url');
  if (url !== undefined) {
    const problem = checkWebSocketUrl(url);
    if (problem) return err(`--url: ${problem}`);
  }
  return ok({
    file,
    to: values.get('--to'),
    pacing: pacing.value,
    url,
    quiet: switches.has('--quiet'),
  });
}
