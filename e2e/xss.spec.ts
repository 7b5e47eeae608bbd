import type { Locator, Page } from '@playwright/test';
import {
  bodyText,
  escapeSegment,
  expandNewest,
  expect,
  headerValue,
  publishEach,
  submitSend,
  submitSubscribe,
  subscribed,
  test,
  workspaceFile,
  type Watched,
} from './support/bad-input-cases';
import type { PaneLocators } from './support/dashboard-page';
import { publish, uniqueName } from './support/stomp-node';

/**
 * Issue 8, item 4: whatever arrives from the broker or is typed in (bodies, header names and
 * values, routing keys and destinations, subscription ids, file names) renders as inert text.
 * Each payload's handler would set `window.__xss` (and most would open an alert); none may run,
 * no element may be injected, and the text must read exactly as sent.
 */

interface Payload {
  label: string;
  text: string;
}

const PAYLOADS: Payload[] = [
  { label: 'classic <script>', text: '<script>window.__xss=1;alert(1)</script>' },
  { label: '<img onerror>', text: '<img src=x onerror="window.__xss=2;alert(2)">' },
  { label: '<svg onload>', text: '<svg onload="window.__xss=3;alert(3)"><circle r="1"/></svg>' },
  { label: 'javascript: URL', text: 'javascript:window.__xss=4;alert(4)' },
  {
    label: '<iframe srcdoc>',
    text: '<iframe srcdoc="<script>parent.__xss=5;parent.alert(5)</script>"></iframe>',
  },
  {
    label: 'event-handler attribute',
    text: '<div onmouseover="window.__xss=6" style="position:fixed;inset:0">hover me</div>',
  },
  { label: 'attribute breakout "><script>', text: '"><script>window.__xss=7;alert(7)</script>' },
  { label: "single-quote breakout '><img>", text: "'><img src=x onerror=window.__xss=8>" },
  { label: 'template literal ${}', text: '${window.__xss=9}${alert(9)}' },
  {
    label: 'template injection {{constructor}}',
    text: "{{constructor.constructor('window.__xss=10;alert(10)')()}}",
  },
  {
    label: 'HTML entities',
    text: '&lt;img src=x onerror=window.__xss=11&gt;&#60;script&#62;window.__xss=11&#60;/script&#62;',
  },
  {
    label: '<style> and CSS expression',
    text: '<style>@import "x.css";*{background:url("javascript:window.__xss=12")}</style><p style="width:expression(window.__xss=12)">',
  },
  {
    label: '<a href=javascript:>',
    text: '<a href="javascript:window.__xss=13;alert(13)">click</a>',
  },
  {
    label: '<math>/<mglyph> mXSS',
    text: '<math><mtext><table><mglyph><style><img src=x onerror=window.__xss=14></style></mglyph></table></mtext></math>',
  },
  {
    label: 'unicode-escaped \\u003cscript\\u003e',
    text: '\\u003cscript\\u003ewindow.__xss=15\\u003c/script\\u003e',
  },
  { label: 'markdown link', text: '[x](javascript:window.__xss=16)' },
  { label: '<base href>', text: '<base href="javascript:window.__xss=17//">' },
  {
    label: '<details ontoggle> (fires unaided)',
    text: '<details open ontoggle="window.__xss=18;alert(18)">',
  },
  {
    label: '<input autofocus onfocus> (fires unaided)',
    text: '<input autofocus onfocus="window.__xss=19;alert(19)">',
  },
  {
    label: '<object data>',
    text: '<object data="data:text/html,<script>parent.__xss=20</script>"></object>',
  },
  {
    label: 'JSON string with \\u003c escapes',
    text: '{"html":"\\u003cimg src=x onerror=window.__xss=21\\u003e"}',
  },
];

/** A STOMP header name cannot hold ":" (the separator), "\" (escapes) or line breaks; "<" and the rest are fine. */
const usableAsHeaderName = (payload: Payload) => !/[:\\\r\n]/.test(payload.text);

const caseId = (index: number) => `xsscase${String(index + 1).padStart(2, '0')}`;

/** Elements a payload could inject: none of these belongs inside a pane or the forms. */
const INJECTED =
  'script, img, iframe, frame, object, embed, math, mglyph, base, style, link, meta, a, video, audio, marquee, ' +
  '[onerror], [onload], [onmouseover], [ontoggle], [onfocus], [onclick], [srcdoc]';

function panes(page: Page): Locator {
  return page.getByRole('region', { name: /^Subscription / });
}

