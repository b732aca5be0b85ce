// f32 gemm: C = alpha·op(A)·op(B) + beta·C, row-major, BLIS-style (packed panels around one register-tiled
// micro-kernel). See README.md for the ABI. Every C element is computed by the same sequence of f32 operations
// (p ascending, multiply then add, one C update per KC block) whichever rows a call covers, so splitting rows over
// threads gives bit-identical results.

/** Rows of the register tile. */
const MR: i32 = 4;
/** Columns of the register tile: two f32x4 vectors. */
const NR: i32 = 8;
/** Depth of a packed block: a KC×NR sliver of B (8 KB) stays in L1. */
const KC: i32 = 256;
/** Rows of a packed A block (MC×KC floats, 128 KB, in L2); a multiple of MR. */
const MC: i32 = 128;
/** Columns of a packed B panel (KC×NC floats, 1 MB, in L3); a multiple of NR. */
const NC: i32 = 1024;

/** Bytes of work memory one gemm_f32 call needs: the packed A block, the packed B panel and an edge tile. */
export function gemmWorkBytes(): i32 {
  return (MC * KC + KC * NC + MR * NR) * 4;
}

/** Row granularity for splitting C over threads (a multiple of MR keeps every tile full). */
export function gemmRowGrain(): i32 {
  return MR * 4;
}

/**
 * C[m×n] = alpha·op(A)·op(B) + beta·C. A, B, C and work are byte addresses; lda/ldb/ldc are row strides in
 * elements as stored (A is m×k, or k×m when transA; B is k×n, or n×k when transB). When beta is 0, C's old contents
 * are ignored. `work` is gemmWorkBytes() bytes the caller owns (per thread).
 */
export function gemm_f32(
  transA: i32,
  transB: i32,
  m: i32,
  n: i32,
  k: i32,
  alpha: f32,
  a: usize,
  lda: i32,
  b: usize,
  ldb: i32,
  beta: f32,
  c: usize,
  ldc: i32,
  work: usize,
): void {
  if (m <= 0 || n <= 0) return;
  scaleC(m, n, beta, c, ldc);
  if (alpha === 0 || k <= 0) return;
  const pa = work;
  const pb = work + <usize>(MC * KC * 4);
  const edge = pb + <usize>(KC * NC * 4);
  for (let j0 = 0; j0 < n; j0 += NC) {
    const nc = min(NC, n - j0);
    for (let p0 = 0; p0 < k; p0 += KC) {
      const kc = min(KC, k - p0);
      if (transB) packBT(b, ldb, p0, kc, j0, nc, pb);
      else packBN(b, ldb, p0, kc, j0, nc, pb);
      for (let i0 = 0; i0 < m; i0 += MC) {
        const mc = min(MC, m - i0);
        if (transA) packAT(a, lda, i0, mc, p0, kc, pa);
        else packAN(a, lda, i0, mc, p0, kc, pa);
        for (let jr = 0; jr < nc; jr += NR) {
          const cols = min(NR, nc - jr);
          const bSliver = pb + <usize>(jr * kc * 4);
          for (let ir = 0; ir < mc; ir += MR) {
            const rows = min(MR, mc - ir);
            const cTile = c + (<usize>(i0 + ir) * <usize>ldc + <usize>(j0 + jr)) * 4;
            const aSliver = pa + <usize>(ir * kc * 4);
            if (rows === MR && cols === NR) {
              microKernel(aSliver, bSliver, kc, alpha, cTile, ldc);
            } else {
              // Same arithmetic on the zero-padded tile, written to the edge buffer, then the valid part to C.
              zeroTile(edge);
              microKernel(aSliver, bSliver, kc, alpha, edge, NR);
              for (let r = 0; r < rows; r++) {
                const cRow = cTile + <usize>(r * ldc * 4);
                const eRow = edge + <usize>(r * NR * 4);
                for (let q = 0; q < cols; q++) {
                  const at = cRow + <usize>(q * 4);
                  store<f32>(at, load<f32>(at) + load<f32>(eRow + <usize>(q * 4)));
                }
              }
            }
          }
        }
      }
    }
  }
}

function zeroTile(t: usize): void {
  memory.fill(t, 0, MR * NR * 4);
}

function scaleC(m: i32, n: i32, beta: f32, c: usize, ldc: i32): void {
  if (beta === 1) return;
  const vb = f32x4.splat(beta);
  for (let i = 0; i < m; i++) {
    const row = c + <usize>(i * ldc * 4);
    if (beta === 0) {
      memory.fill(row, 0, <usize>(n * 4));
      continue;
    }
    let j = 0;
    for (; j + 4 <= n; j += 4) {
      const at = row + <usize>(j * 4);
      v128.store(at, f32x4.mul(v128.load(at), vb));
    }
    for (; j < n; j++) {
      const at = row + <usize>(j * 4);
      store<f32>(at, load<f32>(at) * beta);
    }
  }
}

