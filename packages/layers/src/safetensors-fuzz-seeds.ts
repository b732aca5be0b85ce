import { readFileSync } from 'node:fs';
import { encodeSafetensors } from './safetensors-format';

/** Seeds of the safetensors fuzz test and script (test support; not exported by the package). */
const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`../fixtures/${name}`, import.meta.url)));

/** Real files (PyTorch's layouts) and files the writer makes, F16/BF16/F32/F64 and metadata mixed. */
export function seedFiles(): Uint8Array[] {
  const made = [
    encodeSafetensors({}),
    encodeSafetensors({ a: { shape: [2, 1], data: new Float32Array([1, -2]) } }, { format: 'pt', note: 'é😀' }),
    encodeSafetensors(
      {
        'w.0': { shape: [3], data: new Float64Array([0.5, Number.NaN, -0]) },
        b: { shape: [0], data: new Float32Array(0) },
      },
      undefined,
      { dtype: 'F16' },
    ),
    encodeSafetensors({
      x: { shape: [], data: new Float32Array([3]) },
      y: { shape: [1, 2], data: new Float64Array(2) },
    }),
  ];
  return [
    fixture('sequential-tanh.safetensors'),
    fixture('sequential-tanh-f64.safetensors'),
    fixture('linear-half-f16.safetensors'),
    fixture('linear-half-bf16.safetensors'),
    ...made,
  ];
}
