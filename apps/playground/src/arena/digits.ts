import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import type { Rng } from '../data/rng';

export const DIGIT_FEATURES = 64;
export const DIGIT_CLASSES = 10;

export interface LabelledData {
  readonly n: number;
  readonly inputs: number;
  /** Row-major n×inputs. */
  readonly x: Float32Array;
  /** Class indices (multi-class), 0/1 (binary) or real targets (regression). */
  readonly y: Float32Array;
}

/** Parses the digits CSV (64 grey levels 0–16, then the class); features are divided by 16 into [0, 1]. */
export function parseDigits(csv: string): LabelledData {
  const lines = csv.split('\n').filter((line) => line.trim() !== '');
  const n = lines.length;
  const x = new Float32Array(n * DIGIT_FEATURES);
  const y = new Float32Array(n);
  lines.forEach((line, i) => {
    const cells = line.split(',');
    if (cells.length !== DIGIT_FEATURES + 1) {
      throw new Error(
        `parseDigits: line ${i + 1} has ${cells.length} columns, expected ${DIGIT_FEATURES + 1} (64 pixels + class)`,
      );
    }
    for (let j = 0; j < DIGIT_FEATURES; j++) x[i * DIGIT_FEATURES + j] = Number(cells[j]) / 16;
    const label = Number(cells[DIGIT_FEATURES]);
    if (!Number.isInteger(label) || label < 0 || label >= DIGIT_CLASSES) {
      throw new Error(`parseDigits: line ${i + 1} has class '${cells[DIGIT_FEATURES]}', expected an integer 0–9`);
    }
    y[i] = label;
  });
  return { n, inputs: DIGIT_FEATURES, x, y };
}

export function loadDigits(path: string): LabelledData {
  return parseDigits(gunzipSync(readFileSync(path)).toString('utf8'));
}

function take(data: LabelledData, indices: readonly number[]): LabelledData {
  const { inputs } = data;
  const x = new Float32Array(indices.length * inputs);
  const y = new Float32Array(indices.length);
  indices.forEach((source, i) => {
    x.set(data.x.subarray(source * inputs, (source + 1) * inputs), i * inputs);
    y[i] = data.y[source];
  });
  return { n: indices.length, inputs, x, y };
}

/** Per class, a seeded shuffle, then round(trainFraction · count) to train and the rest to test. */
export function stratifiedSplit(
  data: LabelledData,
  trainFraction: number,
  rng: Rng,
): { train: LabelledData; test: LabelledData } {
  const byClass = new Map<number, number[]>();
  for (let i = 0; i < data.n; i++) {
    const list = byClass.get(data.y[i]) ?? [];
    list.push(i);
    byClass.set(data.y[i], list);
  }
  const train: number[] = [];
  const test: number[] = [];
  for (const label of [...byClass.keys()].sort((a, b) => a - b)) {
    const members = byClass.get(label)!;
    const order = rng.permutation(members.length);
    const nTrain = Math.round(trainFraction * members.length);
    for (let i = 0; i < order.length; i++) (i < nTrain ? train : test).push(members[order[i]]);
  }
  // Keep classes interleaved rather than in blocks; the trainer shuffles anyway, this only helps reading.
  train.sort((a, b) => a - b);
  test.sort((a, b) => a - b);
  return { train: take(data, train), test: take(data, test) };
}