/** op(B)[p0:p0+kc, j0:j0+nc] with B stored k×n: slivers of NR columns, dst[(jr·kc + p)·NR + q], zero-padded. */
function packBN(b: usize, ldb: i32, p0: i32, kc: i32, j0: i32, nc: i32, dst: usize): void {
  for (let jr = 0; jr < nc; jr += NR) {
    const cols = min(NR, nc - jr);
    let d = dst + <usize>(jr * kc * 4);
    let src = b + (<usize>p0 * <usize>ldb + <usize>(j0 + jr)) * 4;
    const step = <usize>ldb * 4;
    if (cols === NR) {
      for (let p = 0; p < kc; p++) {
        v128.store(d, v128.load(src));
        v128.store(d, v128.load(src, 16), 16);
        d += NR * 4;
        src += step;
      }
    } else {
      for (let p = 0; p < kc; p++) {
        v128.store(d, i32x4.splat(0));
        v128.store(d, i32x4.splat(0), 16);
        for (let q = 0; q < cols; q++) store<f32>(d + <usize>(q * 4), load<f32>(src + <usize>(q * 4)));
        d += NR * 4;
        src += step;
      }
    }
  }
}

/**
 * The same panel with B stored n×k (op(B) = Bᵀ): column j of op(B) is row j of B, contiguous in p. Full slivers
 * move 4 p at a time: eight rows' 4-float runs, transposed in registers into four 8-float rows of the sliver.
 */
function packBT(b: usize, ldb: i32, p0: i32, kc: i32, j0: i32, nc: i32, dst: usize): void {
  const stride = <usize>ldb * 4;
  for (let jr = 0; jr < nc; jr += NR) {
    const cols = min(NR, nc - jr);
    const d = dst + <usize>(jr * kc * 4);
    const src = b + (<usize>(j0 + jr) * <usize>ldb + <usize>p0) * 4;
    let p = 0;
    if (cols === NR) {
      for (; p + 4 <= kc; p += 4) {
        const at = src + <usize>(p * 4);
        const out = d + <usize>(p * NR * 4);
        transpose4(at, stride, out, NR * 4);
        transpose4(at + stride * 4, stride, out + 16, NR * 4);
      }
    }
    for (; p < kc; p++) {
      for (let q = 0; q < NR; q++) {
        const value: f32 = q < cols ? load<f32>(src + <usize>q * stride + <usize>(p * 4)) : 0;
        store<f32>(d + <usize>((p * NR + q) * 4), value);
      }
    }
  }
}

/**
 * op(A)[i0:i0+mc, p0:p0+kc] with A stored m×k: slivers of MR rows, dst[(ir·kc + p)·MR + r], zero-padded. Full
 * slivers move 4 p at a time, the MR rows' runs transposed in registers.
 */
function packAN(a: usize, lda: i32, i0: i32, mc: i32, p0: i32, kc: i32, dst: usize): void {
  const stride = <usize>lda * 4;
  for (let ir = 0; ir < mc; ir += MR) {
    const rows = min(MR, mc - ir);
    const d = dst + <usize>(ir * kc * 4);
    const src = a + (<usize>(i0 + ir) * <usize>lda + <usize>p0) * 4;
    let p = 0;
    if (rows === MR) {
      for (; p + 4 <= kc; p += 4) transpose4(src + <usize>(p * 4), stride, d + <usize>(p * MR * 4), MR * 4);
    }
    for (; p < kc; p++) {
      for (let r = 0; r < MR; r++) {
        const value: f32 = r < rows ? load<f32>(src + <usize>r * stride + <usize>(p * 4)) : 0;
        store<f32>(d + <usize>((p * MR + r) * 4), value);
      }
    }
  }
}

/** The same block with A stored k×m (op(A) = Aᵀ): MR consecutive values of a stored row per p. */
function packAT(a: usize, lda: i32, i0: i32, mc: i32, p0: i32, kc: i32, dst: usize): void {
  const stride = <usize>lda * 4;
  for (let ir = 0; ir < mc; ir += MR) {
    const rows = min(MR, mc - ir);
    let d = dst + <usize>(ir * kc * 4);
    let src = a + (<usize>p0 * <usize>lda + <usize>(i0 + ir)) * 4;
    if (rows === MR) {
      for (let p = 0; p < kc; p++) {
        v128.store(d, v128.load(src));
        d += MR * 4;
        src += stride;
      }
    } else {
      for (let p = 0; p < kc; p++) {
        for (let r = 0; r < MR; r++) store<f32>(d + <usize>(r * 4), r < rows ? load<f32>(src + <usize>(r * 4)) : 0);
        d += MR * 4;
        src += stride;
      }
    }
  }
}

/**
 * Four runs of 4 floats, `stride` bytes apart from `src` (rows r), written as four runs of 4 floats `step` bytes
 * apart from `dst` (columns p): dst[p][r] = src[r][p].
 */
