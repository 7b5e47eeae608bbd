import { prefetchBodyTexts, scanBodyText } from './body-scan';
import type { MessagePredicate } from './filtered-view';
import { compileTextSearch } from './text-search';

/**
 * The plain-text filter (anything in the Filter box that is not an expression): a
 * case-insensitive substring search over the header names and values, `name:value` pairs (e.g.
 * `content-type:application/json`), and the body text. Bodies that are not valid UTF-8 are not
 * searched. Built once per query and run over up to 200,000 held messages, so per message it
 * copies nothing it can avoid: no lowercased copy of each header and body, no joined
 * `name:value`, and a body not on screen is decoded without being cached (`body-scan.ts`).
 *
 * @param needle - the query, trimmed and lowercased, not empty.
 * @example messages.filter(compileTextFilter('content-type:application/json'))
 */
export function compileTextFilter(needle: string): MessagePredicate {
  const includes = compileTextSearch(needle);
  const acrossColon = colonSplits(needle);
  const pairMatches = (name: string, value: string): boolean => {
    const lowerName = name.toLowerCase();
    let lowerValue: string | undefined;
    for (const [before, after] of acrossColon) {
      if (!lowerName.endsWith(before)) continue;
      lowerValue ??= value.toLowerCase();
      if (lowerValue.startsWith(after)) return true;
    }
    return false;
  };
  const predicate: MessagePredicate = (message) => {
    const { headers } = message;
    for (const name in headers) {
      const value = headers[name] as string;
      if (includes(name) || includes(value)) return true;
      if (acrossColon.length > 0 && pairMatches(name, value)) return true;
    }
    const text = scanBodyText(message);
    return text !== null && includes(text);
  };
  predicate.prepare = prefetchBodyTexts;
  return predicate;
}

/**
 * For each `:` in the needle, the parts before and after it: `name:value` contains the needle
 * across its colon exactly when the name ends with one part and the value starts with the other.
 */
function colonSplits(needle: string): [string, string][] {
  const splits: [string, string][] = [];
  for (let at = needle.indexOf(':'); at !== -1; at = needle.indexOf(':', at + 1))
    splits.push([needle.slice(0, at), needle.slice(at + 1)]);
  return splits;
}
