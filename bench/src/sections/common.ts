import type { KernelsApi, Loaded } from '../actlab-api.js';
import type { ActlabContender, Contender, MeasureOptions } from '../measure.js';
import { actlabBackends, errorText } from '../measure.js';
import { type TfjsBackend, tf, useBackend } from '../tfjs-backends.js';

export interface SectionContext {
  readonly quick: boolean;
  /** Progress lines go to stderr so stdout stays the table. */
  readonly progress: (line: string) => void;
}

export function measureOptions(quick: boolean, full: MeasureOptions, quickOptions: MeasureOptions): MeasureOptions {
  return quick ? quickOptions : full;
}

/** One tfjs case on one backend: `run` is a unit of work that leaves no tensor behind. */
export interface TfjsCase {
  readonly run: () => void;
  readonly dispose: () => void;
  /** The case's result, read once to check that tfjs and actlab compute the same thing. */
  readonly values?: () => Float32Array;
}

export interface TfjsContenders {
  readonly contenders: Contender[];
  readonly cases: ReadonlyMap<TfjsBackend, TfjsCase>;
  /** Disposes every case and reports tensors the bench itself leaked (a bench bug, not a tfjs one). */
  readonly dispose: () => void;
}

export const tfjsBackends: readonly TfjsBackend[] = ['cpu', 'wasm'];

/**
 * Builds a case on each tfjs backend (inputs must live on the backend that runs them), as contenders that
 * switch to their backend before every timed batch.
 */
export async function tfjsContenders(
  make: (backend: TfjsBackend) => TfjsCase,
  notes: string[],
  backends: readonly TfjsBackend[] = tfjsBackends,
): Promise<TfjsContenders> {
  const contenders: Contender[] = [];
  const cases = new Map<TfjsBackend, TfjsCase>();
  const before = tf.memory().numTensors;
  for (const backend of backends) {
    try {
      await useBackend(backend);
      const tfCase = make(backend);
      cases.set(backend, tfCase);
      contenders.push({ name: `tfjs-${backend}`, enter: () => useBackend(backend), run: tfCase.run });
    } catch (error) {
      notes.push(`tfjs-${backend} setup failed: ${errorText(error)}`);
    }
  }
  return {
    contenders,
    cases,
    dispose: () => {
      for (const tfCase of cases.values()) tfCase.dispose();
      const leaked = tf.memory().numTensors - before;
      if (leaked !== 0) notes.push(`bench leaked ${leaked} tfjs tensors in this case`);
    },
  };
}

/**
 * The actlab contenders of a row: each switches actlab's kernel backend and thread count before its timed batches
 * (`make(name)` builds that contender's unit of work, or returns null to leave it out). Without a backend switch
 * in the build, only 'js' runs.
 */
export async function actlabContenders(
  kernels: Loaded<KernelsApi>,
  which: readonly ActlabContender[],
  make: (name: ActlabContender) => (() => void) | null,
  notes: string[],
): Promise<Contender[]> {
  const contenders: Contender[] = [];
  if (!kernels.ok) {
    notes.push(`actlab skipped: ${kernels.reason}`);
    return contenders;
  }
  const { use } = kernels.api;
  for (const name of which) {
    const { backend, threads } = actlabBackends[name];
    if (use === null && name !== 'js') continue;
    try {
      const enter = use === null ? undefined : () => use(backend, threads);
      await enter?.();
      const run = make(name);
      if (run !== null) contenders.push(enter === undefined ? { name, run } : { name, enter, run });
    } catch (error) {
      notes.push(`${name} setup failed: ${errorText(error)}`);
    }
  }
  if (use === null) notes.push('this @actlab/kernels build has no setBackend/setNumThreads: js only');
  return contenders;
}
