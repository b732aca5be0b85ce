import {
  type ActivationAlias,
  type ActivationAliasMap,
  type ActivationName,
  activationAliases,
  activationNames,
  getActivation,
  resolveActivationParams,
} from '@actlab/kernels';
import { describe, expect, test } from 'vitest';
import * as api from './index';
import { type ActivationFunction, activationFunctions, linspace, silu, softplus, type Tensor, tensor } from './index';

// index.ts lists its exports by hand: these lines make the compiler reject the package until it exports a function
// for every table entry and every alias (Tensor's `implements ActivationMethods` and activationFunctions'
// `satisfies` do the same for the methods and the table of functions).
const exportedFunctions: { readonly [N in ActivationName]: ActivationFunction<N> } = api;
const exportedAliases: { readonly [A in ActivationAlias]: ActivationFunction<ActivationAliasMap[A]> } = api;

const x = linspace(-4, 7, 23, { dtype: 'float64', requiresGrad: true });

describe('every table entry is a method, a function and activation(name) — all the same op', () => {
  test.each(activationNames.map((name) => [name]))('%s', (name) => {
    expect(typeof x[name]).toBe('function');
    const fromMethod: Tensor = x[name]();
    const fromFunction = activationFunctions[name](x);
    expect(exportedFunctions[name]).toBe(activationFunctions[name]);
    const generic = x.activation(name);
    // The table's own forward kernel is the reference for the op's values.
    const expected = new Float64Array(x.size);
    getActivation(name).forward(x.data, expected, resolveActivationParams(name));
    for (const y of [fromMethod, fromFunction, generic]) {
      expect(Array.from(y.data)).toEqual(Array.from(expected));
      expect(y.gradFn!.name).toBe(name);
    }
  });
});

describe('every alias is a method and a function of its entry', () => {
  const isAlias = (name: string): name is ActivationAlias => Object.hasOwn(activationAliases, name);
  test.each(Object.keys(activationAliases).filter(isAlias))('%s', (alias) => {
    const name = activationAliases[alias];
    expect(x[alias]().toArray()).toEqual(x.activation(name).toArray());
    expect(exportedAliases[alias](x).gradFn!.name).toBe(name);
  });
});

describe('parameters and aliases', () => {
  test('parameters reach the kernel; aliases resolve', () => {
    const v = tensor([-2, 3], { dtype: 'float64' });
    expect(v.leakyRelu({ negativeSlope: 0.2 }).toArray()).toEqual([-0.4, 3]);
    expect(v.activation('leakyRelu', { negativeSlope: 0.2 }).toArray()).toEqual([-0.4, 3]);
    expect(softplus(v, { beta: 2 }).data[1]).toBeCloseTo(Math.log1p(Math.exp(6)) / 2, 12);
    expect(silu(v).toArray()).toEqual(v.swish().toArray());
    expect(v.silu().toArray()).toEqual(v.swish().toArray());
    expect(v.activation('silu').toArray()).toEqual(v.swish().toArray());
  });
  test('a frozen parameter object (as layers hold) is honoured, and a mutable one is re-read every call', () => {
    const v = tensor([-1], { dtype: 'float64' });
    const frozen = Object.freeze({ negativeSlope: 0.3 });
    expect(v.leakyRelu(frozen).item()).toBe(-0.3);
    expect(v.leakyRelu(frozen).item()).toBe(-0.3);
    const mutable = { negativeSlope: 0.1 };
    expect(v.leakyRelu(mutable).item()).toBe(-0.1);
    mutable.negativeSlope = 0.5;
    expect(v.leakyRelu(mutable).item()).toBe(-0.5);
  });
  test('bad names and parameters throw Errors listing the valid ones', () => {
    const v = tensor([1]);
    expect(() => v.activation('nope' as 'relu')).toThrow(
      /^activation: unknown activation "nope".*Valid names: sigmoid/,
    );
    expect(() => v.leakyRelu({ negativeSlope: Number.NaN })).toThrow(/leakyRelu: parameter negativeSlope/);
    expect(() => v.leakyRelu({ slope: 0.2 } as object)).toThrow(/unknown parameter 'slope'/);
  });
  test('float32 in, float32 out; gradients flow', () => {
    const v = tensor([0.5, -0.5], { requiresGrad: true });
    const y = v.tanh();
    expect(y.dtype).toBe('float32');
    y.sum().backward();
    expect(v.grad!.data[0]).toBeCloseTo(1 - Math.tanh(0.5) ** 2, 6);
  });
});
