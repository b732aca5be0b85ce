import { describe, expect, test } from 'vitest';
import { decodeSafetensors, encodeSafetensors, SAFETENSORS_MAX_HEADER_BYTES } from './safetensors-format';

/** A file from raw header bytes (or text) and `dataBytes` zero bytes of data. */
function file(header: string | Uint8Array, dataBytes = 0): Uint8Array {
  const h = typeof header === 'string' ? new TextEncoder().encode(header) : header;
  const out = new Uint8Array(8 + h.length + dataBytes);
  new DataView(out.buffer).setUint32(0, h.length, true);
  out.set(h, 8);
  return out;
}

const W = '"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}';
const ENTRY = (name: string, begin: number) =>
  `"${name}":{"dtype":"F32","shape":[1],"data_offsets":[${begin},${begin + 4}]}`;
const nest = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;

function refusal(bytes: Uint8Array): string {
  try {
    decodeSafetensors(bytes);
  } catch (e) {
    expect(e).toBeInstanceOf(Error);
    expect(e).not.toBeInstanceOf(RangeError);
    const message = (e as Error).message;
    expect(message).toMatch(/^loadSafetensors: /);
    expect(message.length).toBeLessThan(400);
    return message;
  }
  return expect.fail('the file was accepted');
}

describe('the reader refuses what the reference reader refuses', () => {
  const cases: [string, Uint8Array, RegExp][] = [
    ['a tensor name given twice', file(`{${ENTRY('a', 0)},${ENTRY('a', 4)}}`, 8), /tensor 'a' appears twice/],
    [
      'a tensor name given twice, once escaped',
      file(`{${ENTRY('ab', 0)},${ENTRY('\\u0061b', 4)}}`, 8),
      /tensor 'ab' appears twice \(first at header byte 1\)/,
    ],
    [
      'a field twice in one entry',
      file('{"w":{"dtype":"F32","shape":[2],"dtype":"F32","data_offsets":[0,8]}}', 8),
      /tensor 'w' gives the field 'dtype' twice/,
    ],
    [
      'a field twice, once escaped',
      file('{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8],"\\u0073hape":[2]}}', 8),
      /gives the field 'shape' twice/,
    ],
    [
      '__metadata__ twice',
      file(`{"__metadata__":{},${W},"__metadata__":{"a":"b"}}`, 8),
      /'__metadata__' appears twice/,
    ],
    ['a metadata key twice', file('{"__metadata__":{"k":"1","k":"2"}}'), /metadata key 'k' appears twice/],
    [
      'nesting 128 deep',
      file(`{"w":{"x":${nest(126)},"dtype":"F32","shape":[2],"data_offsets":[0,8]}}`, 8),
      /nesting deeper than 127/,
    ],
    [
      'a UTF-8 byte-order mark',
      file(new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(`{${W}}`)]), 8),
      /byte-order mark/,
    ],
    ['a lone high surrogate in a name', file(`{${ENTRY('\\ud800', 0)}}`, 4), /lone high surrogate/],
    ['a lone low surrogate in a name', file(`{${ENTRY('x\\udc00', 0)}}`, 4), /lone low surrogate/],
    ['a high surrogate before a non-surrogate', file(`{${ENTRY('\\ud800\\u0041', 0)}}`, 4), /lone high surrogate/],
    ['a lone surrogate in metadata', file('{"__metadata__":{"k":"\\udbff"}}'), /lone high surrogate/],
    [
      'a lone surrogate in an unknown field',
      file('{"w":{"x":"\\ude00","dtype":"F32","shape":[0],"data_offsets":[0,0]}}'),
      /lone low surrogate/,
    ],
    [
      'a surrogate encoded directly in UTF-8',
      file(new Uint8Array([...new TextEncoder().encode('{"'), 0xed, 0xa0, 0x80, ...new TextEncoder().encode('":3}')])),
      /invalid UTF-8 inside a string/,
    ],
    [
      'an overlong UTF-8 sequence',
      file(new Uint8Array([0x7b, 0x22, 0xc0, 0xaf, 0x22, 0x3a, 0x33, 0x7d])),
      /invalid UTF-8/,
    ],
    [
      '2.0 as a dimension',
      file('{"w":{"dtype":"F32","shape":[2.0],"data_offsets":[0,8]}}', 8),
      /must be an integer, found '2.0/,
    ],
    [
      '3e0 as an offset',
      file('{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8e0]}}', 8),
      /must be an integer, found '8e0/,
    ],
    ['1E0 as a dimension', file('{"w":{"dtype":"F32","shape":[1E0],"data_offsets":[0,4]}}', 4), /must be an integer/],
    [
      '-0 as a dimension',
      file('{"w":{"dtype":"F32","shape":[-0],"data_offsets":[0,0]}}'),
      /must be a non-negative integer/,
    ],
    ['02 as a dimension', file('{"w":{"dtype":"F32","shape":[02],"data_offsets":[0,8]}}', 8), /leading zero/],
    [
      'a number as a metadata value',
      file('{"__metadata__":{"epoch":3}}'),
      /__metadata__\['epoch'\] is '3\}\}'; metadata values must be strings/,
    ],
    ['null as a metadata value', file('{"__metadata__":{"a":null}}'), /metadata values must be strings/],
    ['an object as a metadata value', file('{"__metadata__":{"a":{}}}'), /metadata values must be strings/],
    ['metadata that is a string', file('{"__metadata__":"x"}'), /__metadata__ must be an object of strings/],
    [
      'an entry written as an array',
      file('{"w":["F32",[2],[0,8]]}', 8),
      /header entry 'w' is '\["F32".*expected an object/,
    ],
    ['an entry missing its shape', file('{"w":{"dtype":"F32","data_offsets":[0,8]}}', 8), /tensor 'w' has no "shape"/],
    [
      'three data_offsets',
      file('{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,4,8]}}', 8),
      /more than two numbers/,
    ],
    ['a NUL after the header', file(`{${W}}\u0000`, 8), /after the header's closing '\}'/],
    ['a trailing comma', file(`{${W},}`, 8), /expected a tensor name \(a string\)/],
    ['a comment', file(`{/* x */${W}}`, 8), /expected a tensor name/],
    [
      'a raw newline in a name',
      file('{"a\nb":{"dtype":"F32","shape":[0],"data_offsets":[0,0]}}'),
      /raw control character 0x0a/,
    ],
    ['an invalid escape', file('{"a\\x":{"dtype":"F32","shape":[0],"data_offsets":[0,0]}}'), /invalid escape/],
    [
      'a number out of range',
      file('{"w":{"x":1e400,"dtype":"F32","shape":[0],"data_offsets":[0,0]}}'),
      /number '1e400.*out of range/,
    ],
    ['single quotes', file("{'w':1}"), /expected a tensor name/],
    [
      'an unknown dtype spelled in lower case',
      file('{"w":{"dtype":"f32","shape":[0],"data_offsets":[0,0]}}'),
      /unknown dtype 'f32'/,
    ],
    [
      'a shape claiming 45M elements in a 1 KB file',
      file('{"w":{"dtype":"F32","shape":[45000000],"data_offsets":[0,180000000]}}', 1024),
      /data_offsets \[0, 180000000\]: outside the 1024-byte data buffer/,
    ],
    [
      'a 45M-element shape over 1 KB of data',
      file('{"w":{"dtype":"F32","shape":[9000,5000],"data_offsets":[0,1024]}}', 1024),
      /needs 180000000 bytes but data_offsets \[0, 1024\] span 1024/,
    ],
    [
      'a sub-byte dtype not filling whole bytes',
      file('{"w":{"dtype":"F4","shape":[3],"data_offsets":[0,2]}}', 2),
      /needs 12 bits, not a whole number of bytes/,
    ],
    [
      'integers beyond 2^53',
      file('{"w":{"dtype":"F32","shape":[0,18446744073709551615],"data_offsets":[0,0]}}'),
      /above 2\^53/,
    ],
  ];
  test.each(cases)('%s', (_name, bytes, message) => {
    expect(refusal(bytes)).toMatch(message);
  });
});

