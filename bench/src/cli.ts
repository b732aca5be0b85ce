import type { Clock } from './measure.js';

export const sectionNames = ['activations', 'gemm', 'dispatch', 'train'] as const;
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
  --quick       fewer, shorter samples (a smoke run; ratios are noisier)
  --json FILE   also write every measurement, ratio and target as JSON to FILE
  --repeat N    run the sections N times; report medians over the runs and each target's result per run
  --clock KIND  cpu (default: this process's CPU time, robust to other load) or wall (performance.now)
  --help        print this message`;

function isSectionName(name: string): name is SectionName {
  return (sectionNames as readonly string[]).includes(name);
}

export function parseArgs(argv: readonly string[]): BenchOptions | 'help' {
  let sections: SectionName[] = [...sectionNames];
  let quick = false;
  let jsonPath: string | null = null;
  let clock: Clock = 'cpu';
  let repeat = 1;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    // `pnpm bench -- --quick` passes the separator through on some pnpm versions.
    if (arg === '--') continue;
    if (arg === '--help' || arg === '-h') return 'help';
    if (arg === '--quick') {
      quick = true;
    } else if (arg === '--json' || arg.startsWith('--json=')) {
      const value = arg === '--json' ? argv[++i] : arg.slice('--json='.length);
      if (!value) throw new Error('--json needs a file path, e.g. --json bench-results/run.json');
      jsonPath = value;
    } else if (arg === '--repeat' || arg.startsWith('--repeat=')) {
      const value = arg === '--repeat' ? argv[++i] : arg.slice('--repeat='.length);
      const count = Number(value);
      if (!Number.isInteger(count) || count < 1 || count > 20) {
        throw new Error(`--repeat got ${JSON.stringify(value ?? '')}; pass a whole number of runs from 1 to 20`);
      }
      repeat = count;
    } else if (arg === '--clock' || arg.startsWith('--clock=')) {
      const value = arg === '--clock' ? argv[++i] : arg.slice('--clock='.length);
      if (value !== 'cpu' && value !== 'wall')
        throw new Error(`--clock got ${JSON.stringify(value ?? '')}; use cpu or wall`);
      clock = value;
    } else if (arg === '--only' || arg.startsWith('--only=')) {
      const value = arg === '--only' ? argv[++i] : arg.slice('--only='.length);
      const names = (value ?? '').split(',').filter((name) => name.length > 0);
      const unknown = names.filter((name) => !isSectionName(name));
      if (names.length === 0 || unknown.length > 0) {
        throw new Error(
          `--only got ${JSON.stringify(value ?? '')}; valid sections are ${sectionNames.join(', ')} (comma-separated)`,
        );
      }
      sections = sectionNames.filter((name) => names.includes(name));
    } else {
      throw new Error(`unknown argument ${JSON.stringify(arg)}\n\n${usage}`);
    }
  }
  return { sections, quick, jsonPath, clock, repeat };
}
