import { describe, expect, test } from 'vitest';
import { type ActivationEntry, activationNames, activations, resolveActivationParams } from './activations';
import { call, type OnnxExpression, type OnnxOperand, param, renderOnnxLowering, X } from './onnx-lowering';

function parameterNames(operand: OnnxOperand<string> | string): string[] {
  if (typeof operand !== 'object') return [];
  if ('param' in operand) return [operand.param];
  if ('text' in operand) return [];
  return [...operand.inputs, ...Object.values(operand.attributes ?? {})].flatMap(parameterNames);
}

describe('renderOnnxLowering', () => {
  test('an operator of X alone is its name; attributes, nested calls, constants and fractions are written out', () => {
    expect(renderOnnxLowering(call('Relu'))).toBe('Relu');
    expect(renderOnnxLowering(call('Elu', [X], { alpha: param('alpha') }))).toBe('Elu(alpha=alpha)');
    expect(renderOnnxLowering(call('Neg', [call('Softplus', [call('Neg')])]))).toBe('Neg(Softplus(Neg(X)))');
    expect(renderOnnxLowering(call('Clip', [X, 0, 6]))).toBe('Clip(X, 0, 6)');
    expect(renderOnnxLowering(call('HardSigmoid', [X], { alpha: { value: 1 / 6, text: '1/6' }, beta: 0.5 }))).toBe(
      'HardSigmoid(alpha=1/6, beta=0.5)',
    );
  });

  // The entries' own renderings are pinned by docs/activations.md (tests/docs.test.ts), not repeated here.
  test('a parameter of a nested call and a string attribute are written by name', () => {
    expect(renderOnnxLowering(call('Mul', [X, call('Sigmoid', [call('Mul', [X, param('beta')])])]))).toBe(
      'Mul(X, Sigmoid(Mul(X, beta)))',
    );
    expect(renderOnnxLowering(call('Gelu', [X], { approximate: 'tanh' }))).toBe('Gelu(approximate=tanh)');
  });
});

describe('the table’s lowerings', () => {
  test.each(activationNames)('%s names only its own parameters, in every opset', (name) => {
    const entry: ActivationEntry = activations[name];
    const own = Object.keys(entry.params);
    const expressions: OnnxExpression<string>[] = [entry.onnx.expression];
    if (entry.onnx.olderOpsets !== undefined) expressions.push(entry.onnx.olderOpsets(resolveActivationParams(name)));
    for (const expression of expressions) {
      for (const used of parameterNames(expression)) expect(own, `${name} uses ${used}`).toContain(used);
    }
  });

  test('gelu below opset 20 follows its approximate parameter', () => {
    const gelu = activations.gelu.onnx;
    expect(gelu.since).toBe(20);
    const exact = renderOnnxLowering(gelu.olderOpsets!({ approximate: 'none' }));
    const tanh = renderOnnxLowering(gelu.olderOpsets!({ approximate: 'tanh' }));
    expect(exact).toContain('Erf');
    expect(tanh).toContain('Tanh');
    expect(activations.mish.onnx.since).toBe(18);
  });

  test('the compiler rejects a parameter the entry does not have', () => {
    const leaky: ActivationEntry<'leakyRelu'>['onnx'] = {
      // @ts-expect-error: leakyRelu has negativeSlope, not slope.
      expression: call('LeakyRelu', [X], { alpha: param('slope') }),
    };
    const sigmoid: ActivationEntry<'sigmoid'>['onnx'] = {
      // @ts-expect-error: sigmoid has no parameters at all.
      expression: call('Mul', [X, param('beta')]),
    };
    expect([leaky, sigmoid]).toHaveLength(2);
  });
});
