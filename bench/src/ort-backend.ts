/**
 * onnxruntime-node (native CPU kernels, MLAS) as a contender: one session per model, one intra-op thread,
 * sequential execution, full graph optimisation. Its install script (CUDA downloads) is never run: the CPU binaries
 * ship in the npm package (TOOLING.md).
 */
import type { InferenceSession, Tensor } from 'onnxruntime-node';
import type { Contender } from './measure.js';
import { errorText } from './measure.js';

type Ort = typeof import('onnxruntime-node');

let loaded: Promise<Ort | string> | undefined;

function loadOrt(): Promise<Ort | string> {
  loaded ??= import('onnxruntime-node').then(
    (module) => module,
    (error: unknown) => `onnxruntime-node is not importable: ${errorText(error)}`,
  );
  return loaded;
}

export async function ortDescription(): Promise<string> {
  const ort = await loadOrt();
  return typeof ort === 'string'
    ? 'onnxruntime-node missing'
    : `onnxruntime-node ${ort.env.versions.node ?? '?'} (1 thread)`;
}

export interface OrtFeed {
  readonly data: Float32Array;
  readonly shape: readonly number[];
}

/**
 * A contender running `model` on `feeds` once per call (session.run is asynchronous: the harness awaits it), or
 * null with a note when onnxruntime-node cannot run it. Outputs are read (`.data`), as a caller would.
 */
export async function ortContender(
  model: Uint8Array,
  feeds: Readonly<Record<string, OrtFeed>>,
  notes: string[],
): Promise<{ contender: Contender; session: InferenceSession } | null> {
  const ort = await loadOrt();
  if (typeof ort === 'string') {
    notes.push(ort);
    return null;
  }
  try {
    const session = await ort.InferenceSession.create(model, {
      intraOpNumThreads: 1,
      interOpNumThreads: 1,
      executionMode: 'sequential',
      graphOptimizationLevel: 'all',
      // Its thread pools spin while idle by default, which would bill CPU time to nothing on this shared machine.
      extra: { session: { intra_op: { allow_spinning: '0' }, inter_op: { allow_spinning: '0' } } },
    });
    const inputs: Record<string, Tensor> = {};
    for (const [name, feed] of Object.entries(feeds)) inputs[name] = new ort.Tensor('float32', feed.data, feed.shape);
    const runAsync = async () => {
      const outputs = await session.run(inputs);
      for (const output of Object.values(outputs)) void output.data;
    };
    await runAsync();
    return { contender: { name: 'ort', run: () => undefined, runAsync }, session };
  } catch (error) {
    notes.push(`ort failed: ${errorText(error)}`);
    return null;
  }
}
