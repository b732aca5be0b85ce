import { afterEach, expect, test } from 'vitest';
import { getBackend, jsBackend, type KernelBackend, ready, setBackend } from './backend';
import { kernelNames } from './backend-js';
import { gemm, gemmBatched } from './gemm';
import { wasmBackend } from './wasm/backend';

const initial = getBackend();
afterEach(() => setBackend(initial));

test('in Node the default is wasm (ACTLAB_BACKEND=js makes it js), and ready() resolves', async () => {
  await ready();
  expect(initial.name).toBe(process.env.ACTLAB_BACKEND === 'js' ? 'js' : 'wasm');
  expect(initial === jsBackend || initial === wasmBackend).toBe(true);
});

test('setBackend by name', () => {
  setBackend('js');
  expect(getBackend()).toBe(jsBackend);
  setBackend('wasm');
  expect(getBackend()).toBe(wasmBackend);
  expect(getBackend().name).toBe('wasm');
});

test('the js backend wraps the js kernels; the wasm backend supplies every kernel', () => {
  expect(jsBackend.name).toBe('js');
  expect(jsBackend.gemm).toBe(gemm);
  expect(jsBackend.gemmBatched).toBe(gemmBatched);
  expect(kernelNames.length).toBeGreaterThan(30);
  for (const name of kernelNames) {
    expect(typeof jsBackend[name], name).toBe('function');
    expect(typeof wasmBackend[name], name).toBe('function');
  }
  expect(wasmBackend.gemm).not.toBe(gemm);
});

test('setBackend swaps the implementation callers get', () => {
  let calls = 0;
  const counting: KernelBackend = {
    ...jsBackend,
    name: 'counting',
    gemm: (...args) => {
      calls++;
      gemm(...args);
    },
  };
  setBackend(counting);
  const c = new Float32Array(1);
  getBackend().gemm(false, false, 1, 1, 1, 1, new Float32Array([2]), 1, new Float32Array([3]), 1, 0, c, 1);
  expect(calls).toBe(1);
  expect(c[0]).toBe(6);
  expect(getBackend().name).toBe('counting');
});

test('setBackend rejects an unknown name and an object without every kernel, saying what is missing', () => {
  expect(() => setBackend('gpu' as 'js')).toThrow(/setBackend: expected 'js', 'wasm' or a KernelBackend object/);
  expect(() => setBackend({ name: 'broken', gemm } as never)).toThrow(
    /setBackend: .*missing: gemmBatched, activation, .*Spread jsBackend/,
  );
  expect(() => setBackend({ ...jsBackend, name: 3 } as never)).toThrow(/name is not a string/);
  expect(getBackend()).toBe(initial);
});
