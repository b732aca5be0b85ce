import type { SectionName } from './cli.js';
import type { ContenderName } from './measure.js';
import { type Row, ratio } from './report.js';

export const seedActivations = ['sigmoid', 'tanh', 'relu', 'leakyRelu', 'softplus', 'swish'] as const;
export type SeedActivation = (typeof seedActivations)[number];

/** The activations issue 9 times through the public Tensor API, as a user calls them. */
export const tensorActivations = ['sigmoid', 'tanh', 'relu', 'swish'] as const;
export type TensorActivation = (typeof tensorActivations)[number];

export const rowNames = {
  activation: (name: SeedActivation, direction: 'fwd' | 'bwd', size: string) => `${name} ${direction} ${size}`,
  tensorActivation: (name: TensorActivation, mode: 'fwd' | 'fwd+bwd') => `x.${name}() ${mode} 1e6 (Tensor)`,
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
  /** Whose speed is judged (actlab on one backend). */
  readonly mine: ContenderName;
  readonly against: ContenderName;
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
    const value = row ? ratio(row, check.mine, check.against) : undefined;
    if (value === undefined) {
      parts.push(`${check.label} not measured`);
      status = 'n/a';
      continue;
    }
    parts.push(`${check.label} ${value.toFixed(2)}x`);
    if (value < check.atLeast && status === 'PASS') status = 'MISS';
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
        `js: ${name} fwd and bwd >= 3x tfjs-cpu at n=1e6`,
        'issue 2',
        [
          { row: rowNames.activation(name, 'fwd', '1e6'), mine: 'js', against: 'tfjs-cpu', atLeast: 3, label: 'fwd' },
          { row: rowNames.activation(name, 'bwd', '1e6'), mine: 'js', against: 'tfjs-cpu', atLeast: 3, label: 'bwd' },
        ],
        rows,
      ),
    );
  }
  for (const size of [512, 1024]) {
    results.push(
      evaluate(
        'gemm',
        `js: gemm ${size} >= 4x tfjs-cpu`,
        'issue 2 (tfjs-cpu 0.7 GFLOP/s at 1024 when filed)',
        [{ row: rowNames.gemm(size), mine: 'js', against: 'tfjs-cpu', atLeast: 4, label: 'js' }],
        rows,
      ),
    );
  }
  results.push(
    evaluate(
      'train',
      'js: tiny net >= 10x tfjs-cpu',
      'issue 4 (tfjs-cpu 1,909-2,776 steps/s when filed)',
      [{ row: rowNames.tinyNet, mine: 'js', against: 'tfjs-cpu', atLeast: 10, label: 'js' }],
      rows,
    ),
  );
  results.push(
    evaluate(
      'train',
      'js: tiny net within 1.3x of the hand-written loop (>= 0.77x)',
      'issue 4 (loop 25,267-29,150 steps/s when filed)',
      [{ row: rowNames.tinyNet, mine: 'js', against: 'js-loop', atLeast: 1 / 1.3, label: 'js' }],
      rows,
    ),
  );
  results.push(
    evaluate(
      'train',
      'js: 784 net >= 1.7x tfjs-cpu',
      'issue 4 (tfjs-cpu 4.5-4.7 steps/s when filed)',
      [{ row: rowNames.mnistNet, mine: 'js', against: 'tfjs-cpu', atLeast: 1.7, label: 'js' }],
      rows,
    ),
  );
  results.push(...issue9Targets(rows));
  return results;
}

/** Issue 9: the WebAssembly backend on one thread and on two. */
function issue9Targets(rows: readonly Row[]): TargetResult[] {
  const results: TargetResult[] = [];
  const source = 'issue 9';
  for (const size of [256, 512, 1024]) {
    const row = rowNames.gemm(size);
    results.push(
      evaluate(
        'gemm',
        `wasm: gemm ${size} >= 1.3x tfjs-wasm on 1 thread`,
        source,
        [{ row, mine: 'wasm', against: 'tfjs-wasm', atLeast: 1.3, label: 'wasm' }],
        rows,
      ),
      evaluate(
        'gemm',
        `wasm: gemm ${size} >= 2.2x tfjs-wasm on 2 threads`,
        source,
        [{ row, mine: 'wasm-2t', against: 'tfjs-wasm', atLeast: 2.2, label: 'wasm-2t' }],
        rows,
      ),
    );
  }
  results.push(
    evaluate(
      'train',
      'wasm: 784 net >= 5x tfjs-wasm on 1 thread',
      source,
      [{ row: rowNames.mnistNet, mine: 'wasm', against: 'tfjs-wasm', atLeast: 5, label: 'wasm' }],
      rows,
    ),
    evaluate(
      'train',
      'wasm: 784 net >= 8x tfjs-wasm on 2 threads',
      source,
      [{ row: rowNames.mnistNet, mine: 'wasm-2t', against: 'tfjs-wasm', atLeast: 8, label: 'wasm-2t' }],
      rows,
    ),
  );
  for (const name of tensorActivations) {
    const fwd = rowNames.tensorActivation(name, 'fwd');
    const both = rowNames.tensorActivation(name, 'fwd+bwd');
    results.push(
      evaluate(
        'activations',
        `wasm: x.${name}() fwd and fwd+bwd at n=1e6 >= 1x tfjs-wasm`,
        source,
        [
          { row: fwd, mine: 'wasm', against: 'tfjs-wasm', atLeast: 1, label: 'fwd' },
          { row: both, mine: 'wasm', against: 'tfjs-wasm', atLeast: 1, label: 'fwd+bwd' },
        ],
        rows,
      ),
      evaluate(
        'activations',
        `wasm: x.${name}() fwd and fwd+bwd at n=1e6 within 2x of onnxruntime (>= 0.5x)`,
        source,
        [
          { row: fwd, mine: 'wasm', against: 'ort', atLeast: 0.5, label: 'fwd' },
          { row: both, mine: 'wasm', against: 'ort', atLeast: 0.5, label: 'fwd+bwd' },
        ],
        rows,
      ),
    );
  }
  results.push(
    evaluate(
      'train',
      'wasm: tiny net no slower than js (>= 0.95x)',
      source,
      [{ row: rowNames.tinyNet, mine: 'wasm', against: 'js', atLeast: 0.95, label: 'wasm' }],
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