/** No handler ran, no dialog opened, nothing was injected; only each pane's own decorative sparkline is an SVG. */
async function expectInert(watched: Watched, extra: Locator[] = []): Promise<void> {
  const { page } = watched;
  // Image errors, onload and ontoggle fire asynchronously: give them the time to.
  await page.waitForTimeout(500);
  expect(
    await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss),
    'window.__xss',
  ).toBeUndefined();
  expect(watched.dialogs, 'dialogs').toEqual([]);
  expect(watched.errors, 'page errors').toEqual([]);
  const all = panes(page);
  await expect(all.locator(INJECTED)).toHaveCount(0);
  await expect(all.locator('details, input[autofocus], svg:not([aria-hidden="true"])')).toHaveCount(
    0,
  );
  for (const scope of extra) await expect(scope.locator(INJECTED)).toHaveCount(0);
  expect(await page.locator('base').count(), '<base> elements in the document').toBe(0);
}

/** Shows one message by its `x-case` header (the filter matches header values) and expands it. */
async function showCase(pane: PaneLocators, id: string): Promise<Locator> {
  await pane.root.getByRole('textbox', { name: 'Filter' }).fill(id);
  await expect(pane.messages.getByRole('listitem')).toHaveCount(1);
  return expandNewest(pane);
}

/** Switches an expanded row to its Text view when it offers others (a JSON body opens pretty-printed). */
async function showAsText(row: Locator): Promise<void> {
  const text = row
    .getByRole('group', { name: 'Body view' })
    .getByRole('button', { name: 'Text', exact: true });
  if ((await text.count()) > 0 && (await text.getAttribute('aria-pressed')) !== 'true')
    await text.click();
}

