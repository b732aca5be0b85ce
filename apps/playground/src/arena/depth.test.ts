import { describe, expect, it } from 'vitest';
import { trainDepth } from './depth';
import { trainGelu } from './gelu';
import { buildMlp, gradientNorms } from './models';
import { makePlan } from './plan';
import { setupNamed } from './setups';
import { computeGradients } from './train-loop';

const spiral = () => {
  const { train, test } = setupNamed('spiral').load(1);
  return { train, test, classes: 2 };
};

describe('initialisation of the arena’s own networks', () => {
  it('default is PyTorch’s U(±1/√fan-in); the scheme is Xavier for tanh (gain 5/3), Kaiming for ReLU, zero biases', () => {
    const bound = (fanIn: number, fanOut: number, gain: number) => gain * Math.sqrt(6 / (fanIn + fanOut));
    const absMax = (a: ArrayLike<number>) => Math.max(...Array.from(a, Math.abs));
    const def = buildMlp({ inputs: 20, outputs: 3, hidden: [40, 40], kind: 'tanh' }, 1);
    expect(absMax(def.weights[1]!.data)).toBeLessThanOrEqual(1 / Math.sqrt(40));
    expect(absMax(def.weights[1]!.data)).toBeGreaterThan(0.9 / Math.sqrt(40));
    const xavier = buildMlp({ inputs: 20, outputs: 3, hidden: [40, 40], kind: 'tanh', init: 'scheme' }, 1);
    expect(absMax(xavier.weights[1]!.data)).toBeLessThanOrEqual(bound(40, 40, 5 / 3));
    expect(absMax(xavier.weights[1]!.data)).toBeGreaterThan(0.9 * bound(40, 40, 5 / 3));
    const kaiming = buildMlp({ inputs: 20, outputs: 3, hidden: [40, 40], kind: 'relu', init: 'scheme' }, 1);
    expect(absMax(kaiming.weights[1]!.data)).toBeLessThanOrEqual(Math.sqrt(2) * Math.sqrt(3 / 40));
    expect(absMax(kaiming.weights[1]!.data)).toBeGreaterThan(0.9 * Math.sqrt(2) * Math.sqrt(3 / 40));
    const biases = kaiming.network.parameters().filter((p) => p.shape.length === 1);
    expect(biases.every((b) => b.data.every((v) => v === 0))).toBe(true);
    // The same seed builds the same network.
    expect(buildMlp({ inputs: 20, outputs: 3, hidden: [40], kind: 'relu' }, 5).weights[0]!.toArray()).toEqual(
      buildMlp({ inputs: 20, outputs: 3, hidden: [40], kind: 'relu' }, 5).weights[0]!.toArray(),
    );
  });

  it("the GELU paper's unit-norm rows", () => {
    const { weights } = buildMlp({ inputs: 64, outputs: 10, hidden: [128], kind: 'gelu', init: 'unit-rows' }, 2);
    const w = weights[0]!.data;
    for (const row of [0, 77, 127]) {
      let norm = 0;
      for (let c = 0; c < 64; c++) norm += w[row * 64 + c]! ** 2;
      expect(Math.sqrt(norm)).toBeCloseTo(1, 5);
    }
  });
});

describe('depth at a small size', () => {
  it('with the default init, a deep sigmoid network’s gradient vanishes towards the input; Xavier tanh keeps it', () => {
    const data = spiral();
    const ratio = (kind: 'sigmoid' | 'tanh', init: 'default' | 'scheme') => {
      const { network, weights } = buildMlp({ inputs: 2, outputs: 1, hidden: Array(6).fill(16), kind, init }, 3);
      computeGradients(network, data.train, 2, 200);
      const norms = gradientNorms(weights);
      expect(norms).toHaveLength(7);
      return norms.at(-1)! / norms[0]!;
    };
    expect(ratio('sigmoid', 'default')).toBeGreaterThan(1e3);
    expect(ratio('tanh', 'scheme')).toBeLessThan(10);
    expect(ratio('tanh', 'scheme')).toBeGreaterThan(0.1);
  }, 30_000);

  it('trains, records gradient norms before and after, and a test-accuracy curve', () => {
    const config = { ...makePlan().depth.spiral, epochs: 30 };
    const r = trainDepth('spiral', spiral(), 'relu', 'scheme', 2, 1, config);
    expect(r.accuracyCurve).toHaveLength(31);
    expect(r.initialGradientNorms).toHaveLength(3);
    expect(r.finalGradientNorms).toHaveLength(3);
    expect(r.finalGradientNorms).not.toEqual(r.initialGradientNorms);
    // Two ReLU layers of 16 learn a good part of the spiral in 30 epochs; chance is 50%.
    expect(r.testAccuracy).toBeGreaterThan(0.6);
    expect(trainDepth('spiral', spiral(), 'relu', 'scheme', 2, 1, config)).toEqual(r);
  }, 30_000);
});

describe("the GELU paper's setup at a small size", () => {
  it('dropout makes the training loss the optimiser sees higher; curves have one value per epoch', () => {
    const { train, test } = setupNamed('digits').load(1);
    const data = { train, test, classes: 10 };
    const config = { ...makePlan().gelu, depth: 2, width: 16, epochs: 2, batchSize: 64 };
    const plain = trainGelu(data, 'gelu', 0, 1, config);
    const dropped = trainGelu(data, 'gelu', 0.5, 1, config);
    expect(plain.trainLossCurve).toHaveLength(2);
    expect(plain.trainLossCurve[1]!).toBeLessThan(plain.trainLossCurve[0]!);
    expect(dropped.trainLossCurve[1]!).toBeGreaterThan(plain.trainLossCurve[1]!);
    expect(plain.testAccuracy).toBeGreaterThan(0.3);
    expect(trainGelu(data, 'gelu', 0.5, 1, config)).toEqual(dropped);
  }, 30_000);
});
