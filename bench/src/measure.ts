/**
 * actlab on its js backend, on its wasm backend with one thread and with two; TensorFlow.js's cpu and wasm
 * backends; onnxruntime-node (native, one thread); a hand-written plain-JS floor.
 */
export const contenderNames = ['js', 'wasm', 'wasm-2t', 'tfjs-cpu', 'tfjs-wasm', 'ort', 'js-loop'] as const;
export type ContenderName = (typeof contenderNames)[number];

/** The actlab contenders, and the kernel backend and thread count each runs on. */
export const actlabBackends = {
  js: { backend: 'js', threads: 1 },
  wasm: { backend: 'wasm', threads: 1 },
  'wasm-2t': { backend: 'wasm', threads: 2 },
} as const;
export type ActlabContender = keyof typeof actlabBackends;

/** One side of a comparison: `run` (or `runAsync`) is one unit of work (one kernel call, one training step). */
export interface Contender {
  readonly name: ContenderName;
  /** Called before each timed batch, e.g. to switch the tfjs backend or actlab's kernel backend. */
  readonly enter?: () => Promise<void>;
  readonly run: () => void;
  /** For contenders whose API is asynchronous (onnxruntime-node's session.run): awaited per call instead of run. */
  readonly runAsync?: () => Promise<void>;
}

/**
 * 'cpu': this process's CPU time (process.cpuUsage), which leaves out the time other processes hold the core;
 * on a shared, overloaded machine it tracks what wall time would be on an idle one far better than wall time.
 * 'wall': performance.now().
 */
export type Clock = 'cpu' | 'wall';

let clock: Clock = 'cpu';

export function setClock(value: Clock): void {
  clock = value;
}

export function getClock(): Clock {
  return clock;
}

/** Milliseconds on the selected clock, from an arbitrary origin. */
function now(): number {
  if (clock === 'wall') return performance.now();
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

export interface MeasureOptions {
  /** Each timed sample runs enough calls to last at least this long. */
  readonly sampleMs: number;
  readonly samples: number;
  readonly warmupMs: number;
}

export interface Measurement {
  /** Median over samples of the mean time per call, in milliseconds, on the selected clock. */
  readonly medianMs: number;
  readonly minMs: number;
  /** (max - min) / median over samples: a noise indicator for this machine. */
  readonly spread: number;
  readonly callsPerSample: number;
  readonly samples: readonly number[];
  /** The same samples' wall time (equal to `samples` when the clock is 'wall'). */
  readonly wallSamples: readonly number[];
}

export type MeasureResult =
  | { readonly ok: true; readonly value: Measurement }
  | { readonly ok: false; readonly error: string };

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message.split('\n')[0]! : String(error);
}

/**
 * Times contenders against each other with their samples interleaved (round-robin, rotating the start), so
 * that load from other processes on this shared machine lands on every contender alike and the ratios of
 * one run stay meaningful even when absolute times drift.
 */
export async function measureInterleaved(
  contenders: readonly Contender[],
  options: MeasureOptions,
): Promise<Map<ContenderName, MeasureResult>> {
  // No forced GC between samples (node --expose-gc): it was seen to throw away V8's warm state and slow tfjs's
  // small ops several-fold on the next sample.
  const results = new Map<ContenderName, MeasureResult>();
  const calls = new Map<ContenderName, number>();
  const samples = new Map<ContenderName, number[]>();
  const wallSamples = new Map<ContenderName, number[]>();
  for (const contender of contenders) {
    try {
      await contender.enter?.();
      // Warm-up doubles as calibration: the mean call time over the warm-up sizes each sample.
      let count = 0;
      const start = performance.now();
      let elapsed = 0;
      // Warm-up matters for tfjs: its small-op path needs hundreds of ms of calls before V8 has optimised it.
      while (count < 1 || elapsed < options.warmupMs) {
        if (contender.runAsync) await contender.runAsync();
        else contender.run();
        count++;
        elapsed = performance.now() - start;
      }
      const perCall = elapsed / count;
      calls.set(contender.name, Math.max(1, Math.ceil(options.sampleMs / Math.max(perCall, 1e-6))));
      samples.set(contender.name, []);
      wallSamples.set(contender.name, []);
    } catch (error) {
      results.set(contender.name, { ok: false, error: errorText(error) });
    }
  }
  const live = contenders.filter((contender) => calls.has(contender.name));
  for (let round = 0; round < options.samples; round++) {
    for (let j = 0; j < live.length; j++) {
      const contender = live[(round + j) % live.length]!;
      if (results.has(contender.name)) continue;
      try {
        await contender.enter?.();
        const n = calls.get(contender.name)!;
        const wallStart = performance.now();
        const start = now();
        if (contender.runAsync) for (let i = 0; i < n; i++) await contender.runAsync();
        else for (let i = 0; i < n; i++) contender.run();
        samples.get(contender.name)!.push((now() - start) / n);
        wallSamples.get(contender.name)!.push((performance.now() - wallStart) / n);
      } catch (error) {
        results.set(contender.name, { ok: false, error: errorText(error) });
      }
    }
  }
  for (const contender of live) {
    if (results.has(contender.name)) continue;
    const times = samples.get(contender.name)!;
    const mid = median(times);
    results.set(contender.name, {
      ok: true,
      value: {
        medianMs: mid,
        minMs: Math.min(...times),
        spread: (Math.max(...times) - Math.min(...times)) / mid,
        callsPerSample: calls.get(contender.name)!,
        samples: times,
        wallSamples: wallSamples.get(contender.name)!,
      },
    });
  }
  return results;
}

/** Median milliseconds per call of `run` on the selected clock (samples sized like measureInterleaved's). */
export function timeCalls(run: () => void, options: MeasureOptions): number {
  let count = 0;
  const start = performance.now();
  while (count < 1 || performance.now() - start < options.warmupMs) {
    run();
    count++;
  }
  const calls = Math.max(1, Math.ceil(options.sampleMs / Math.max((performance.now() - start) / count, 1e-6)));
  const samples: number[] = [];
  for (let s = 0; s < options.samples; s++) {
    const t0 = now();
    for (let i = 0; i < calls; i++) run();
    samples.push((now() - t0) / calls);
  }
  return median(samples);
}
