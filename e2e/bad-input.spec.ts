import type { Locator, TestInfo } from '@playwright/test';
import {
  Bystander,
  bodyText,
  expandNewest,
  expect,
  headerValue,
  storedWorkspace,
  submitSend,
  submitSubscribe,
  subscribed,
  test,
  workspaceFile,
  type SendInput,
  type SubscribeInput,
  type Watched,
} from './support/bad-input-cases';
import { brokerUrl, publish, uniqueName } from './support/stomp-node';

/**
 * The bad-input catalogue (issue 8, item 3): one table of inputs across connect, subscribe and
 * send, a test per row. Every row must end in a clear message where the user looks, or in the
 * input being handled correctly (it arrives intact); never in a page error; and a "bystander"
 * pane subscribed on the shared connection before the bad input must still receive afterwards.
 * The observed messages are recorded as `observed` annotations; docs/bad-input.md is built
 * from them.
 */

type Where = 'connect' | 'subscribe' | 'send' | 'pane' | 'workspace';

interface CaseContext extends Watched {
  bystander: Bystander;
  /** Unique per test, for destinations and ids. */
  uid: string;
  /** Records what the user was shown, for docs/bad-input.md. */
  observe: (text: string) => void;
}

interface BadInputCase {
  where: Where;
  /** The bad input, as a person would describe it. */
  input: string;
  /** The behaviour the test holds the app to. */
  expected: string;
  run: (ctx: CaseContext) => Promise<void>;
  /** Megabyte bodies: triple the test timeout on a busy machine. */
  slow?: boolean;
}

const MESSAGE_TIMEOUT = 10_000;
const LONG_KEY = 'k'.repeat(256);

/** Runs that only exercise the page's own checks (nothing reaches the broker): they share a page per worker. */
const pageOnly = new WeakSet<BadInputCase['run']>();
function onSharedPage(run: BadInputCase['run']): BadInputCase['run'] {
  pageOnly.add(run);
  return run;
}

async function textOf(locator: Locator): Promise<string> {
  if ((await locator.count()) === 0) return '(nothing shown)';
  return ((await locator.first().textContent()) ?? '').trim() || '(empty)';
}

/** Expects `phrase` in `where`, recording what was there either way. */
async function expectMessage(
  ctx: CaseContext,
  where: Locator,
  phrase: string | RegExp,
): Promise<void> {
  try {
    await expect(where.first()).toContainText(phrase, { timeout: MESSAGE_TIMEOUT });
  } finally {
    ctx.observe(await textOf(where));
  }
}

// ---- connect -------------------------------------------------------------------------------

type ConnectField = 'Broker URL' | 'Login' | 'Passcode' | 'Virtual host';

/**
 * The connection fields are locked while connected, so a bad connect starts with Disconnect.
 * After the message, the original settings go back in and Connect brings the bystander back:
 * for connect rows "no other pane affected" means the page recovers with its panes intact.
 */
function badConnect(field: ConnectField, value: string, phrase: string | RegExp) {
  return async (ctx: CaseContext) => {
    const { page, dashboard } = ctx;
    const box =
      field === 'Passcode'
        ? page.getByLabel('Passcode', { exact: true })
        : page.getByRole('textbox', { name: field });
    await page.getByRole('button', { name: 'Disconnect' }).click();
    await expect(dashboard.connectionStatus).toHaveText(/^disconnected$/);
    const original = await box.inputValue();
    await box.fill(value);
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    await expectMessage(ctx, dashboard.connectionStatus, phrase);
    await expect(dashboard.connectionStatus).toContainText(/^error: /);
    await expect(page.getByRole('button', { name: 'Connect', exact: true })).toBeEnabled();
    await expect(ctx.bystander.pane.root).toBeVisible();
    await box.fill(original);
    await dashboard.connect();
  };
}

// ---- subscribe -----------------------------------------------------------------------------

function refusedSubscribe(input: Partial<SubscribeInput>, phrase: string | RegExp) {
  return onSharedPage(async (ctx: CaseContext) => {
    const id = input.id ?? `refused-${ctx.uid}`;
    await submitSubscribe(ctx.dashboard, { destination: `/topic/${ctx.uid}`, ...input, id });
    await expectMessage(ctx, ctx.dashboard.subscribeForm.getByRole('alert'), phrase);
    if (id.trim() !== '' && id !== ctx.bystander.id) {
      await expect(
        ctx.page.getByRole('region', { name: `Subscription ${id}`, exact: true }),
      ).toHaveCount(0);
    }
  });
}