test.describe('XSS: untrusted text renders inert', () => {
  test('there are at least 15 payloads', () => {
    expect(PAYLOADS.length).toBeGreaterThanOrEqual(15);
    expect(new Set(PAYLOADS.map((p) => p.text)).size).toBe(PAYLOADS.length);
  });

  test('in message bodies: the row preview and the expanded detail show each payload literally', async ({
    watched,
  }) => {
    const { dashboard } = watched;
    const topic = uniqueName('xss-body');
    await dashboard.connect();
    const pane = await subscribed(dashboard, {
      destination: `/topic/${topic}`,
      id: `bodies-${topic}`,
    });
    await publishEach(
      PAYLOADS.map((p, i) => ({
        destination: `/topic/${topic}`,
        body: p.text,
        headers: { 'x-case': caseId(i) },
      })),
    );
    await pane.expectCount(PAYLOADS.length);
    for (const [i, payload] of PAYLOADS.entries()) {
      const row = await showCase(pane, caseId(i));
      const preview = pane.messages.getByRole('listitem').first().getByRole('button').first();
      expect(await preview.textContent(), `row preview of ${payload.label}`).toContain(
        payload.text,
      );
      await showAsText(row);
      expect(await bodyText(row), `detail of ${payload.label}`).toBe(payload.text);
    }
    await expectInert(watched);
  });

  test('in header names and values: the detail table shows each literally', async ({ watched }) => {
    const { dashboard } = watched;
    const topic = uniqueName('xss-header');
    await dashboard.connect();
    const pane = await subscribed(dashboard, {
      destination: `/topic/${topic}`,
      id: `headers-${topic}`,
    });
    await publishEach(
      PAYLOADS.map((p, i) => ({
        destination: `/topic/${topic}`,
        body: `headers of ${caseId(i)}`,
        headers: {
          'x-case': caseId(i),
          'x-value': p.text,
          ...(usableAsHeaderName(p) ? { [p.text]: 'a header named by the payload' } : {}),
        },
      })),
    );
    await pane.expectCount(PAYLOADS.length);
    expect(PAYLOADS.filter(usableAsHeaderName).length).toBeGreaterThanOrEqual(10);
    for (const [i, payload] of PAYLOADS.entries()) {
      const row = await showCase(pane, caseId(i));
      expect(await headerValue(row, 'x-value'), `header value ${payload.label}`).toBe(payload.text);
      if (usableAsHeaderName(payload)) {
        expect(await headerValue(row, payload.text), `header named ${payload.label}`).toBe(
          'a header named by the payload',
        );
      }
    }
    await expectInert(watched);
  });

  test('in routing keys: rows and the destination header show each key literally', async ({
    watched,
  }) => {
    const { dashboard } = watched;
    const prefix = uniqueName('xssrk');
    await dashboard.connect();
    const pane = await subscribed(dashboard, {
      destination: `/exchange/amq.topic/${prefix}.#`,
      id: `keys-${prefix}`,
    });
    await publishEach(
      PAYLOADS.map((p, i) => ({
        destination: `/exchange/amq.topic/${prefix}.${escapeSegment(p.text)}`,
        body: `routing key of ${caseId(i)}`,
        headers: { 'x-case': caseId(i) },
      })),
    );
    await pane.expectCount(PAYLOADS.length);
    for (const [i, payload] of PAYLOADS.entries()) {
      const row = await showCase(pane, caseId(i));
      const preview = pane.messages.getByRole('listitem').first().getByRole('button').first();
      expect(await preview.textContent(), `routing key ${payload.label}`).toContain(
        `${prefix}.${payload.text}`,
      );
      expect(await headerValue(row, 'destination'), `destination header ${payload.label}`).toBe(
        `/topic/${prefix}.${escapeSegment(payload.text)}`,
      );
    }
    await expectInert(watched);
  });

  // One pane per payload; the payloads are split in two tests so the two workers share them.
  const half = Math.ceil(PAYLOADS.length / 2);
  for (const [part, payloads] of [PAYLOADS.slice(0, half), PAYLOADS.slice(half)].entries()) {
    test(`as subscription ids (${part + 1} of 2): each pane is labelled with its id literally and its rows name it`, async ({
      watched,
    }) => {
      test.slow(); // one pane per payload
      const { dashboard, page } = watched;
      const topic = uniqueName('xss-id');
      await dashboard.connect();
      for (const payload of payloads) {
        await submitSubscribe(dashboard, {
          destination: `/topic/${topic}`,
          id: payload.text,
          connection: 'shared',
        });
        await expect(dashboard.subscribeForm.getByRole('alert')).toHaveCount(0);
      }
      for (const payload of payloads) await dashboard.pane(payload.text).expectSubscribed();
      await publish(`/topic/${topic}`, ['to every pane']);
      for (const payload of payloads) {
        const pane = dashboard.pane(payload.text);
        await expect(pane.root, `pane labelled ${payload.label}`).toHaveCount(1);
        await pane.expectCount(1);
        expect(
          await pane.root.locator('header').textContent(),
          `pane header of ${payload.label}`,
        ).toContain(payload.text);
        const row = await expandNewest(pane);
        expect(
          await headerValue(row, 'subscription'),
          `subscription header of ${payload.label}`,
        ).toBe(payload.text);
      }
      await expect(panes(page)).toHaveCount(payloads.length);
      await expectInert(watched, [dashboard.subscribeForm, dashboard.sendForm]);
    });
  }

  test('typed into the Send form (destination, body, header) and shown back in panes, suggestions and the delivery preview', async ({
    watched,
  }) => {
    const { dashboard } = watched;
    const prefix = uniqueName('xsssf');
    const labels = [
      '<img onerror>',
      'attribute breakout "><script>',
      'template injection {{constructor}}',
      '<a href=javascript:>',
      '<math>/<mglyph> mXSS',
    ];
    const chosen = PAYLOADS.filter((p) => labels.includes(p.label));
    expect(chosen).toHaveLength(labels.length);
    await dashboard.connect();
    for (const [i, payload] of chosen.entries()) {
      const destination = `/exchange/amq.topic/${prefix}.${i}.${escapeSegment(payload.text)}`;
      const pane = await subscribed(dashboard, { destination, id: `send-${i}-${prefix}` });
      await expect(pane.root.getByRole('heading')).toHaveText(destination);
      await submitSend(dashboard, {
        destination,
        body: payload.text,
        headers: `x-evil: ${payload.text}`,
      });
      await expect(dashboard.sendStatus).toContainText('sent 1 of 1');
      await pane.expectCount(1);
      const row = await expandNewest(pane);
      expect(await bodyText(row), `body ${payload.label}`).toBe(payload.text);
      expect(await headerValue(row, 'x-evil'), `header ${payload.label}`).toBe(payload.text);
    }
    const suggestions = dashboard.sendForm.getByRole('group', { name: 'Destinations in use' });
    for (const [i, payload] of chosen.entries()) {
      await expect(suggestions).toContainText(`${prefix}.${i}.${escapeSegment(payload.text)}`);
    }
    await expectInert(watched, [dashboard.sendForm, dashboard.subscribeForm]);
  });

  test('echoed in error messages and the workspace status: shown as text', async ({ watched }) => {
    const { dashboard, page } = watched;
    const img = '<img src=x onerror="window.__xss=40;alert(40)">';
    // Connection status quotes a URL it cannot parse.
    await page.getByRole('textbox', { name: 'Broker URL' }).fill(img);
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
    await expect(dashboard.connectionStatus).toContainText(`"${img}" is not a URL`);
    // The Subscribe form's alert quotes an unknown destination.
    await submitSubscribe(dashboard, { destination: `/topics/${img}`, id: uniqueName('echo') });
    await expect(dashboard.subscribeForm.getByRole('alert')).toContainText(
      'unknown destination type',
    );
    await expect(dashboard.subscribeForm.getByRole('alert')).toContainText('onerror=');
    // The Send status quotes a header line it cannot read (the form checks it before anything else).
    await submitSend(dashboard, {
      destination: '/topic/echo',
      headers: '<svg onload="window.__xss=41">',
    });
    await expect(dashboard.sendStatus).toContainText('<svg onload="window.__xss=41">');
    // A workspace file's name is echoed after import; its pane ids are payloads too.
    const name = '<img src=x onerror=window.__xss=42>.json';
    const workspace = {
      version: 1,
      connection: { brokerUrl: 'ws://127.0.0.1:1/ws', login: 'guest', vhost: '/' },
      panes: [
        {
          key: 'pane-1',
          subscriptionId: '<svg onload=window.__xss=43>',
          destination: '/topic/x',
          ackMode: 'auto',
          queue: {},
          connection: 'own',
          capacity: 10,
        },
      ],
    };
    await page
      .getByLabel('Workspace file')
      .setInputFiles(workspaceFile(name, JSON.stringify(workspace)));
    await expect(page.getByRole('status', { name: 'Workspace status' })).toContainText(
      `from ${name}`,
    );
    await expect(dashboard.pane('<svg onload=window.__xss=43>').root).toBeVisible();
    await expectInert(watched, [
      dashboard.sendForm,
      dashboard.subscribeForm,
      page.getByRole('form', { name: 'Connection' }),
      page.getByRole('banner'),
    ]);
  });
});

