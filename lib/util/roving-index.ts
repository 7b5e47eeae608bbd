/**
 * Where a key moves the focus in a list with one tab stop (roving focus): ArrowUp/ArrowDown by
 * one, PageUp/PageDown by `page` rows, Home/End to the first/last row. Returns `null` for any
 * other key (the list lets it through) and clamps to `0 .. size - 1`.
 *
 * @example
 * ```ts
 * rovingIndex('End', 3, 1000, 10); // 999
 * rovingIndex('ArrowUp', 0, 1000, 10); // 0
 * ```
 */
export function rovingIndex(
  key: string,
  current: number,
  size: number,
  page: number,
): number | null {
  if (size <= 0) return null;
  const last = size - 1;
  const from = Math.min(Math.max(current, 0), last);
  const step = Math.max(1, page);
  switch (key) {
    case 'ArrowDown':
      return Math.min(from + 1, last);
    case 'ArrowUp':
      return Math.max(from - 1, 0);
    case 'PageDown':
      return Math.min(from + step, last);
    case 'PageUp':
      return Math.max(from - step, 0);
    case 'Home':
      return 0;
    case 'End':
      return last;
    default:
      return null;
  }
}
