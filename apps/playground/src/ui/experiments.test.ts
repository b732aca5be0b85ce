import { describe, expect, it } from 'vitest';
import { defaultState, parseState } from '../state/url-state';
import { createLayersModel } from '../train/layers-model';
import { createRuns, prepareData, type TrainingRun } from '../train/session';
import { networkStats } from '../train/stats';
import { experiments } from './experiments';

/** What a card's check reads at an epoch: per run, its accuracy, loss, dead/saturated units, gradient norms. */
interface Checkpoint {
  readonly accuracy: number;
  readonly loss: number;
  readonly dead: number[];
  readonly saturated: number[];
  readonly gradients: number[];
}

type Reading = Record<string, Checkpoint>;

/** Per run, its test accuracy after every epoch (index 0: untrained). */
type Accuracies = Record<string, number[]>;

/** The first epoch at which `run` reached `accuracy` (Infinity if never): "by about epoch N" means this ≤ N. */
function firstReached(accuracies: Accuracies, run: string, accuracy: number): number {
  const i = accuracies[run].findIndex((a) => a >= accuracy);
  return i < 0 ? Number.POSITIVE_INFINITY : i;
}

function read(run: TrainingRun): Checkpoint {
  const { data, model } = run;
  const stats = networkStats(model.trace(data.trainX, data.train.n), data.train.n);
  return {
    accuracy: run.testAccuracy,
    loss: run.testLoss,
    dead: stats.layers.map((l) => l.dead),
    saturated: stats.layers.map((l) => l.saturated),
    gradients: Array.from(model.gradientNorms()),
  };
}

