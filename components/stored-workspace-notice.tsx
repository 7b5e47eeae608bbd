export interface StoredWorkspaceNoticeProps {
  /** Why the stored workspace was not restored; nothing is shown for `null`. */
  problem: string | null;
}

/** Says why the workspace kept from the last visit was not loaded. */
export function StoredWorkspaceNotice({ problem }: StoredWorkspaceNoticeProps) {
  if (!problem) return null;
  return (
    <p
      role="status"
      aria-label="Stored workspace status"
      className="basis-full text-xs text-amber-700 dark:text-amber-400"
    >
      {problem}
    </p>
  );
}
