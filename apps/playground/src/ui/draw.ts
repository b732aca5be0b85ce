import { DOMAIN } from '../data/datasets';
import { seriesColors, writeDivergingColor } from './colors';

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

const scratch = new Map<number, HTMLCanvasElement>();

/**
 * Draws a res×res grid (row 0 at the top) scaled to the canvas. `map` turns a value into [-1, 1] for the colour
 * scale: for classification p ↦ 2p − 1, for a unit's output v ↦ v / max|v|.
 */
export function drawHeatmap(
  canvas: HTMLCanvasElement,
  grid: Float32Array,
  res: number,
  map: (v: number) => number,
): void {
  let tile = scratch.get(res);
  if (tile === undefined) {
    tile = document.createElement('canvas');
    tile.width = res;
    tile.height = res;
    scratch.set(res, tile);
  }
  const tileCtx = tile.getContext('2d')!;
  const image = tileCtx.createImageData(res, res);
  for (let i = 0; i < res * res; i++) writeDivergingColor(map(grid[i]), image.data, 4 * i);
  tileCtx.putImageData(image, 0, 0);
  const { ctx, width, height } = context2d(canvas);
  ctx.imageSmoothingEnabled = true;
  ctx.clearRect(0, 0, width, height);
  ctx.drawImage(tile, 0, 0, width, height);
}

export function symmetricScale(grid: Float32Array): (v: number) => number {
  let max = 0;
  for (const v of grid) if (Math.abs(v) > max) max = Math.abs(v);
  return max > 0 ? (v) => v / max : () => 0;
}

/** Draws points (n×2 in data coordinates) over a heatmap; test points get a dark ring. */
export function drawPoints(
  canvas: HTMLCanvasElement,
  points: Float32Array,
  labels: Float32Array,
  regression: boolean,
  test: boolean,
): void {
  const { ctx, width, height } = context2d(canvas);
  const r = Math.max(2, width / 110);
  for (let i = 0; i < labels.length; i++) {
    const x = ((points[2 * i] + DOMAIN) / (2 * DOMAIN)) * width;
    const y = ((DOMAIN - points[2 * i + 1]) / (2 * DOMAIN)) * height;
    const t = regression ? labels[i] : 2 * labels[i] - 1;
    const rgba = new Uint8ClampedArray(4);
    writeDivergingColor(t === 0 ? 0.001 : Math.sign(t) * Math.max(0.65, Math.abs(t)), rgba, 0);
    ctx.beginPath();
    ctx.arc(x, y, r, 0, 2 * Math.PI);
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
  /** The x of each value (default: its index). */
  readonly xs?: readonly number[];
  readonly color?: string;
  readonly dashed?: boolean;
}

/** A small line chart with axes; y from 0 to the largest finite value (loss curves). */
export function drawLineChart(canvas: HTMLCanvasElement, series: readonly Series[], xLabel: string): void {
  const { ctx, width, height } = context2d(canvas);
  ctx.clearRect(0, 0, width, height);
  const left = 40;
  const right = 8;
  const top = 8;
  const bottom = 22;
  let maxY = 0;
  let maxX = 1;
  for (const s of series) {
    maxX = Math.max(maxX, s.xs?.[s.xs.length - 1] ?? s.values.length - 1);
    for (const v of s.values) if (Number.isFinite(v) && v > maxY) maxY = v;
  }
  if (maxY === 0) maxY = 1;
  const px = (i: number) => left + (i / maxX) * (width - left - right);
  const py = (v: number) => top + (1 - Math.min(v, maxY) / maxY) * (height - top - bottom);
  ctx.font = '10px system-ui, sans-serif';
  ctx.fillStyle = '#667';
  ctx.strokeStyle = '#dde';
  ctx.lineWidth = 1;
  for (let k = 0; k <= 4; k++) {
    const v = (maxY * k) / 4;
    ctx.beginPath();
    ctx.moveTo(left, py(v));
    ctx.lineTo(width - right, py(v));
    ctx.stroke();
    ctx.textAlign = 'right';
    ctx.fillText(v.toPrecision(2), left - 4, py(v) + 3);
  }
  ctx.textAlign = 'center';
  ctx.fillText(`${xLabel} (0–${maxX})`, (left + width - right) / 2, height - 6);
  series.forEach((s, index) => {
    ctx.beginPath();
    ctx.strokeStyle = s.color ?? seriesColors[index % seriesColors.length];
    ctx.lineWidth = 1.8;
    ctx.setLineDash(s.dashed ? [4, 3] : []);
    let started = false;
    s.values.forEach((v, i) => {
      if (!Number.isFinite(v)) return;
      const x = px(s.xs?.[i] ?? i);
      if (started) ctx.lineTo(x, py(v));
      else ctx.moveTo(x, py(v));
      started = true;
    });
    ctx.stroke();
  });
  ctx.setLineDash([]);
}

/** f and f′ sampled on xs, drawn on shared axes with a zero line. */
export function drawCurve(
  canvas: HTMLCanvasElement,
  xs: Float32Array,
  f: Float32Array,
  df: Float32Array,
  yRange: readonly [number, number],
): void {
  const { ctx, width, height } = context2d(canvas);
  ctx.clearRect(0, 0, width, height);
  const [y0, y1] = yRange;
  const x0 = xs[0];
  const x1 = xs[xs.length - 1];
  const px = (x: number) => ((x - x0) / (x1 - x0)) * width;
  const py = (y: number) => (1 - (y - y0) / (y1 - y0)) * height;
  ctx.strokeStyle = '#ccd';
  ctx.lineWidth = 1;
  ctx.beginPath();
  ctx.moveTo(0, py(0));
  ctx.lineTo(width, py(0));
  ctx.moveTo(px(0), 0);
  ctx.lineTo(px(0), height);
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
  line(df, '#e69f00', true);
  line(f, '#0072b2', false);
}
