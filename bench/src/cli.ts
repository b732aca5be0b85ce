import { parseArgs as parseNodeArgs } from 'node:util';
import type { Clock } from './measure.js';

export const sectionNames = ['activations', 'split', 'gemm', 'dispatch', 'train', 'memory'] as const;
export type SectionName = (typeof sectionNames)[number];

export interface BenchOptions {
  readonly sections: readonly SectionName[];
  readonly quick: boolean;
  readonly jsonPath: string | null;
  readonly clock: Clock;
  /** Run the selected sections this many times; the table shows each contender's median over the runs. */
  readonly repeat: number;
}

export const usage = `Usage: pnpm bench [options]   (from the repo root; builds packages/* first)

  --only LIST   run only these sections, comma-separated: ${sectionNames.join(', ')}
                (split: where x.relu()'s time goes on wasm; memory: the 784 network's memory per backend,
                not part of a default run)
  --quick       fewer, shorter samples (a smoke run; ratios are noisier)
  --json FILE   also write every measurement, ratio and target as JSON to FILE
  --repeat N    run the sections N times; report medians over the runs and each target's result per run
  --clock KIND  cpu (default: this process's CPU time, robust to other load) or wall (performance.now)
  --help        print this message`;

function isSectionName(name: string): name is SectionName {
  return (sectionNames as readonly string[]).includes(name);
}

/** The default run: every section but `memory` (minutes of training, asked for by name). */
const defaultSections: readonly SectionName[] = sectionNames.filter((name) => name !== 'memory');

export function parseArgs(argv: readonly string[]): BenchOptions | 'help' {
  // `pnpm bench -- --quick` passes the separator through on some pnpm versions.
  const args = argv.filter((arg) => arg !== '--');
  let values: ReturnType<typeof parse>['values'];
  try {
    ({ values } = parse(args));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`${message}\n\n${usage}`);
  }
  if (values.help) return 'help';
  let repeat = 1;
  if (values.repeat !== undefined) {
    const count = Number(values.repeat);
    if (!Number.isInteger(count) || count < 1 || count > 20) {
      throw new Error(`--repeat got ${JSON.stringify(values.repeat)}; pass a whole number of runs from 1 to 20`);
    }
    repeat = count;
  }
  const clock = values.clock ?? 'cpu';
  if (clock !== 'cpu' && clock !== 'wall') throw new Error(`--clock got ${JSON.stringify(clock)}; use cpu or wall`);
  let sections = defaultSections;
  if (values.only !== undefined) {
    const names = values.only.split(',').filter((name) => name.length > 0);
    const unknown = names.filter((name) => !isSectionName(name));
    if (names.length === 0 || unknown.length > 0) {
      throw new Error(
        `--only got ${JSON.stringify(values.only)}; valid sections are ${sectionNames.join(', ')} (comma-separated)`,
      );
    }
    sections = sectionNames.filter((name) => names.includes(name));
  }
  if (values.json === '') throw new Error('--json needs a file path, e.g. --json bench-results/run.json');
  return { sections, quick: values.quick ?? false, jsonPath: values.json ?? null, clock, repeat };
}

function parse(args: string[]) {
  return parseNodeArgs({
    args,
    strict: true,
    allowPositionals: false,
    options: {
      only: { type: 'string' },
      quick: { type: 'boolean' },
      json: { type: 'string' },
      repeat: { type: 'string' },
      clock: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}
