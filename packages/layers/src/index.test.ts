import { activationNames, activations } from '@actlab/kernels';
import { expect, test } from 'vitest';
import * as api from './index';

test('the package entry exports the documented API', () => {
  for (const name of [
    'Module',
    'Sequential',
    'Linear',
    'Maxout',
    'RBF',
    'PReLU',
    'Dropout',
    'Flatten',
    'SGD',
    'Adam',
    'Softmax',
    'LogSoftmax',
  ]) {
    expect(typeof (api as Record<string, unknown>)[name], name).toBe('function');
  }
});

test('every activation of the kernels table (and alias) has a generated module', () => {
  for (const name of activationNames) {
    const entry = activations[name];
    const cls = api.activationModules[api.activationClassName(name, entry.torch.module)];
    expect(cls, name).toBeDefined();
    expect(new cls!().activation).toBe(name);
    for (const alias of entry.aliases) {
      expect(api.activationModules[api.activationClassName(alias, entry.torch.module)], alias).toBeDefined();
    }
  }
  expect(Object.keys(api.activationModules)).toEqual(
    expect.arrayContaining(['Sigmoid', 'Tanh', 'ReLU', 'LeakyReLU', 'Softplus', 'Swish', 'SiLU', 'ELU', 'SELU']),
  );
  expect(Object.keys(api.activationModules)).toEqual(
    expect.arrayContaining(['GELU', 'Mish', 'Hardswish', 'Hardsigmoid', 'ReLU6', 'Softsign', 'LogSigmoid', 'Identity']),
  );
});

test('the package exports every generated class by its own name (a new entry needs its line in index.ts)', () => {
  for (const name of activationNames) {
    const entry = activations[name];
    for (const alias of [name, ...entry.aliases]) {
      const className = api.activationClassName(alias, entry.torch.module);
      const exported = (api as Record<string, unknown>)[className];
      expect(
        exported,
        `add \`export const ${className} = activationModule(${alias === name ? `'${name}'` : `'${name}', '${alias}'`})\` ` +
          `and \`export type ${className} = ActivationModule<'${name}'>\` to activation-modules.ts and ${className} ` +
          'to the export list of index.ts',
      ).toBe(api.activationModules[className]);
    }
  }
});

test('generated modules take the table parameters, validate them, and print like PyTorch', () => {
  expect(new api.LeakyReLU({ negativeSlope: 0.2 }).toString()).toBe('LeakyReLU(negative_slope=0.2)');
  expect(new api.Tanh().toString()).toBe('Tanh()');
  expect(new api.GELU({ approximate: 'tanh' }).toString()).toBe("GELU(approximate='tanh')");
  expect(api.SiLU.name).toBe('SiLU');
  // Each generated class is a type too, typed by its entry's parameters.
  const leaky: api.LeakyReLU = new api.LeakyReLU({ negativeSlope: 0.2 });
  expect(leaky.params.negativeSlope).toBe(0.2);
  expect(leaky).toBeInstanceOf(api.ActivationModule);
  expect(new api.SiLU().activation).toBe('swish');
});
