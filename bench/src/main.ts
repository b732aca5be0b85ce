import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadAutograd, loadKernels, loadLayers } from './actlab-api.js';
import { type BenchOptions, parseArgs, usage } from './cli.js';
import { setClock } from './measure.js';
import { ortDescription } from './ort-backend.js';
import { formatTable, mergeRuns, type Row, ratio, ratioColumns, tableLegend } from './report.js';
import { runActivations } from './sections/activations.js';
import type { SectionContext } from './sections/common.js';
import { runDispatch } from './sections/dispatch.js';
import { runGemm } from './sections/gemm.js';
import { runMemory } from './sections/memory.js';
import { runSplit } from './sections/split.js';
import { runTrain } from './sections/train.js';
import { evaluateTargets, formatTargets, type TargetResult } from './targets.js';
import { tfjsDescription } from './tfjs-backends.js';

function loadAverage(): string {
  return os
    .loadavg()
    .map((value) => value.toFixed(2))
    .join(' ');
}

async function run(options: BenchOptions): Promise<void> {
  setClock(options.clock);
  const startedAt = new Date();
  const loadAtStart = loadAverage();
  const context: SectionContext = {
    quick: options.quick,
    progress: (line) => process.stderr.write(`  measuring ${line}\n`),
  };
  const [kernels, autograd, layers] = await Promise.all([loadKernels(), loadAutograd(), loadLayers()]);
  const environment = [
    `node ${process.version}`,
    `${os.cpus()[0]?.model ?? 'unknown cpu'} x${os.cpus().length}`,
    await tfjsDescription(),
    await ortDescription(),
    options.clock === 'cpu' ? 'clock: process CPU time' : 'clock: wall time',
  ].join(', ');
  process.stderr.write(`actlab bench${options.quick ? ' (quick)' : ''}: ${environment}\n`);

  const runs: Row[][] = [];
  const memory: string[] = [];
  const split: string[] = [];
  for (let run = 0; run < options.repeat; run++) {
    if (options.repeat > 1) process.stderr.write(`run ${run + 1} of ${options.repeat}\n`);
    const rows: Row[] = [];
    for (const section of options.sections) {
      if (section === 'activations') rows.push(...(await runActivations(context, kernels, autograd)));
      if (section === 'gemm') rows.push(...(await runGemm(context, kernels)));
      if (section === 'dispatch') rows.push(...(await runDispatch(context, kernels, autograd)));
      if (section === 'train') rows.push(...(await runTrain(context, kernels, layers, autograd)));
      if (section === 'memory') memory.push(...(await runMemory(context, kernels)));
      if (section === 'split') split.push(...(await runSplit(context)));
    }
    runs.push(rows);
  }
  const rows = mergeRuns(runs);
  const relevant = (target: TargetResult) => options.sections.includes(target.section);
  const targets = evaluateTargets(rows).filter(relevant);
  if (runs.length > 1) {
    const perRun = runs.map((run) => evaluateTargets(run).filter(relevant));
    targets.forEach((target, i) => {
      target.runs = perRun.map((results) => ({ measured: results[i]!.measured, status: results[i]!.status }));
    });
  }
  const loadAtEnd = loadAverage();

  console.log(`\nactlab bench, ${startedAt.toISOString()}: ${environment}`);
  console.log(`load average ${loadAtStart} at start, ${loadAtEnd} at end (2 cores shared: compare ratios, not times)`);
  console.log(tableLegend);
  if (runs.length > 1) console.log(`Each value is the median over ${runs.length} runs; noise is the worst run's.`);
  console.log('');
  if (rows.length > 0) console.log(formatTable(rows));
  if (split.length > 0)
    console.log(`\nWhere x.relu()'s time goes on wasm (allocation, copies, compute):\n${split.join('\n')}`);
  if (memory.length > 0) console.log(`\nMemory (784-256-256-10 training):\n${memory.join('\n')}`);
  console.log('\nTargets (issues 2, 4 and 9; reported, never asserted):');
  console.log(formatTargets(targets));

  if (options.jsonPath) {
    const file = path.resolve(process.env.INIT_CWD ?? process.cwd(), options.jsonPath);
    mkdirSync(path.dirname(file), { recursive: true });
    const json = {
      startedAt: startedAt.toISOString(),
      quick: options.quick,
      clock: options.clock,
      repeat: options.repeat,
      environment,
      loadAverage: { start: loadAtStart, end: loadAtEnd },
      rows: rows.map((row) => ({
        ...row,
        ratios: Object.fromEntries(
          ratioColumns.map(([mine, other]) => [`${mine}/${other}`, ratio(row, mine, other) ?? null]),
        ),
      })),
      targets,
      memory,
      split,
    };
    writeFileSync(file, `${JSON.stringify(json, null, 2)}\n`);
    console.log(`\nwrote ${file}`);
  }
}

let parsed: BenchOptions | 'help';
try {
  parsed = parseArgs(process.argv.slice(2));
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(2);
}
if (parsed === 'help') {
  console.log(usage);
} else {
  await run(parsed);
}