test('the page is served with the security headers, including a nonce-based CSP that allows only what the app needs', async ({
  request,
}) => {
  const response = await request.get('/');
  expect(response.ok()).toBe(true);
  const headers = response.headers();
  const csp = headers['content-security-policy'] ?? '';
  const directives = new Map(
    csp
      .split(';')
      .map((part) => part.trim())
      .filter(Boolean)
      .map((part) => {
        const [name = '', ...values] = part.split(/\s+/);
        return [name, values.join(' ')] as const;
      }),
  );
  expect(directives.get('connect-src')).toBe("'self' ws: wss:");
  expect(directives.get('object-src')).toBe("'none'");
  expect(directives.get('frame-ancestors')).toBe("'none'");
  expect(directives.get('default-src')).toBe("'self'");
  expect(directives.get('base-uri')).toBe("'self'");
  // Scripts run only with this response's nonce: no 'unsafe-inline', no eval.
  const script = directives.get('script-src') ?? '';
  expect(script).not.toContain("'unsafe-eval'");
  expect(script).not.toContain("'unsafe-inline'");
  expect(script).toContain("'strict-dynamic'");
  const nonce = /'nonce-([^']+)'/.exec(script)?.[1] ?? '';
  expect(nonce.length).toBeGreaterThanOrEqual(16);
  // Every script tag Next.js rendered carries it, and the next response has another one.
  const html = await response.text();
  const tags = html.match(/<script\b[^>]*>/g) ?? [];
  expect(tags.length).toBeGreaterThan(0);
  for (const tag of tags) expect(tag).toContain(`nonce="${nonce}"`);
  const again = (await request.get('/')).headers()['content-security-policy'] ?? '';
  expect(again).toContain("'nonce-");
  expect(again).not.toContain(nonce);
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['x-frame-options']).toBe('DENY');
  expect(headers['referrer-policy']).toBe('no-referrer');
});

test('markup that reached the DOM some other way still cannot run: the CSP blocks its handler', async ({
  page,
}) => {
  await page.goto('/');
  await expect(page.getByRole('button', { name: 'Connect', exact: true })).toBeEnabled();
  const blocked = page.evaluate(
    () =>
      new Promise<string>((resolve) => {
        document.addEventListener(
          'securitypolicyviolation',
          (event) => resolve(event.violatedDirective),
          { once: true },
        );
        const holder = document.createElement('div');
        // What a rendering bug would let through: an event-handler attribute.
        holder.innerHTML = '<img src="/no-such-image.png" onerror="window.__cspEscaped = true">';
        document.body.append(holder);
      }),
  );
  expect(await blocked).toMatch(/^script-src/);
  expect(
    await page.evaluate(() => (window as unknown as { __cspEscaped?: boolean }).__cspEscaped),
  ).toBeUndefined();
});
