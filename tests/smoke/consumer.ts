// Type-checked by the smoke test under moduleResolution node16 and bundler: the published types must resolve.

import { noGrad, type Tensor, tensor } from '@actlab/autograd';
import { type ActivationName, activationNames, gemm, Random } from '@actlab/kernels';
import { Adam, bceWithLogitsLoss, Linear, loadSafetensors, Sequential, saveSafetensors, Tanh } from '@actlab/layers';

const name: ActivationName = activationNames[0] ?? 'relu';
const rng = new Random(1);
const c = new Float32Array(1);
gemm(false, false, 1, 1, 1, 1, new Float32Array([2]), 1, new Float32Array([3]), 1, 0, c, 1);
const model = new Sequential(new Linear(2, 4), new Tanh(), new Linear(4, 1));
const x: Tensor = tensor([[rng.uniform(), 1]]);
const opt = new Adam(model.parameters(), { lr: 0.01 });
opt.zeroGrad();
bceWithLogitsLoss(model.forward(x), tensor([[1]])).backward();
opt.step();
const restored: Record<string, Tensor> = loadSafetensors(saveSafetensors(model));
export const out: number = noGrad(() => model.forward(x)).item() + Object.keys(restored).length + name.length;
