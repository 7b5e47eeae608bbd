/**
 * The model behind the message detail's JSON tree: a value's children with the path of each,
 * written as a filter expression reads it (`body.order.total`, `body.items[0]`, `body["a b"]`),
 * and long arrays or objects in pages, so a 100,000-item array never renders 100,000 rows.
 */

export type JsonKind = 'object' | 'array' | 'string' | 'number' | 'boolean' | 'null';

export interface JsonEntry {
  /** The key as shown: a property name, or `[3]` for an array item. */
  label: string;
  /** The path to copy, e.g. `body.items[0].sku`. */
  path: string;
  value: unknown;
  kind: JsonKind;
  /** For objects and arrays, how many children they have. */
  size: number;
}

/** How many children one page shows. */
export const JSON_PAGE_SIZE = 100;

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

export function kindOf(value: unknown): JsonKind {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  switch (typeof value) {
    case 'object':
      return 'object';
    case 'string':
      return 'string';
    case 'number':
      return 'number';
    default:
      return 'boolean';
  }
}

/** `parent.key` when the key is an identifier, else `parent["key"]` (quoted as JSON). */
export function childPath(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  return IDENTIFIER.test(key) ? `${parent}.${key}` : `${parent}[${JSON.stringify(key)}]`;
}

function sizeOf(value: unknown): number {
  if (Array.isArray(value)) return value.length;
  if (value !== null && typeof value === 'object') return Object.keys(value).length;
  return 0;
}

/** All of a container's children count, one page of them (`page` from 0). */
export function childrenOf(
  value: unknown,
  path: string,
  page = 0,
): { entries: JsonEntry[]; pages: number } {
  const entry = (label: string, key: string | number, child: unknown): JsonEntry => ({
    label,
    path: childPath(path, key),
    value: child,
    kind: kindOf(child),
    size: sizeOf(child),
  });
  const start = page * JSON_PAGE_SIZE;
  if (Array.isArray(value)) {
    const items = value.slice(start, start + JSON_PAGE_SIZE);
    return {
      entries: items.map((child, i) => entry(`[${start + i}]`, start + i, child)),
      pages: Math.max(1, Math.ceil(value.length / JSON_PAGE_SIZE)),
    };
  }
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value);
    return {
      entries: keys
        .slice(start, start + JSON_PAGE_SIZE)
        .map((key) => entry(key, key, (value as Record<string, unknown>)[key])),
      pages: Math.max(1, Math.ceil(keys.length / JSON_PAGE_SIZE)),
    };
  }
  return { entries: [], pages: 1 };
}

/** A one-line preview of a value: scalars as JSON (long strings cut), containers by size. */
export function previewOf(value: unknown, maxLength = 80): string {
  const kind = kindOf(value);
  if (kind === 'array') return `[${sizeOf(value).toLocaleString('en-US')} items]`;
  if (kind === 'object') return `{${sizeOf(value).toLocaleString('en-US')} keys}`;
  const text = JSON.stringify(value);
  return text.length > maxLength ? `${text.slice(0, maxLength - 1)}…` : text;
}
