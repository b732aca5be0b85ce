import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { type ExperimentName, experimentNames } from './plan';
import { type ArenaEntry, arenaEntries, type SetupName, setupNames } from './setups';

/** A mistake in how the arena was called: reported as one line plus the usage, exit code 2, no stack trace. */
export class ArenaUsageError extends Error {
  override readonly name = 'ArenaUsageError';
}

export const usage = `Usage: pnpm arena [options]

Trains the arena's experiments over several seeds and judges each claim with a paired effect, a 95% interval and a
stated decision rule; writes arena.json, arena.md and the SVG figures into the output folder.

  --quick              3 seeds and far fewer epochs: under-trained, every verdict only "indicative"
  --seeds N            seeds 1…N (default 10; 1–50); fewer than 10 makes every verdict "indicative"
  --experiments LIST   ${experimentNames.join(',')} (default: all)
  --setups LIST        the guide's setups to train: ${setupNames.join(',')}
  --activations LIST   activations for the guide's setups: ${arenaEntries.join(',')}
  --jobs N             worker threads (default: the number of cores, ${availableParallelism()} here); results are identical for any N
  --out DIR            where to write (default ./arena-out, relative to where you run the command)
  --from FILE          re-render the reports from an earlier arena.json, without training
  --write-docs         after a full default run (or with --from one), regenerate docs/arena/, the default-run section
                       of apps/playground/README.md and the claim-by-claim section of the root README.md
  -h, --help           this text`;

export interface ArenaOptions {
  readonly quick: boolean;
  readonly seeds: number | undefined;
  readonly experiments: readonly ExperimentName[] | undefined;
  readonly setups: readonly SetupName[] | undefined;
  readonly entries: readonly ArenaEntry[] | undefined;
  readonly jobs: number;
  readonly out: string;
  readonly from: string | undefined;
  readonly writeDocs: boolean;
}

export type ParsedArgs = { readonly help: true } | { readonly help: false; readonly options: ArenaOptions };

const optionConfig = {
  quick: { type: 'boolean' },
  seeds: { type: 'string' },
  experiments: { type: 'string' },
  setups: { type: 'string' },
  activations: { type: 'string' },
  jobs: { type: 'string' },
  out: { type: 'string' },
  from: { type: 'string' },
  'write-docs': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length]!;
}

function suggestion(flag: string): string {
  const name = flag.replace(/^-+/, '').split('=')[0]!;
  const best = Object.keys(optionConfig)
    .map((option) => ({ option, distance: editDistance(name, option) }))
    .sort((a, b) => a.distance - b.distance)[0]!;
  return best.distance <= 2 ? ` (did you mean --${best.option}?)` : '';
}

/** node:util's parseArgs errors, reworded as one line each. */
function reword(error: unknown): ArenaUsageError {
  const code = error instanceof Error && 'code' in error ? error.code : undefined;
  const message = error instanceof Error ? error.message : String(error);
  const quoted = /'([^']+)'/.exec(message)?.[1] ?? '';
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION')
    return new ArenaUsageError(`unknown option '${quoted}'${suggestion(quoted)}`);
  if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') {
    return new ArenaUsageError(`unexpected argument '${quoted}': every option starts with --`);
  }
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    return new ArenaUsageError(
      `option ${quoted.split(' ')[0]} ${message.includes('argument missing') ? 'needs a value' : 'takes no value'}`,
    );
  }
  return new ArenaUsageError(message);
}

function integerOption(flag: string, text: string | undefined, min: number, max: number): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isInteger(value) || value < min || value > max) {
    throw new ArenaUsageError(`${flag} must be an integer ${min}–${max}, got '${text}'`);
  }
  return value;
}

function listOption<T extends string>(flag: string, text: string | undefined, valid: readonly T[]): T[] | undefined {
  if (text === undefined) return undefined;
  const items = text.split(',').map((s) => s.trim());
  const bad = items.filter((s) => !(valid as readonly string[]).includes(s));
  if (bad.length > 0 || items.length === 0) {
    throw new ArenaUsageError(`${flag} has unknown ${bad.map((b) => `'${b}'`).join(', ')}; valid: ${valid.join(', ')}`);
  }
  return [...new Set(items)] as T[];
}

const parse = (args: string[]) => parseArgs({ args, options: optionConfig, strict: true }).values;

/** The flags that choose what to train (and so make no sense with --from, and a partial run with --write-docs). */
function trainingFlags(options: ArenaOptions): string[] {
  const flags: string[] = [];
  if (options.quick) flags.push('--quick');
  if (options.seeds !== undefined) flags.push('--seeds');
  if (options.experiments !== undefined) flags.push('--experiments');
  if (options.setups !== undefined) flags.push('--setups');
  if (options.entries !== undefined) flags.push('--activations');
  return flags;
}

export function parseArenaArgs(argv: readonly string[]): ParsedArgs {
  let values: ReturnType<typeof parse>;
  try {
    // pnpm passes a lone `--` through when called as `pnpm arena -- --quick`.
    values = parse(argv.filter((a) => a !== '--'));
  } catch (error) {
    throw reword(error);
  }
  if (values.help === true) return { help: true };
  const options: ArenaOptions = {
    quick: values.quick ?? false,
    seeds: integerOption('--seeds', values.seeds, 1, 50),
    experiments: listOption('--experiments', values.experiments, experimentNames),
    setups: listOption('--setups', values.setups, setupNames),
    entries: listOption('--activations', values.activations, arenaEntries),
    jobs: integerOption('--jobs', values.jobs, 1, 64) ?? availableParallelism(),
    out: values.out ?? 'arena-out',
    from: values.from,
    writeDocs: values['write-docs'] ?? false,
  };
  const flags = trainingFlags(options);
  if (options.from !== undefined && flags.length > 0) {
    throw new ArenaUsageError(`--from re-renders an earlier run and trains nothing; drop ${flags.join(', ')}`);
  }
  if (options.writeDocs && flags.length > 0) {
    throw new ArenaUsageError(`--write-docs regenerates the docs from the full default run; drop ${flags.join(', ')}`);
  }
  return { help: false, options };
}