describe('and accepts what it accepts', () => {
  test('unknown fields (any JSON, 127 deep), in any order, skipped as serde skips them', () => {
    const header = `{"w":{"x":${nest(125)},"shape":[2],"y":{"a":[1,-2.5e-3,true,null,"s"]},"data_offsets":[0,8],"dtype":"F32"}}`;
    const { tensors } = decodeSafetensors(file(header, 8));
    expect(tensors.w!.shape).toEqual([2]);
  });

  test('null __metadata__, escaped field names and names, whitespace between tokens, trailing spaces', () => {
    const header =
      '\t{ "__metadata__" : null ,\r\n "\\u0077\\ud83d\\ude00" : { "\\u0064type" : "F32" , "shape" : [ 1 ] ,' +
      ' "data_offsets" : [ 0 , 4 ] } }    ';
    const { tensors, metadata } = decodeSafetensors(file(header, 4));
    expect(Object.keys(tensors)).toEqual(['w😀']);
    expect(metadata).toEqual({});
  });

  test('a name escaped and a name in raw UTF-8 are the same name (so twice is refused)', () => {
    expect(refusal(file(`{${ENTRY('😀', 0)},${ENTRY('\\ud83d\\ude00', 4)}}`, 8))).toMatch(/tensor '😀' appears twice/);
  });

  test('an empty header, empty metadata, zero-size tensors sharing an offset', () => {
    expect(decodeSafetensors(file('{}'))).toEqual({ tensors: {}, metadata: {} });
    const z =
      '{"__metadata__":{},"a":{"dtype":"F64","shape":[0],"data_offsets":[0,0]},"b":{"dtype":"BF16","shape":[2,0],"data_offsets":[0,0]}}';
    const { tensors } = decodeSafetensors(file(z));
    expect(tensors.a!.data).toBeInstanceOf(Float64Array);
    expect(tensors.b!.shape).toEqual([2, 0]);
  });

  test('metadata keys and values with escapes, quotes and non-ASCII text', () => {
    const bytes = encodeSafetensors({}, { 'a"b\\c': 'line\nnext\u0001', é: '日本', '😀': '' });
    expect(decodeSafetensors(bytes).metadata).toEqual({ 'a"b\\c': 'line\nnext\u0001', é: '日本', '😀': '' });
  });
});

