import { type Tensor, tensor } from '@actlab/autograd';
import { Linear, loadSafetensorsWithMetadata, Sequential, Tanh } from '@actlab/layers';
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

  it('traces what each curve is drawn against: z = Wx + b, RBF distances, Maxout outputs', () => {
    const { x, n } = xorData();
    const model = createLayersModel(
      net([
        { kind: 'activation', units: 3, activation: 'tanh' },
        { kind: 'rbf', units: 2, gamma: 0.5 },
        { kind: 'maxout', units: 2, poolSize: 2 },
      ]),
      adam,
      5,
    );
    const [tanh, rbf, maxout] = model.trace(x, n);
    for (const [i, z] of tanh.z.entries()) expect(tanh.h[i]).toBeCloseTo(Math.tanh(z), 5);
    for (const [i, r] of rbf.z.entries()) expect(rbf.h[i]).toBeCloseTo(Math.exp(-0.5 * r * r), 5);
    expect(Array.from(maxout.z)).toEqual(Array.from(maxout.h));
  });

  it('initialisations: PyTorch default is a plain Linear; Xavier, Kaiming and small uniform have their bounds', () => {
    const spec = (init: NetworkSpec['init']): NetworkSpec => ({
      inputs: 2,
      hidden: [
        { kind: 'activation', units: 16, activation: 'relu' },
        { kind: 'activation', units: 16, activation: 'tanh' },
      ],
      output: { task: 'classification' },
      init,
    });
    const weights = (init: NetworkSpec['init']) => new LayersModel(spec(init), adam, 3).weights().map((l) => l.w);
    const maxAbs = (w: Float32Array) => w.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
    // 'pytorch' and no init at all are the same draws.
    expect(weights('pytorch')).toEqual(weights(undefined));
    const [w0, w1, w2] = weights('pytorch');
    expect(maxAbs(w0)).toBeLessThanOrEqual(1 / Math.sqrt(2));
    expect(maxAbs(w1)).toBeLessThanOrEqual(1 / 4);
    expect(maxAbs(w2)).toBeLessThanOrEqual(1 / 4);
    // Xavier: gain·√(6/(in+out)); relu gain √2, tanh 5/3, output 1.
    const [x0, x1, x2] = weights('xavier');
    expect(maxAbs(x0)).toBeLessThanOrEqual(Math.SQRT2 * Math.sqrt(6 / 18));
    expect(maxAbs(x0)).toBeGreaterThan(0.8 * Math.SQRT2 * Math.sqrt(6 / 18));
    expect(maxAbs(x1)).toBeGreaterThan(0.8 * (5 / 3) * Math.sqrt(6 / 32));
    expect(maxAbs(x2)).toBeLessThanOrEqual(Math.sqrt(6 / 17));
    // Kaiming: gain·√(3/fanIn).
    const [k0, k1] = weights('kaiming');
    expect(maxAbs(k0)).toBeLessThanOrEqual(Math.SQRT2 * Math.sqrt(3 / 2));
    expect(maxAbs(k0)).toBeGreaterThan(0.7 * Math.SQRT2 * Math.sqrt(3 / 2));
    expect(maxAbs(k1)).toBeGreaterThan(0.8 * (5 / 3) * Math.sqrt(3 / 16));
    for (const w of weights('small')) expect(maxAbs(w)).toBeLessThanOrEqual(0.01);
    // Biases start at 0 except with PyTorch's default.
    const biases = (init: NetworkSpec['init']) =>
      new LayersModel(spec(init), adam, 3).network.namedParameters().filter(([k]) => k.endsWith('bias'));
    expect(biases('kaiming').every(([, b]) => b.data.every((v) => v === 0))).toBe(true);
    expect(biases('pytorch').some(([, b]) => b.data.some((v) => v !== 0))).toBe(true);
  });

  it('setOptions changes the learning rate and optimiser for the next epochs and keeps the weights', () => {
    const { x, y, n } = xorData();
    const a = new LayersModel(net([{ kind: 'activation', units: 4, activation: 'tanh' }]), adam, 2);
    const b = new LayersModel(net([{ kind: 'activation', units: 4, activation: 'tanh' }]), adam, 2);
    for (let e = 0; e < 3; e++) {
      a.trainEpoch(x, y, n);
      b.trainEpoch(x, y, n);
    }
    const before = a.saveParameters();
    a.setOptions({ ...adam, learningRate: 0.001 });
    expect(a.saveParameters()).toEqual(before);
    a.trainEpoch(x, y, n);
    b.trainEpoch(x, y, n);
    // A smaller step moved the weights less than the unchanged model's.
    const moved = (m: LayersModel) =>
      m.saveParameters().reduce((s, p, i) => s + p.reduce((t, v, j) => t + Math.abs(v - before[i][j]), 0), 0);
    expect(moved(a)).toBeLessThan(moved(b) / 5);
    a.setOptions({ ...adam, optimizer: 'sgd', learningRate: 0.1, batchSize: 200 });
    expect(a.options.optimizer).toBe('sgd');
    const w = a.saveParameters();
    a.trainEpoch(x, y, n);
    expect(a.saveParameters()).not.toEqual(w);
  });

  it('saveParameters/restoreParameters bring a model back exactly; gradient norms are finite and per layer', () => {
    const { x, y, n } = xorData();
    const model = new LayersModel(
      net([
        { kind: 'activation', units: 4, activation: 'sigmoid' },
        { kind: 'rbf', units: 3, gamma: 0.5 },
      ]),
      adam,
      2,
    );
    expect(Array.from(model.gradientNorms()).every(Number.isNaN)).toBe(true);
    const saved = model.saveParameters();
    const loss = model.evaluate(x, y, n).loss;
    model.trainEpoch(x, y, n);
    const norms = model.gradientNorms();
    expect(norms).toHaveLength(3);
    for (const g of norms) expect(g).toBeGreaterThan(0);
    model.restoreParameters(saved);
    expect(model.evaluate(x, y, n).loss).toBe(loss);
    expect(() => model.restoreParameters(saved.slice(1))).toThrow(/4 arrays saved, the model has 5/);
  });

  it('exports safetensors with PyTorch keys that load into the same Sequential and predict the same', () => {
    const { x, n } = xorData();
    const model = new LayersModel(net([{ kind: 'activation', units: 4, activation: 'tanh' }]), adam, 2);
    const { tensors, metadata } = loadSafetensorsWithMetadata(model.exportModel('safetensors', { note: 'hi' }));
    expect(Object.keys(tensors).sort()).toEqual(['0.bias', '0.weight', '2.bias', '2.weight']);
    expect(metadata.note).toBe('hi');
    const copy = new Sequential(new Linear(2, 4), new Tanh(), new Linear(4, 1));
    copy.loadStateDict(tensors);
    const logits = copy.forward(tensor(x, { shape: [n, 2] })) as Tensor;
    const p = model.predict(x, n);
    for (let i = 0; i < n; i++) expect(1 / (1 + Math.exp(-logits.data[i]))).toBeCloseTo(p[i], 6);
    const onnx = model.exportModel('onnx', {});
    expect(onnx.length).toBeGreaterThan(100);
  });
});
