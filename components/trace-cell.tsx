'use client';

import type { PaneMessage } from '@/lib/messages/message';
import { describeTrace, type TraceFacts } from '@/lib/watch/firehose';
import { publishVerdict } from '@/lib/watch/publish-verdict';
import { useWatchContext } from '@/components/watch-context';
import { VisibleText } from '@/components/ui/visible-text';

const decoder = new TextDecoder();
/** Longer bodies are not looked up: the dashboard's own sends that matter here are short. */
const MAX_LOOKUP_BYTES = 65_536;

function bodyText(message: PaneMessage): string | null {
  if (typeof message.body === 'string') return message.body;
  return message.body.byteLength <= MAX_LOOKUP_BYTES ? decoder.decode(message.body) : null;
}

/**
 * In a watch pane's row, in place of the routing key (which the firehose does not carry): who
 * got the message (or sent it), and for a publish, whether any binding took it (`dropped`).
 */
export function TraceCell({ message, facts }: { message: PaneMessage; facts: TraceFacts }) {
  const { routing, knownKey } = useWatchContext();
  let verdict = null;
  if (facts.event === 'publish' && routing) {
    const body = bodyText(message);
    const key = body === null ? null : knownKey(facts.exchange, body);
    verdict = publishVerdict(facts.exchange, key, routing);
  }
  return (
    <>
      <span
        className="max-w-[40%] shrink-0 truncate text-sky-700 dark:text-sky-300"
        title={`${facts.event === 'deliver' ? 'delivered to' : 'published by'} ${facts.connection}, channel ${facts.channel}, user ${facts.user}`}
      >
        <VisibleText text={describeTrace(facts)} />
      </span>
      {verdict?.kind === 'dropped' ? (
        <span
          title={verdict.reason}
          className="shrink-0 rounded bg-red-100 px-1 leading-4 text-red-900 dark:bg-red-900/60 dark:text-red-100"
        >
          dropped<span className="sr-only">: {verdict.reason}</span>
        </span>
      ) : null}
    </>
  );
}
