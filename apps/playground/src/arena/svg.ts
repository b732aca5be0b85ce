/**
 * A few plot primitives for the arena's SVG files: line panels with shaded bands, bar panels, legends. Plain strings,
 * no dependencies, numbers rounded to 0.1 px so the same data gives the same file.
 */

export const entryColors: Readonly<Record<string, string>> = {
  sigmoid: '#e69f00',
  tanh: '#0072b2',
  relu: '#d55e00',
  leakyRelu: '#cc79a7',
  softplus: '#56b4e9',
  swish: '#009e73',
  maxout: '#8c564b',
  rbf: '#bcbd22',
  gelu: '#17becf',
  elu: '#9467bd',
  mish: '#2ca02c',
  selu: '#1f3a93',
  identity: '#7f7f7f',
};

export const colorOf = (name: string): string => entryColors[name] ?? '#555555';

export function escapeXml(text: string): string {
  return text.replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c] ?? c);
}

const px = (v: number) => (Math.round(v * 10) / 10).toString();

export interface Axis {
  readonly min: number;
  readonly max: number;
  /** A log10 axis (min and max > 0). */
  readonly log?: boolean;
  readonly ticks: readonly number[];
  readonly format: (v: number) => string;
  readonly label: string;
}

export interface Series {
  readonly name: string;
  readonly color: string;
  readonly x: readonly number[];
  readonly y: readonly number[];
  /** A shaded band from low to high at each x (omit for none). */
  readonly low?: readonly number[];
  readonly high?: readonly number[];
  readonly dashed?: boolean;
}

