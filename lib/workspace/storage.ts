/** The localStorage key the workspace is kept under between visits. */
export const WORKSPACE_STORAGE_KEY = 'stompwatch.workspace.v1';

type WorkspaceCodec = typeof import('./workspace');

let codec: Promise<WorkspaceCodec> | undefined;

/**
 * Loads `parseWorkspace` and `serializeWorkspace` on first use. They carry zod, which the first
 * paint does not need: restoring, saving, importing and exporting all happen after hydration.
 * Every caller shares one promise, so callbacks chained on it run in the order they were added
 * (saves land in order). A failed load is forgotten, so the next call tries again.
 *
 * @example
 * const { serializeWorkspace } = await loadWorkspaceCodec();
 */
export function loadWorkspaceCodec(): Promise<WorkspaceCodec> {
  codec ??= import('./workspace').catch((error: unknown) => {
    codec = undefined;
    throw error;
  });
  return codec;
}
