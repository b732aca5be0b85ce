// Broadcasting binary kernels in WebAssembly SIMD, float32: the counterparts of add, sub, mul, div, maximum and
// minimum in src/binary.ts (their scalar references), and sumToShape's two fast paths. IEEE +, −, ×, ÷ of two
// float32 values rounded once is what the js kernels' float64 arithmetic rounds to as well, and max/min are exact, so
// the results are bit-identical to the js kernels'.
//
// One iteration shape covers every broadcast the js kernels treat as a fast path: a [rows, cols] output, written
// contiguously, with each operand read at r·rowStride + c·colStride, colStride 0 (broadcast) or 1. Same shapes are
// one row; a scalar has strides 0, 0; a bias row ([N, D] with [D]) has row stride 0; a per-row value ([N, D] with
// [N, 1]) has column stride 0. `o` may be `a` or `b` exactly (each vector is read before it is written); row tails
// are done one lane at a time with the same vector code, so no write ever runs past a row. Each export inlines the
// walk with its op a constant: straight loops, no dispatch per vector.

const ADD = 0;
const SUB = 1;
const MUL = 2;
const DIV = 3;
const MAX = 4;
const MIN = 5;

/** The binary ops and the [rows, cols] walk, inlined into each export with its op a constant. */
// biome-ignore lint/complexity/noStaticOnlyClass: a namespace of inlined functions.
class Binary {
  @inline static apply(op: i32, x: v128, y: v128): v128 {
    switch (op) {
      case ADD:
        return f32x4.add(x, y);
      case SUB:
        return f32x4.sub(x, y);
      case MUL:
        return f32x4.mul(x, y);
      case DIV:
        return f32x4.div(x, y);
      case MAX:
        // IEEE maximum: NaN if either is NaN, max(−0, +0) = +0, as Math.max.
        return f32x4.max(x, y);
      default:
        return f32x4.min(x, y);
    }
  }

  /** One row of `cols` outputs; an operand with column stride 0 is one float splatted. */
  @inline static row(op: i32, a: usize, aCol: i32, b: usize, bCol: i32, o: usize, cols: i32): void {
    const body = (<usize>(cols & ~3)) << 2;
    const end = (<usize>cols) << 2;
    let i: usize = 0;
    if (aCol !== 0 && bCol !== 0) {
      for (; i < body; i += 16) v128.store(o + i, Binary.apply(op, v128.load(a + i), v128.load(b + i)));
    } else if (aCol !== 0) {
      const vb = v128.load32_splat(b);
      for (; i < body; i += 16) v128.store(o + i, Binary.apply(op, v128.load(a + i), vb));
    } else if (bCol !== 0) {
      const va = v128.load32_splat(a);
      for (; i < body; i += 16) v128.store(o + i, Binary.apply(op, va, v128.load(b + i)));
    } else {
      const v = Binary.apply(op, v128.load32_splat(a), v128.load32_splat(b));
      for (; i < body; i += 16) v128.store(o + i, v);
    }
    // The last cols % 4 elements, one lane at a time (an operand with column stride 0 stays on its one float).
    for (; i < end; i += 4) {
      const va = v128.load32_splat(aCol === 0 ? a : a + i);
      const vb = v128.load32_splat(bCol === 0 ? b : b + i);
      v128.store32_lane(o + i, Binary.apply(op, va, vb), 0);
    }
  }

  @inline static rows(
    op: i32,
    a: usize,
    b: usize,
    o: usize,
    rows: i32,
    cols: i32,
    aRow: i32,
    aCol: i32,
    bRow: i32,
    bCol: i32,
  ): void {
    for (let r = 0; r < rows; r++) {
      const pa = a + ((<usize>(r * aRow)) << 2);
      const pb = b + ((<usize>(r * bRow)) << 2);
      Binary.row(op, pa, aCol, pb, bCol, o + ((<usize>(r * cols)) << 2), cols);
    }
  }
}