/** Trains a preset as the page does (an exploding epoch is thrown away and stops training) and reads it at `at`. */
function train(
  hash: string,
  at: readonly number[],
): { readings: Map<number, Reading>; accuracies: Accuracies; diverged: number | null } {
  const { state } = parseState(hash);
  const data = prepareData(state);
  const runs = createRuns(state, data, createLayersModel);
  const readings = new Map<number, Reading>();
  const accuracies: Accuracies = Object.fromEntries(runs.map((r) => [r.label, [r.testAccuracy]]));
  const last = Math.max(...at);
  for (let epoch = 0; epoch <= last; epoch++) {
    if (at.includes(epoch)) readings.set(epoch, Object.fromEntries(runs.map((r) => [r.label, read(r)])));
    if (epoch === last) break;
    const trials = runs.map((r) => r.tryEpoch());
    if (runs.some((r, i) => r.divergenceOf(trials[i]) !== null)) return { readings, accuracies, diverged: epoch + 1 };
    runs.forEach((r, i) => {
      r.keep(trials[i]);
      accuracies[r.label].push(r.testAccuracy);
    });
  }
  return { readings, accuracies, diverged: null };
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

/** Each card's promise, checked at the epochs its text names. */
const checks: Record<
  string,
  { at: number[]; check(r: Map<number, Reading>, diverged: number | null, accuracies: Accuracies): void }
> = {
  'linear-collapse': {
    at: [200],
    check: (r) => expect(r.get(200)!.network.accuracy).toBeLessThan(0.75),
  },
  'xor-linear': {
    at: [40],
    check: (r, _, a) => {
      expect(firstReached(a, 'tanh', 0.9)).toBeLessThanOrEqual(10);
      expect(r.get(40)!.identity.accuracy).toBeLessThan(0.7);
      expect(r.get(40)!.tanh.accuracy).toBeGreaterThan(0.9);
    },
  },
  universal: {
    at: [100],
    check: (r) => expect(r.get(100)!.network.loss).toBeLessThan(0.01),
  },
  'tanh-sigmoid': {
    at: [100, 200],
    check: (r, _, a) => {
      const tanh = firstReached(a, 'tanh', 1);
      const sigmoid = firstReached(a, 'sigmoid', 1);
      expect(tanh).toBeLessThanOrEqual(35);
      expect(r.get(100)!.sigmoid.accuracy).toBeLessThan(0.95);
      // "about five times as long".
      expect(sigmoid / tanh).toBeGreaterThan(4);
      expect(sigmoid / tanh).toBeLessThan(6.5);
    },
  },
  vanishing: {
    at: [100],
    check: (r) => {
      const { gradients, accuracy } = r.get(100)!.network;
      // "about 100,000 times smaller": at least 30,000.
      expect(gradients.at(-1)! / gradients[0]).toBeGreaterThan(3e4);
      expect(accuracy).toBeLessThan(0.6);
    },
  },
  'dead-relu': {
    at: [10, 100],
    check: (r) => {
      expect(r.get(10)!.relu.dead[2]).toBe(6);
      expect(r.get(100)!.relu.accuracy).toBeLessThan(0.55);
      expect(sum(r.get(100)!.leakyRelu.dead)).toBe(0);
      expect(r.get(100)!.leakyRelu.accuracy).toBeGreaterThan(0.65);
    },
  },
  'softplus-swish': {
    at: [100, 250],
    check: (r, _, a) => {
      const swish = firstReached(a, 'swish', 0.95);
      const softplus = firstReached(a, 'softplus', 0.95);
      expect(swish).toBeLessThanOrEqual(65);
      // "about four times as long", and the article's "about 240".
      expect(softplus / swish).toBeGreaterThan(3.3);
      expect(softplus / swish).toBeLessThan(5);
      expect(softplus).toBeGreaterThan(220);
      expect(softplus).toBeLessThanOrEqual(250);
      const at100 = r.get(100)!;
      expect(at100.softplus.accuracy).toBeLessThan(0.9);
      expect(sum(at100.softplus.dead)).toBe(0);
      // "loses most of its units": more than half of the 32 dead.
      expect(sum(at100.relu.dead)).toBeGreaterThan(16);
      expect(Math.max(...a.relu)).toBeLessThan(0.85);
    },
  },
  maxout: {
    at: [50],
    check: (r, _, a) => {
      expect(firstReached(a, 'network', 0.95)).toBeLessThanOrEqual(5);
      expect(r.get(50)!.network.dead[0]).toBe(0);
    },
  },
  rbf: {
    at: [0, 100],
    check: (r) => {
      expect(r.get(0)!.network.saturated[0]).toBeGreaterThan(4);
      expect(r.get(100)!.network.saturated[0]).toBeGreaterThan(4);
      expect(r.get(100)!.network.accuracy).toBeLessThan(0.8);
    },
  },
  'init-small': {
    at: [50],
    check: (r) => {
      expect(r.get(50)!.network.accuracy).toBeLessThan(0.6);
      expect(r.get(50)!.network.gradients.every((g) => g === 0)).toBe(true);
    },
  },
  'init-kaiming': {
    at: [50],
    check: (_, __, a) => {
      expect(firstReached(a, 'network', 0.95)).toBeLessThanOrEqual(5);
      expect(a.network[50]).toBeGreaterThan(0.95);
    },
  },
  'too-fast': {
    at: [0, 1],
    check: (_, diverged) => expect(diverged).toBe(1),
  },
};

describe('the guide presets', () => {
  it('every preset is a valid link, with a unique id, and has a check below', () => {
    for (const e of experiments) {
      const { state, problems } = parseState(`#${e.hash}`);
      expect(problems, e.id).toEqual([]);
      expect(state, e.id).not.toEqual(defaultState);
      expect(Object.keys(checks), e.id).toContain(e.id);
      expect(Math.max(...checks[e.id].at), e.id).toBeLessThanOrEqual(Math.max(e.epochs, 1));
    }
    expect(new Set(experiments.map((e) => e.id)).size).toBe(experiments.length);
  });

  for (const e of experiments) {
    it(`${e.id}: ${e.look}`, () => {
      const { at, check } = checks[e.id];
      const { readings, accuracies, diverged } = train(e.hash, at);
      check(readings, diverged, accuracies);
    }, 60_000);
  }
});
