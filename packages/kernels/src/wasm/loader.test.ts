import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, test } from 'vitest';
import { moduleBytes, simdSupported, unsupportedReason } from './loader';

test('Node 20 runs WebAssembly SIMD: the probe says so and nothing blocks the backend', () => {
  expect(simdSupported()).toBe(true);
  expect(unsupportedReason()).toBeNull();
});

test('the non-shared variant differs from the module by the memory import flag alone, and instantiates', () => {
  const shared = moduleBytes(true);
  const plain = moduleBytes(false);
  expect(plain.length).toBe(shared.length);
  const differences = shared.reduce((count, byte, i) => count + (byte === plain[i] ? 0 : 1), 0);
  expect(differences).toBe(1);
  const module = new WebAssembly.Module(plain);
  const memory = new WebAssembly.Memory({ initial: 32, maximum: 32768 });
  const { exports } = new WebAssembly.Instance(module, { env: { memory } });
  expect(typeof exports.gemm_f32).toBe('function');
  // The shared variant refuses an ordinary memory: the flag is what the loader must get right.
  expect(() => new WebAssembly.Instance(new WebAssembly.Module(shared), { env: { memory } })).toThrow();
});

test('without SharedArrayBuffer the wasm backend still runs, on one thread, and survives memory growth', async () => {
  const entry = fileURLToPath(new URL('../index.ts', import.meta.url));
  const script = `
    delete globalThis.SharedArrayBuffer;
    const k = await import(${JSON.stringify(entry)});
    const out = { backend: k.getBackend().name, threads: k.getNumThreads(), errors: [] };
    for (const n of [64, 300, 700]) {   // 700: the operands outgrow the initial memory, detaching old views
      const a = new Float32Array(n * n).map((_, i) => ((i * 7) % 13) / 13 - 0.5);
      const b = new Float32Array(n * n).map((_, i) => ((i * 5) % 11) / 11 - 0.5);
      const c = new Float32Array(n * n), ref = new Float32Array(n * n);
      k.gemm(false, true, n, n, n, 1, a, n, b, n, 0, c, n);
      k.jsBackend.gemm(false, true, n, n, n, 1, a, n, b, n, 0, ref, n);
      let worst = 0;
      for (let i = 0; i < c.length; i++) worst = Math.max(worst, Math.abs(c[i] - ref[i]));
      if (!(worst < 1e-3)) out.errors.push(n + ': ' + worst);
    }
    out.memory = k.wasmMemoryBytes();
    console.log(JSON.stringify(out));
  `;
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--import', 'tsx', '--input-type=module', '-e', script],
    {
      timeout: 120_000,
      env: { ...process.env, ACTLAB_BACKEND: 'wasm' },
    },
  );
  const out = JSON.parse(stdout);
  expect(out).toMatchObject({ backend: 'wasm', threads: 1, errors: [] });
  expect(out.memory).toBeGreaterThan(3 * 700 * 700 * 4);
}, 130_000);
