import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { noGrad, tensor } from '@actlab/autograd';
import { describe, expect, test } from 'vitest';
import { Tanh } from './activation-modules';
import { Linear } from './linear';
import { Maxout } from './maxout';
import { Sequential } from './module';
import { RBF } from './rbf';
import {
  loadSafetensors,
  loadSafetensorsFile,
  loadSafetensorsWithMetadata,
  saveSafetensors,
  saveSafetensorsFile,
} from './safetensors';
import { type Encoded, expectClose, readFixture } from './test-fixtures';

const ref = readFixture<{ x: Encoded; y: Encoded; metadata: Record<string, string> }>('sequential-tanh.json');
const fixtureBytes = (name: string) => new Uint8Array(readFileSync(new URL(`../fixtures/${name}`, import.meta.url)));

describe('safetensors with modules', () => {
  test.each(['sequential-tanh.safetensors', 'sequential-tanh-f64.safetensors'])(
    'a PyTorch nn.Sequential(Linear(2,8), Tanh, Linear(8,1)) file (%s) loads and gives PyTorch outputs',
    (file) => {
      const model = new Sequential(new Linear(2, 8), new Tanh(), new Linear(8, 1));
      model.loadStateDict(loadSafetensors(fixtureBytes(file)));
      const x = tensor(Float32Array.from(ref.x.data as number[]), { shape: ref.x.shape });
      const y = noGrad(() => model.forward(x));
      expectClose(y, ref.y, 1e-6, 1e-6, 'y');
    },
  );

  test('metadata is returned', () => {
    expect(loadSafetensorsWithMetadata(fixtureBytes('sequential-tanh.safetensors')).metadata).toEqual(ref.metadata);
  });

  test('a module saves under its PyTorch keys and loads back bit-identical (Maxout, RBF, float64 too)', () => {
    const model = new Sequential(
      new Maxout(2, 3, 2),
      new RBF(3, 4, { gamma: 0.5, dtype: 'float32' }),
      new Linear(4, 1),
    );
    const bytes = saveSafetensors(model, { format: 'pt' });
    const loaded = loadSafetensorsWithMetadata(bytes);
    expect(Object.keys(loaded.tensors).sort()).toEqual([
      '0.lin.bias',
      '0.lin.weight',
      '1.centers',
      '2.bias',
      '2.weight',
    ]);
    expect(loaded.metadata).toEqual({ format: 'pt' });
    const copy = new Sequential(new Maxout(2, 3, 2), new RBF(3, 4, { gamma: 0.5 }), new Linear(4, 1));
    copy.loadStateDict(loaded.tensors);
    for (const [[k, a], [, b]] of model.namedParameters().map((e, i) => [e, copy.namedParameters()[i]!] as const)) {
      expect(b.data, k).toEqual(a.data);
    }
    const f64 = new Linear(3, 2, { dtype: 'float64' });
    const back = loadSafetensors(saveSafetensors(f64));
    expect(back.weight!.dtype).toBe('float64');
    expect(back.weight!.data).toEqual(f64.weight.data);
  });

  test('Node file helpers write and read a file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'actlab-st-'));
    try {
      const model = new Sequential(new Linear(2, 3), new Tanh(), new Linear(3, 1));
      const path = join(dir, 'model.safetensors');
      await saveSafetensorsFile(path, model);
      const tensors = await loadSafetensorsFile(path);
      expect(tensors['0.weight']!.data).toEqual(model.stateDict()['0.weight']!.data);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('loading a file into the wrong model names the key and shapes', () => {
    const model = new Sequential(new Linear(2, 4), new Tanh(), new Linear(4, 1));
    expect(() => model.loadStateDict(loadSafetensors(fixtureBytes('sequential-tanh.safetensors')))).toThrow(
      /size mismatch for '0.weight': the state dict has shape \[8, 2\], the parameter in the current model has shape \[4, 2\]/,
    );
  });
});

describe('loadSafetensors takes the bytes in every form a caller has them', () => {
  const file = 'sequential-tanh.safetensors';
  const expected = () => loadSafetensors(fixtureBytes(file));

  test("a Node Buffer straight from fs.readFileSync (a view into Node's shared pool)", () => {
    const buffer = readFileSync(new URL(`../fixtures/${file}`, import.meta.url));
    expect(Buffer.isBuffer(buffer)).toBe(true);
    // Small files share one pooled ArrayBuffer; the reader must never read `buffer.buffer` from its start.
    const pooled = Buffer.from(buffer);
    expect(pooled.byteOffset > 0 || pooled.buffer.byteLength > pooled.length).toBe(true);
    for (const b of [buffer, pooled]) {
      const tensors = loadSafetensors(b);
      for (const [k, t] of Object.entries(expected())) expect(tensors[k]!.data, k).toEqual(t.data);
    }
  });

  test('a Uint8Array at an odd byte offset inside a larger buffer, and an ArrayBuffer', () => {
    const bytes = fixtureBytes(file);
    const big = new Uint8Array(bytes.length + 11).fill(0xee);
    big.set(bytes, 3);
    const odd = big.subarray(3, 3 + bytes.length);
    expect(odd.byteOffset % 2).toBe(1);
    const fromArrayBuffer = loadSafetensors(bytes.slice().buffer);
    for (const [k, t] of Object.entries(expected())) {
      expect(loadSafetensors(odd)[k]!.data, k).toEqual(t.data);
      expect(fromArrayBuffer[k]!.data, k).toEqual(t.data);
    }
  });

  test('other views are refused with the fix', () => {
    expect(() => loadSafetensors(new Int8Array(16) as unknown as Uint8Array)).toThrow(
      /expected the file's bytes as a Uint8Array, a Node Buffer or an ArrayBuffer, got Int8Array\(16\); wrap it/,
    );
    expect(() => loadSafetensors('model.safetensors' as unknown as Uint8Array)).toThrow(/got "model.safetensors"/);
  });

  test('F16 and BF16 files from PyTorch load into a model as float32', () => {
    const ref16 = readFixture<{ linear: { x: number[]; yFromF16: number[] } }>('half.json').linear;
    const lin = new Linear(3, 4);
    lin.loadStateDict(loadSafetensors(fixtureBytes('linear-half-f16.safetensors')));
    const x = tensor(new Float32Array(Uint32Array.from(ref16.x).buffer), { shape: [5, 3] });
    const y = noGrad(() => lin.forward(x));
    const want = new Float32Array(Uint32Array.from(ref16.yFromF16).buffer);
    for (let i = 0; i < want.length; i++) expect(y.data[i]).toBeCloseTo(want[i]!, 5);
    expect(loadSafetensors(fixtureBytes('linear-half-bf16.safetensors')).weight!.dtype).toBe('float32');
  });

  test('saveSafetensors(model, metadata, { dtype }) writes half precision that loads back rounded', () => {
    const model = new Linear(2, 3);
    const back = loadSafetensors(saveSafetensors(model, undefined, { dtype: 'BF16' }));
    const w = model.weight.data;
    for (let i = 0; i < w.length; i++) {
      expect(Math.abs(back.weight!.data[i]! - w[i]!)).toBeLessThanOrEqual(Math.abs(w[i]!) * 2 ** -8);
    }
    expect(() => saveSafetensors(model, undefined, { dtype: 'F16', round: true } as object)).toThrow(
      /unknown option 'round'/,
    );
  });
});

describe('the file helpers check the path and name the op when the file system fails', () => {
  test('a path that is not a string, a missing file, an unwritable path', async () => {
    await expect(loadSafetensorsFile(3 as unknown as string)).rejects.toThrow(
      /loadSafetensorsFile: path must be a non-empty string \(a file path\), got 3/,
    );
    await expect(saveSafetensorsFile(null as unknown as string, new Linear(1, 1))).rejects.toThrow(
      /saveSafetensorsFile: path must be a non-empty string/,
    );
    await expect(loadSafetensorsFile(join(tmpdir(), 'no-such-dir-actlab', 'x.safetensors'))).rejects.toThrow(
      /loadSafetensorsFile: cannot read '.*x.safetensors': ENOENT/,
    );
    await expect(
      saveSafetensorsFile(join(tmpdir(), 'no-such-dir-actlab', 'x.safetensors'), new Linear(1, 1)),
    ).rejects.toThrow(/saveSafetensorsFile: cannot write '.*': ENOENT/);
  });

  test('saveSafetensors refuses metadata that is not an object of strings', () => {
    const model = new Linear(1, 1);
    expect(() => saveSafetensors(model, 'x' as unknown as Record<string, string>)).toThrow(
      /saveSafetensors: metadata must be an object of strings, got "x"/,
    );
    expect(() => saveSafetensors(model, null as unknown as Record<string, string>)).toThrow(
      /metadata must be an object/,
    );
    expect(() => saveSafetensors(model, { epoch: 3 } as unknown as Record<string, string>)).toThrow(
      /metadata\['epoch'\] is 3; safetensors metadata values are strings/,
    );
    expect(() => saveSafetensors(null as unknown as Linear)).toThrow(
      /expected a Module or an object of tensors by key, got null/,
    );
  });
});
