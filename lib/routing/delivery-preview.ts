import { summarizePrediction } from './wording';
import type { Prediction } from './predict';

/** One line under the preview: information, or a warning that messages would be lost. */
export type PreviewNote = { text: string; tone: 'info' | 'warning' };

/** The Delivery preview in words, ready to show; see {@link describePreview}. */
export type PreviewText = {
  /** Says which send the preview is about, so it never reads as a verdict on an earlier one. */
  heading: string;
  /** Who gets what, from {@link summarizePrediction}. */
  summary: string;
  /** `warning` only when the send would really lose messages; `offline` when nothing is sent yet. */
  tone: 'info' | 'warning' | 'offline';
  notes: PreviewNote[];
};

/**
 * The preview of a SEND that has not happened: which send it is about, who would get what, and
 * the caveats, each marked as information or as a warning. Only the prediction's `warnings`
 * (messages refused, dropped for certain, or a connection closed) make the preview a warning;
 * while disconnected it says first that nothing is sent until the dashboard is connected.
 *
 * @example
 * describePreview(prediction, { online: false }).heading
 * // 'Not connected: nothing is sent to /topic/x until you connect.'
 */
export function describePreview(
  prediction: Prediction,
  { online }: { online: boolean },
): PreviewText {
  const warnings = new Set(prediction.warnings);
  const notes = prediction.caveats
    // A refusal is the summary already.
    .filter((caveat) => caveat !== prediction.refused)
    .map((text): PreviewNote => ({ text, tone: warnings.has(text) ? 'warning' : 'info' }));
  const summary = summarizePrediction(prediction);
  if (!online) {
    return {
      heading: `Not connected: nothing is sent to ${prediction.destination} until you connect.`,
      summary: `Once connected: ${summary}`,
      tone: 'offline',
      notes,
    };
  }
  return {
    heading: `If you send to ${prediction.destination} now:`,
    summary,
    tone: warnings.size > 0 ? 'warning' : 'info',
    notes,
  };
}
