/**
 * `npm run send -- <destination> <body> [options]`: sends messages to RabbitMQ Web-STOMP from the
 * terminal with the dashboard's own code (header rules, body templates, bulk sender).
 * Exit codes: 0 sent, 1 failed or cancelled, 2 usage or configuration.
 */
import { readFile } from 'node:fs/promises';
import type { IStompSocket } from '@stomp/stompjs';
import WebSocket from 'ws';
import { describeCaptureProblems, parseCapture } from '../lib/capture/validate';
import { planReplay } from '../lib/replay/replay-plan';
import {
  brokerUrls,
  checkWebSocketUrl,
  readConfig,
  type StompwatchConfig,
} from '../lib/config/env';
import { validateSendDestination } from '../lib/routing/destination';
import { BulkSender } from '../lib/send/bulk-sender';
import {
  MAX_BULK_COUNT,
  describeProgress,
  type BulkSendJob,
  type BulkSendProgress,
  type ReceiptMode,
} from '../lib/send/bulk-job';
import { BODY_ENCODINGS, type BodyEncoding } from '../lib/send/encoding';
import { buildSendHeaders, parseHeaderLines } from '../lib/send/headers';
import { prepareBody } from '../lib/send/message-body';
import { silentDropNote } from '../lib/send/refused-send';
import { StompConnection } from '../lib/stomp/connection';
import { err, ok, type Result } from '../lib/util/result';
import { REPLAY_USAGE, parseReplayArgs } from './lib/replay-args';

export const USAGE = `Usage: npm run send -- <destination> <body> [options]

  --count N             how many messages (default 1, at most ${MAX_BULK_COUNT.toLocaleString('en-US')})
  --rate N              messages per second (default: as fast as the broker takes them)
  --header name:value   a header; repeat for more. Same rules as the dashboard (\\n in a value is a line break)
  --content-type TYPE   the content-type header
  --persistent          persistent:true (receipts then wait for the broker's confirm)
  --receipt             receipts on every 500th and the last message: exact confirmed counts
  --receipt-every       a receipt on every message
  --encoding E          how to read <body>: text (default), json, base64 or hex
  --sequence NAME       add the header NAME: <run id>:<i> to every message
  --url ws://HOST/ws    broker URL (default: STOMPWATCH_BROKER_URL, else the private broker)
  --quiet               print only the final line

In text and json bodies, {{i}} is the message number (from 1), {{uuid}} a random UUID and
{{now}} the time. Login, passcode and vhost come from STOMPWATCH_LOGIN, STOMPWATCH_PASSCODE
and STOMPWATCH_VHOST.

Example: npm run send -- /topic/orders.new '{"n": {{i}}}' --encoding json --count 10000 --receipt

${REPLAY_USAGE}`;

/** What the command line asks for. */
export interface SendArgs {
  destination: string;
  body: string;
  count: number;
  ratePerSecond?: number;
  headerLines: string[];
  contentType?: string;
  persistent: boolean;
  receipts: ReceiptMode;
  encoding: BodyEncoding;
  sequenceName?: string;
  url?: string;
  quiet: boolean;
}

const VALUE_FLAGS = [
  '--count',
  '--rate',
  '--header',
  '--content-type',
  '--encoding',
  '--sequence',
  '--url',
];
const SWITCHES = ['--persistent', '--receipt', '--receipt-every', '--quiet'];

