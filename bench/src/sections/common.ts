import type { Contender, MeasureOptions } from '../measure.js';
import { errorText } from '../measure.js';
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
