/**
 * Shortens text taken from a request before it goes into a message, so an answer never echoes
 * kilobytes of someone else's input. Counts code points, so a surrogate pair is never split.
 * @example truncateForDisplay('x'.repeat(5000)) // 100 × 'x' and '…'
 */
export function truncateForDisplay(text: string, max = 100): string {
  const characters = Array.from(text);
  return characters.length <= max ? text : `${characters.slice(0, max).join('')}…`;
}