// ---- send ----------------------------------------------------------------------------------

function refusedSend(input: SendInput, phrase: string | RegExp) {
  return onSharedPage(async (ctx: CaseContext) => {
    const { dashboard } = ctx;
    await submitSend(dashboard, {
      ...input,
      destination: input.destination.replaceAll('{uid}', ctx.uid),
    });
    await expectMessage(ctx, dashboard.sendStatus, phrase);
    await expect(
      dashboard.sendForm.getByRole('progressbar', { name: 'Send progress' }),
    ).toHaveAttribute('aria-valuetext', 'nothing sent yet');
  });
}

/** Sends to a pane of its own (not the bystander) and checks what arrived in the expanded row. */
function arrives(
  input: Omit<SendInput, 'destination'>,
  check: (row: Locator, ctx: CaseContext) => Promise<void>,
  timeout = 30_000,
) {
  return async (ctx: CaseContext) => {
    const { dashboard } = ctx;
    const topic = `target-${ctx.uid}`;
    const target = await subscribed(dashboard, {
      destination: `/topic/${topic}`,
      id: `target-${ctx.uid}`,
      connection: 'own',
    });
    await submitSend(dashboard, { ...input, destination: `/topic/${topic}` });
    await expect(dashboard.sendStatus).toContainText('sent 1 of 1', { timeout });
    ctx.observe(await textOf(dashboard.sendStatus));
    await expect.poll(() => target.countValue(), { timeout }).toBe(1);
    const row = await expandNewest(target);
    await check(row, ctx);
    await expect(target.status).toContainText('subscribed');
  };
}

/** A binary body opens in the hex view (the only view when the bytes are not UTF-8). */
async function expectBinary(row: Locator, hex: string, size: string): Promise<void> {
  const views = row.getByRole('group', { name: 'Body view' });
  if ((await views.count()) > 0)
    await expect(views.getByRole('button', { name: 'Hex', exact: true })).toHaveAttribute(
      'aria-pressed',
      'true',
    );
  expect(await bodyText(row)).toContain(hex);
  await expect(row).toContainText(`binary · ${size}`);
}

// ---- workspace -----------------------------------------------------------------------------

/** `absent`: a pane id that must not appear; `watch`: a pane id whose panes are only recorded. */
function badWorkspace(
  text: (ctx: CaseContext) => Promise<string> | string,
  phrase: string | RegExp,
  panes: { absent?: string; watch?: string } = {},
) {
  return async (ctx: CaseContext) => {
    await ctx.page
      .getByLabel('Workspace file')
      .setInputFiles(workspaceFile('workspace.json', await text(ctx)));
    try {
      await expectMessage(ctx, ctx.page.getByRole('status', { name: 'Workspace status' }), phrase);
      if (panes.absent)
        await expect(
          ctx.page.getByRole('region', { name: `Subscription ${panes.absent}`, exact: true }),
        ).toHaveCount(0);
    } finally {
      const id = panes.absent ?? panes.watch;
      if (id) await observePanes(ctx, id);
    }
  };
}

/** Records how many panes with this id exist and what their status says. */
async function observePanes(ctx: CaseContext, id: string): Promise<void> {
  const panes = ctx.page.getByRole('region', { name: `Subscription ${id}`, exact: true });
  await ctx.page.waitForTimeout(1_500);
  const statuses = await panes
    .getByRole('status', { name: 'Subscription status' })
    .allTextContents();
  ctx.observe(
    `${statuses.length} pane(s) "Subscription ${id}"${statuses.map((text) => `; status: ${text}`).join('')}`,
  );
}

/** The page's own workspace plus extra panes, so the bystander is part of what gets imported. */
async function workspaceWith(ctx: CaseContext, extra: Record<string, unknown>[]): Promise<string> {
  const workspace = await storedWorkspace(ctx.page);
  return JSON.stringify({ ...workspace, panes: [...workspace.panes, ...extra] });
}

const importedPane = (
  key: string,
  subscriptionId: string,
  destination: string,
  connection: 'own' | 'shared' = 'own',
) => ({
  key,
  subscriptionId,
  destination,
  ackMode: 'auto',
  queue: {},
  connection,
  capacity: 100,
});

