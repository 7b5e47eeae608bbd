import { memo } from 'react';

/**
 * A tiny line chart of recent values, pure SVG and decorative (the number beside it is the
 * accessible reading). Scales to the largest value shown, so a quiet pane still shows its shape.
 */
export const Sparkline = memo(function Sparkline({
  values,
  width = 80,
  height = 20,
  className = '',
}: {
  values: readonly number[];
  width?: number;
  height?: number;
  className?: string;
}) {
  const max = values.reduce((m, v) => (v > m ? v : m), 0);
  const step = values.length > 1 ? width / (values.length - 1) : 0;
  // Keep a pixel of room so a flat line at the top or bottom stays visible.
  const y = (v: number) => (max > 0 ? height - 1 - (v / max) * (height - 2) : height - 1);
  const points = values.map((v, i) => `${(i * step).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
  return (
    <svg
      aria-hidden
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      className={`shrink-0 overflow-visible text-sky-600 dark:text-sky-400 ${className}`}
    >
      {values.length > 1 ? (
        <>
          <polygon
            points={`0,${height} ${points} ${width},${height}`}
            className="fill-current opacity-15"
          />
          <polyline
            points={points}
            fill="none"
            stroke="currentColor"
            strokeWidth={1.25}
            strokeLinejoin="round"
          />
        </>
      ) : (
        <line
          x1={0}
          x2={width}
          y1={height - 1}
          y2={height - 1}
          stroke="currentColor"
          strokeOpacity={0.4}
        />
      )}
    </svg>
  );
});
