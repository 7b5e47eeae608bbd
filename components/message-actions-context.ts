'use client';

import { createContext } from 'react';
import type { PaneMessage } from '@/lib/messages/message';
import type { Result } from '@/lib/util/result';

/*
 * What the message detail's actions need from the dashboard, apart from their buttons
 * (components/message-actions.tsx), which load with the pane UI.
 */

/** The pane a message was received on, as the actions need it. */
export interface MessageSource {
  /** The pane's subscription id. */
  id: string;
  /** The pane's subscribed destination. */
  destination: string;
}

/** What can be done with a received message; provided once by the dashboard. */
export interface MessageActions {
  /**
   * Sends it again at once; the text says where (and why there). Async: the resend planning
   * is fetched on first use, not with the page.
   */
  resend: (message: PaneMessage, source: MessageSource) => Promise<Result<string>>;
  /** Fills the Send form with it; sending is left to the user. */
  editAndResend: (message: PaneMessage, source: MessageSource) => Promise<void>;
  /** Picks it for the diff (the last two picked are compared). */
  compare: (message: PaneMessage, source: MessageSource) => void;
}

export const MessageActionsContext = createContext<MessageActions | null>(null);