function transpose4(src: usize, stride: usize, dst: usize, step: usize): void {
  const r0 = v128.load(src);
  const r1 = v128.load(src + stride);
  const r2 = v128.load(src + stride * 2);
  const r3 = v128.load(src + stride * 3);
  const lo01 = i32x4.shuffle(r0, r1, 0, 4, 1, 5);
  const lo23 = i32x4.shuffle(r2, r3, 0, 4, 1, 5);
  const hi01 = i32x4.shuffle(r0, r1, 2, 6, 3, 7);
  const hi23 = i32x4.shuffle(r2, r3, 2, 6, 3, 7);
  v128.store(dst, i32x4.shuffle(lo01, lo23, 0, 1, 4, 5));
  v128.store(dst + step, i32x4.shuffle(lo01, lo23, 2, 3, 6, 7));
  v128.store(dst + step * 2, i32x4.shuffle(hi01, hi23, 0, 1, 4, 5));
  v128.store(dst + step * 3, i32x4.shuffle(hi01, hi23, 2, 3, 6, 7));
}

/**
 * The register tile: C[MR×NR] += alpha·(Ã·B̃) over kc ≥ 1, Ã an MR-interleaved sliver of A and B̃ an NR-wide sliver
 * of B. Eight f32x4 accumulators; each step broadcasts one A value per row (load32_splat) against two B vectors.
 * 4×8 is the largest tile V8 keeps in registers on x64 without FMA: TurboFan places a step's loads ahead of its
 * arithmetic, so a step needs 8 accumulators + 2 B + 4 broadcasts + 1 product = 15 xmm registers (6×8 and 5×8
 * spilled accumulators to the stack). For the same reason the loop is unrolled by hand only twice, with the exit
 * test between the two steps (the branch keeps the second step's loads from being hoisted above the first's
 * arithmetic, which spilled): that halves V8's per-iteration stack check, and with the loop ending on the A
 * pointer (no counter) it ran gemm 1.2× faster than the one-step counted loop (V8 11.3, Zen 3, side by side).
 */
function microKernel(pa: usize, pb: usize, kc: i32, alpha: f32, c: usize, ldc: i32): void {
  let c00 = f32x4.splat(0);
  let c01 = f32x4.splat(0);
  let c10 = f32x4.splat(0);
  let c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0);
  let c21 = f32x4.splat(0);
  let c30 = f32x4.splat(0);
  let c31 = f32x4.splat(0);
  let b0: v128;
  let b1: v128;
  let av: v128;
  const end = pa + <usize>(kc * MR * 4);
  while (true) {
    b0 = v128.load(pb);
    b1 = v128.load(pb, 16);
    av = v128.load32_splat(pa);
    c00 = f32x4.add(c00, f32x4.mul(av, b0));
    c01 = f32x4.add(c01, f32x4.mul(av, b1));
    av = v128.load32_splat(pa, 4);
    c10 = f32x4.add(c10, f32x4.mul(av, b0));
    c11 = f32x4.add(c11, f32x4.mul(av, b1));
    av = v128.load32_splat(pa, 8);
    c20 = f32x4.add(c20, f32x4.mul(av, b0));
    c21 = f32x4.add(c21, f32x4.mul(av, b1));
    av = v128.load32_splat(pa, 12);
    c30 = f32x4.add(c30, f32x4.mul(av, b0));
    c31 = f32x4.add(c31, f32x4.mul(av, b1));
    pa += MR * 4;
    pb += NR * 4;
    if (pa >= end) break;
    b0 = v128.load(pb);
    b1 = v128.load(pb, 16);
    av = v128.load32_splat(pa);
    c00 = f32x4.add(c00, f32x4.mul(av, b0));
    c01 = f32x4.add(c01, f32x4.mul(av, b1));
    av = v128.load32_splat(pa, 4);
    c10 = f32x4.add(c10, f32x4.mul(av, b0));
    c11 = f32x4.add(c11, f32x4.mul(av, b1));
    av = v128.load32_splat(pa, 8);
    c20 = f32x4.add(c20, f32x4.mul(av, b0));
    c21 = f32x4.add(c21, f32x4.mul(av, b1));
    av = v128.load32_splat(pa, 12);
    c30 = f32x4.add(c30, f32x4.mul(av, b0));
    c31 = f32x4.add(c31, f32x4.mul(av, b1));
    pa += MR * 4;
    pb += NR * 4;
    if (pa >= end) break;
  }
  const va = f32x4.splat(alpha);
  const step = <usize>ldc * 4;
  updateRow(c, c00, c01, va);
  updateRow(c + step, c10, c11, va);
  updateRow(c + step * 2, c20, c21, va);
  updateRow(c + step * 3, c30, c31, va);
}

function updateRow(row: usize, lo: v128, hi: v128, va: v128): void {
  v128.store(row, f32x4.add(v128.load(row), f32x4.mul(va, lo)));
  v128.store(row, f32x4.add(v128.load(row, 16), f32x4.mul(va, hi)), 16);
}
