// The digits data set (1,797 8×8 handwritten digits, classes 0–9; see apps/playground/data/README.md), split once
// into training and test rows by a seeded shuffle, pixels scaled from 0–16 to 0–1.
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { tensor } from '@actlab/autograd';
import { Random } from '@actlab/kernels';

export const DEFAULT_DATA = new URL('../../apps/playground/data/digits.csv.gz', import.meta.url);

/** { trainX [n, 64], trainY [n], testX, testY }: 80% / 20% of the rows, the same split on every run. */
export function loadDigits(path = DEFAULT_DATA) {
  const rows = gunzipSync(readFileSync(path))
    .toString('utf8')
    .trim()
    .split('\n')
    .map((line) => line.split(',').map(Number));
  if (rows.some((r) => r.length !== 65 || r.some((v) => !Number.isFinite(v)))) {
    throw new Error(`${path}: expected rows of 64 pixels and a class`);
  }
  const order = new Random(42).permutation(rows.length);
  const cut = Math.floor(rows.length * 0.8);
  const take = (from, to) => {
    const picked = Array.from(order.subarray(from, to), (i) => rows[i]);
    const x = tensor(picked.map((r) => r.slice(0, 64).map((v) => v / 16)));
    const y = tensor(picked.map((r) => r[64]));
    return [x, y];
  };
  const [trainX, trainY] = take(0, cut);
  const [testX, testY] = take(cut, rows.length);
  return { trainX, trainY, testX, testY };
}
