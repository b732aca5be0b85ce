import { type FloatArray, getBackend } from '@actlab/kernels';

/**
 * The three products of a Linear layer. Small ones (a playground network: batch 32, widths up to a few dozen)
 * run as direct loops: there a general gemm's packing and blocking cost more than the arithmetic. The loops
 * compute four outputs per pass (each loaded input value is used four times), which halves their time. Larger
 * products go to the kernels backend's gemm (blocked, and the seam for a WebAssembly backend). Sums accumulate
 * in float64.
 */

/** Up to this many multiply-adds a product runs as the loops below (timed on the 2-8-8-1 training step). */
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
  const outF4 = outF - (outF % 4);
  for (let r = 0; r < rows; r++) {
    const xr = r * inF;
    const yr = r * outF;
    let j = 0;
    for (; j < outF4; j += 4) {
      const w0 = j * inF;
      const w1 = w0 + inF;
      const w2 = w1 + inF;
      const w3 = w2 + inF;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      if (b !== null) {
        s0 = b[j]!;
        s1 = b[j + 1]!;
        s2 = b[j + 2]!;
        s3 = b[j + 3]!;
      }
      for (let p = 0; p < inF; p++) {
        const xv = x[xr + p]!;
        s0 += xv * w[w0 + p]!;
        s1 += xv * w[w1 + p]!;
        s2 += xv * w[w2 + p]!;
        s3 += xv * w[w3 + p]!;
      }
      y[yr + j] = s0;
      y[yr + j + 1] = s1;
      y[yr + j + 2] = s2;
      y[yr + j + 3] = s3;
    }
    for (; j < outF; j++) {
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
  const inF4 = inF - (inF % 4);
  for (let r = 0; r < rows; r++) {
    const gr = r * outF;
    const xr = r * inF;
    let p = 0;
    for (; p < inF4; p += 4) {
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      for (let j = 0; j < outF; j++) {
        const gv = g[gr + j]!;
        const wj = j * inF + p;
        s0 += gv * w[wj]!;
        s1 += gv * w[wj + 1]!;
        s2 += gv * w[wj + 2]!;
        s3 += gv * w[wj + 3]!;
      }
      gx[xr + p] = s0;
      gx[xr + p + 1] = s1;
      gx[xr + p + 2] = s2;
      gx[xr + p + 3] = s3;
    }
    for (; p < inF; p++) {
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
      const outF4 = outF - (outF % 4);
      let j = 0;
      for (; j < outF4; j += 4) {
        const w0 = j * inF;
        for (let p = 0; p < inF; p++) {
          let s0 = 0;
          let s1 = 0;
          let s2 = 0;
          let s3 = 0;
          for (let r = 0; r < rows; r++) {
            const xv = x[r * inF + p]!;
            const gr = r * outF + j;
            s0 += g[gr]! * xv;
            s1 += g[gr + 1]! * xv;
            s2 += g[gr + 2]! * xv;
            s3 += g[gr + 3]! * xv;
          }
          gw[w0 + p] = s0;
          gw[w0 + inF + p] = s1;
          gw[w0 + 2 * inF + p] = s2;
          gw[w0 + 3 * inF + p] = s3;
        }
      }
      for (; j < outF; j++) {
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
