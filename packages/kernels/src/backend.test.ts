import { afterEach, expect, test } from 'vitest';
import { getBackend, jsBackend, type KernelBackend, setBackend } from './backend';
import { gemm, gemmBatched } from './gemm';

afterEach(() => setBackend(jsBackend));

test('the js backend is active by default and wraps the js kernels', () => {
  expect(getBackend()).toBe(jsBackend);
  expect(jsBackend.name).toBe('js');
  expect(jsBackend.gemm).toBe(gemm);
  expect(jsBackend.gemmBatched).toBe(gemmBatched);
});

test('setBackend swaps the implementation callers get', () => {
  let calls = 0;
  const counting: KernelBackend = {
    name: 'counting',
    gemm: (...args) => {
      calls++;
      gemm(...args);
    },
    gemmBatched,
  };
  setBackend(counting);
  const c = new Float32Array(1);
  getBackend().gemm(false, false, 1, 1, 1, 1, new Float32Array([2]), 1, new Float32Array([3]), 1, 0, c, 1);
  expect(calls).toBe(1);
  expect(c[0]).toBe(6);
  expect(getBackend().name).toBe('counting');
});

test('setBackend rejects an object without the kernels', () => {
  expect(() => setBackend({ name: 'broken' } as KernelBackend)).toThrow(/setBackend: .*gemm and gemmBatched/);
});
