import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tensor } from '@actlab/autograd';
import { activationNames, Random } from '@actlab/kernels';
import * as ort from 'onnxruntime-node';
import { describe, expect, test } from 'vitest';
import { Sigmoid } from './activation-modules';
import { PReLU } from './learnable-activations';
import { Linear } from './linear';
import { Module, Sequential } from './module';
import { exportOnnx, saveOnnxFile } from './onnx';
import { type OnnxTestModel, onnxTestModels } from './onnx-test-models';
import { ProtobufWriter } from './protobuf-writer';

/**
 * The export is checked by running it: every model of onnx-test-models.ts goes through ONNX Runtime 1.30 (CPU) and
 * must give actlab's own forward output within |ort − actlab| <= 1e-5 + 1e-5·|actlab|. Not bit-equality: both are
 * float32, but ORT's kernels (its Erf, Tanh, Softplus, Exp) and its Gemm summation order differ from ours by a few
 * ulp, and ulp differences in a hidden layer move the output by ~1e-6. onnx's own checker (Python) validates the
 * same models once, in fixtures/check_onnx.py over the committed fixtures/onnx/*.onnx; here the export must
 * reproduce those checked files byte for byte, so a change to the exporter cannot skip the checker unnoticed.
 */

const REGENERATE =
  'run `pnpm --filter @actlab/layers exec node --import tsx scripts/write-onnx-fixtures.ts`, then ' +
  '`/usr/bin/python3 packages/layers/fixtures/check_onnx.py`, and commit fixtures/onnx';
const RTOL = 1e-5;
const ATOL = 1e-5;
const ROWS = 16;

function inputFor(model: OnnxTestModel, seed: number): { data: Float32Array; rows: number; features: number } {
  const features = model.inputShape[1];
  const batch = model.inputShape[0];
  if ('values' in model.inputs) return { data: Float32Array.from(model.inputs.values), rows: 1, features };
  const rows = typeof batch === 'number' ? batch : ROWS;
  const data = new Float32Array(rows * features);
  new Random(seed).fillUniform(data, -model.inputs.range, model.inputs.range);
  return { data, rows, features };
}

async function runInOrt(bytes: Uint8Array, input: Float32Array, shape: number[]): Promise<Float32Array> {
  const session = await ort.InferenceSession.create(bytes);
  try {
    const result = await session.run({ input: new ort.Tensor('float32', input, shape) });
    const output = result.output;
    if (output === undefined || !(output.data instanceof Float32Array)) throw new Error('ORT gave no float output');
    return output.data;
  } finally {
    await session.release();
  }
}

function expectWithinTolerance(actual: Float32Array, expected: ArrayLike<number>, what: string): void {
  expect(actual.length, `${what}: output size`).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i]!;
    const a = actual[i]!;
    if (!(Math.abs(a - e) <= ATOL + RTOL * Math.abs(e))) {
      expect.fail(`${what}: element ${i} is ${a} in ONNX Runtime, ${e} in actlab (|diff| ${Math.abs(a - e)})`);
    }
  }
}

async function checkAgainstOrt(model: OnnxTestModel, opset: number): Promise<void> {
  const module = model.build().eval();
  const bytes = exportOnnx(module, { inputShape: model.inputShape, opset });
  const { data, rows, features } = inputFor(model, opset);
  const expected = module.forward(tensor(data, { shape: [rows, features] })).data;
  expectWithinTolerance(await runInOrt(bytes, data, [rows, features]), expected, `${model.name} (opset ${opset})`);
}

