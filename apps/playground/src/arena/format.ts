import type { EffectRow } from './claims';
import type { MeanSd } from './stats';

/** A factor stored as log10, shown as ×f (×10^k beyond a thousand either way). */
export function formatFactor(log10: number): string {
  if (!Number.isFinite(log10)) return 'n/a';
  if (Math.abs(log10) >= 3) return `×10^${log10.toFixed(1)}`;
  const f = 10 ** log10;
  return `×${f >= 100 ? f.toFixed(0) : f.toPrecision(3)}`;
}

export function formatPoints(v: number, signed = true): string {
  if (!Number.isFinite(v)) return 'n/a';
  const text = v.toFixed(1);
  return signed && v >= 0 ? `+${text}` : text;
}

export function formatEffect(row: Pick<EffectRow, 'unit'>, v: number): string {
  return row.unit === 'points' ? formatPoints(v) : formatFactor(v);
}

export function formatInterval(row: EffectRow): string {
  if (!Number.isFinite(row.low) || !Number.isFinite(row.high)) return 'n/a';
  return `[${formatEffect(row, row.low)}, ${formatEffect(row, row.high)}]`;
}

export function formatMargin(row: Pick<EffectRow, 'unit' | 'margin'>): string {
  return row.unit === 'points' ? `${row.margin} point${row.margin === 1 ? '' : 's'}` : `${formatFactor(row.margin)}`;
}

/** The effect with its unit, e.g. "+6.8 points" or "×3.2". */
export function formatEffectWithUnit(row: EffectRow): string {
  return row.unit === 'points' ? `${formatPoints(row.estimate)} points` : formatFactor(row.estimate);
}

/** mean ± sd, scaled, or "diverged" when the mean is not finite. */
export function pm(value: MeanSd, digits: number, scale = 1): string {
  if (!Number.isFinite(value.mean)) return 'diverged';
  return `${(value.mean * scale).toFixed(digits)} ± ${(value.sd * scale).toFixed(digits)}`;
}

/** Two significant digits in exponent form: 3.1e-4. */
export function sci(v: number): string {
  if (!Number.isFinite(v)) return 'n/a';
  if (v === 0) return '0';
  return v.toExponential(1).replace('e+', 'e');
}

/** A fixed-width text table for the terminal; columns in `left` (default: the first) are left-aligned. */
export function textTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  left: readonly number[] = [0],
): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]) =>
    cells.map((c, i) => (left.includes(i) ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(header), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/**
 * A markdown table with padded columns, as a formatter would lay it out: the columns in `left` (default: the first)
 * left-aligned, the rest right-aligned.
 */
export function markdownTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  left: readonly number[] = [0],
): string {
  const widths = header.map((h, i) => Math.max(3, h.length, ...rows.map((r) => r[i]!.length)));
  const cells = (r: readonly string[]) =>
    r.map((c, i) => (left.includes(i) ? c.padEnd(widths[i]!) : c.padStart(widths[i]!)));
  const align = widths.map((w, i) => (left.includes(i) ? `:${'-'.repeat(w - 1)}` : `${'-'.repeat(w - 1)}:`));
  return [cells(header), align, ...rows.map(cells)].map((r) => `| ${r.join(' | ')} |`).join('\n');
}

/**
 * JSON with objects indented and arrays of numbers or strings kept on one line (curves stay readable and the file
 * small); non-finite numbers become null (JSON has no NaN).
 */
export function stableJson(value: unknown): string {
  const write = (v: unknown, indent: string): string => {
    if (typeof v === 'number') return Number.isFinite(v) ? JSON.stringify(v) : 'null';
    if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null';
    const inner = `${indent}  `;
    if (Array.isArray(v)) {
      if (v.length === 0) return '[]';
      if (v.every((x) => x === null || typeof x !== 'object')) return `[${v.map((x) => write(x, inner)).join(', ')}]`;
      return `[\n${v.map((x) => inner + write(x, inner)).join(',\n')}\n${indent}]`;
    }
    const entries = Object.entries(v).filter(([, x]) => x !== undefined);
    if (entries.length === 0) return '{}';
    return `{\n${entries.map(([k, x]) => `${inner}${JSON.stringify(k)}: ${write(x, inner)}`).join(',\n')}\n${indent}}`;
  };
  return `${write(value, '')}\n`;
}

/**
 * Wraps a markdown paragraph or list item at `width` columns on spaces (a line break inside a paragraph renders as a
 * space); continuation lines of a list item are indented to its text.
 */
export function wrapMarkdown(text: string, width = 110): string {
  const bullet = /^(\s*[-*] |\s*\d+\. )/.exec(text)?.[1] ?? '';
  const indent = ' '.repeat(bullet.length);
  const words = text.slice(bullet.length).split(' ');
  const lines: string[] = [];
  let line = bullet;
  for (const word of words) {
    const prefix = lines.length === 0 ? bullet : indent;
    if (line.length > prefix.length && line.length + 1 + word.length > width) {
      lines.push(line);
      line = indent + word;
    } else {
      line = line.length > prefix.length ? `${line} ${word}` : line + word;
    }
  }
  lines.push(line);
  return lines.join('\n');
}

/** Wraps every paragraph and list item of a markdown document (tables, headings, images and quotes stay as they are). */
export function wrapParagraphs(lines: readonly string[], width = 110): string[] {
  return lines.map((line) =>
    line.includes('\n') || /^(\||#|!\[|>|<!--)/.test(line) || line.length <= width ? line : wrapMarkdown(line, width),
  );
}
