import * as z from 'zod/mini';
import en from 'zod/v4/locales/en.js';
import { paneConfigSchema, type PaneConfig } from '@/lib/panes/pane-config-schema';
import type { Result } from '@/lib/util/result';
import { layoutSchema } from './layout-schema';

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

/** Parses a workspace file or stored value, explaining what is wrong with a bad one. */
export function parseWorkspace(text: string): Result<Workspace> {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return { ok: false, error: `The workspace file is not valid JSON (${(error as Error).message}).` };
  }
  const parsed = workspaceSchema.safeParse(raw);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const where = first?.path.length ? ` at ${first.path.join('.')}` : '';
    return { ok: false, error: `This is not a stompwatch workspace${where}: ${first?.message ?? 'unknown shape'}.` };
  }
  const keys = new Set<string>();
  const panes: PaneConfig[] = [];
  for (const pane of parsed.data.panes) {
    if (keys.has(pane.key)) continue;
    keys.add(pane.key);
    panes.push(pane);
  }
  return { ok: true, value: { ...parsed.data, panes } };
}
