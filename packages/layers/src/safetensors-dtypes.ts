/**
 * Half-precision formats to and from float32, bit-exact, as PyTorch converts them (c10/util/Half.h and BFloat16.h):
 *
 * - F16 (IEEE binary16) → float32 is exact: normals, subnormals (down to 2^-24), ±0, ±Inf; a NaN keeps its sign
 *   and payload, with the quiet bit set (what the x86 conversion PyTorch runs does).
 * - BF16 → float32 is exact: the 16 bits become the top half of the float32.
 * - float32 → F16 rounds to nearest, ties to even (`tensor.half()`): |x| ≥ 65520 becomes ±Inf, below 2^-25 ±0, a
 *   NaN becomes 0x7E00 with its sign.
 * - float32 → BF16 rounds to nearest, ties to even (`tensor.bfloat16()`); every NaN becomes 0xFFFF, as PyTorch's
 *   (vectorised) CPU conversion of a tensor gives, or 0x7FC0 for a 0-d tensor, as its scalar conversion gives.
 * - float64 sources go through float32 first (round to nearest), as PyTorch's casts do.
 */

let f16Table: Uint32Array | null = null;

/** float32 bits of every F16 value, by its 16 bits (built once, 256 KB). */
function f16ToF32Table(): Uint32Array {
  if (f16Table !== null) return f16Table;
  const table = new Uint32Array(65536);
  for (let h = 0; h < 65536; h++) {
    const sign = (h & 0x8000) << 16;
    const exp = (h >> 10) & 0x1f;
    const mant = h & 0x3ff;
    let bits: number;
    if (exp === 31) bits = 0x7f800000 | (mant << 13) | (mant !== 0 ? 0x400000 : 0);
    else if (exp !== 0) bits = ((exp + 112) << 23) | (mant << 13);
    else if (mant === 0) bits = 0;
    else {
      // Subnormal: mant · 2^-24. Shift the leading one into the implicit bit, lowering the exponent as we go.
      let e = 113;
      let m = mant;
      while ((m & 0x400) === 0) {
        m <<= 1;
        e--;
      }
      bits = (e << 23) | ((m & 0x3ff) << 13);
    }
    table[h] = (sign | bits) >>> 0;
  }
  f16Table = table;
  return table;
}

/** Widens `count` little-endian F16 values at bytes[at…] into `out` (a Float32Array), exactly. */
export function decodeF16(bytes: Uint8Array, at: number, out: Float32Array): void {
  const table = f16ToF32Table();
  const bits = new Uint32Array(out.buffer, out.byteOffset, out.length);
  for (let i = 0, j = at; i < bits.length; i++, j += 2) bits[i] = table[bytes[j]! | (bytes[j + 1]! << 8)]!;
}

/** Widens `count` little-endian BF16 values at bytes[at…] into `out` (a Float32Array), exactly. */
export function decodeBF16(bytes: Uint8Array, at: number, out: Float32Array): void {
  const bits = new Uint32Array(out.buffer, out.byteOffset, out.length);
  for (let i = 0, j = at; i < bits.length; i++, j += 2) bits[i] = ((bytes[j]! << 16) | (bytes[j + 1]! << 24)) >>> 0;
}

/** F16 bits of the float32 whose bits are `w`, rounded to nearest even. */
export function f32BitsToF16(w: number): number {
  const sign = (w >>> 16) & 0x8000;
  const abs = w & 0x7fffffff;
  if (abs > 0x7f800000) return sign | 0x7e00;
  if (abs >= 0x477ff000) return sign | 0x7c00; // 65520 and up (Inf included) round to Inf
  if (abs >= 0x38800000) {
    // Normal in F16: rebias the exponent, keep 10 mantissa bits, round the 13 dropped ones.
    let h = (((abs >>> 23) - 112) << 10) | ((abs >>> 13) & 0x3ff);
    const rest = abs & 0x1fff;
    if (rest > 0x1000 || (rest === 0x1000 && (h & 1) === 1)) h++;
    return sign | h;
  }
  if (abs <= 0x33000000) return sign; // at most 2^-25: the tie at 2^-25 goes to the even 0
  // Subnormal in F16: the significand in units of 2^-24 is m · 2^(e − 126).
  const e = abs >>> 23;
  const m = (abs & 0x7fffff) | 0x800000;
  const shift = 126 - e;
  let h = m >>> shift;
  const rest = m & ((1 << shift) - 1);
  const half = 1 << (shift - 1);
  if (rest > half || (rest === half && (h & 1) === 1)) h++;
  return sign | h;
}

/** BF16 bits of a 0-d tensor's float32 (PyTorch's scalar path: NaN → 0x7FC0). */
export function f32BitsToBF16Scalar(w: number): number {
  return (w & 0x7fffffff) > 0x7f800000 ? 0x7fc0 : f32BitsToBF16(w);
}

/** BF16 bits of the float32 whose bits are `w`, rounded to nearest even (NaN → 0xFFFF). */
export function f32BitsToBF16(w: number): number {
  if ((w & 0x7fffffff) > 0x7f800000) return 0xffff;
  return ((w + 0x7fff + ((w >>> 16) & 1)) >>> 16) & 0xffff;
}

const scratchF32 = new Float32Array(1);
const scratchU32 = new Uint32Array(scratchF32.buffer);

/**
 * Writes `data` as little-endian 16-bit values at out[at…], converting each with `convert` (f32BitsToF16 or
 * f32BitsToBF16). float64 data is rounded to float32 first.
 */
export function encodeHalf(
  data: Float32Array | Float64Array,
  out: Uint8Array,
  at: number,
  convert: (bits: number) => number,
): void {
  if (data instanceof Float32Array) {
    const bits = new Uint32Array(data.buffer, data.byteOffset, data.length);
    for (let i = 0, j = at; i < bits.length; i++, j += 2) {
      const h = convert(bits[i]!);
      out[j] = h & 0xff;
      out[j + 1] = h >>> 8;
    }
    return;
  }
  for (let i = 0, j = at; i < data.length; i++, j += 2) {
    scratchF32[0] = data[i]!;
    const h = convert(scratchU32[0]!);
    out[j] = h & 0xff;
    out[j + 1] = h >>> 8;
  }
}
