import { describe, expect, it } from 'vitest';
import { generateDataset } from '../data/datasets';
import { computeFeatures } from '../data/features';
import { createRng } from '../data/rng';
import { createLayersModel, LayersModel } from './layers-model';
import type { HiddenLayerSpec, NetworkSpec, TrainOptions } from './network-spec';

const adam: TrainOptions = { optimizer: 'adam', learningRate: 0.03, batchSize: 16, l1: 0, l2: 0 };

function xorData() {
  const data = generateDataset('xor', { n: 200, noise: 0 }, createRng(4));
  return { x: computeFeatures(data.points, data.n, ['x1', 'x2']), y: data.labels, n: data.n };
}

function net(hidden: HiddenLayerSpec[], output: NetworkSpec['output'] = { task: 'classification' }): NetworkSpec {
  return { inputs: 2, hidden, output };
}

describe('the playground model on @actlab/layers', () => {
  it('fits XOR with tanh; without a non-linearity it cannot', () => {
    const { x, y, n } = xorData();
    const tanh = createLayersModel(net([{ kind: 'activation', units: 8, activation: 'tanh' }]), adam, 1);
    const linear = createLayersModel(net([{ kind: 'activation', units: 8, activation: 'identity' }]), adam, 1);
    for (let e = 0; e < 60; e++) {
      tanh.trainEpoch(x, y, n);
      linear.trainEpoch(x, y, n);
    }
    expect(tanh.evaluate(x, y, n).accuracy).toBeGreaterThan(0.95);
    expect(linear.evaluate(x, y, n).accuracy).toBeLessThan(0.75);
  });

  it('trains Maxout and RBF layers and every optimiser lowers the loss', () => {
    const { x, y, n } = xorData();
    for (const hidden of [
      [{ kind: 'maxout', units: 6, poolSize: 2 }],
      [{ kind: 'rbf', units: 8, gamma: 0.5 }],
    ] satisfies HiddenLayerSpec[][]) {
      for (const optimizer of ['sgd', 'momentum', 'adam'] as const) {
        const model = createLayersModel(
          net(hidden),
          { ...adam, optimizer, learningRate: optimizer === 'adam' ? 0.03 : 0.1 },
          2,
        );
        const before = model.evaluate(x, y, n).loss;
        for (let e = 0; e < 15; e++) model.trainEpoch(x, y, n);
        expect(model.evaluate(x, y, n).loss).toBeLessThan(before);
      }
    }
  });

  it('is deterministic: the same seed gives bit-identical losses', () => {
    const { x, y, n } = xorData();
    const run = (seed: number) => {
      const model = createLayersModel(net([{ kind: 'activation', units: 5, activation: 'swish' }]), adam, seed);
      return Array.from({ length: 5 }, () => model.trainEpoch(x, y, n));
    };
    expect(run(3)).toEqual(run(3));
    expect(run(3)).not.toEqual(run(4));
  });

  it('traces outputs and gains: ReLU gains are 0 or 1, tanh gains are 1 − h², Maxout 1, RBF its output', () => {
    const { x, n } = xorData();
    const model = createLayersModel(
      net([
        { kind: 'activation', units: 4, activation: 'relu' },
        { kind: 'activation', units: 3, activation: 'tanh' },
        { kind: 'maxout', units: 2, poolSize: 2 },
        { kind: 'rbf', units: 2, gamma: 1 },
      ]),
      adam,
      5,
    );
    const [relu, tanh, maxout, rbf] = model.trace(x, n);
    expect(relu.h.length).toBe(n * 4);
    for (const [i, g] of relu.gain.entries()) expect(g).toBe(relu.h[i] > 0 ? 1 : 0);
    for (const [i, g] of tanh.gain.entries()) expect(g).toBeCloseTo(1 - tanh.h[i] ** 2, 5);
    expect(maxout.gain.every((g) => g === 1)).toBe(true);
    expect(Array.from(rbf.gain)).toEqual(Array.from(rbf.h));
  });

  it('predicts probabilities for classification and values for regression', () => {
    const { x, n } = xorData();
    const cls = createLayersModel(net([{ kind: 'activation', units: 3, activation: 'gelu' }]), adam, 1);
    for (const p of cls.predict(x, n)) expect(p >= 0 && p <= 1).toBe(true);
    const reg = createLayersModel(net([], { task: 'regression' }), adam, 1);
    const values = reg.predict(x, n);
    expect(values.length).toBe(n);
    expect(Number.isNaN(reg.evaluate(x, values, n).accuracy)).toBe(true);
    expect(reg.evaluate(x, values, n).loss).toBe(0);
  });

  it('handles several classes with cross-entropy', () => {
    const x = new Float32Array([0, 0, 1, 0, 0, 1, 1, 1]);
    const y = new Float32Array([0, 1, 2, 1]);
    const model = createLayersModel(
      net([{ kind: 'activation', units: 8, activation: 'relu' }], { task: 'multiclass', classes: 3 }),
      adam,
      1,
    );
    for (let e = 0; e < 200; e++) model.trainEpoch(x, y, 4);
    expect(model.evaluate(x, y, 4).accuracy).toBe(1);
    const p = model.predict(x, 4);
    expect(p.length).toBe(12);
    expect(p[0] + p[1] + p[2]).toBeCloseTo(1, 5);
  });

  it('L2 shrinks the weights and L1 drives some to zero faster than no penalty', () => {
    const { x, y, n } = xorData();
    const norm = (l1: number, l2: number) => {
      const model = new LayersModel(
        net([{ kind: 'activation', units: 8, activation: 'tanh' }]),
        { ...adam, l1, l2 },
        1,
      );
      for (let e = 0; e < 20; e++) model.trainEpoch(x, y, n);
      return model.network
        .parameters()
        .reduce((a, p) => a + Array.from(p.data).reduce((s, v) => s + Math.abs(v), 0), 0);
    };
    const plain = norm(0, 0);
    expect(norm(0, 0.1)).toBeLessThan(plain);
    expect(norm(0.01, 0)).toBeLessThan(plain);
  });
});
