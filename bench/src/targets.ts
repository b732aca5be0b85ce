import type { SectionName } from './cli.js';
import { type Row, speedup } from './report.js';

export const seedActivations = ['sigmoid', 'tanh', 'relu', 'leakyRelu', 'softplus', 'swish'] as const;
export type SeedActivation = (typeof seedActivations)[number];

export const rowNames = {
  activation: (name: SeedActivation, direction: 'fwd' | 'bwd', size: string) => `${name} ${direction} ${size}`,
  gemm: (size: number) => `gemm ${size}`,
  tinyNet: 'train 2-8-8-1 tanh b32',
  tinyNetInlineTanh: 'train 2-8-8-1 tanh b32, loop w/o Math.tanh',
  mnistNet: 'train 784-256-256-10 relu b128',
} as const;

export type TargetStatus = 'PASS' | 'MISS' | 'n/a';

export interface TargetResult {
  readonly section: SectionName;
  readonly target: string;
  /** Where the target comes from (issue number) and what the issue measured here. */
  readonly source: string;
  readonly measured: string;
  readonly status: TargetStatus;
  /** With --repeat: the same target evaluated on each run alone. */
  runs?: { readonly measured: string; readonly status: TargetStatus }[];
}

interface Check {
  readonly row: string;
  readonly against: 'tfjs-cpu' | 'js-loop';
  readonly atLeast: number;
  readonly label: string;
}

function evaluate(
  section: SectionName,
  target: string,
  source: string,
  checks: readonly Check[],
  rows: readonly Row[],
): TargetResult {
  const parts: string[] = [];
  let status: TargetStatus = 'PASS';
  for (const check of checks) {
    const row = rows.find((candidate) => candidate.name === check.row);
    const ratio = row ? speedup(row, check.against) : undefined;
    if (ratio === undefined) {
      parts.push(`${check.label} not measured`);
      status = 'n/a';
      continue;
    }
    parts.push(`${check.label} ${ratio.toFixed(2)}x`);
    if (ratio < check.atLeast && status === 'PASS') status = 'MISS';
  }
  return { section, target, source, measured: parts.join(', '), status };
}

/** The performance targets of issues 2 and 4, evaluated on one run's rows. Reported, never asserted. */
export function evaluateTargets(rows: readonly Row[]): TargetResult[] {
  const results: TargetResult[] = [];
  for (const name of seedActivations) {
    results.push(
      evaluate(
        'activations',
        `${name} fwd and bwd >= 3x tfjs-cpu at n=1e6`,
        'issue 2',
        [
          { row: rowNames.activation(name, 'fwd', '1e6'), against: 'tfjs-cpu', atLeast: 3, label: 'fwd' },
          { row: rowNames.activation(name, 'bwd', '1e6'), against: 'tfjs-cpu', atLeast: 3, label: 'bwd' },
        ],
        rows,
      ),
    );
  }
  for (const size of [512, 1024]) {
    results.push(
      evaluate(
        'gemm',
        `gemm ${size} >= 4x tfjs-cpu`,
        'issue 2 (tfjs-cpu 0.7 GFLOP/s at 1024 when filed)',
        [{ row: rowNames.gemm(size), against: 'tfjs-cpu', atLeast: 4, label: 'gemm' }],
        rows,
      ),
    );
  }
  results.push(
    evaluate(
      'train',
      'tiny net >= 10x tfjs-cpu',
      'issue 4 (tfjs-cpu 1,909-2,776 steps/s when filed)',
      [{ row: rowNames.tinyNet, against: 'tfjs-cpu', atLeast: 10, label: 'vs cpu' }],
      rows,
    ),
  );
  results.push(
    evaluate(
      'train',
      'tiny net within 1.3x of the hand-written loop (>= 0.77x)',
      'issue 4 (loop 25,267-29,150 steps/s when filed)',
      [{ row: rowNames.tinyNet, against: 'js-loop', atLeast: 1 / 1.3, label: 'vs loop' }],
      rows,
    ),
  );
  results.push(
    evaluate(
      'train',
      '784 net >= 1.7x tfjs-cpu',
      'issue 4 (tfjs-cpu 4.5-4.7 steps/s when filed)',
      [{ row: rowNames.mnistNet, against: 'tfjs-cpu', atLeast: 1.7, label: 'vs cpu' }],
      rows,
    ),
  );
  return results;
}

export function formatTargets(results: readonly TargetResult[]): string {
  if (results.length === 0) return '(none for the sections run)';
  const width = Math.max(...results.map((result) => result.target.length));
  return results
    .map((result) => {
      const runs = result.runs ? `   runs: ${result.runs.map((run) => run.status).join(' ')}` : '';
      return `${result.status.padEnd(4)}  ${result.target.padEnd(width)}  ${result.measured}${runs}   [${result.source}]`;
    })
    .join('\n');
}
