import { DOMAIN } from '../data/datasets';
import { seriesColors, writeDivergingColor } from './colors';

/** Text and lines on the charts: dark enough on white for WCAG AA (4.5:1 and more). */
export const INK = '#1f2937';
export const AXIS_TEXT = '#4b5563';
const GRID = '#e5e7eb';

/** Prepares a canvas for crisp drawing at the device pixel ratio; returns its context in CSS pixels. */
export function context2d(canvas: HTMLCanvasElement): { ctx: CanvasRenderingContext2D; width: number; height: number } {
  const ratio = globalThis.devicePixelRatio || 1;
  const width = canvas.clientWidth || Number(canvas.getAttribute('width')) || 100;
  const height = canvas.clientHeight || Number(canvas.getAttribute('height')) || 100;
  if (canvas.width !== Math.round(width * ratio) || canvas.height !== Math.round(height * ratio)) {
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(height * ratio);
  }
  const ctx = canvas.getContext('2d');
  if (ctx === null) throw new Error('draw: canvas 2d context unavailable');
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  return { ctx, width, height };
}

export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

const scratch = new Map<number, HTMLCanvasElement>();

/** A res×res tile of colours for `grid` (row 0 at the top); `map` turns a value into [−1, 1]. */
function tileOf(grid: Float32Array, res: number, map: (v: number) => number): HTMLCanvasElement {
  let tile = scratch.get(res);
  if (tile === undefined) {
    tile = document.createElement('canvas');
    tile.width = res;
    tile.height = res;
    scratch.set(res, tile);
  }
  const tileCtx = tile.getContext('2d');
  if (tileCtx === null) throw new Error('draw: canvas 2d context unavailable');
  const image = tileCtx.createImageData(res, res);
  for (let i = 0; i < res * res; i++) writeDivergingColor(map(grid[i]), image.data, 4 * i);
  tileCtx.putImageData(image, 0, 0);
  return tile;
}

/**
 * Draws a res×res grid scaled to the canvas (or to `rect` of it). `map` turns a value into [−1, 1] for the colour
 * scale: for classification p ↦ 2p − 1, for a unit's output v ↦ v / max|v|.
 */
export function drawHeatmap(
  canvas: HTMLCanvasElement,
  grid: Float32Array,
  res: number,
  map: (v: number) => number,
  rect?: Rect,
): void {
  const tile = tileOf(grid, res, map);
  const { ctx, width, height } = context2d(canvas);
  const r = rect ?? { x: 0, y: 0, width, height };
  ctx.imageSmoothingEnabled = true;
  if (rect === undefined) ctx.clearRect(0, 0, width, height);
  ctx.drawImage(tile, r.x, r.y, r.width, r.height);
}

export function symmetricScale(grid: Float32Array): (v: number) => number {
  let max = 0;
  for (const v of grid) if (Math.abs(v) > max) max = Math.abs(v);
  return max > 0 ? (v) => v / max : () => 0;
}

/** The plot area of an output canvas: room for tick labels at the left and bottom. */
export function plotArea(width: number, height: number, ticks: boolean): Rect {
  if (!ticks) return { x: 0, y: 0, width, height };
  const left = 22;
  const bottom = 18;
  const size = Math.min(width - left - 4, height - bottom - 4);
  return { x: left, y: 4, width: size, height: size };
}

/** Tick marks and labels for x₁ (bottom) and x₂ (left) around `r`, in data units −6…6. */
export function drawPlaneTicks(ctx: CanvasRenderingContext2D, r: Rect): void {
  ctx.font = '10px system-ui, sans-serif';
  ctx.fillStyle = AXIS_TEXT;
  ctx.strokeStyle = AXIS_TEXT;
  ctx.lineWidth = 1;
  for (const v of [-DOMAIN, -DOMAIN / 2, 0, DOMAIN / 2, DOMAIN]) {
    const t = (v + DOMAIN) / (2 * DOMAIN);
    const x = r.x + t * r.width;
    const y = r.y + (1 - t) * r.height;
    ctx.beginPath();
    ctx.moveTo(x, r.y + r.height);
    ctx.lineTo(x, r.y + r.height + 3);
    ctx.moveTo(r.x - 3, y);
    ctx.lineTo(r.x, y);
    ctx.stroke();
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    ctx.fillText(String(v), x, r.y + r.height + 4);
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    ctx.fillText(String(v), r.x - 4, y);
  }
  ctx.textBaseline = 'alphabetic';
}

