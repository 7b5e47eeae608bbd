/**
 * Turns what a WebSocket/STOMP connection leaves behind when it dies (a close code, maybe an
 * ERROR frame) into plain words tied to what was just attempted. RabbitMQ's Web-STOMP often
 * loses the ERROR frame and just closes the socket (code 1000, "STOMP died"), so the context —
 * were we connecting, or subscribing to which destination — carries most of the meaning.
 */

export interface ErrorFrameInfo {
  /** The ERROR frame's `message` header. */
  message: string;
  /** The ERROR frame's body, usually the detail. */
  body: string;
}

export interface CloseContext {
  /** What the connection was doing when it closed. */
  phase: 'connecting' | 'connected';
  url: string;
  login: string;
  vhost: string;
  code: number;
  closeReason: string;
  errorFrame?: ErrorFrameInfo;
  /** The SUBSCRIBE still waiting for its receipt when the socket closed, if any. */
  pendingSubscribe?: { id: string; destination: string };
  /** True once any CONNECTED was received on this connection. */
  everConnected: boolean;
  /**
   * After a handshake that failed without a word ({@link couldBeAnotherServer}): whether an HTTP
   * server answered at the same host, port and path (`http-probe.ts`). Unknown when absent.
   */
  httpAnswered?: boolean;
}

export type CloseVerdict =
  /** The login or vhost was refused: retrying with the same settings cannot help. */
  | { kind: 'fatal'; reason: string }
  /** A subscription was refused and took the connection down with it. */
  | { kind: 'subscription-refused'; subscriptionId: string; reason: string }
  /** The connection dropped; retrying may help. */
  | { kind: 'transient'; reason: string };

const ABNORMAL = 1006;
/** Code RabbitMQ Web-STOMP uses when the STOMP session ends on an error ("STOMP died"). */
const NORMAL = 1000;

function detail(frame: ErrorFrameInfo | undefined): string {
  if (!frame) return '';
  const parts = [frame.message.trim(), frame.body.trim()].filter(Boolean);
  return parts.join(': ');
}

function describePathHint(url: string): string {
  try {
    const { pathname } = new URL(url);
    if (pathname !== '/ws') {
      return ` The URL's path is "${pathname}"; RabbitMQ Web-STOMP listens on /ws unless web_stomp.path says otherwise.`;
    }
  } catch {
    /* the URL was validated before connecting; nothing to add */
  }
  return '';
}

/** Web-STOMP's default port for ws:// (web_stomp.tcp.port) and for wss:// (web_stomp.ssl.port). */
const DEFAULT_WEB_STOMP_PORTS = { 'ws:': '15674', 'wss:': '15673' } as const;

/**
 * The URL RabbitMQ Web-STOMP answers on the same host by default: port 15674 (15673 for wss)
 * and path /ws.
 *
 * @example suggestWebStompUrl('ws://127.0.0.1:15672') // 'ws://127.0.0.1:15674/ws'
 */
export function suggestWebStompUrl(url: string): string | null {
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'ws:' && parsed.protocol !== 'wss:') return null;
    return `${parsed.protocol}//${parsed.hostname}:${DEFAULT_WEB_STOMP_PORTS[parsed.protocol]}/ws`;
  } catch {
    return null;
  }
}

/**
 * True for a first connection attempt that failed in the WebSocket handshake with no detail
 * (1006, no STOMP frame): either nothing listens at the URL, or something that is not Web-STOMP
 * does. Only then is it worth asking whether an HTTP server answers there.
 */
export function couldBeAnotherServer(ctx: CloseContext): boolean {
  return (
    ctx.phase === 'connecting' &&
    !ctx.everConnected &&
    ctx.code === ABNORMAL &&
    !ctx.errorFrame &&
    !ctx.pendingSubscribe
  );
}

