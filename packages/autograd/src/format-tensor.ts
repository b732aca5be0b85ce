/**
 * `Tensor.toString()`: PyTorch's repr layout (aligned columns, 4 decimals, scientific notation for wide ranges,
 * integers as `1.`), summarised with `...` past 1000 elements, showing 3 items at each edge.
 */
import type { Tensor } from './tensor';

const SUMMARY_THRESHOLD = 1000;
const EDGE_ITEMS = 3;
const LINE_WIDTH = 80;

type Style = 'int' | 'fixed' | 'sci';

function chooseStyle(values: ArrayLike<number>): Style {
  let allInt = true;
  let maxAbs = 0;
  let minAbs = Number.POSITIVE_INFINITY;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isFinite(v)) continue;
    if (v !== Math.round(v)) allInt = false;
    const a = Math.abs(v);
    if (a === 0) continue;
    if (a > maxAbs) maxAbs = a;
    if (a < minAbs) minAbs = a;
  }
  if (maxAbs === 0) return allInt ? 'int' : 'fixed';
  const wide = maxAbs / minAbs > 1000 || maxAbs > 1e8;
  if (allInt) return wide ? 'sci' : 'int';
  return wide || minAbs < 1e-4 ? 'sci' : 'fixed';
}

function formatNumber(v: number, style: Style): string {
  if (Number.isNaN(v)) return 'nan';
  if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
  if (style === 'int') return `${v.toFixed(0)}.`;
  if (style === 'fixed') return v.toFixed(4);
  // Python's 1.0000e+00 rather than JavaScript's 1.0000e+0.
  return v.toExponential(4).replace(/e([+-])(\d)$/, 'e$10$2');
}

/** Indices shown along a dimension of length n: all, or the edges with a gap marker (-1). */
function shownIndices(n: number, summarise: boolean): number[] {
  if (!summarise || n <= 2 * EDGE_ITEMS) return Array.from({ length: n }, (_, i) => i);
  const head = Array.from({ length: EDGE_ITEMS }, (_, i) => i);
  const tail = Array.from({ length: EDGE_ITEMS }, (_, i) => n - EDGE_ITEMS + i);
  return [...head, -1, ...tail];
}

export function formatTensor(t: Tensor): string {
  const { shape, data } = t;
  const summarise = t.size > SUMMARY_THRESHOLD;
  const suffixes: string[] = [];
  if (t.size === 0) suffixes.push(`size=[${shape.join(', ')}]`);
  if (t.dtype === 'float64') suffixes.push('dtype=float64');
  if (t.gradFn !== null) suffixes.push(`gradFn=${t.gradFn.toString()}`);
  else if (t.requiresGrad) suffixes.push('requiresGrad=true');
  const suffix = suffixes.length > 0 ? `, ${suffixes.join(', ')}` : '';
  if (t.size === 0) return `tensor([]${suffix})`;

  // Style and width come from the elements actually shown.
  const strides: number[] = [];
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= shape[i]!;
  }
  const shown: number[] = [];
  const collect = (dim: number, offset: number): void => {
    if (dim === shape.length) {
      shown.push(data[offset]!);
      return;
    }
    for (const i of shownIndices(shape[dim]!, summarise)) if (i >= 0) collect(dim + 1, offset + i * strides[dim]!);
  };
  collect(0, 0);
  const style = chooseStyle(shown);
  let width = 0;
  for (const v of shown) width = Math.max(width, formatNumber(v, style).length);

  const prefix = 'tensor(';
  const render = (dim: number, offset: number, indent: number): string => {
    const indices = shownIndices(shape[dim]!, summarise);
    if (dim === shape.length - 1) {
      // Wrap the last dimension at 80 columns, as PyTorch does.
      const items = indices.map((i) => (i < 0 ? ' ...' : formatNumber(data[offset + i]!, style).padStart(width)));
      const perLine = Math.max(1, Math.floor((LINE_WIDTH - indent) / (width + 2)));
      const lines: string[] = [];
      for (let i = 0; i < items.length; i += perLine) lines.push(items.slice(i, i + perLine).join(', '));
      return `[${lines.join(`,\n${' '.repeat(indent + 1)}`)}]`;
    }
    const parts = indices.map((i) => (i < 0 ? '...' : render(dim + 1, offset + i * strides[dim]!, indent + 1)));
    return `[${parts.join(`,${'\n'.repeat(shape.length - dim - 1)}${' '.repeat(indent + 1)}`)}]`;
  };
  const body = shape.length === 0 ? formatNumber(data[0]!, style) : render(0, 0, prefix.length);
  return `${prefix}${body}${suffix})`;
}
