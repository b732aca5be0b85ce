import {
  getDefaultGenerator as autogradDefaultGenerator,
  manualSeed as autogradManualSeed,
  randn,
  tensor,
} from '@actlab/autograd';
import { expect, test } from 'vitest';
import { DataLoader, TensorDataset } from './data';
import { Dropout } from './dropout';
import { getDefaultGenerator, manualSeed } from './init';
import { Linear } from './linear';

/** One default generator for the whole process, as PyTorch's torch.default_generator. */
const weightsOf = (lin: Linear) => Array.from(lin.weight.data);

test("layers' default generator is autograd's, whichever package's manualSeed set it", () => {
  manualSeed(4);
  expect(getDefaultGenerator()).toBe(autogradDefaultGenerator());
  autogradManualSeed(4);
  expect(getDefaultGenerator()).toBe(autogradDefaultGenerator());
  expect(manualSeed(4)).toBe(autogradDefaultGenerator());
});

test("autograd's manualSeed makes default initialisation, Dropout and shuffling reproducible", () => {
  const run = () => {
    const lin = new Linear(3, 4);
    const dropped = Array.from(new Dropout(0.5).forward(tensor(new Float32Array(32).fill(1), { shape: [32] })).data);
    const loader = new DataLoader(new TensorDataset(tensor([0, 1, 2, 3, 4, 5, 6, 7])), { batchSize: 8, shuffle: true });
    const order = Array.from([...loader][0]![0].data);
    return { weights: weightsOf(lin), dropped, order };
  };
  autogradManualSeed(21);
  const a = run();
  autogradManualSeed(21);
  expect(run()).toEqual(a);
  autogradManualSeed(22);
  expect(run().weights).not.toEqual(a.weights);
});

test('randn and default initialisation share one stream', () => {
  manualSeed(9);
  const alone = weightsOf(new Linear(3, 4));
  manualSeed(9);
  randn([2]);
  expect(weightsOf(new Linear(3, 4))).not.toEqual(alone);
});
