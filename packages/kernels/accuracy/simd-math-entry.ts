// AssemblyScript entry for accuracy/simd-math.ts: the SIMD math functions as array maps (n a multiple of 4),
// beside the activation kernels, so the script can measure both over every float32.
import {
  cdfAbs,
  exp,
  expm1NonPositive,
  log,
  log1pUnit,
  normalCdf,
  normalCdfLower,
  normalDensity,
  sigmoid,
  tanh,
} from '../assembly/simd-math';

export * from '../assembly/activations';

export function mapExp(x: usize, y: usize, n: usize): void {
  for (let i: usize = 0; i < n << 2; i += 16) v128.store(y + i, exp(v128.load(x + i)));
}
export function mapExpm1NonPositive(x: usize, y: usize, n: usize): void {
  for (let i: usize = 0; i < n << 2; i += 16) v128.store(y + i, expm1NonPositive(v128.load(x + i)));
}
export function mapLog(x: usize, y: usize, n: usize): void {
  for (let i: usize = 0; i < n << 2; i += 16) v128.store(y + i, log(v128.load(x + i)));
}
export function mapLog1pUnit(x: usize, y: usize, n: usize): void {
  for (let i: usize = 0; i < n << 2; i += 16) v128.store(y + i, log1pUnit(v128.load(x + i)));
}
export function mapTanh(x: usize, y: usize, n: usize): void {
  for (let i: usize = 0; i < n << 2; i += 16) v128.store(y + i, tanh(v128.load(x + i)));
}
export function mapSigmoid(x: usize, y: usize, n: usize): void {
  for (let i: usize = 0; i < n << 2; i += 16) v128.store(y + i, sigmoid(v128.load(x + i)));
}
export function mapNormalCdf(x: usize, y: usize, n: usize): void {
  for (let i: usize = 0; i < n << 2; i += 16) {
    const v = v128.load(x + i);
    const ax = cdfAbs(v);
    v128.store(y + i, normalCdf(v, normalCdfLower(ax, normalDensity(ax))));
  }
}
export function mapNormalDensity(x: usize, y: usize, n: usize): void {
  for (let i: usize = 0; i < n << 2; i += 16) v128.store(y + i, normalDensity(cdfAbs(v128.load(x + i))));
}
