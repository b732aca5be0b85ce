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

/**
 * Contenders whose work runs on more than one thread: their CPU time is the sum over threads, so they are timed,
 * and compared, on the wall clock (and so is whoever they are compared with).
 */
const wallClockContenders: ReadonlySet<ContenderName> = new Set(['wasm-2t']);

/** The value a contender is shown and compared with: the selected clock's, or the wall clock's for threaded ones. */
export function shownValue(row: Row, contender: ContenderName): number | undefined {
  return wallClockContenders.has(contender) ? row.wall[contender] : row.values[contender];
}

/**
 * How many times faster `mine` is than `other` on this row (> 1: mine wins), whatever the unit. A ratio involving
 * a threaded contender compares wall-clock medians on both sides.
 */
export function ratio(row: Row, mine: ContenderName, other: ContenderName): number | undefined {
  const wall = wallClockContenders.has(mine) || wallClockContenders.has(other);
  const a = wall ? row.wall[mine] : row.values[mine];
  const b = wall ? row.wall[other] : row.values[other];
  if (a === undefined || b === undefined || a <= 0 || b <= 0) return undefined;
  return higherIsBetter[row.unit] ? a / b : b / a;
}

/** The ratio columns of the table, `mine/other`. */
export const ratioColumns: readonly (readonly [ContenderName, ContenderName])[] = [
  ['wasm', 'tfjs-wasm'],
  ['wasm-2t', 'tfjs-wasm'],
  ['wasm', 'ort'],
  ['wasm', 'js'],
  ['js', 'tfjs-cpu'],
  ['js', 'js-loop'],
];

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
  ...contenderNames.map((contender) => ({
    header: wallClockContenders.has(contender) ? `${contender}*` : contender,
    cell: (row: Row) => formatValue(shownValue(row, contender)),
  })),
  ...ratioColumns.map(([mine, other]) => ({
    header: `${mine}/${other === 'js-loop' ? 'loop' : other}`,
    cell: (row: Row) => formatRatio(ratio(row, mine, other)),
  })),
  { header: 'noise', cell: (row) => formatNoise(row) },
];

/** The legend printed above the table. */
export const tableLegend = [
  'js, wasm, wasm-2t: actlab on its js backend, its wasm backend on 1 thread and on 2; ort: onnxruntime-node, 1 thread.',
  `* timed on the wall clock (its CPU time counts both threads), and so is every ratio it is part of.`,
  'mine/other = how many times faster mine is than other (> 1: mine ahead), whatever the unit.',
].join('\n');

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