/** Draws points (n×2 in data coordinates) over a heatmap drawn in `r`; test points get a dark ring. */
export function drawPoints(
  canvas: HTMLCanvasElement,
  points: Float32Array,
  labels: Float32Array,
  regression: boolean,
  test: boolean,
  r?: Rect,
): void {
  const { ctx, width, height } = context2d(canvas);
  const rect = r ?? { x: 0, y: 0, width, height };
  const radius = Math.max(2, rect.width / 110);
  const rgba = new Uint8ClampedArray(4);
  for (let i = 0; i < labels.length; i++) {
    const x = rect.x + ((points[2 * i] + DOMAIN) / (2 * DOMAIN)) * rect.width;
    const y = rect.y + ((DOMAIN - points[2 * i + 1]) / (2 * DOMAIN)) * rect.height;
    const t = regression ? labels[i] : 2 * labels[i] - 1;
    writeDivergingColor(t === 0 ? 0.001 : Math.sign(t) * Math.max(0.65, Math.abs(t)), rgba, 0);
    ctx.beginPath();
    ctx.arc(x, y, radius, 0, 2 * Math.PI);
    ctx.fillStyle = `rgb(${rgba[0]},${rgba[1]},${rgba[2]})`;
    ctx.fill();
    ctx.lineWidth = test ? 1.6 : 1;
    ctx.strokeStyle = test ? '#111' : '#fff';
    ctx.stroke();
  }
}

export interface Series {
  readonly label: string;
  readonly values: readonly number[];
  readonly xs: readonly number[];
  readonly color?: string;
  readonly dashed?: boolean;
}

/** "1", "10", "1k", "20k", "1M" for an epoch tick. */
function epochLabel(e: number): string {
  if (e >= 1e6) return `${e / 1e6}M`;
  if (e >= 1e3) return `${e / 1e3}k`;
  return String(e);
}

/** Ticks for a value axis: decades (with 2 and 5 between when the span is small) on a log axis. */
function logTicks(low: number, high: number): number[] {
  const ticks: number[] = [];
  const from = Math.floor(Math.log10(low));
  const to = Math.ceil(Math.log10(high));
  const steps = to - from <= 2 ? [1, 2, 5] : [1];
  // Many decades: every second (or third) one, so the labels do not collide.
  const stride = Math.max(1, Math.ceil((to - from) / 5));
  for (let k = from; k <= to; k++) if ((k - from) % stride === 0) for (const m of steps) ticks.push(m * 10 ** k);
  return ticks.filter((t) => t >= low * 0.999 && t <= high * 1.001);
}

function linearTicks(low: number, high: number): number[] {
  const span = high - low || 1;
  const step = 10 ** Math.floor(Math.log10(span / 4));
  const nice = [1, 2, 5, 10].map((m) => m * step).find((s) => span / s <= 5) ?? step * 10;
  const ticks: number[] = [];
  for (let v = Math.ceil(low / nice) * nice; v <= high + 1e-12; v += nice) ticks.push(Number(v.toPrecision(6)));
  return ticks;
}

function valueLabel(v: number): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e4 || a < 1e-3) return v.toExponential(0).replace('e+', 'e');
  return String(Number(v.toPrecision(2)));
}

export interface ChartOptions {
  readonly y: 'log' | 'linear' | 'percent';
  /** Fixed value range (default: the data's, on the log axis padded to whole ticks). */
  readonly yRange?: readonly [number, number];
}

/**
 * A line chart over epochs on a log(1 + epoch) axis, so the first epochs (where most learning happens) and the
 * latest share the chart at any epoch count. Ticks on both axes; non-finite values are gaps.
 */
