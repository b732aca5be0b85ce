import type { SectionName } from './cli.js';
import { type ContenderName, contenderNames, type MeasureResult, median } from './measure.js';

export type Unit = 'ns/elem' | 'GFLOP/s' | 'ns/op' | 'steps/s';

/** One line of the table: one case, measured on every contender that has it. */
export interface Row {
  readonly section: SectionName;
  /** Stable key used by the targets and in the JSON, e.g. `sigmoid fwd 1e6`. */
  readonly name: string;
  readonly unit: Unit;
  readonly values: Partial<Record<ContenderName, number>>;
  readonly spread: Partial<Record<ContenderName, number>>;
  /** The same medians on the wall clock, for comparison when the table uses CPU time. */
  readonly wall: Partial<Record<ContenderName, number>>;
  readonly notes: string[];
  /** Training rows: each contender's losses over the first steps from the shared initial weights. */
  lossCheck?: Partial<Record<ContenderName, number[]>>;
}

const higherIsBetter: Record<Unit, boolean> = { 'ns/elem': false, 'GFLOP/s': true, 'ns/op': false, 'steps/s': true };

/** How many times faster actlab is than `other` on this row (> 1: actlab wins), whatever the unit. */
export function speedup(row: Row, other: ContenderName): number | undefined {
  const mine = row.values.actlab;
  const theirs = row.values[other];
  if (mine === undefined || theirs === undefined || mine <= 0 || theirs <= 0) return undefined;
  return higherIsBetter[row.unit] ? mine / theirs : theirs / mine;
}

/**
 * Turns per-call milliseconds into the row's unit. `workPerCall` is elements for ns/elem, flops for GFLOP/s,
 * ops for ns/op, and steps for steps/s.
 */
export function rowFromMeasurements(
  section: SectionName,
  name: string,
  unit: Unit,
  workPerCall: number,
  results: Map<ContenderName, MeasureResult>,
  notes: string[] = [],
): Row {
  const values: Partial<Record<ContenderName, number>> = {};
  const spread: Partial<Record<ContenderName, number>> = {};
  const wall: Partial<Record<ContenderName, number>> = {};
  const inUnit = (ms: number) =>
    unit === 'GFLOP/s'
      ? workPerCall / (ms * 1e6)
      : unit === 'steps/s'
        ? (workPerCall * 1e3) / ms
        : (ms * 1e6) / workPerCall;
  for (const [contender, result] of results) {
    if (!result.ok) {
      notes.push(`${contender} failed: ${result.error}`);
      continue;
    }
    values[contender] = inUnit(result.value.medianMs);
    wall[contender] = inUnit(median(result.value.wallSamples));
    spread[contender] = result.value.spread;
  }
  return { section, name, unit, values, spread, wall, notes };
}

function formatValue(value: number | undefined): string {
  if (value === undefined) return '-';
  if (value >= 1000) return Math.round(value).toLocaleString('en-US');
  if (value >= 100) return value.toFixed(0);
  if (value >= 10) return value.toFixed(1);
  if (value >= 1) return value.toFixed(2);
  return value.toPrecision(2);
}

function formatRatio(value: number | undefined): string {
  if (value === undefined) return '-';
  return `${value >= 10 ? value.toFixed(1) : value.toFixed(2)}x`;
}

const columns: readonly { header: string; cell: (row: Row) => string; left?: boolean }[] = [
  { header: 'case', cell: (row) => row.name, left: true },
  { header: 'unit', cell: (row) => row.unit, left: true },
  { header: 'actlab', cell: (row) => formatValue(row.values.actlab) },
  { header: 'tfjs-cpu', cell: (row) => formatValue(row.values['tfjs-cpu']) },
  { header: 'tfjs-wasm', cell: (row) => formatValue(row.values['tfjs-wasm']) },
  { header: 'js-loop', cell: (row) => formatValue(row.values['js-loop']) },
  { header: 'vs cpu', cell: (row) => formatRatio(speedup(row, 'tfjs-cpu')) },
  { header: 'vs wasm', cell: (row) => formatRatio(speedup(row, 'tfjs-wasm')) },
  { header: 'vs loop', cell: (row) => formatRatio(speedup(row, 'js-loop')) },
  { header: 'noise', cell: (row) => formatNoise(row) },
];

/** The worst contender's (max - min) / median over its samples: above ~30% the row's ratios are shaky. */
function formatNoise(row: Row): string {
  const spreads = Object.values(row.spread);
  return spreads.length === 0 ? '-' : `${Math.round(100 * Math.max(...spreads))}%`;
}

export function formatTable(rows: readonly Row[]): string {
  const cells = rows.map((row) => columns.map((column) => column.cell(row)));
  const widths = columns.map((column, i) => Math.max(column.header.length, ...cells.map((line) => line[i]!.length)));
  const pad = (text: string, i: number) => (columns[i]!.left ? text.padEnd(widths[i]!) : text.padStart(widths[i]!));
  const lines = [columns.map((column, i) => pad(column.header, i)).join('  ')];
  lines.push(widths.map((width) => '-'.repeat(width)).join('  '));
  rows.forEach((row, r) => {
    const previous = rows[r - 1];
    if (previous !== undefined && previous.section !== row.section) lines.push('');
    // A note every row of the section shares (e.g. "actlab skipped: ...") is printed once, after the section.
    const shared = sharedNotes(rows, row.section);
    lines.push(cells[r]!.map((text, i) => pad(text, i)).join('  '));
    for (const note of row.notes) if (!shared.has(note)) lines.push(`    note: ${note}`);
    if (rows[r + 1]?.section !== row.section)
      for (const note of shared) lines.push(`    note (all ${row.section} rows): ${note}`);
  });
  return lines.join('\n');
}

function sharedNotes(rows: readonly Row[], section: SectionName): Set<string> {
  const inSection = rows.filter((row) => row.section === section);
  if (inSection.length < 2) return new Set();
  return new Set(inSection[0]!.notes.filter((note) => inSection.every((row) => row.notes.includes(note))));
}

function medianOf(values: readonly number[]): number | undefined {
  return values.length === 0 ? undefined : median(values);
}

/**
 * One table from several runs of the same sections: each contender's median value over the runs (and its
 * worst noise), the notes of every run once each.
 */
export function mergeRuns(runs: readonly (readonly Row[])[]): Row[] {
  if (runs.length === 1) return [...runs[0]!];
  const first = runs[0] ?? [];
  return first.map((row) => {
    const same = runs.flatMap((run) => run.filter((candidate) => candidate.name === row.name));
    const values: Partial<Record<ContenderName, number>> = {};
    const spread: Partial<Record<ContenderName, number>> = {};
    const wall: Partial<Record<ContenderName, number>> = {};
    for (const contender of contenderNames) {
      const value = medianOf(same.flatMap((r) => (r.values[contender] === undefined ? [] : [r.values[contender]])));
      if (value === undefined) continue;
      values[contender] = value;
      const wallValue = medianOf(same.flatMap((r) => (r.wall[contender] === undefined ? [] : [r.wall[contender]])));
      if (wallValue !== undefined) wall[contender] = wallValue;
      spread[contender] = Math.max(...same.map((r) => r.spread[contender] ?? 0));
    }
    const notes = [...new Set(same.flatMap((r) => r.notes))];
    const merged: Row = { section: row.section, name: row.name, unit: row.unit, values, spread, wall, notes };
    if (row.lossCheck) merged.lossCheck = row.lossCheck;
    return merged;
  });
}