function hostAndPort(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

function answeredButNotWebStomp(url: string): string {
  const suggestion = suggestWebStompUrl(url);
  const where = hostAndPort(url);
  const advice =
    suggestion === null || suggestion === url
      ? ' This is where Web-STOMP listens by default: check that the rabbitmq_web_stomp plugin is enabled and what web_stomp.tcp.port and web_stomp.path say.'
      : ` RabbitMQ Web-STOMP listens on port ${new URL(suggestion).port} with path /ws by default: try ${suggestion}.`;
  return `Something answered at ${where}, but not Web-STOMP: an HTTP server (the management UI on port 15672 is a common one, or a proxy on the way) refused the WebSocket handshake at ${url}.${advice}${describePathHint(url)}`;
}

/** Explains why a SUBSCRIBE to `destination` made the broker close the connection. */
export function explainRefusedSubscribe(destination: string, frame?: ErrorFrameInfo): string {
  const said = detail(frame);
  const lower = said.toLowerCase();
  const head = `The broker closed the connection after SUBSCRIBE to ${destination}`;
  if (lower.includes('precondition_failed') || lower.includes('inequivalent arg')) {
    return `${head}: the queue already exists with different arguments (${said}). Use the same durable/auto-delete/x-queue-type/x-* options as the existing queue, or another queue name.`;
  }
  if (lower.includes('access_refused') || lower.includes('access refused')) {
    return `${head}: access refused (${said}). The user lacks read/configure permission on this resource.`;
  }
  if (lower.includes('resource_locked') || lower.includes('exclusive')) {
    return `${head}: the queue is exclusive to another connection (${said}).`;
  }
  if (destination.startsWith('/amq/queue/')) {
    const name = destination.slice('/amq/queue/'.length);
    return `${head}: that queue does not exist${said ? ` (${said})` : ''}. /amq/queue/ only consumes from an existing queue. Create it, or use /queue/${name}, which declares it.`;
  }
  if (lower.includes('not_found') || lower.includes('no exchange')) {
    return `${head}: ${said}. Declare the exchange first, or use amq.topic.`;
  }
  if (said) return `${head}: ${said}.`;
  return `${head} without saying why. Usual causes: a queue that exists with different arguments (durable, auto-delete, x-queue-type, x-max-length…), missing permissions, or an exchange that does not exist.`;
}

/**
 * Classifies a closed connection and explains it.
 * @example
 * classifyClose({ phase: 'connecting', code: 1006, url: 'ws://h:1/ws', ... })
 * // { kind: 'transient', reason: 'Nothing answered a Web-STOMP connection at ws://h:1/ws…' }
 */
export function classifyClose(ctx: CloseContext): CloseVerdict {
  const said = detail(ctx.errorFrame);
  const lower = said.toLowerCase();

  if (ctx.pendingSubscribe && (ctx.errorFrame || ctx.code === NORMAL)) {
    return {
      kind: 'subscription-refused',
      subscriptionId: ctx.pendingSubscribe.id,
      reason: explainRefusedSubscribe(ctx.pendingSubscribe.destination, ctx.errorFrame),
    };
  }

  if (ctx.phase === 'connecting' && ctx.errorFrame) {
    if (lower.includes('virtual host') || lower.includes('vhost')) {
      return {
        kind: 'fatal',
        reason: `The broker refused virtual host "${ctx.vhost}": it does not exist or "${ctx.login}" may not use it (${said}). Check the Virtual host field ("/" is the default).`,
      };
    }
    if (
      lower.includes('access refused') ||
      lower.includes('bad connect') ||
      lower.includes('login')
    ) {
      return {
        kind: 'fatal',
        reason: `The broker refused the login "${ctx.login}": wrong login or passcode (${said}). Check both and connect again.`,
      };
    }
    return { kind: 'fatal', reason: `The broker refused the connection: ${said}.` };
  }

  if (ctx.errorFrame) {
    return {
      kind: 'transient',
      reason: `The broker reported an error and closed the connection: ${said}.`,
    };
  }

  if (couldBeAnotherServer(ctx) && ctx.httpAnswered) {
    return { kind: 'transient', reason: answeredButNotWebStomp(ctx.url) };
  }

  if (ctx.phase === 'connecting' && !ctx.everConnected && ctx.code === ABNORMAL) {
    return {
      kind: 'transient',
      reason: `Nothing answered a Web-STOMP connection at ${ctx.url}: the broker is down, the host or port is wrong, or the path is not a Web-STOMP endpoint.${describePathHint(ctx.url)}`,
    };
  }

  if (ctx.phase === 'connecting' && ctx.code === NORMAL) {
    return {
      kind: 'fatal',
      reason: `The broker closed the connection during login without saying why: usually the virtual host "${ctx.vhost}" does not exist or the login was refused.`,
    };
  }

  const codeText = ctx.closeReason ? `code ${ctx.code}, "${ctx.closeReason}"` : `code ${ctx.code}`;
  if (ctx.code === 1001 || ctx.code === 1012) {
    return {
      kind: 'transient',
      reason: `The broker at ${ctx.url} is shutting down or restarting (${codeText}).`,
    };
  }
  if (ctx.code === ABNORMAL) {
    return {
      kind: 'transient',
      reason: `The connection to ${ctx.url} dropped (${codeText}): the broker stopped, the network failed, or heartbeats were missed.`,
    };
  }
  return { kind: 'transient', reason: `The connection to ${ctx.url} closed (${codeText}).` };
}
