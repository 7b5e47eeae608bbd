/**
 * A page driven over the Chrome DevTools Protocol directly, for the measured browser runs.
 *
 * Why not Playwright there: Playwright turns on the DevTools `Network` domain for every page and
 * worker it attaches to, so Chromium serialises every WebSocket frame, payload included, and
 * sends it to the bench process. At thousands of messages a second that cost a quarter of a core
 * in Chromium's browser process plus the bench's JSON parsing, on 2 cores shared with the broker:
 * a cost the reference consumer does not pay and a user's browser does not either. This session
 * enables only what the bench reads (Page, Runtime, Performance; Profiler and HeapProfiler on
 * demand). Playwright still launches the browser and measures the first load; it detaches from
 * targets in browser contexts it did not create, which is what these are.
 */
import WebSocket from 'ws';

type Params = Record<string, unknown>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- protocol results are read field by field
type Result = any;

interface Pending {
  resolve: (value: Result) => void;
  reject: (error: Error) => void;
  method: string;
}

export class RawBrowser {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly listeners = new Map<string, Set<(params: Result) => void>>();

  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (data) => this.onMessage(String(data)));
    socket.on('close', () => {
      for (const [, call] of this.pending)
        call.reject(new Error(`the DevTools connection closed during ${call.method}`));
      this.pending.clear();
    });
  }

  /** Connects to a Chromium started with `--remote-debugging-port=<port>`. */
  static async connect(port: number, timeoutMs = 10_000): Promise<RawBrowser> {
    const deadline = Date.now() + timeoutMs;
    let last = '';
    while (Date.now() < deadline) {
      try {
        const version = (await (await fetch(`http://127.0.0.1:${port}/json/version`)).json()) as {
          webSocketDebuggerUrl: string;
        };
        const socket = new WebSocket(version.webSocketDebuggerUrl, {
          perMessageDeflate: false,
          maxPayload: 1 << 30,
        });
        await new Promise<void>((resolve, reject) => {
          socket.once('open', () => resolve());
          socket.once('error', reject);
        });
        return new RawBrowser(socket);
      } catch (error) {
        last = (error as Error).message;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
    throw new Error(`no DevTools endpoint on port ${port} (${last})`);
  }

  send(method: string, params: Params = {}, sessionId?: string): Promise<Result> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, method });
      this.socket.send(JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) }));
    });
  }

  /** Listens to an event of one session (`sessionId`) or of the browser (none). */
  on(event: string, sessionId: string | undefined, listener: (params: Result) => void): () => void {
    const key = `${sessionId ?? ''}|${event}`;
    let set = this.listeners.get(key);
    if (!set) this.listeners.set(key, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  }

  /** A fresh browser context (empty storage, cold cache) with one page, attached. */
  async newPage(options: {
    initScripts: string[];
    width: number;
    height: number;
  }): Promise<RawPage> {
    const { browserContextId } = await this.send('Target.createBrowserContext', {
      disposeOnDetach: true,
    });
    const { targetId } = await this.send('Target.createTarget', {
      url: 'about:blank',
      browserContextId,
      width: options.width,
      height: options.height,
    });
    const { sessionId } = await this.send('Target.attachToTarget', { targetId, flatten: true });
    const page = new RawPage(this, sessionId, browserContextId);
    await page.send('Page.enable');
    await page.send('Runtime.enable');
    await page.send('Emulation.setDeviceMetricsOverride', {
      width: options.width,
      height: options.height,
      deviceScaleFactor: 1,
      mobile: false,
    });
    for (const source of options.initScripts)
      await page.send('Page.addScriptToEvaluateOnNewDocument', { source });
    return page;
  }

  close(): void {
    this.socket.close();
  }

  private onMessage(text: string): void {
    const message = JSON.parse(text) as {
      id?: number;
      result?: Result;
      error?: { message: string };
      method?: string;
      params?: Result;
      sessionId?: string;
    };
    if (message.id !== undefined) {
      const call = this.pending.get(message.id);
      if (!call) return;
      this.pending.delete(message.id);
      if (message.error) call.reject(new Error(`${call.method}: ${message.error.message}`));
      else call.resolve(message.result);
      return;
    }
    if (message.method) {
      for (const listener of this.listeners.get(`${message.sessionId ?? ''}|${message.method}`) ??
        [])
        listener(message.params);
    }
  }
}

export class RawPage {
  constructor(
    private readonly browser: RawBrowser,
    readonly sessionId: string,
    private readonly browserContextId: string,
  ) {}

  send(method: string, params: Params = {}): Promise<Result> {
    return this.browser.send(method, params, this.sessionId);
  }

  on(event: string, listener: (params: Result) => void): () => void {
    return this.browser.on(event, this.sessionId, listener);
  }

  /** Evaluates an expression in the page, awaiting a promise, and returns its value as JSON. */
  async evaluate<T>(expression: string): Promise<T> {
    const reply = await this.send('Runtime.evaluate', {
      expression,
      awaitPromise: true,
      returnByValue: true,
    });
    if (reply.exceptionDetails) {
      const details = reply.exceptionDetails;
      throw new Error(`in the page: ${details.exception?.description ?? details.text}`);
    }
    return reply.result.value as T;
  }

  async navigate(url: string): Promise<void> {
    const loaded = new Promise<void>((resolve) => {
      const off = this.on('Page.loadEventFired', () => {
        off();
        resolve();
      });
    });
    const reply = await this.send('Page.navigate', { url });
    if (reply.errorText) throw new Error(`navigating to ${url}: ${reply.errorText}`);
    await loaded;
  }

  /** Closes the page and its browser context. */
  async close(): Promise<void> {
    await this.browser
      .send('Target.disposeBrowserContext', { browserContextId: this.browserContextId })
      .catch(() => {});
  }
}
