/** How long a pane shown from the graph keeps its highlight ring. */
const HIGHLIGHT_MS = 1600;
const RING = ['ring-4', 'ring-sky-500', 'ring-offset-2'];

/**
 * Scrolls the pane of subscription `id` into view and rings it for a moment, so the eye finds it
 * after a jump from the routing graph. Panes are `section[aria-label="Subscription <id>"]`.
 */
export function showPane(subscriptionId: string): boolean {
  const selector = `section[aria-label="Subscription ${CSS.escape(subscriptionId)}"]`;
  const pane = document.querySelector<HTMLElement>(selector);
  if (!pane) return false;
  // 'start': a pane taller than the panes' area would otherwise keep its header (its name) out of view.
  pane.scrollIntoView({ block: 'start', inline: 'nearest' });
  pane.classList.add(...RING);
  pane.dataset.highlighted = 'true';
  window.setTimeout(() => {
    pane.classList.remove(...RING);
    delete pane.dataset.highlighted;
  }, HIGHLIGHT_MS);
  return true;
}