describe('the writer refuses what no reader can read', () => {
  const t = { shape: [1], data: new Float32Array(1) };
  test('names and metadata without a UTF-8 form (lone surrogates)', () => {
    expect(() => encodeSafetensors({ ['w\ud800']: t })).toThrow(
      /saveSafetensors: tensor name 'w\ud800' has a lone surrogate \(U\+D800 at index 1\), which has no UTF-8 form/,
    );
    expect(() => encodeSafetensors({ w: t }, { ['\udc00k']: 'v' })).toThrow(/metadata key .* lone surrogate/);
    expect(() => encodeSafetensors({ w: t }, { k: 'v\ud83d' })).toThrow(/metadata\['k'\] .* lone surrogate/);
    // A proper pair is fine.
    expect(Object.keys(decodeSafetensors(encodeSafetensors({ ['w\ud83d\ude00']: t })).tensors)).toEqual(['w😀']);
  });

  test('a header over 100 MB, refused from its computed size before it is built', () => {
    const huge = 'x'.repeat(SAFETENSORS_MAX_HEADER_BYTES);
    expect(() => encodeSafetensors({ w: t }, { note: huge })).toThrow(
      /saveSafetensors: the header would be 1000000(4|8)\d bytes, over the format's limit of 100000000 bytes/,
    );
  });

  test('written bytes equal what JSON.stringify gives for the same header (escaping as serde_json)', () => {
    const names = ['a"b', 'back\\slash', 'tab\there', '\u0000\u001f\u007f', 'é日😀', '/slash'];
    const tensors = Object.fromEntries(names.map((n) => [n, t]));
    const bytes = encodeSafetensors(tensors, { 'k\n': 'v\u2028' });
    const n = new DataView(bytes.buffer).getUint32(0, true);
    const text = new TextDecoder().decode(bytes.subarray(8, 8 + n)).trimEnd();
    const parsed = JSON.parse(text);
    expect(text).toBe(JSON.stringify(parsed));
    expect(Object.keys(parsed).slice(1).sort()).toEqual([...names].sort());
  });
});
