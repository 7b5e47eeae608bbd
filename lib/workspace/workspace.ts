import { err, type Err, type Ok } from '@/lib/util/result';
import * as z from 'zod/mini';
import en from 'zod/v4/locales/en.js';
import { paneConfigSchema, type PaneConfig } from '@/lib/panes/pane-config-schema';
import { layoutSchema } from './layout-schema';
import { MAX_PANES, MAX_TOTAL_CAPACITY, shareCapacity, totalCapacity } from './limits';

export { MAX_PANES, MAX_TOTAL_CAPACITY } from './limits';

/**
 * What survives a reload and travels in an exported workspace file: the connection settings
 * without the passcode, and every pane's configuration. Passcodes are never part of it.
 */
export const workspaceSchema = z.object({
  version: z.literal(1),
  connection: z.object({
    brokerUrl: z.string(),
    login: z.string(),
    vhost: z.string(),
  }),
  panes: z.array(paneConfigSchema),
  /** How the workspace was arranged; files from before the panes-first layout have none. */
  layout: z.optional(layoutSchema),
});
export type Workspace = z.infer<typeof workspaceSchema>;

// zod/mini ships without messages; a bad workspace file is explained in zod's usual English.
z.config(en());

/** Serialises a workspace; anything named like a secret is dropped on the way out. */
export function serializeWorkspace(workspace: Workspace): string {
  return JSON.stringify(workspaceSchema.parse(workspace), null, 2);
}

/** The longest workspace text read at all; 50 panes take a few tens of kB. */
export const MAX_WORKSPACE_CHARS = 4_000_000;

/**
 * Where a workspace comes from. An `import`ed file is cut down to the limits, saying what was
 * left out or reduced; a `stored` one (restored on reload) that breaks them is refused whole,
 * with the reason: loading it could freeze every later visit, and no part of it is more the
 * user's choice than another.
 */
export type WorkspaceSource = 'import' | 'stored';

/** A parsed workspace within the limits, with what was changed to fit them (import only). */
export type ParsedWorkspace = (Ok<Workspace> & { notes: string[] }) | Err;

/**
 * Parses a workspace file or stored value, explaining what is wrong with a bad one, and keeps it
 * within {@link MAX_PANES} panes and {@link MAX_TOTAL_CAPACITY} messages in total.
 *
 * @example
 * const parsed = parseWorkspace(await file.text(), { mode: 'import' });
 * if (parsed.ok) show(parsed.notes); // e.g. ['Left out 1,950 panes: a workspace holds at most 50.']
 */
export function parseWorkspace(text: string, { mode }: { mode: WorkspaceSource }): ParsedWorkspace {
  const what = mode === 'import' ? 'The workspace file' : 'The stored workspace';
  if (text.length > MAX_WORKSPACE_CHARS) {
    return err(
      `${what} is ${count(text.length)} characters long; a workspace is at most ${count(MAX_WORKSPACE_CHARS)}, so it was not read.`,
    );
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return err(`The workspace file is not valid JSON (${(error as Error).message}).`);
  }
  const parsed = workspaceSchema.safeParse(raw);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const where = first?.path.length ? ` at ${first.path.join('.')}` : '';
    return err(`This is not a stompwatch workspace${where}: ${first?.message ?? 'unknown shape'}.`);
  }
  const keys = new Set<string>();
  const panes: PaneConfig[] = [];
  for (const pane of parsed.data.panes) {
    if (keys.has(pane.key)) continue;
    keys.add(pane.key);
    panes.push(pane);
  }
  const workspace = { ...parsed.data, panes };
  return mode === 'import' ? fitWithinLimits(workspace) : refuseBeyondLimits(workspace);
}

function refuseBeyondLimits(workspace: Workspace): ParsedWorkspace {
  const problems: string[] = [];
  if (workspace.panes.length > MAX_PANES) {
    problems.push(
      `it has ${count(workspace.panes.length)} panes and a workspace holds at most ${MAX_PANES}`,
    );
  }
  const total = totalCapacity(workspace.panes);
  if (total > MAX_TOTAL_CAPACITY) {
    problems.push(
      `its panes keep up to ${count(total)} messages together and a workspace keeps at most ${count(MAX_TOTAL_CAPACITY)}`,
    );
  }
  if (problems.length === 0) return { ok: true, value: workspace, notes: [] };
  return err(
    `The stored workspace was not loaded: ${problems.join(', and ')}. Import a workspace file instead (an import keeps what fits), or subscribe again.`,
  );
}

function fitWithinLimits(workspace: Workspace): ParsedWorkspace {
  const notes: string[] = [];
  let panes = workspace.panes;
  if (panes.length > MAX_PANES) {
    const leftOut = panes.length - MAX_PANES;
    notes.push(
      `Left out ${count(leftOut)} ${leftOut === 1 ? 'pane' : 'panes'}: a workspace holds at most ${MAX_PANES}.`,
    );
    panes = panes.slice(0, MAX_PANES);
  }
  const asked = totalCapacity(panes);
  if (asked > MAX_TOTAL_CAPACITY) {
    const capacities = shareCapacity(
      panes.map((pane) => pane.capacity),
      MAX_TOTAL_CAPACITY,
    );
    const fitted = panes.map((pane, i) => ({ ...pane, capacity: capacities[i] ?? pane.capacity }));
    const reduced = fitted.filter((pane, i) => pane.capacity < (panes[i]?.capacity ?? 0)).length;
    notes.push(
      `Reduced how many messages ${reduced} ${reduced === 1 ? 'pane keeps' : 'panes keep'} (to at most ${count(Math.max(...capacities))} each): all panes together keep at most ${count(MAX_TOTAL_CAPACITY)}, and the file asked for ${count(asked)}.`,
    );
    panes = fitted;
  }
  return { ok: true, value: { ...workspace, panes }, notes };
}

const count = (n: number) => n.toLocaleString('en-US');