export interface PanelBox {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

function scale(axis: Axis, from: number, to: number): (v: number) => number {
  const f = (v: number) => (axis.log ? Math.log10(Math.max(v, axis.min)) : v);
  const a = f(axis.min);
  const b = f(axis.max);
  // A one-point axis (a single epoch): everything in the middle.
  if (!(b !== a)) return () => (from + to) / 2;
  return (v: number) => from + ((Math.min(Math.max(f(v), Math.min(a, b)), Math.max(a, b)) - a) / (b - a)) * (to - from);
}

/** Panel chrome: background, title, a note under it (why an axis does not start at zero, what the band is). */
function frame(box: PanelBox, title: string, note: string): string[] {
  return [
    `<rect x="${px(box.x)}" y="${px(box.y)}" width="${px(box.width)}" height="${px(box.height)}" rx="8" fill="#f7f8fa" stroke="#e3e6ea"/>`,
    `<text x="${px(box.x + 10)}" y="${px(box.y + 17)}" font-size="12" font-weight="600" fill="#23272f">${escapeXml(title)}</text>`,
    note === ''
      ? ''
      : `<text x="${px(box.x + 10)}" y="${px(box.y + 30)}" font-size="9" fill="#6b7280">${escapeXml(note)}</text>`,
  ].filter((s) => s !== '');
}

/** The plotting area inside a panel: room for the title and note above, tick labels left and below. */
function plotArea(box: PanelBox): PanelBox {
  return { x: box.x + 46, y: box.y + 40, width: box.width - 58, height: box.height - 70 };
}

function axes(area: PanelBox, xAxis: Axis, yAxis: Axis): string[] {
  const sx = scale(xAxis, area.x, area.x + area.width);
  const sy = scale(yAxis, area.y + area.height, area.y);
  const out: string[] = [];
  for (const t of yAxis.ticks) {
    const y = sy(t);
    out.push(
      `<line x1="${px(area.x)}" y1="${px(y)}" x2="${px(area.x + area.width)}" y2="${px(y)}" stroke="#dde1e6" stroke-dasharray="3 3"/>`,
      `<text x="${px(area.x - 4)}" y="${px(y + 3)}" text-anchor="end" font-size="9" fill="#6b7280">${escapeXml(yAxis.format(t))}</text>`,
    );
  }
  for (const t of xAxis.ticks) {
    const x = sx(t);
    out.push(
      `<line x1="${px(x)}" y1="${px(area.y + area.height)}" x2="${px(x)}" y2="${px(area.y + area.height + 3)}" stroke="#9aa1ab"/>`,
      `<text x="${px(x)}" y="${px(area.y + area.height + 13)}" text-anchor="middle" font-size="9" fill="#6b7280">${escapeXml(xAxis.format(t))}</text>`,
    );
  }
  out.push(
    `<line x1="${px(area.x)}" y1="${px(area.y + area.height)}" x2="${px(area.x + area.width)}" y2="${px(area.y + area.height)}" stroke="#9aa1ab"/>`,
    `<line x1="${px(area.x)}" y1="${px(area.y)}" x2="${px(area.x)}" y2="${px(area.y + area.height)}" stroke="#9aa1ab"/>`,
    `<text x="${px(area.x + area.width / 2)}" y="${px(area.y + area.height + 25)}" text-anchor="middle" font-size="9" fill="#4b5563">${escapeXml(xAxis.label)}</text>`,
    `<text transform="translate(${px(area.x - 34)} ${px(area.y + area.height / 2)}) rotate(-90)" text-anchor="middle" font-size="9" fill="#4b5563">${escapeXml(yAxis.label)}</text>`,
  );
  return out;
}

/** A line panel: each series a line, with its band shaded under it. */
export function linePanel(
  box: PanelBox,
  title: string,
  note: string,
  xAxis: Axis,
  yAxis: Axis,
  series: readonly Series[],
): string[] {
  const area = plotArea(box);
  const sx = scale(xAxis, area.x, area.x + area.width);
  const sy = scale(yAxis, area.y + area.height, area.y);
  const out = [...frame(box, title, note), ...axes(area, xAxis, yAxis)];
  const finite = (i: number, s: Series) => Number.isFinite(s.x[i]!) && Number.isFinite(s.y[i]!);
  for (const s of series) {
    if (s.low === undefined || s.high === undefined) continue;
    const idx = s.x
      .map((_, i) => i)
      .filter((i) => finite(i, s) && Number.isFinite(s.low![i]!) && Number.isFinite(s.high![i]!));
    if (idx.length < 2) continue;
    const top = idx.map((i) => `${px(sx(s.x[i]!))},${px(sy(s.high![i]!))}`);
    const bottom = idx.reverse().map((i) => `${px(sx(s.x[i]!))},${px(sy(s.low![i]!))}`);
    out.push(
      `<polygon points="${[...top, ...bottom].join(' ')}" fill="${s.color}" fill-opacity="0.14" stroke="none"/>`,
    );
  }
  for (const s of series) {
    const points = s.x
      .map((_, i) => i)
      .filter((i) => finite(i, s))
      .map((i) => `${px(sx(s.x[i]!))},${px(sy(s.y[i]!))}`);
    if (points.length === 0) continue;
    if (points.length === 1) {
      const [cx, cy] = points[0]!.split(',');
      out.push(`<circle cx="${cx}" cy="${cy}" r="2.5" fill="${s.color}"/>`);
      continue;
    }
    out.push(
      `<polyline points="${points.join(' ')}" fill="none" stroke="${s.color}" stroke-width="1.6"${s.dashed ? ' stroke-dasharray="5 3"' : ''}/>`,
    );
  }
  return out;
}

export interface Bar {
  readonly name: string;
  readonly color: string;
  readonly value: number;
  /** Whisker (e.g. ± 1 sd); omit for none. */
  readonly low?: number;
  readonly high?: number;
  readonly label: string;
}

/** Horizontal bars from the axis minimum, one row per bar, with whiskers and a value label. */
export function barPanel(box: PanelBox, title: string, note: string, axis: Axis, bars: readonly Bar[]): string[] {
  const labelWidth = 70;
  const area = { x: box.x + labelWidth, y: box.y + 38, width: box.width - labelWidth - 56, height: box.height - 58 };
  const rowHeight = area.height / Math.max(1, bars.length);
  const sx = scale(axis, area.x, area.x + area.width);
  const out = frame(box, title, note);
  for (const t of axis.ticks) {
    const x = sx(t);
    out.push(
      `<line x1="${px(x)}" y1="${px(area.y)}" x2="${px(x)}" y2="${px(area.y + area.height)}" stroke="#dde1e6" stroke-dasharray="3 3"/>`,
      `<text x="${px(x)}" y="${px(area.y + area.height + 11)}" text-anchor="middle" font-size="9" fill="#6b7280">${escapeXml(axis.format(t))}</text>`,
    );
  }
  out.push(
    `<text x="${px(area.x + area.width / 2)}" y="${px(area.y + area.height + 21)}" text-anchor="middle" font-size="9" fill="#4b5563">${escapeXml(axis.label)}</text>`,
  );
  bars.forEach((bar, i) => {
    const y = area.y + i * rowHeight;
    out.push(
      `<text x="${px(area.x - 6)}" y="${px(y + rowHeight * 0.7)}" text-anchor="end" font-size="10" fill="#23272f">${escapeXml(bar.name)}</text>`,
    );
    if (!Number.isFinite(bar.value)) {
      out.push(
        `<text x="${px(area.x + 4)}" y="${px(y + rowHeight * 0.7)}" font-size="10" fill="#d55e00">${escapeXml(bar.label)}</text>`,
      );
      return;
    }
    const end = Math.max(area.x + 1, sx(bar.value));
    out.push(
      `<rect x="${px(area.x)}" y="${px(y + rowHeight * 0.15)}" width="${px(end - area.x)}" height="${px(rowHeight * 0.7)}" rx="2" fill="${bar.color}"/>`,
    );
    let textX = end + 4;
    if (bar.low !== undefined && bar.high !== undefined && Number.isFinite(bar.low) && Number.isFinite(bar.high)) {
      const a = sx(bar.low);
      const b = sx(bar.high);
      out.push(
        `<line x1="${px(a)}" y1="${px(y + rowHeight / 2)}" x2="${px(b)}" y2="${px(y + rowHeight / 2)}" stroke="#23272f" stroke-width="1.2"/>`,
      );
      textX = Math.max(textX, b + 4);
    }
    out.push(
      `<text x="${px(textX)}" y="${px(y + rowHeight * 0.7)}" font-size="9" fill="#4b5563">${escapeXml(bar.label)}</text>`,
    );
  });
  return out;
}

/** Coloured swatches with names, wrapped into rows of at most `maxWidth` pixels (18 px apart). */
export function legend(
  x: number,
  y: number,
  items: readonly { name: string; color: string; dashed?: boolean }[],
  maxWidth = 840,
): string[] {
  const out: string[] = [];
  let cx = x;
  let cy = y;
  for (const item of items) {
    const width = 28 + item.name.length * 6;
    if (cx > x && cx + width > x + maxWidth) {
      cx = x;
      cy += 16;
    }
    out.push(
      `<line x1="${px(cx)}" y1="${px(cy - 3)}" x2="${px(cx + 16)}" y2="${px(cy - 3)}" stroke="${item.color}" stroke-width="2.5"${item.dashed ? ' stroke-dasharray="4 2"' : ''}/>`,
      `<text x="${px(cx + 20)}" y="${px(cy)}" font-size="10" fill="#23272f">${escapeXml(item.name)}</text>`,
    );
    cx += width;
  }
  return out;
}

/** Rows a legend of these names takes at this width (to lay out what comes under it). */
export function legendRows(names: readonly string[], maxWidth = 840): number {
  let rows = 1;
  let cx = 0;
  for (const name of names) {
    const width = 28 + name.length * 6;
    if (cx > 0 && cx + width > maxWidth) {
      rows++;
      cx = 0;
    }
    cx += width;
  }
  return rows;
}

export function svgDocument(
  minWidth: number,
  height: number,
  title: string,
  heading: string,
  body: readonly string[],
): string {
  // Wide enough for the heading (about 7.6 px a character at 14 px).
  const width = Math.max(minWidth, Math.ceil(heading.length * 7.6) + 24);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif" font-size="11">`,
    `<title>${escapeXml(title)}</title>`,
    `<rect width="${width}" height="${height}" fill="#fff"/>`,
    `<text x="12" y="22" font-size="14" font-weight="600" fill="#23272f">${escapeXml(heading)}</text>`,
    ...body,
    '</svg>',
    '',
  ].join('\n');
}

/** Ticks 10^k for every integer k in [log10 min, log10 max], thinned to at most `count`. */
export function decadeTicks(min: number, max: number, count = 6): number[] {
  const lo = Math.ceil(Math.log10(min) - 1e-9);
  const hi = Math.floor(Math.log10(max) + 1e-9);
  const step = Math.max(1, Math.ceil((hi - lo + 1) / count));
  const ticks: number[] = [];
  for (let k = lo; k <= hi; k += step) ticks.push(10 ** k);
  return ticks;
}

export const formatDecade = (v: number): string => {
  const k = Math.round(Math.log10(v));
  return k >= -2 && k <= 3 ? String(Number(v.toPrecision(1))) : `1e${k}`;
};