// ---- the catalogue -------------------------------------------------------------------------

const cases: BadInputCase[] = [
  // connect
  {
    where: 'connect',
    input: 'wrong passcode',
    expected: 'Connection status: error, wrong login or passcode',
    run: badConnect(
      'Passcode',
      'not-the-passcode',
      /refused the login "guest": wrong login or passcode/,
    ),
  },
  {
    where: 'connect',
    input: 'unknown login "nobody"',
    expected: 'Connection status: error, wrong login or passcode',
    run: badConnect('Login', 'nobody', /refused the login "nobody": wrong login or passcode/),
  },
  {
    where: 'connect',
    input: 'unknown virtual host "no-such-vhost"',
    expected: 'Connection status: error naming the virtual host',
    run: badConnect('Virtual host', 'no-such-vhost', /virtual host "no-such-vhost"/i),
  },
  {
    where: 'connect',
    input: 'empty virtual host',
    expected: 'refused before connecting: enter a virtual host',
    run: badConnect('Virtual host', '', 'Enter a virtual host'),
  },
  {
    where: 'connect',
    input: 'unreachable host ws://127.0.0.1:9/ws',
    expected: 'Connection status: nothing answered at that URL',
    run: badConnect(
      'Broker URL',
      'ws://127.0.0.1:9/ws',
      'Nothing answered a Web-STOMP connection at ws://127.0.0.1:9/ws',
    ),
  },
  {
    where: 'connect',
    input: 'wss:// URL to a port with nothing (wss://127.0.0.1:9/ws)',
    expected: 'Connection status: nothing answered at that URL',
    run: badConnect(
      'Broker URL',
      'wss://127.0.0.1:9/ws',
      'Nothing answered a Web-STOMP connection at wss://127.0.0.1:9/ws',
    ),
  },
  {
    where: 'connect',
    input: 'host that does not resolve (ws://no-such-host.invalid:15674/ws)',
    expected: 'Connection status: nothing answered at that URL',
    run: badConnect(
      'Broker URL',
      'ws://no-such-host.invalid:15674/ws',
      'Nothing answered a Web-STOMP connection at ws://no-such-host.invalid',
    ),
  },
  {
    where: 'connect',
    input: 'http:// URL',
    expected: 'refused before connecting, with the ws:// URL to use',
    run: badConnect(
      'Broker URL',
      brokerUrl.replace(/^ws/, 'http'),
      `is an http URL; Web-STOMP needs a WebSocket URL such as ${brokerUrl}`,
    ),
  },
  {
    where: 'connect',
    input: 'ftp:// URL',
    expected: 'refused before connecting: must start with ws:// or wss://',
    run: badConnect('Broker URL', 'ftp://127.0.0.1/ws', 'must start with ws:// or wss://'),
  },
  {
    where: 'connect',
    input: 'empty broker URL',
    expected: 'refused before connecting: enter a broker URL',
    run: badConnect('Broker URL', '', 'Enter a broker URL'),
  },
  {
    where: 'connect',
    input: 'broker URL that is not a URL ("not a url")',
    expected: 'refused before connecting: not a URL',
    run: badConnect('Broker URL', 'not a url', '"not a url" is not a URL'),
  },
  {
    where: 'connect',
    input: 'credentials inside the URL (ws://guest:guest@host/ws)',
    expected: 'refused before connecting: login and passcode go in their own fields',
    run: badConnect(
      'Broker URL',
      brokerUrl.replace('ws://', 'ws://guest:guest@'),
      'put the login and passcode in their own fields',
    ),
  },

  // subscribe: destinations
  {
    where: 'subscribe',
    input: 'empty destination',
    expected: 'inline alert: the destination is empty; no pane',
    run: refusedSubscribe({ destination: '' }, 'The destination is empty'),
  },
  {
    where: 'subscribe',
    input: 'space-only destination',
    expected: 'inline alert: only whitespace; no pane',
    run: refusedSubscribe({ destination: '   ' }, 'only whitespace'),
  },
  {
    where: 'subscribe',
    input: 'destination with spaces around it (" /topic/x ")',
    expected: 'inline alert: starts or ends with whitespace; no pane',
    run: refusedSubscribe({ destination: ' /topic/x ' }, 'starts or ends with whitespace'),
  },
  {
    where: 'subscribe',
    input: '/topic/a/b',
    expected: 'inline alert: write "/" as %2F; no pane',
    run: refusedSubscribe({ destination: '/topic/a/b' }, '%2F'),
  },
  {
    where: 'subscribe',
    input: 'missing leading slash (topic/orders)',
    expected: 'inline alert: a destination starts with "/"; no pane',
    run: refusedSubscribe(
      { destination: 'topic/orders' },
      'a destination starts with "/": write /topic/orders',
    ),
  },
  {
    where: 'subscribe',
    input: 'unknown prefix /topics/x',
    expected: 'inline alert: unknown destination type; no pane',
    run: refusedSubscribe({ destination: '/topics/x' }, 'unknown destination type'),
  },
  {
    where: 'subscribe',
    input: 'upper-case prefix /TOPIC/x',
    expected: 'inline alert: prefixes are lower-case; no pane',
    run: refusedSubscribe({ destination: '/TOPIC/x' }, 'destination prefixes are lower-case'),
  },
  {
    where: 'subscribe',
    input: '/temp-queue/x as a subscribe destination',
    expected: 'inline alert: /temp-queue/ only works as reply-to; no pane',
    run: refusedSubscribe(
      { destination: '/temp-queue/x' },
      'only works as the reply-to header of a SEND',
    ),
  },
  {
    where: 'subscribe',
    input: '256-byte routing-key pattern',
    expected: 'inline alert: at most 255 bytes; no pane',
    run: refusedSubscribe(
      { destination: `/topic/${LONG_KEY}` },
      'RabbitMQ allows at most 255 bytes',
    ),
  },
  {
    where: 'subscribe',
    input: '256-byte queue name',
    expected: 'inline alert: at most 255 bytes; no pane',
    run: refusedSubscribe({ destination: `/queue/${LONG_KEY}` }, 'RabbitMQ allows at most 255'),
  },

  // subscribe: ids and options
  {
    where: 'subscribe',
    input: 'duplicate subscription id on the shared connection',
    expected:
      'inline alert: id already used on the shared connection; nothing sent, the shared connection stays up',
    run: async (ctx) => {
      const { dashboard, bystander, page } = ctx;
      await submitSubscribe(dashboard, {
        destination: `/topic/dup-${ctx.uid}`,
        id: bystander.id,
        connection: 'shared',
      });
      await expectMessage(
        ctx,
        dashboard.subscribeForm.getByRole('alert'),
        `Subscription id "${bystander.id}" is already used on the shared connection`,
      );
      await expect(
        page.getByRole('region', { name: `Subscription ${bystander.id}`, exact: true }),
      ).toHaveCount(1);
      // Had the SUBSCRIBE gone out, RabbitMQ would have closed the shared connection.
      await page.waitForTimeout(500);
      await expect(dashboard.connectionStatus).toContainText(`connected to ${brokerUrl}`);
      await expect(bystander.pane.status).toHaveText('subscribed');
    },
  },
  {
    where: 'subscribe',
    input: 'empty subscription id',
    expected: 'inline alert: give the subscription an id; no pane',
    run: refusedSubscribe({ id: '' }, 'Give the subscription an id'),
  },
  {
    where: 'subscribe',
    input: 'subscription id with spaces around it (" padded ")',
    expected: 'inline alert: starts or ends with spaces; no pane',
    run: async (ctx) => {
      await refusedSubscribe({ id: ` padded-${ctx.uid} ` }, 'starts or ends with spaces')(ctx);
      await expect(
        ctx.page.getByRole('region', { name: `Subscription padded-${ctx.uid}` }),
      ).toHaveCount(0);
    },
  },
  {
    where: 'subscribe',
    input: '251-byte subscription id',
    expected: 'inline alert: the id is too long; no pane',
    run: refusedSubscribe({ id: 'i'.repeat(251) }, 'The subscription id is too long'),
  },
  {
    where: 'subscribe',
    input: 'Keep at most 0',
    expected: 'inline alert naming "Keep at most" and its range (1 to 200,000); no pane',
    run: refusedSubscribe({ keepAtMost: '0' }, /Keep at most/),
  },
  {
    where: 'subscribe',
    input: 'Keep at most "abc"',
    expected: 'inline alert naming "Keep at most" and its range (1 to 200,000); no pane',
    run: refusedSubscribe({ keepAtMost: 'abc' }, /Keep at most/),
  },
  {
    where: 'subscribe',
    input: 'Keep at most 1000000 (above the 200,000 maximum)',
    expected: 'inline alert naming "Keep at most" and the maximum 200,000; no pane',
    run: refusedSubscribe({ keepAtMost: '1000000' }, /Keep at most.*200,000/),
  },
  {
    where: 'subscribe',
    input: 'prefetch-count "abc"',
    expected: 'inline alert: prefetch-count must be a whole number; no pane',
    run: refusedSubscribe({ prefetch: 'abc' }, 'prefetch-count must be a whole number'),
  },
  {
    where: 'subscribe',
    input: 'x-message-ttl -1',
    expected: 'inline alert: x-message-ttl must be a whole number of 0 or more; no pane',
    run: refusedSubscribe(
      { messageTtl: '-1' },
      'x-message-ttl must be a whole number of 0 or more',
    ),
  },

  // pane
  {
    where: 'pane',
    input: 'Filter with regex metacharacters ".*[("',
    expected: 'substring match: only the message containing ".*[(" is listed; no error',
    run: async (ctx) => {
      const topic = `filter-${ctx.uid}`;
      const pane = await subscribed(ctx.dashboard, {
        destination: `/topic/${topic}`,
        id: `filter-${ctx.uid}`,
        connection: 'own',
      });
      await publish(`/topic/${topic}`, ['plain words', 'literal .*[( inside', 'another plain one']);
      await pane.expectCount(3);
      await pane.root.getByRole('textbox', { name: 'Filter' }).fill('.*[(');
      await expect(pane.messages.getByRole('listitem')).toHaveCount(1);
      await expect(pane.messages.getByRole('listitem').first()).toContainText(
        'literal .*[( inside',
      );
      ctx.observe('1 of 3 rows listed (substring match)');
      await pane.root.getByRole('textbox', { name: 'Filter' }).fill('(');
      await expect(pane.messages.getByRole('listitem')).toHaveCount(1);
      await pane.root.getByRole('textbox', { name: 'Filter' }).fill('');
      await expect(pane.messages.getByRole('listitem')).toHaveCount(3);
    },
  },
  {
    where: 'pane',
    input: 'pane toolbar "Keep at most" 0',
    expected: 'clamped to 1; the header says "keeps at most 1"',
    run: async (ctx) => {
      const pane = ctx.bystander.pane;
      const box = pane.root.getByRole('spinbutton', { name: 'Keep at most' });
      await box.fill('0');
      await box.press('Enter');
      ctx.observe(
        `after Enter the box shows ${await box.inputValue()}; browser validation: "${await box.evaluate((el) => (el as HTMLInputElement).validationMessage)}"`,
      );
      await expect(box).toHaveValue('1');
      await expect(pane.root).toContainText('keeps at most 1)');
      ctx.observe('clamped: "keeps at most 1"');
    },
  },

  // send: destinations
  {
    where: 'send',
    input: 'empty destination',
    expected: 'Send status: the destination is empty; nothing sent',
    run: refusedSend({ destination: '' }, 'The destination is empty'),
  },
  {
    where: 'send',
    input: 'space-only destination',
    expected: 'Send status: only whitespace; nothing sent',
    run: refusedSend({ destination: '   ' }, 'only whitespace'),
  },
  {
    where: 'send',
    input: '/topic/a/b',
    expected: 'Send status: write "/" as %2F; nothing sent',
    run: refusedSend({ destination: '/topic/a/b' }, '%2F'),
  },
  {
    where: 'send',
    input: 'bare name without a slash ("orders")',
    expected: 'Send status: a destination starts with "/"; nothing sent',
    run: refusedSend({ destination: 'orders' }, 'a destination starts with "/"'),
  },
  {
    where: 'send',
    input: 'unknown prefix /topics/x',
    expected: 'Send status: unknown destination type; nothing sent',
    run: refusedSend({ destination: '/topics/x' }, 'unknown destination type'),
  },
  {
    where: 'send',
    input: '/temp-queue/x as a send destination',
    expected: 'Send status: you cannot SEND to /temp-queue/; nothing sent',
    run: refusedSend({ destination: '/temp-queue/x' }, 'you cannot SEND to /temp-queue/'),
  },
  {
    where: 'send',
    input: '256-byte routing key',
    expected: 'Send status: at most 255 bytes; nothing sent',
    run: refusedSend({ destination: `/topic/${LONG_KEY}` }, 'RabbitMQ allows at most 255 bytes'),
  },

  // send: headers
  {
    where: 'send',
    input: 'header value with ":" (x-trace: a:b:c)',
    expected: 'sent; arrives as x-trace = "a:b:c"',
    run: arrives({ headers: 'x-trace: a:b:c' }, async (row) => {
      expect(await headerValue(row, 'x-trace')).toBe('a:b:c');
    }),
  },
  {
    where: 'send',
    input: 'header name starting with ":" (":x-colon: v")',
    expected: 'Send status: the header name is empty, a name cannot contain a colon; nothing sent',
    run: refusedSend(
      { destination: '/topic/{uid}', headers: ':x-colon: v' },
      'A name cannot contain a colon',
    ),
  },
  {
    where: 'send',
    input: 'header line with two colons ("x-a:b: c")',
    expected: 'sent; split at the first colon: arrives as x-a = "b: c"',
    run: arrives({ headers: 'x-a:b: c' }, async (row) => {
      expect(await headerValue(row, 'x-a')).toBe('b: c');
    }),
  },
  {
    where: 'send',
    input: 'literal \\n escape in a header value (x-multi: line 1\\nline 2)',
    expected: 'sent; arrives with a real line break',
    run: arrives({ headers: 'x-multi: line 1\\nline 2' }, async (row) => {
      expect(await headerValue(row, 'x-multi')).toBe('line 1\nline 2');
    }),
  },
  {
    where: 'send',
    input: 'unknown escape in a header value (x-path: C:\\temp)',
    expected: 'Send status: not an escape this form knows, write \\\\; nothing sent',
    run: refusedSend(
      { destination: '/topic/{uid}', headers: 'x-path: C:\\temp' },
      'is not an escape this form knows',
    ),
  },
  {
    where: 'send',
    input: 'backslash in a header name (x\\y: 1)',
    expected: 'Send status: the name contains a backslash; nothing sent',
    run: refusedSend({ destination: '/topic/{uid}', headers: 'x\\y: 1' }, 'contains a backslash'),
  },
  {
    where: 'send',
    input: 'header line without a colon',
    expected: 'Send status: has no colon; nothing sent',
    run: refusedSend({ destination: '/topic/{uid}', headers: 'just-a-name' }, 'has no colon'),
  },
  {
    where: 'send',
    input: 'reserved header content-length',
    expected: 'Send status: the client computes content-length; nothing sent',
    run: refusedSend(
      { destination: '/topic/{uid}', headers: 'content-length: 5' },
      'the client computes content-length',
    ),
  },
  {
    where: 'send',
    input: 'reserved header message-id',
    expected: 'Send status: RabbitMQ refuses message-id on SEND; nothing sent',
    run: refusedSend(
      { destination: '/topic/{uid}', headers: 'message-id: m-1' },
      'RabbitMQ refuses message-id on SEND',
    ),
  },
  {
    where: 'send',
    input: 'the same header twice',
    expected: 'Send status: already set on line 1; nothing sent',
    run: refusedSend(
      { destination: '/topic/{uid}', headers: 'x-dup: 1\nx-dup: 2' },
      'is already set on line 1',
    ),
  },
  {
    where: 'send',
    input: 'priority 300',
    expected: 'Send status: not a priority (0 to 255); nothing sent',
    run: refusedSend({ destination: '/topic/{uid}', priority: '300' }, '"300" is not a priority'),
  },
  {
    where: 'send',
    input: 'expiration -5',
    expected: 'Send status: not an expiration (whole milliseconds); nothing sent',
    run: refusedSend(
      { destination: '/topic/{uid}', expiration: '-5' },
      '"-5" is not an expiration',
    ),
  },
  {
    where: 'send',
    input: 'reply-to /nonsense/x',
    expected: 'Send status: Reply-to: unknown destination type; nothing sent',
    run: refusedSend(
      { destination: '/topic/{uid}', replyTo: '/nonsense/x' },
      /Reply-to: .*unknown destination type/,
    ),
  },

  // send: Repeat and rate
  ...(['0', '-1', '1000001', '1.5'] as const).map((repeat): BadInputCase => ({
    where: 'send',
    input: `Repeat ${repeat}`,
    expected: 'Send status: Repeat must be a whole number from 1 to 1,000,000; nothing sent',
    run: refusedSend(
      { destination: '/topic/{uid}', repeat },
      'Repeat must be a whole number from 1 to 1,000,000',
    ),
  })),
  {
    where: 'send',
    input: 'Repeat "abc" (typed into the number box)',
    expected: 'Send status: Repeat must be a whole number from 1 to 1,000,000; nothing sent',
    run: refusedSend(
      { destination: '/topic/{uid}', repeatKeys: 'abc' },
      'Repeat must be a whole number from 1 to 1,000,000',
    ),
  },
  ...(['0', 'fast'] as const).map((rate): BadInputCase => ({
    where: 'send',
    input: `rate limit "${rate}"`,
    expected: 'Send status: the rate limit must be a positive number; nothing sent',
    run: refusedSend(
      { destination: '/topic/{uid}', rate },
      'The rate limit must be a positive number',
    ),
  })),

  // send: bodies
  {
    where: 'send',
    input: 'invalid JSON with content-type application/json',
    expected: 'Send status: nothing was sent, not valid JSON with line and column',
    run: refusedSend(
      { destination: '/topic/{uid}', body: '{"order": 1,}', contentType: 'application/json' },
      /Nothing was sent: Not valid JSON: line 1, column \d+/,
    ),
  },
  {
    where: 'send',
    input: '8 MB of plain text with content-type application/json typed in',
    expected:
      'Send status: nothing was sent, not valid JSON, in a message of readable length (the body is not echoed back whole)',
    slow: true,
    run: async (ctx) => {
      const { dashboard } = ctx;
      await submitSend(dashboard, {
        destination: `/topic/${ctx.uid}`,
        pasteBytes: 8 * 1024 * 1024,
        contentType: 'application/json',
      });
      await expectMessage(ctx, dashboard.sendStatus, 'Nothing was sent: Not valid JSON');
      const shown = (await dashboard.sendStatus.textContent()) ?? '';
      expect(shown.length, 'length of the Send status text').toBeLessThan(1_000);
      await expect(dashboard.sendForm.getByLabel('JSON check')).toContainText('Not valid JSON');
      expect(
        ((await dashboard.sendForm.getByLabel('JSON check').textContent()) ?? '').length,
        'length of the JSON check text',
      ).toBeLessThan(1_000);
    },
  },
  {
    where: 'send',
    input: 'hex body that is not hex ("zz")',
    expected: 'Send status: nothing was sent, with what is wrong',
    run: refusedSend(
      { destination: '/topic/{uid}', body: 'zz', encoding: 'hex' },
      'Nothing was sent',
    ),
  },
  {
    where: 'send',
    input: '8 MB body',
    expected:
      'sent and received whole (8 MiB); the detail shows the first 64 KiB with Show all; the page keeps responding',
    slow: true,
    run: arrives(
      { pasteBytes: 8 * 1024 * 1024 },
      async (row) => {
        await expect(row).toContainText('8.0 MiB');
        await expect(row).toContainText('Showing the first 65,536 of 8,388,608 characters');
      },
      60_000,
    ),
  },
  {
    where: 'send',
    input: 'non-UTF-8 bytes (hex ff fe 00 80)',
    expected: 'sent as a binary frame; arrives byte for byte, shown as hex',
    run: arrives({ body: 'ff fe 00 80', encoding: 'hex' }, async (row) => {
      await expectBinary(row, 'ff fe 00 80', '4 B');
    }),
  },
  {
    where: 'send',
    input: 'NUL bytes in a body (hex 48 00 49)',
    expected: 'sent; arrives as 3 bytes, shown as hex (H.I)',
    run: arrives({ body: '48 00 49', encoding: 'hex' }, async (row) => {
      await expectBinary(row, '48 00 49', '3 B');
      expect(await bodyText(row)).toContain('|H.I|');
    }),
  },
  {
    where: 'send',
    input: 'emoji body (🐇🥕)',
    expected: 'sent; arrives intact (8 bytes)',
    run: arrives({ body: '🐇🥕' }, async (row) => {
      expect(await bodyText(row)).toBe('🐇🥕');
      await expect(row).toContainText('text · 8 B');
    }),
  },
  {
    where: 'send',
    input: 'right-to-left text (שלום مرحبا)',
    expected: 'sent; arrives intact',
    run: arrives({ body: 'שלום مرحبا' }, async (row) => {
      expect(await bodyText(row)).toBe('שלום مرحبا');
    }),
  },

  // workspace import
  {
    where: 'workspace',
    input: 'workspace file that is not JSON',
    expected: 'Workspace status: not valid JSON; panes unchanged',
    run: badWorkspace(() => 'this is not json {', 'The workspace file is not valid JSON'),
  },
  {
    where: 'workspace',
    input: 'workspace file of the wrong shape ({"version": 2})',
    expected: 'Workspace status: not a stompwatch workspace, with where; panes unchanged',
    run: badWorkspace(
      () => '{"version": 2, "panes": []}',
      'This is not a stompwatch workspace at version',
    ),
  },
  {
    where: 'workspace',
    input: 'workspace file that is a JSON array',
    expected: 'Workspace status: not a stompwatch workspace; panes unchanged',
    run: badWorkspace(() => '[]', 'This is not a stompwatch workspace'),
  },
  {
    where: 'workspace',
    input: 'workspace with a pane on /topic/a/b',
    expected: 'refused like the Subscribe form (write "/" as %2F), before any SUBSCRIBE is sent',
    run: async (ctx) => {
      const id = `imported-${ctx.uid}`;
      await badWorkspace(
        (c) => workspaceWith(c, [importedPane('pane-90', id, '/topic/a/b')]),
        '%2F',
        { absent: id },
      )(ctx);
    },
  },
  {
    where: 'workspace',
    input: 'workspace with two shared-connection panes using the same id',
    expected:
      'Workspace status names the duplicate id on the shared connection; nothing sent for it',
    run: async (ctx) => {
      const id = `twin-${ctx.uid}`;
      await badWorkspace(
        (c) =>
          workspaceWith(c, [
            importedPane('pane-91', id, `/topic/twin-a-${ctx.uid}`, 'shared'),
            importedPane('pane-92', id, `/topic/twin-b-${ctx.uid}`, 'shared'),
          ]),
        new RegExp(`${id}.*shared connection`),
        { watch: id },
      )(ctx);
    },
  },
];

