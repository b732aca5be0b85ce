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
