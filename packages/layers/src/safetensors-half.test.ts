import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { f32BitsToBF16, f32BitsToF16 } from './safetensors-dtypes';
import { decodeSafetensors, encodeSafetensors } from './safetensors-format';

/** PyTorch's F16/BF16 references (fixtures/generate_io.py): files with PyTorch's bytes, `.float()`, `.half()`. */
interface HalfFixture {
  widened: Record<string, { shape: number[]; bits16: number[]; f32bits: number[] }>;
  rounding: { f32bits: number[]; f16: number[]; bf16: number[] };
  rounding64: { values: number[]; f16: number[]; bf16: number[] };
  linear: { state: Record<string, number[]>; shapes: Record<string, number[]>; x: number[]; yFromF16: number[] };
}
const ref = JSON.parse(readFileSync(new URL('../fixtures/half.json', import.meta.url), 'utf8')) as HalfFixture;
const fixture = (name: string) => readFileSync(new URL(`../fixtures/${name}`, import.meta.url));
const bitsOf = (a: Float32Array) => Array.from(new Uint32Array(a.buffer, a.byteOffset, a.length));
const hex = (v: number) => `0x${v.toString(16)}`;

function floatFromBits(bits: readonly number[]): Float32Array {
  return new Float32Array(Uint32Array.from(bits).buffer);
}

describe('F16 and BF16 load exactly as PyTorch widens them', () => {
  const { tensors, metadata } = decodeSafetensors(fixture('half.safetensors'));

  test.each(Object.keys(ref.widened))('%s: every float32 bit pattern equals PyTorch .float()', (name) => {
    const expected = ref.widened[name]!;
    const t = tensors[name]!;
    expect(t.dtype).toBe('float32');
    expect(t.fileDtype).toBe(name.includes('bf16') ? 'BF16' : 'F16');
    expect(t.shape).toEqual(expected.shape);
    const got = bitsOf(t.data as Float32Array);
    const bad = got.findIndex((b, i) => b !== expected.f32bits[i]);
    expect(
      bad,
      bad < 0 ? '' : `${hex(expected.bits16[bad]!)}: got ${hex(got[bad]!)}, want ${hex(expected.f32bits[bad]!)}`,
    ).toBe(-1);
    expect(got.length).toBe(expected.f32bits.length);
  });

  test('the fixture covers ±0, every subnormal, ±Inf and NaNs of both formats', () => {
    const f16 = ref.widened.f16!.bits16;
    expect(f16).toContain(0x0000);
    expect(f16).toContain(0x8000);
    expect(f16.filter((h) => (h & 0x7c00) === 0 && (h & 0x3ff) !== 0).length).toBe(2046);
    expect(f16).toContain(0x7c00);
    expect(f16).toContain(0xfc00);
    expect(f16.filter((h) => (h & 0x7c00) === 0x7c00 && (h & 0x3ff) !== 0).length).toBe(2046);
    const bf16 = ref.widened.bf16!.bits16;
    expect(bf16.filter((h) => (h & 0x7f80) === 0 && (h & 0x7f) !== 0).length).toBe(254);
    expect(bf16.filter((h) => (h & 0x7f80) === 0x7f80 && (h & 0x7f) !== 0).length).toBe(254);
  });

  test('0-d and empty half tensors, and the metadata', () => {
    expect(tensors['scalar.f16']!.shape).toEqual([]);
    expect(Array.from(tensors['scalar.f16']!.data)).toEqual([-2.5]);
    expect(tensors['empty.bf16']!.shape).toEqual([0, 3]);
    expect(tensors['empty.bf16']!.data.length).toBe(0);
    expect(metadata).toEqual({ format: 'pt' });
  });

  test('F16 → float32 → F16 gives back all 65,536 patterns (NaNs as the quiet NaN of their sign)', () => {
    const all = new Uint16Array(65536).map((_, i) => i);
    const header = new TextEncoder().encode('{"h":{"dtype":"F16","shape":[65536],"data_offsets":[0,131072]}}');
    const file = new Uint8Array(8 + header.length + 131072);
    new DataView(file.buffer).setUint32(0, header.length, true);
    file.set(header, 8);
    file.set(new Uint8Array(all.buffer), 8 + header.length);
    const widened = decodeSafetensors(file).tensors.h!.data as Float32Array;
    const bits = new Uint32Array(widened.buffer);
    for (let h = 0; h < 65536; h++) {
      const nan = (h & 0x7c00) === 0x7c00 && (h & 0x3ff) !== 0;
      const back = f32BitsToF16(bits[h]!);
      if (nan) expect(Number.isNaN(widened[h]), hex(h)).toBe(true);
      else if (back !== h) expect.fail(`F16 ${hex(h)} came back as ${hex(back)}`);
    }
  });
});