const bystanders = new WeakMap<object, Bystander>();

async function runCase(
  c: BadInputCase,
  watched: Watched,
  testInfo: TestInfo,
  bystander: Bystander,
): Promise<void> {
  if (c.slow) test.slow();
  testInfo.annotations.push(
    { type: 'where', description: c.where },
    { type: 'input', description: c.input },
    { type: 'expected', description: c.expected },
  );
  const observe = (text: string) =>
    testInfo.annotations.push({
      type: 'observed',
      description:
        text.length > 400
          ? `${text.slice(0, 300)}… (${text.length.toLocaleString('en-US')} characters in all)`
          : text,
    });
  await c.run({ ...watched, bystander, uid: uniqueName('bad'), observe });
  await bystander.expectStillReceiving();
  expect(watched.errors, 'page errors').toEqual([]);
  expect(watched.dialogs, 'dialogs').toEqual([]);
}

const title = (c: BadInputCase) =>
  `${String(cases.indexOf(c) + 1).padStart(2, '0')} ${c.where}: ${c.input} → ${c.expected}`;

test.describe('bad-input catalogue: checks in the page (one page per worker)', () => {
  for (const c of cases.filter((candidate) => pageOnly.has(candidate.run))) {
    test(title(c), async ({ sharedWatched }, testInfo) => {
      sharedWatched.errors.length = 0;
      sharedWatched.dialogs.length = 0;
      let bystander = bystanders.get(sharedWatched.page);
      if (!bystander) {
        await sharedWatched.dashboard.connect();
        bystander = await Bystander.start(sharedWatched.dashboard);
        bystanders.set(sharedWatched.page, bystander);
      }
      await runCase(c, sharedWatched, testInfo, bystander);
    });
  }
});

test.describe('bad-input catalogue: through the broker (a fresh page each)', () => {
  for (const c of cases.filter((candidate) => !pageOnly.has(candidate.run))) {
    test(title(c), async ({ watched }, testInfo) => {
      await watched.dashboard.connect();
      await runCase(c, watched, testInfo, await Bystander.start(watched.dashboard));
    });
  }
});

test('the catalogue has at least 30 cases across connect, subscribe and send', () => {
  expect(cases.length).toBeGreaterThanOrEqual(30);
  for (const where of ['connect', 'subscribe', 'send'] as const)
    expect(cases.some((c) => c.where === where)).toBe(true);
});
