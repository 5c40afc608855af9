// A small SVG line chart for simulation series: several lines over one x axis, an optional shaded band.
import { Group, Text } from '@mantine/core';

/** One line: values aligned with the chart's x values (null where the run produced no finite value). */
export interface ChartLine {
  name: string;
  color: string;
  x: (number | null)[];
  y: (number | null)[];
  dashed?: boolean;
}

/** A shaded area between two series on the same x values (Monte Carlo 5–95 % band). */
export interface ChartBand {
  name: string;
  color: string;
  x: (number | null)[];
  low: (number | null)[];
  high: (number | null)[];
}

const width = 720;
const height = 240;
const pad = { left: 56, right: 12, top: 10, bottom: 26 };

function extent(values: (number | null)[][]): [number, number] {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const list of values)
    for (const v of list) {
      if (v === null || !Number.isFinite(v)) continue;
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
  if (!Number.isFinite(lo)) return [0, 1];
  if (lo === hi) return [lo - 1, hi + 1];
  return [lo, hi];
}

function tick(value: number): string {
  return Math.abs(value) >= 1e4 || (Math.abs(value) < 1e-2 && value !== 0) ? value.toExponential(1) : value.toFixed(2);
}

/** Renders lines and an optional band with min/max labels on both axes. */
export function LineChart({ lines, band, label }: { lines: ChartLine[]; band?: ChartBand; label: string }) {
  const xs = extent([...lines.map((l) => l.x), ...(band ? [band.x] : [])]);
  const ys = extent([...lines.map((l) => l.y), ...(band ? [band.low, band.high] : [])]);
  const sx = (v: number) => pad.left + ((v - xs[0]) / (xs[1] - xs[0])) * (width - pad.left - pad.right);
  const sy = (v: number) => height - pad.bottom - ((v - ys[0]) / (ys[1] - ys[0])) * (height - pad.top - pad.bottom);
  const path = (x: (number | null)[], y: (number | null)[]) => {
    let d = '';
    let pen = false;
    for (let i = 0; i < x.length; i++) {
      const xv = x[i];
      const yv = y[i];
      if (xv === null || xv === undefined || yv === null || yv === undefined) {
        pen = false;
        continue;
      }
      d += `${pen ? 'L' : 'M'}${sx(xv).toFixed(1)},${sy(yv).toFixed(1)}`;
      pen = true;
    }
    return d;
  };
  let bandPath = '';
  if (band) {
    const upper: string[] = [];
    const lower: string[] = [];
    band.x.forEach((xv, i) => {
      const lo = band.low[i];
      const hi = band.high[i];
      if (xv === null || lo === null || lo === undefined || hi === null || hi === undefined) return;
      upper.push(`${sx(xv).toFixed(1)},${sy(hi).toFixed(1)}`);
      lower.unshift(`${sx(xv).toFixed(1)},${sy(lo).toFixed(1)}`);
    });
    if (upper.length > 1) bandPath = `M${upper.join('L')}L${lower.join('L')}Z`;
  }
  return (
    <div>
      <svg viewBox={`0 0 ${width} ${height}`} width="100%" role="img" aria-label={label}>
        <rect
          x={pad.left}
          y={pad.top}
          width={width - pad.left - pad.right}
          height={height - pad.top - pad.bottom}
          fill="none"
          stroke="#8884"
        />
        {bandPath && <path d={bandPath} fill={band?.color} fillOpacity={0.2} stroke="none" />}
        {lines.map((line) => (
          <path
            key={line.name}
            d={path(line.x, line.y)}
            fill="none"
            stroke={line.color}
            strokeWidth={1.5}
            strokeDasharray={line.dashed ? '5 4' : undefined}
          />
        ))}
        <text x={4} y={pad.top + 10} fontSize={11} fill="currentColor">
          {tick(ys[1])}
        </text>
        <text x={4} y={height - pad.bottom} fontSize={11} fill="currentColor">
          {tick(ys[0])}
        </text>
        <text x={pad.left} y={height - 8} fontSize={11} fill="currentColor">
          t = {tick(xs[0])}
        </text>
        <text x={width - pad.right} y={height - 8} fontSize={11} fill="currentColor" textAnchor="end">
          t = {tick(xs[1])}
        </text>
      </svg>
      <Group gap="md">
        {lines.map((line) => (
          <Text key={line.name} size="xs" c={line.color}>
            ■ {line.name}
          </Text>
        ))}
        {band && (
          <Text size="xs" c={band.color}>
            ▒ {band.name}
          </Text>
        )}
      </Group>
    </div>
  );
}