export function drawEpochChart(canvas: HTMLCanvasElement, series: readonly Series[], options: ChartOptions): void {
  const { ctx, width, height } = context2d(canvas);
  ctx.clearRect(0, 0, width, height);
  const left = 38;
  const right = 8;
  const top = 6;
  const bottom = 18;
  let maxX = 1;
  let low = Number.POSITIVE_INFINITY;
  let high = Number.NEGATIVE_INFINITY;
  for (const s of series) {
    maxX = Math.max(maxX, s.xs[s.xs.length - 1] ?? 0);
    for (const v of s.values) {
      if (!Number.isFinite(v) || (options.y === 'log' && v <= 0)) continue;
      low = Math.min(low, v);
      high = Math.max(high, v);
    }
  }
  if (options.yRange !== undefined) [low, high] = options.yRange;
  else if (!Number.isFinite(low)) [low, high] = options.y === 'log' ? [0.01, 1] : [0, 1];
  if (options.y === 'log') {
    // Half-decade bounds, so the axis does not jump with every small change of the data.
    low = 10 ** (Math.floor(Math.log10(low) * 2) / 2);
    high = 10 ** (Math.ceil(Math.log10(high) * 2) / 2);
    if (high <= low) high = low * 10;
  } else if (high <= low) high = low + 1;
  const plotW = width - left - right;
  const plotH = height - top - bottom;
  const px = (e: number) => left + (Math.log1p(e) / Math.log1p(maxX)) * plotW;
  const toAxis = (v: number) => (options.y === 'log' ? Math.log10(v) : v);
  const [a0, a1] = [toAxis(low), toAxis(high)];
  const py = (v: number) => top + (1 - (toAxis(Math.min(Math.max(v, low), high)) - a0) / (a1 - a0)) * plotH;

  ctx.font = '10px system-ui, sans-serif';
  ctx.lineWidth = 1;
  const yTicks = options.y === 'log' ? logTicks(low, high) : linearTicks(low, high);
  for (const v of yTicks) {
    ctx.strokeStyle = GRID;
    ctx.beginPath();
    ctx.moveTo(left, py(v));
    ctx.lineTo(width - right, py(v));
    ctx.stroke();
    ctx.fillStyle = AXIS_TEXT;
    ctx.textAlign = 'right';
    ctx.fillText(options.y === 'percent' ? `${Math.round(v * 100)}%` : valueLabel(v), left - 4, py(v) + 3);
  }
  const xTicks = [0, 1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7].filter((e) => e <= maxX);
  if (maxX < 10) for (let e = 2; e <= maxX; e++) xTicks.push(e);
  ctx.textAlign = 'center';
  for (const e of xTicks) {
    ctx.strokeStyle = GRID;
    ctx.beginPath();
    ctx.moveTo(px(e), top);
    ctx.lineTo(px(e), top + plotH);
    ctx.stroke();
    ctx.fillStyle = AXIS_TEXT;
    ctx.fillText(epochLabel(e), px(e), height - 5);
  }
  series.forEach((s, index) => {
    ctx.beginPath();
    ctx.strokeStyle = s.color ?? seriesColors[index % seriesColors.length];
    ctx.lineWidth = 1.8;
    ctx.setLineDash(s.dashed ? [4, 3] : []);
    let started = false;
    s.values.forEach((v, i) => {
      if (!Number.isFinite(v) || (options.y === 'log' && v <= 0)) {
        started = false;
        return;
      }
      const x = px(s.xs[i]);
      if (started) ctx.lineTo(x, py(v));
      else ctx.moveTo(x, py(v));
      started = true;
    });
    ctx.stroke();
  });
  ctx.setLineDash([]);
}

export interface CurveSamples {
  readonly xs: Float32Array;
  readonly f: Float32Array;
  readonly df: Float32Array;
}

/** f and f′ sampled on xs, drawn on shared axes with a zero line. */
export function drawCurve(canvas: HTMLCanvasElement, curve: CurveSamples, yRange: readonly [number, number]): void {
  const { ctx, width, height } = context2d(canvas);
  ctx.clearRect(0, 0, width, height);
  plotCurve(ctx, curve, { x: 0, y: 0, width, height }, yRange);
}

