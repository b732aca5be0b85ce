import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { decodeSafetensors, encodeSafetensors } from './safetensors-format';

const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`../fixtures/${name}`, import.meta.url)));

/** A file from a header given as JSON text (or an object) and a data buffer of `dataBytes` bytes. */
function craft(header: unknown, dataBytes: number, headerLengthOverride?: number): Uint8Array {
  const json = new TextEncoder().encode(typeof header === 'string' ? header : JSON.stringify(header));
  const out = new Uint8Array(8 + json.length + dataBytes);
  const view = new DataView(out.buffer);
  const n = headerLengthOverride ?? json.length;
  view.setUint32(0, n % 2 ** 32, true);
  view.setUint32(4, Math.floor(n / 2 ** 32), true);
  out.set(json, 8);
  return out;
}

describe('safetensors container', () => {
  test('reads the file PyTorch tensors were written to (F32), with metadata', () => {
    const expected = JSON.parse(readFileSync(new URL('../fixtures/sequential-tanh.json', import.meta.url), 'utf8'));
    const { tensors, metadata } = decodeSafetensors(fixture('sequential-tanh.safetensors'));
    expect(metadata).toEqual(expected.metadata);
    expect(Object.keys(tensors).sort()).toEqual(Object.keys(expected.state).sort());
    for (const [name, ref] of Object.entries<{ shape: number[]; data: number[] }>(expected.state)) {
      const t = tensors[name]!;
      expect(t.dtype).toBe('float32');
      expect(t.data).toBeInstanceOf(Float32Array);
      expect(t.shape).toEqual(ref.shape);
      // The JSON holds the float32 values exactly (as float64 decimals).
      expect(Array.from(t.data)).toEqual(ref.data);
    }
  });

  test('reads an F64 file', () => {
    const { tensors } = decodeSafetensors(fixture('sequential-tanh-f64.safetensors'));
    expect(tensors['0.weight']!.data).toBeInstanceOf(Float64Array);
    expect(tensors['0.weight']!.shape).toEqual([8, 2]);
  });

  test('writes the reference layout: 8-byte aligned header padded with spaces, F64 before F32, then by name', () => {
    const bytes = encodeSafetensors(
      { b: { shape: [2], data: new Float32Array([1, 2]) }, a: { shape: [1], data: new Float64Array([3]) } },
      { format: 'pt' },
    );
    const n = new DataView(bytes.buffer).getUint32(0, true);
    expect(n % 8).toBe(0);
    const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + n)));
    expect(header).toEqual({
      __metadata__: { format: 'pt' },
      a: { dtype: 'F64', shape: [1], data_offsets: [0, 8] },
      b: { dtype: 'F32', shape: [2], data_offsets: [8, 16] },
    });
    expect(bytes.length).toBe(8 + n + 16);
  });

  test('round trip is bit-identical (property)', () => {
    const tensorArb = fc.oneof(
      fc
        .array(fc.float({ noDefaultInfinity: false }), { maxLength: 24 })
        .map((v) => ({ shape: [v.length], data: new Float32Array(v) })),
      fc
        .tuple(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 4 }))
        .chain(([r, c]) =>
          fc
            .array(fc.double(), { minLength: r * c, maxLength: r * c })
            .map((v) => ({ shape: [r, c], data: new Float64Array(v) })),
        ),
      fc.double().map((v) => ({ shape: [] as number[], data: new Float64Array([v]) })),
    );
    fc.assert(
      fc.property(
        fc.dictionary(fc.string({ minLength: 0, maxLength: 8 }), tensorArb, { maxKeys: 5 }),
        fc.dictionary(fc.string(), fc.string(), { maxKeys: 3 }),
        (tensors, metadata) => {
          delete tensors.__metadata__;
          const bytes = encodeSafetensors(tensors, metadata);
          const back = decodeSafetensors(bytes);
          expect(Object.keys(back.tensors).sort()).toEqual(Object.keys(tensors).sort());
          for (const [name, t] of Object.entries(tensors)) {
            const r = back.tensors[name]!;
            expect(r.shape).toEqual(t.shape);
            expect(r.data.constructor).toBe(t.data.constructor);
            expect(new Uint8Array(r.data.buffer, r.data.byteOffset, r.data.byteLength)).toEqual(
              new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength),
            );
          }
          expect(back.metadata).toEqual(metadata);
          // Writing what was read gives the same bytes again.
          expect(encodeSafetensors(back.tensors, back.metadata)).toEqual(bytes);
        },
      ),
      { numRuns: 150 },
    );
  });

  test('a tensor named __proto__ stays data', () => {
    const tricky = craft('{"__proto__":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}', 4);
    const { tensors } = decodeSafetensors(tricky);
    expect(Object.keys(tensors)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(tensors)).toBe(Object.prototype);
  });

  const good = { w: { dtype: 'F32', shape: [2], data_offsets: [0, 8] } };
  const refusals: [string, () => Uint8Array, RegExp][] = [
    ['empty file', () => new Uint8Array(0), /shorter than the 8-byte header length/],
    ['truncated prefix', () => new Uint8Array(5), /shorter than the 8-byte header length/],
    ['truncated header', () => craft(good, 8).subarray(0, 20), /runs past the end.*truncated/],
    ['truncated data', () => craft(good, 8).subarray(0, craft(good, 8).length - 1), /outside the 7-byte data buffer/],
    ['oversized header', () => craft(good, 8, 100_000_001), /exceeds the 100000000-byte limit/],
    ['header length near 2^64', () => craft(good, 8, 2 ** 60), /exceeds the 100000000-byte limit/],
    [
      'bad JSON',
      () => craft('{"w": {"dtype": "F32",', 8),
      /header byte 22: expected a field name .* found the end of the header/,
    ],
    [
      'invalid UTF-8',
      () => craft('{"w":1}', 0).map((b, i) => (i === 10 ? 0xff : b)),
      /header byte 2: invalid UTF-8 inside a string/,
    ],
    ['JSON array header', () => craft('[1,2]', 0), /expected the header's opening '\{', found '\[1,2\]'/],
    ['entry not an object', () => craft({ w: 3 }, 0), /header entry 'w' is '3\}'; expected an object/],
    ['unknown dtype', () => craft({ w: { dtype: 'F99', shape: [1], data_offsets: [0, 4] } }, 4), /unknown dtype 'F99'/],
    [
      'unsupported dtype',
      () => craft({ w: { dtype: 'I64', shape: [2], data_offsets: [0, 16] } }, 16),
      /'w' has dtype I64, which actlab does not load \(supported: F16, BF16, F32, F64\)/,
    ],
    [
      'negative dim',
      () => craft({ w: { dtype: 'F32', shape: [-2], data_offsets: [0, 8] } }, 8),
      /a dimension of tensor 'w' must be a non-negative integer, found '-2\]/,
    ],
    [
      'fractional dim',
      () => craft({ w: { dtype: 'F32', shape: [1.5], data_offsets: [0, 6] } }, 6),
      /a dimension of tensor 'w' must be an integer, found '1.5\].*a fraction or exponent/,
    ],
    [
      'shape not array',
      () => craft({ w: { dtype: 'F32', shape: 2, data_offsets: [0, 8] } }, 8),
      /tensor 'w' has shape '2,.*expected an array of integers/,
    ],
    [
      'huge shape',
      () => craft({ w: { dtype: 'F32', shape: [2 ** 40, 2 ** 40, 2 ** 40], data_offsets: [0, 8] } }, 8),
      /needs more than 2\^50 bytes/,
    ],
    [
      'byte length mismatch',
      () => craft({ w: { dtype: 'F32', shape: [3], data_offsets: [0, 8] } }, 8),
      /needs 12 bytes but data_offsets \[0, 8\] span 8/,
    ],
    [
      'offset past end',
      () => craft({ w: { dtype: 'F32', shape: [2], data_offsets: [0, 16] } }, 8),
      /outside the 8-byte/,
    ],
    [
      'offset reversed',
      () => craft({ w: { dtype: 'F32', shape: [0], data_offsets: [8, 0] } }, 8),
      /begin is after end/,
    ],
    [
      'offsets malformed',
      () => craft({ w: { dtype: 'F32', shape: [2], data_offsets: [0] } }, 8),
      /data_offsets of one number/,
    ],
    [
      'negative offset',
      () => craft({ w: { dtype: 'F32', shape: [2], data_offsets: [-8, 0] } }, 8),
      /data_offsets\[0\] of tensor 'w' must be a non-negative integer/,
    ],
    [
      'overlapping tensors',
      () =>
        craft(
          {
            a: { dtype: 'F32', shape: [2], data_offsets: [0, 8] },
            b: { dtype: 'F32', shape: [2], data_offsets: [4, 12] },
          },
          12,
        ),
      /'b' data_offsets \[4, 12\] overlap/,
    ],
    [
      'gap between tensors',
      () =>
        craft(
          {
            a: { dtype: 'F32', shape: [1], data_offsets: [0, 4] },
            b: { dtype: 'F32', shape: [1], data_offsets: [8, 12] },
          },
          12,
        ),
      /bytes \[4, 8\) of the data buffer belong to no tensor/,
    ],
    ['trailing bytes', () => craft(good, 12), /cover 8 of the 12 data-buffer bytes/],
    ['metadata not strings', () => craft({ __metadata__: { a: 1 } }, 0), /metadata values must be strings/],
  ];
  test.each(refusals)('refuses %s with a clear Error', (_name, make, message) => {
    expect(() => decodeSafetensors(make())).toThrow(message);
  });

  test('random byte corruption never crashes or hangs: it either loads or throws an Error', () => {
    const original = fixture('sequential-tanh.safetensors');
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(original.length - 1), fc.nat(255)), { minLength: 1, maxLength: 4 }),
        fc.nat(original.length),
        (edits, cut) => {
          const bytes = original.slice(0, Math.max(cut, 9));
          for (const [at, value] of edits) if (at < bytes.length) bytes[at] = value;
          try {
            decodeSafetensors(bytes);
          } catch (e) {
            expect(e).toBeInstanceOf(Error);
            expect((e as Error).message).toMatch(/^loadSafetensors: /);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  test('saving refuses a tensor whose data does not match its shape, or a shape the reader would refuse', () => {
    expect(() => encodeSafetensors({ w: { shape: [3], data: new Float32Array(2) } })).toThrow(
      /shape \[3\] but 2 values/,
    );
    expect(() => encodeSafetensors({ w: { shape: [-1, -2], data: new Float32Array(2) } })).toThrow(
      /tensor 'w' has shape \[-1, -2\]; every dimension must be a non-negative integer/,
    );
    expect(() => encodeSafetensors({ w: { shape: [1.5, 2], data: new Float32Array(3) } })).toThrow(
      /every dimension must be a non-negative integer/,
    );
  });

  // Hostile headers must give a short Error from the parser, not a stack overflow or a message the size of the file.
  const deep = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;
  const hostile: [string, string, RegExp][] = [
    ['a deeply nested entry', `{"w":${deep(100_000)}}`, /header entry 'w' is '\[\[\[\[.*expected an object/],
    ['a deeply nested unknown field', `{"w":{"x":${deep(100_000)}}}`, /nesting deeper than 127 levels/],
    [
      'a deeply nested shape',
      `{"w":{"dtype":"F32","shape":${deep(100_000)},"data_offsets":[0,0]}}`,
      /expected a dimension of tensor 'w' \(a non-negative integer\), found '\[\[\[/,
    ],
    ['a deeply nested metadata value', `{"__metadata__":{"k":${deep(100_000)}}}`, /metadata values must be strings/],
    [
      'a shape of a million dimensions',
      `{"w":{"dtype":"F32","shape":[${Array(1_000_000).fill(1).join(',')}],"data_offsets":[0,0]}}`,
      /tensor 'w' has more than 64 dimensions, more than actlab loads/,
    ],
    [
      'an entry of a million items',
      `{"w":[${Array(1_000_000).fill(1).join(',')}]}`,
      /header entry 'w' is '\[1,1,1,1,1,1,1,1,1,1,1,1…'; expected an object/,
    ],
    ['a huge tensor name', `{"${'n'.repeat(1_000_000)}":3}`, /header entry 'n{60}…' is '3\}'/],
  ];
  test.each(hostile)('refuses %s with a short Error', (_name, header, message) => {
    let error: unknown;
    try {
      decodeSafetensors(craft(header, 0));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(RangeError);
    expect((error as Error).message).toMatch(/^loadSafetensors: /);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message.length).toBeLessThan(400);
  });
});
