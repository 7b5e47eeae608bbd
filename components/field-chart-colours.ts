/** One colour per series, in the order fields were charted; readable on white and on dark. */
export const SERIES_COLOURS = ['#0284c7', '#d97706', '#059669', '#c026d3'] as const;
