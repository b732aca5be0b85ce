import { type FloatArray, getBackend } from '@actlab/kernels';

/**
 * The three products of a Linear layer. Small ones (a playground network: batch 32, widths up to a few dozen)
 * run as direct loops: there a general gemm's packing and blocking cost more than the arithmetic. Larger ones go
 * to the kernels backend's gemm (blocked, and the seam for a WebAssembly backend). Sums accumulate in float64.
 */

/** Below this many multiply-adds a product runs as plain loops (timed on the 2-8-8-1 training step). */
const SMALL_PRODUCT = 16384;

/** y[r, j] = b[j] + Σ_p x[r, p]·W[j, p]  (y = x·Wᵀ + b), x [rows, inF], W [outF, inF]. */
export function linearForward(
  x: FloatArray,
  w: FloatArray,
  b: FloatArray | null,
  rows: number,
  inF: number,
  outF: number,
  y: FloatArray,
): void {
  if (rows * inF * outF > SMALL_PRODUCT) {
    if (b !== null) for (let r = 0; r < rows; r++) y.set(b, r * outF);
    getBackend().gemm(false, true, rows, outF, inF, 1, x, inF, w, inF, b === null ? 0 : 1, y, outF);
    return;
  }
  for (let r = 0; r < rows; r++) {
    const xr = r * inF;
    const yr = r * outF;
    for (let j = 0; j < outF; j++) {
      const wj = j * inF;
      let s = b === null ? 0 : b[j]!;
      for (let p = 0; p < inF; p++) s += x[xr + p]! * w[wj + p]!;
      y[yr + j] = s;
    }
  }
}

/** gx[r, p] = Σ_j g[r, j]·W[j, p]  (∂x = G·W). */
export function linearBackwardInput(
  g: FloatArray,
  w: FloatArray,
  rows: number,
  inF: number,
  outF: number,
  gx: FloatArray,
): void {
  if (rows * inF * outF > SMALL_PRODUCT) {
    getBackend().gemm(false, false, rows, inF, outF, 1, g, outF, w, inF, 0, gx, inF);
    return;
  }
  for (let r = 0; r < rows; r++) {
    const gr = r * outF;
    const xr = r * inF;
    for (let p = 0; p < inF; p++) {
      let s = 0;
      for (let j = 0; j < outF; j++) s += g[gr + j]! * w[j * inF + p]!;
      gx[xr + p] = s;
    }
  }
}

/** gw[j, p] = Σ_r g[r, j]·x[r, p]  (∂W = Gᵀ·x); gb[j] = Σ_r g[r, j]. Either output may be null. */
export function linearBackwardParams(
  g: FloatArray,
  x: FloatArray,
  rows: number,
  inF: number,
  outF: number,
  gw: FloatArray | null,
  gb: FloatArray | null,
): void {
  if (gw !== null) {
    if (rows * inF * outF > SMALL_PRODUCT) {
      getBackend().gemm(true, false, outF, inF, rows, 1, g, outF, x, inF, 0, gw, inF);
    } else {
      for (let j = 0; j < outF; j++) {
        const wj = j * inF;
        for (let p = 0; p < inF; p++) {
          let s = 0;
          for (let r = 0; r < rows; r++) s += g[r * outF + j]! * x[r * inF + p]!;
          gw[wj + p] = s;
        }
      }
    }
  }
  if (gb !== null) {
    for (let j = 0; j < outF; j++) {
      let s = 0;
      for (let r = 0; r < rows; r++) s += g[r * outF + j]!;
      gb[j] = s;
    }
  }
}
