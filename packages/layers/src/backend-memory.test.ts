/**
 * Training keeps memory flat on the active kernel backend (issue 9; the suite runs once per backend): over 100,000
 * steps of a network whose products take the wasm gemm, the WebAssembly memory does not grow by a byte after the
 * first steps and the JS heap holds nothing per step. Bytes, not time: the speed is `pnpm bench`'s.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Tensor } from '@actlab/autograd';
import { getBackend, Random, setNumThreads, wasmMemoryBytes } from '@actlab/kernels';
import { expect, test } from 'vitest';
import { ReLU } from './activation-modules';
import { Linear } from './linear';
import { crossEntropyLoss } from './losses';
import { Sequential } from './module';
import { SGD } from './optim';

test(`100,000 training steps on the ${getBackend().name} backend: WebAssembly memory and JS heap stay flat`, () => {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  setNumThreads(1);
  const g = new Random(3);
  // 8-32-32-4, batch 16: its two larger products (16·8·32 and 16·32·32 multiply-adds) take the wasm gemm.
  const model = new Sequential(
    new Linear(8, 32, { generator: g }),
    new ReLU(),
    new Linear(32, 32, { generator: g }),
    new ReLU(),
    new Linear(32, 4, { generator: g }),
  );
  const x = new Tensor(g.fillUniform(new Float32Array(16 * 8), -1, 1), [16, 8]);
  const labels = Int32Array.from({ length: 16 }, (_, i) => i % 4);
  const optimizer = new SGD(model.parameters(), { lr: 0.05 });
  const step = () => {
    optimizer.zeroGrad();
    const loss = crossEntropyLoss(model.forward(x), labels);
    loss.backward();
    optimizer.step();
    return loss.item();
  };
  const first = step();
  for (let i = 0; i < 1000; i++) step();
  gc();
  const heapBefore = process.memoryUsage().heapUsed;
  const wasmBefore = wasmMemoryBytes();
  // On the wasm backend the products did run in WebAssembly memory (on js it is never loaded: 0 throughout).
  expect(wasmBefore > 0).toBe(getBackend().name === 'wasm');
  let last = first;
  for (let i = 0; i < 100_000; i++) last = step();
  gc();
  expect(wasmMemoryBytes()).toBe(wasmBefore);
  // A retained graph would keep over a kilobyte per step (100 MB here).
  expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(2_000_000);
  // And it trained: the loss of this fixed batch fell.
  expect(last).toBeLessThan(first * 0.5);
}, 600_000);