describe('float32/float64 → F16/BF16 round as PyTorch .half() / .bfloat16()', () => {
  test('float32 sources (ties, subnormals, overflow, specials, 3000 random bit patterns)', () => {
    const { f32bits, f16, bf16 } = ref.rounding;
    expect(f32bits.length).toBeGreaterThan(4000);
    for (let i = 0; i < f32bits.length; i++) {
      const w = f32bits[i]!;
      if (f32BitsToF16(w) !== f16[i])
        expect.fail(`F16 of ${hex(w)}: got ${hex(f32BitsToF16(w))}, want ${hex(f16[i]!)}`);
      if (f32BitsToBF16(w) !== bf16[i]) {
        expect.fail(`BF16 of ${hex(w)}: got ${hex(f32BitsToBF16(w))}, want ${hex(bf16[i]!)}`);
      }
    }
  });

  test('through the writer: float32 and float64 tensors saved with { dtype } hold PyTorch bytes', () => {
    for (const [dtype, key] of [
      ['F16', 'f16'],
      ['BF16', 'bf16'],
    ] as const) {
      const f32 = floatFromBits(ref.rounding.f32bits);
      const f64 = Float64Array.from(ref.rounding64.values);
      for (const [data, want] of [
        [f32, ref.rounding[key]],
        [f64, ref.rounding64[key]],
      ] as const) {
        const bytes = encodeSafetensors({ t: { shape: [data.length], data } }, undefined, { dtype });
        const n = new DataView(bytes.buffer).getUint32(0, true);
        const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + n)));
        expect(header.t.dtype).toBe(dtype);
        const stored = new Uint16Array(bytes.slice(8 + n).buffer);
        const bad = Array.from(stored).findIndex((h, i) => h !== want[i]);
        expect(bad, bad < 0 ? '' : `${dtype} of ${data[bad]}: got ${hex(stored[bad]!)}, want ${hex(want[bad]!)}`).toBe(
          -1,
        );
        expect(stored.length).toBe(want.length);
      }
    }
  });

  test('a 0-d NaN in BF16 is 0x7FC0, as PyTorch scalar conversion gives', () => {
    const bytes = encodeSafetensors({ s: { shape: [], data: new Float32Array([Number.NaN]) } }, undefined, {
      dtype: 'BF16',
    });
    expect(new DataView(bytes.buffer).getUint16(bytes.length - 2, true)).toBe(0x7fc0);
  });

  test("a Linear's float32 state saved as F16 / BF16 is byte-identical to the file PyTorch's tensors make", () => {
    const state = Object.fromEntries(
      Object.entries(ref.linear.state).map(([k, bits]) => [
        k,
        { shape: ref.linear.shapes[k]!, data: floatFromBits(bits) },
      ]),
    );
    expect(encodeSafetensors(state, undefined, { dtype: 'F16' })).toEqual(
      new Uint8Array(fixture('linear-half-f16.safetensors')),
    );
    expect(encodeSafetensors(state, { format: 'pt' }, { dtype: 'BF16' })).toEqual(
      new Uint8Array(fixture('linear-half-bf16.safetensors')),
    );
  });

  test('options are checked', () => {
    const t = { w: { shape: [1], data: new Float32Array(1) } };
    expect(() => encodeSafetensors(t, undefined, { dtype: 'F8' as 'F16' })).toThrow(
      /saveSafetensors: options.dtype must be one of 'F16', 'BF16', 'F32', 'F64', got "F8"/,
    );
    expect(() => encodeSafetensors(t, undefined, { dtyp: 'F16' } as object)).toThrow(
      /saveSafetensors: unknown option 'dtyp'. Valid options: dtype/,
    );
  });
});