describe('exportOnnx in ONNX Runtime', () => {
  test('the models cover every activation of the table, Maxout and RBF', () => {
    const names = new Set(onnxTestModels.map((m) => m.name));
    for (const name of activationNames) expect(names.has(`mlp-${name}`), name).toBe(true);
    expect(names.has('maxout') && names.has('rbf')).toBe(true);
  });

  for (const model of onnxTestModels) {
    test(`${model.name}: opset 17 matches actlab's forward and the checker-validated file`, async () => {
      await checkAgainstOrt(model, 17);
      const fixture = new URL(`../fixtures/onnx/${model.name}.onnx`, import.meta.url);
      // A new table entry brings new models: their files come from the script, then onnx's checker.
      expect(existsSync(fixture), `no fixtures/onnx/${model.name}.onnx: ${REGENERATE}`).toBe(true);
      const checked = new Uint8Array(readFileSync(fixture));
      const bytes = exportOnnx(model.build(), { inputShape: model.inputShape });
      // Compared as one boolean: a failing toEqual over thousands of bytes prints all of them.
      expect(Buffer.compare(bytes, checked) === 0, `the export changed: ${REGENERATE}`).toBe(true);
    });
  }

  // Opset 21 has Gelu (20) and Mish (18) as single operators instead of their decompositions.
  test('opset 21: every activation, Maxout and RBF in ONNX Runtime', async () => {
    for (const model of onnxTestModels.filter(
      (m) => m.name.startsWith('grid-') || m.name === 'maxout' || m.name === 'rbf',
    )) {
      await checkAgainstOrt(model, 21);
    }
  });

  test('a dynamic batch runs at any size; a fixed batch is written into the file', async () => {
    const model = new Sequential(new Linear(2, 3, { generator: new Random(1) }), new Sigmoid());
    const bytes = exportOnnx(model, { inputShape: ['batch', 2], inputName: 'x', outputName: 'y' });
    const session = await ort.InferenceSession.create(bytes);
    expect(session.inputNames).toEqual(['x']);
    expect(session.outputNames).toEqual(['y']);
    for (const rows of [1, 7]) {
      const x = new Float32Array(rows * 2).map((_, i) => i / 3 - 1);
      const out = await session.run({ x: new ort.Tensor('float32', x, [rows, 2]) });
      expect(out.y!.dims).toEqual([rows, 3]);
    }
    await session.release();
  });

  test('weights are initializers named by their state-dict keys', () => {
    const model = new Sequential(new Linear(2, 3, { generator: new Random(2) }), new PReLU());
    const text = new TextDecoder('latin1').decode(exportOnnx(model, { inputShape: ['N', 2] }));
    for (const key of ['0.weight', '0.bias', '1.weight']) expect(text).toContain(key);
  });
});

test('saveOnnxFile writes the exported bytes', async () => {
  const model = new Sequential(new Linear(2, 1, { generator: new Random(3) }));
  const dir = mkdtempSync(join(tmpdir(), 'actlab-onnx-'));
  try {
    await saveOnnxFile(join(dir, 'model.onnx'), model, { inputShape: ['N', 2] });
    const written = new Uint8Array(readFileSync(join(dir, 'model.onnx')));
    expect(Buffer.compare(written, exportOnnx(model, { inputShape: ['N', 2] }))).toBe(0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

describe('exportOnnx errors', () => {
  class Custom extends Module {
    forward(x: Parameters<Module['forward']>[0]) {
      return x;
    }
  }

  test('an unsupported module is named with its path', () => {
    const model = new Sequential(new Linear(2, 2), new Custom());
    expect(() => exportOnnx(model, { inputShape: ['N', 2] })).toThrow(/module '1' \(Custom\) has no ONNX lowering/);
  });

  test('a feature count that does not match the first layer', () => {
    expect(() => exportOnnx(new Sequential(new Linear(3, 2)), { inputShape: ['N', 2] })).toThrow(
      /module '0' \(Linear\) expects 3 input features but receives 2/,
    );
  });

  test('invalid options', () => {
    const model = new Sequential(new Linear(2, 2));
    expect(() => exportOnnx(model, { inputShape: ['N', 2], opset: 9 })).toThrow(/opset 9 is unsupported/);
    expect(() => exportOnnx(model, { inputShape: [0, 2] })).toThrow(/inputShape = \[0,2\] is invalid/);
  });
});

describe('ProtobufWriter', () => {
  test('varints, negative int64, fixed32 floats and nested messages follow the wire format', () => {
    const inner = new ProtobufWriter().int(1, 150);
    const bytes = new ProtobufWriter().int(1, 300).int(2, -1).float(3, 1).message(4, inner).finish();
    expect(Array.from(bytes)).toEqual([
      ...[0x08, 0xac, 0x02], // field 1 varint 300 (the protobuf docs' example)
      ...[0x10, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01], // field 2 = -1 as ten bytes
      ...[0x1d, 0x00, 0x00, 0x80, 0x3f], // field 3 fixed32 1.0f
      ...[0x22, 0x03, 0x08, 0x96, 0x01], // field 4 length 3: field 1 varint 150
    ]);
  });
});