function plotCurve(
  ctx: CanvasRenderingContext2D,
  { xs, f, df }: CurveSamples,
  r: Rect,
  [y0, y1]: readonly [number, number],
): void {
  const x0 = xs[0];
  const x1 = xs[xs.length - 1];
  const px = (x: number) => r.x + ((x - x0) / (x1 - x0)) * r.width;
  const py = (y: number) => r.y + (1 - (y - y0) / (y1 - y0)) * r.height;
  ctx.strokeStyle = '#9ca3af';
  ctx.lineWidth = 1;
  ctx.beginPath();
  ctx.moveTo(r.x, py(0));
  ctx.lineTo(r.x + r.width, py(0));
  if (x0 < 0 && x1 > 0) {
    ctx.moveTo(px(0), r.y);
    ctx.lineTo(px(0), r.y + r.height);
  }
  ctx.stroke();
  const line = (ys: Float32Array, color: string, dashed: boolean) => {
    ctx.beginPath();
    ctx.strokeStyle = color;
    ctx.lineWidth = 2;
    ctx.setLineDash(dashed ? [4, 3] : []);
    for (let i = 0; i < xs.length; i++) {
      const y = Math.max(y0 - 1, Math.min(y1 + 1, ys[i]));
      if (i === 0) ctx.moveTo(px(xs[i]), py(y));
      else ctx.lineTo(px(xs[i]), py(y));
    }
    ctx.stroke();
    ctx.setLineDash([]);
  };
  ctx.save();
  ctx.beginPath();
  ctx.rect(r.x, r.y, r.width, r.height);
  ctx.clip();
  line(df, '#b45309', true);
  line(f, '#0072b2', false);
  ctx.restore();
}

/**
 * A unit's curve f and f′ over the range its inputs actually take, over a histogram of those inputs (grey bars,
 * tallest = full height): where the bars sit on the curve says whether the unit is saturated, dead or linear.
 */
export function drawCurveWithDistribution(
  canvas: HTMLCanvasElement,
  curve: CurveSamples | null,
  values: Float32Array,
  range: readonly [number, number],
  yRange: readonly [number, number],
  xLabel: string,
): void {
  const { ctx, width, height } = context2d(canvas);
  ctx.clearRect(0, 0, width, height);
  const r = { x: 30, y: 6, width: width - 38, height: height - 36 };
  const [lo, hi] = range;
  const bins = 40;
  const counts = new Int32Array(bins);
  for (const v of values) {
    const b = Math.floor(((Math.min(Math.max(v, lo), hi) - lo) / (hi - lo)) * bins);
    counts[Math.min(bins - 1, Math.max(0, b))]++;
  }
  const most = Math.max(1, ...counts);
  ctx.fillStyle = '#a8b4c4';
  for (let b = 0; b < bins; b++) {
    const h = (counts[b] / most) * r.height;
    ctx.fillRect(r.x + (b / bins) * r.width + 0.5, r.y + r.height - h, r.width / bins - 1, h);
  }
  if (curve !== null) plotCurve(ctx, curve, r, yRange);
  ctx.font = '10px system-ui, sans-serif';
  ctx.fillStyle = AXIS_TEXT;
  ctx.textAlign = 'center';
  for (const v of linearTicks(lo, hi)) {
    const x = r.x + ((v - lo) / (hi - lo)) * r.width;
    ctx.fillText(valueLabel(v), x, r.y + r.height + 12);
  }
  ctx.textAlign = 'center';
  ctx.fillText(xLabel, r.x + r.width / 2, height - 3);
  ctx.textAlign = 'right';
  if (curve !== null) {
    for (const v of linearTicks(yRange[0], yRange[1])) {
      const y = r.y + (1 - (v - yRange[0]) / (yRange[1] - yRange[0])) * r.height;
      ctx.fillText(valueLabel(v), r.x - 4, y + 3);
    }
  }
}
