// Depth chart: cumulative bid and ask size against price as step areas (SVG; floats only for geometry).
import { Text } from '@mantine/core';
import { type BookState, cumulativeDepth, type DepthPoint } from './book-state.js';
import { decimalToNumber } from './decimal.js';
import { Empty, Panel, showPrice } from './panel.js';
import type { ExchangeSymbol } from './types.js';

const width = 600;
const height = 180;
const pad = 4;
/** Levels per side drawn. */
const depthLevels = 50;

interface Scale {
  x: (price: number) => number;
  y: (size: number) => number;
}

/** A step area from the best price outwards to `edge` (the chart's border), closed down to the axis. */
function stepPath(points: readonly DepthPoint[], scale: Scale, edge: number): string {
  if (points.length === 0) return '';
  const first = points[0]!;
  let path = `M${scale.x(decimalToNumber(first.price))},${scale.y(0)}`;
  let previous = 0;
  for (const point of points) {
    const x = scale.x(decimalToNumber(point.price));
    path += ` L${x},${scale.y(previous)} L${x},${scale.y(decimalToNumber(point.cumulative))}`;
    previous = decimalToNumber(point.cumulative);
  }
  // The outermost level holds its size out to the border, so it shows as a plateau rather than a spike.
  return `${path} L${scale.x(edge)},${scale.y(previous)} L${scale.x(edge)},${scale.y(0)} Z`;
}

/** The depth chart of a book. */
export function DepthChart({ book, symbol }: { book: BookState | null; symbol: ExchangeSymbol }) {
  const bids = book === null ? [] : cumulativeDepth(book.bids, depthLevels);
  const asks = book === null ? [] : cumulativeDepth(book.asks, depthLevels);
  if (bids.length === 0 && asks.length === 0) {
    return (
      <Panel title="Depth" testId="depth-chart">
        <Empty>No depth to draw yet.</Empty>
      </Panel>
    );
  }
  const prices = [...bids, ...asks].map((point) => decimalToNumber(point.price));
  const spread = Math.max(...prices) - Math.min(...prices) || Math.max(Math.abs(prices[0] ?? 1) * 0.01, 0.01);
  // A margin beyond the outermost levels on both sides.
  const low = Math.min(...prices) - spread * 0.08;
  const high = Math.max(...prices) + spread * 0.08;
  const span = high - low;
  const maxSize = Math.max(
    decimalToNumber(bids.at(-1)?.cumulative ?? '0'),
    decimalToNumber(asks.at(-1)?.cumulative ?? '0'),
  );
  const scale: Scale = {
    x: (price) => pad + ((price - low) / span) * (width - 2 * pad),
    y: (size) => height - pad - (maxSize > 0 ? (size / maxSize) * (height - 2 * pad) : 0),
  };
  return (
    <Panel
      title="Depth"
      testId="depth-chart"
      actions={
        <Text size="xs" c="dimmed">
          {showPrice(bids.at(-1)?.price ?? asks[0]?.price, symbol)} –{' '}
          {showPrice(asks.at(-1)?.price ?? bids[0]?.price, symbol)}
        </Text>
      }
    >
      <svg
        viewBox={`0 0 ${width} ${height}`}
        width="100%"
        height={height}
        preserveAspectRatio="none"
        role="img"
        aria-label="Cumulative depth: bids left, asks right"
      >
        <path
          d={stepPath(bids, scale, low)}
          fill="var(--mantine-color-teal-light)"
          stroke="var(--mantine-color-teal-6)"
        />
        <path
          d={stepPath(asks, scale, high)}
          fill="var(--mantine-color-red-light)"
          stroke="var(--mantine-color-red-6)"
        />
      </svg>
    </Panel>
  );
}
