'use client';

import { useEffect, useRef } from 'react';

export interface ShortcutHandlers {
  /** `/`: focus the filter of the focused pane, or of the first one. */
  focusFilter: () => void;
  /** `Esc`: restore a maximised pane. Returns whether it did anything. */
  restore: () => boolean;
  /** `?`: list the shortcuts. */
  help: () => void;
}

/** Whether a key press belongs to a field the user is typing in (so no shortcut may take it). */
function typingIn(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (target instanceof HTMLInputElement) {
    return !['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color', 'file'].includes(
      target.type,
    );
  }
  return false;
}

/**
 * The workspace's keyboard shortcuts. None fires while typing in a text field, except
 * Ctrl/Cmd+Enter inside the Send form, which sends.
 */
export function useShortcuts(handlers: ShortcutHandlers): void {
  const current = useRef(handlers);
  useEffect(() => {
    current.current = handlers;
  });

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented) return;
      if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
        const form = event.target instanceof Element ? event.target.closest('form') : null;
        if (form?.getAttribute('aria-label') === 'Send') {
          event.preventDefault();
          form.requestSubmit();
        }
        return;
      }
      if (event.ctrlKey || event.metaKey || event.altKey || typingIn(event.target)) return;
      if (event.key === '/') {
        event.preventDefault();
        current.current.focusFilter();
      } else if (event.key === '?') {
        event.preventDefault();
        current.current.help();
      } else if (event.key === 'Escape') {
        if (current.current.restore()) event.preventDefault();
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);
}