/** Parses the arguments after `npm run send --`. Pure, for tests. */
export function parseSendArgs(argv: string[]): Result<SendArgs> {
  const positional: string[] = [];
  const values = new Map<string, string[]>();
  const switches = new Set<string>();
  for (let k = 0; k < argv.length; k++) {
    const arg = argv[k] as string;
    if (arg === '--') {
      positional.push(...argv.slice(k + 1));
      break;
    }
    if (!arg.startsWith('--') || arg === '-') {
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    if (SWITCHES.includes(name)) {
      if (eq > 0) return err(`${name} takes no value.`);
      switches.add(name);
      continue;
    }
    if (!VALUE_FLAGS.includes(name)) return err(`Unknown option ${name}.`);
    const value = eq > 0 ? arg.slice(eq + 1) : argv[++k];
    if (value === undefined) return err(`${name} needs a value.`);
    values.set(name, [...(values.get(name) ?? []), value]);
  }
  if (positional.length !== 2) {
    return err(
      positional.length < 2
        ? 'Give a destination and a body (quote the body if it has spaces; use "" for an empty body).'
        : `Expected a destination and a body, got ${positional.length} arguments: quote the body if it has spaces.`,
    );
  }
  const last = (name: string) => values.get(name)?.at(-1);

  const count = parseWhole(last('--count') ?? '1');
  if (count === null || count < 1 || count > MAX_BULK_COUNT) {
    return err(
      `--count must be a whole number from 1 to ${MAX_BULK_COUNT} (got ${last('--count')}).`,
    );
  }
  let ratePerSecond: number | undefined;
  const rateText = last('--rate');
  if (rateText !== undefined) {
    ratePerSecond = Number(rateText);
    if (!Number.isFinite(ratePerSecond) || ratePerSecond <= 0) {
      return err(`--rate must be a number of messages per second above 0 (got ${rateText}).`);
    }
  }
  const encoding = (last('--encoding') ?? 'text') as BodyEncoding;
  if (!BODY_ENCODINGS.includes(encoding)) {
    return err(`--encoding must be one of ${BODY_ENCODINGS.join(', ')} (got ${encoding}).`);
  }
  const url = last('--url');
  if (url !== undefined) {
    const problem = checkWebSocketUrl(url);
    if (problem) return err(`--url: ${problem}`);
  }
  const receipts: ReceiptMode = switches.has('--receipt-every')
    ? 'every'
    : switches.has('--receipt')
      ? 'last'
      : 'none';
  return ok({
    destination: positional[0] as string,
    body: positional[1] as string,
    count,
    ratePerSecond,
    headerLines: values.get('--header') ?? [],
    contentType: last('--content-type'),
    persistent: switches.has('--persistent'),
    receipts,
    encoding,
    sequenceName: last('--sequence'),
    url,
    quiet: switches.has('--quiet'),
  });
}

function parseWhole(text: string): number | null {
  const digits = text.replace(/[_,]/g, '');
  return /^\d+$/.test(digits) ? Number(digits) : null;
}

/** The headers for every message, with errors phrased for the command line. */
export function headersFromArgs(args: SendArgs): Result<Record<string, string>> {
  const custom = parseHeaderLines(args.headerLines.join('\n'));
  if (!custom.ok) {
    return err(custom.error.replace(/^Line (\d+):/gm, '--header number $1:'));
  }
  return buildSendHeaders(
    { contentType: args.contentType, persistent: args.persistent },
    custom.value,
  );
}

async function main(argv: string[]): Promise<number> {
  if (argv.length === 0 || argv.includes('--help') || argv.includes('-h')) {
    console.log(USAGE);
    return argv.length === 0 ? 2 : 0;
  }
  if (argv.some((arg) => arg === '--replay' || arg.startsWith('--replay='))) return replay(argv);
  const parsed = parseSendArgs(argv);
  if (!parsed.ok) {
    console.error(`${parsed.error}\n\n${USAGE}`);
    return 2;
  }
  const args = parsed.value;
  const destination = validateSendDestination(args.destination);
  if (!destination.ok) {
    console.error(destination.error);
    return 2;
  }
  const headers = headersFromArgs(args);
  if (!headers.ok) {
    console.error(headers.error);
    return 2;
  }
  const body = prepareBody(args.body, args.encoding);
  if (!body.ok) {
    console.error(body.error);
    return 2;
  }
  const config = readConfig();
  if (!config.ok) {
    console.error(config.error);
    return 2;
  }
  const dropNote = silentDropNote(args.destination);
  const notes = [...destination.warnings, ...body.value.warnings, ...(dropNote ? [dropNote] : [])];
  for (const note of notes) console.warn(`Note: ${note}`);

  const what = args.count === 1 ? '1 message' : `${args.count.toLocaleString('en-US')} messages`;
  const rate = args.ratePerSecond ? ` at ${args.ratePerSecond} msg/s` : '';
  return run(
    {
      destination: args.destination,
      count: args.count,
      body: body.value.body,
      headers: headers.value,
      ratePerSecond: args.ratePerSecond,
      receipts: args.receipts,
      sequenceHeader: args.sequenceName
        ? { name: args.sequenceName, runId: Date.now().toString(36) }
        : undefined,
    },
    {
      config: config.value,
      url: args.url,
      quiet: args.quiet,
      intro: `Sending ${what} to ${args.destination}${rate}`,
    },
  );
}

/** `--replay FILE`: checks the whole capture, then sends it as a run of the bulk sender. */
async function replay(argv: string[]): Promise<number> {
  const parsed = parseReplayArgs(argv);
  if (!parsed.ok) {
    console.error(`${parsed.error}\n\n${REPLAY_USAGE}`);
    return 2;
  }
  const args = parsed.value;
  let text: string;
  try {
    text = await readFile(args.file, 'utf8');
  } catch (error) {
    console.error(`Cannot read ${args.file}: ${(error as Error).message}`);
    return 2;
  }
  const capture = parseCapture(text);
  if (!capture.ok) {
    console.error(
      `${args.file} cannot be replayed; nothing was sent.\n${describeCaptureProblems(capture.problems, capture.more)}`,
    );
    return 2;
  }
  const plan = planReplay(capture.value, { to: args.to, pacing: args.pacing });
  if (!plan.ok) {
    console.error(plan.error);
    return 2;
  }
  const config = readConfig();
  if (!config.ok) {
    console.error(config.error);
    return 2;
  }
  return run(plan.value.job, {
    config: config.value,
    url: args.url,
    quiet: args.quiet,
    intro: plan.value.summary.replace(/\.$/, ''),
  });
}

/** Runs one bulk send on a send-only connection, printing progress; the exit code. */
async function run(
  job: BulkSendJob,
  options: { config: StompwatchConfig; url?: string; quiet: boolean; intro: string },
): Promise<number> {
  const { config, quiet } = options;
  const urls = options.url ? [options.url] : brokerUrls(config.brokerUrl);
  const connection = new StompConnection({
    urls,
    login: config.login,
    passcode: config.passcode,
    vhost: config.vhost,
    // A send-only connection turns client heartbeats off: RabbitMQ 3.10 was seen closing a
    // publishing connection mid-burst when its heartbeat receiver met flow control.
    heartbeat: { incoming: 10_000, outgoing: 0 },
    webSocketFactory: (url, protocols) => new WebSocket(url, protocols) as unknown as IStompSocket,
  });
  const sender = new BulkSender(connection);
  let lastPrinted = 0;
  let lastStatus = '';
  sender.onProgress((p: BulkSendProgress) => {
    if (quiet || p.status === 'done' || p.status === 'failed' || p.status === 'cancelled') return;
    const now = Date.now();
    if (p.status === lastStatus && now - lastPrinted < 1000) return;
    lastPrinted = now;
    lastStatus = p.status;
    console.log(describeProgress(p));
  });

  if (!quiet) {
    console.log(
      `${options.intro} via ${urls.join(', ')} as ${config.login} (vhost ${config.vhost})…`,
    );
  }
  connection.connect();
  const started = sender.start(job);
  if (!started.ok) {
    console.error(started.error);
    await connection.disconnect();
    return 2;
  }

  let interrupts = 0;
  const onInterrupt = () => {
    interrupts += 1;
    if (interrupts > 1) process.exit(130);
    console.error('Cancelling (press Ctrl+C again to quit at once)…');
    sender.cancel();
  };
  process.on('SIGINT', onInterrupt);
  process.on('SIGTERM', onInterrupt);

  const final = await sender.settled();
  process.off('SIGINT', onInterrupt);
  process.off('SIGTERM', onInterrupt);
  await connection.disconnect();
  const line = describeProgress(final);
  if (final.status === 'done') console.log(line);
  else console.error(line);
  return final.status === 'done' ? 0 : 1;
}

// Only when run as a script (vitest imports this file for parseSendArgs). No top-level await:
// without "type": "module" in package.json tsx runs this file as CommonJS.
if (/[\\/]send\.ts$/.test(process.argv[1] ?? '')) {
  void main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
      process.exitCode = 1;
    },
  );
}