export function add_f32(
  a: usize,
  b: usize,
  o: usize,
  rows: i32,
  cols: i32,
  aRow: i32,
  aCol: i32,
  bRow: i32,
  bCol: i32,
): void {
  Binary.rows(ADD, a, b, o, rows, cols, aRow, aCol, bRow, bCol);
}
export function sub_f32(
  a: usize,
  b: usize,
  o: usize,
  rows: i32,
  cols: i32,
  aRow: i32,
  aCol: i32,
  bRow: i32,
  bCol: i32,
): void {
  Binary.rows(SUB, a, b, o, rows, cols, aRow, aCol, bRow, bCol);
}
export function mul_f32(
  a: usize,
  b: usize,
  o: usize,
  rows: i32,
  cols: i32,
  aRow: i32,
  aCol: i32,
  bRow: i32,
  bCol: i32,
): void {
  Binary.rows(MUL, a, b, o, rows, cols, aRow, aCol, bRow, bCol);
}
export function div_f32(
  a: usize,
  b: usize,
  o: usize,
  rows: i32,
  cols: i32,
  aRow: i32,
  aCol: i32,
  bRow: i32,
  bCol: i32,
): void {
  Binary.rows(DIV, a, b, o, rows, cols, aRow, aCol, bRow, bCol);
}
export function maximum_f32(
  a: usize,
  b: usize,
  o: usize,
  rows: i32,
  cols: i32,
  aRow: i32,
  aCol: i32,
  bRow: i32,
  bCol: i32,
): void {
  Binary.rows(MAX, a, b, o, rows, cols, aRow, aCol, bRow, bCol);
}
export function minimum_f32(
  a: usize,
  b: usize,
  o: usize,
  rows: i32,
  cols: i32,
  aRow: i32,
  aCol: i32,
  bRow: i32,
  bCol: i32,
): void {
  Binary.rows(MIN, a, b, o, rows, cols, aRow, aCol, bRow, bCol);
}

/**
 * sumToShape's bias-gradient path: o[c] = Σ_r x[r·cols + c] over rows, accumulated in float64 in row order
 * (x[0] first, then each row added), exactly as the js kernel, so the result is bit-identical. `acc` is 8·cols
 * bytes of float64 scratch. A caller may split the columns (never the rows) between threads.
 */
export function sumRows_f32(x: usize, o: usize, rows: i32, cols: i32, stride: i32, acc: usize): void {
  const pairs = cols >> 1;
  for (let c = 0; c < pairs; c++) {
    v128.store(acc + ((<usize>c) << 4), f64x2.promote_low_f32x4(v128.load64_zero(x + ((<usize>c) << 3))));
  }
  if (cols & 1) f64.store(acc + ((<usize>(cols - 1)) << 3), <f64>f32.load(x + ((<usize>(cols - 1)) << 2)));
  for (let r = 1; r < rows; r++) {
    const px = x + ((<usize>(r * stride)) << 2);
    for (let c = 0; c < pairs; c++) {
      const pa = acc + ((<usize>c) << 4);
      v128.store(pa, f64x2.add(v128.load(pa), f64x2.promote_low_f32x4(v128.load64_zero(px + ((<usize>c) << 3)))));
    }
    if (cols & 1) {
      const pa = acc + ((<usize>(cols - 1)) << 3);
      f64.store(pa, f64.load(pa) + <f64>f32.load(px + ((<usize>(cols - 1)) << 2)));
    }
  }
  for (let c = 0; c < cols; c++) f32.store(o + ((<usize>c) << 2), <f32>f64.load(acc + ((<usize>c) << 3)));
}

/**
 * sumToShape's row-sum path ([N, D] to [N, 1]): o[r] = Σ_c x[r·cols + c] in float64. Four partial sums, so the
 * order differs from the js kernel's (agreement within float64 rounding, then the same float32 almost always).
 */
export function sumCols_f32(x: usize, o: usize, rows: i32, cols: i32): void {
  for (let r = 0; r < rows; r++) {
    f32.store(o + ((<usize>r) << 2), <f32>rowSum(x + ((<usize>(r * cols)) << 2), cols));
  }
}

/** Σ of n floats at p in float64: two f64x2 accumulators over four lanes, then the tail. */
export function rowSum(p: usize, n: i32): f64 {
  let s0 = f64x2.splat(0);
  let s1 = f64x2.splat(0);
  const body = (<usize>(n & ~3)) << 2;
  for (let i: usize = 0; i < body; i += 16) {
    const v = v128.load(p + i);
    s0 = f64x2.add(s0, f64x2.promote_low_f32x4(v));
    s1 = f64x2.add(s1, f64x2.promote_low_f32x4(f32x4.shuffle(v, v, 2, 3, 0, 1)));
  }
  const s = f64x2.add(s0, s1);
  let sum = f64x2.extract_lane(s, 0) + f64x2.extract_lane(s, 1);
  for (let i = body; i < (<usize>n) << 2; i += 4) sum += <f64>f32.load(p + i);
  return sum;
}
