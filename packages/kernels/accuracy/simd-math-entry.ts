// AssemblyScript entry for accuracy/simd-math.ts: the SIMD math functions as array maps (n a multiple of 4),
// beside the activation kernels, so the script can measure both over every float32.
import { Simd } from '../assembly/simd-math';

export * from '../assembly/activations';

export function mapExp(x: usize, y: usize, n: usize): void {
  for (let i: usize = 0; i < n << 2; i += 16) v128.store(y + i, Simd.exp(v128.load(x + i)));
}
export function mapExpm1NonPositive(x: usize, y: usize, n: usize): void {
  for (let i: usize = 0; i < n << 2; i += 16) v128.store(y + i, Simd.expm1NonPositive(v128.load(x + i)));
}
export function mapLog(x: usize, y: usize, n: usize): void {
  for (let i: usize = 0; i < n << 2; i += 16) v128.store(y + i, Simd.log(v128.load(x + i)));
}
export function mapLog1pUnit(x: usize, y: usize, n: usize): void {
  for (let i: usize = 0; i < n << 2; i += 16) v128.store(y + i, Simd.log1pUnit(v128.load(x + i)));
}
export function mapTanh(x: usize, y: usize, n: usize): void {
  for (let i: usize = 0; i < n << 2; i += 16) v128.store(y + i, Simd.tanh(v128.load(x + i)));
}
export function mapSigmoid(x: usize, y: usize, n: usize): void {
  for (let i: usize = 0; i < n << 2; i += 16) v128.store(y + i, Simd.sigmoid(v128.load(x + i)));
}
export function mapNormalCdf(x: usize, y: usize, n: usize): void {
  for (let i: usize = 0; i < n << 2; i += 16) {
    const v = v128.load(x + i);
    const ax = Simd.cdfAbs(v);
    v128.store(y + i, Simd.normalCdf(v, Simd.normalCdfLower(ax, Simd.normalDensity(ax))));
  }
}
export function mapNormalDensity(x: usize, y: usize, n: usize): void {
  for (let i: usize = 0; i < n << 2; i += 16) v128.store(y + i, Simd.normalDensity(Simd.cdfAbs(v128.load(x + i))));
}
