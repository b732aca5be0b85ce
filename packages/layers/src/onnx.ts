import type { Tensor } from '@actlab/autograd';
import {
  type ActivationEntry,
  activations,
  checkOptions as checkOptionKeys,
  describeValue,
  type OnnxOperand,
} from '@actlab/kernels';
import { ActivationModule } from './activation-modules';
import { Dropout } from './dropout';
import { Flatten } from './flatten';
import { LearnableSwish, PReLU } from './learnable-activations';
import { Linear } from './linear';
import { Maxout } from './maxout';
import { Module, Sequential } from './module';
import { ProtobufWriter } from './protobuf-writer';
import { RBF } from './rbf';

/**
 * ONNX export: a model of this package as an ONNX ModelProto (inference graph), run by ONNX Runtime and any other
 * ONNX consumer. Weights are initializers named by their state-dict keys (`0.weight`, `1.lin.bias`, `2.centers`),
 * as PyTorch's exporter names them, always as float32 (ONNX FLOAT; float64 parameters are rounded).
 *
 * Each activation module is lowered from its kernels table entry's `onnx` field (an expression tree with the
 * entry's parameters, and an older-opset form where the operator is recent), so this file holds no per-activation
 * code.
 *
 * Field numbers below are onnx.proto's (ONNX 1.12, IR version 8).
 */

// ------------------------------------------------------------------------------------------------ the options

export interface OnnxExportOptions {
  /** `[batch, features]`: the batch a number (fixed) or a name such as 'N' (dynamic). */
  inputShape: readonly [number | string, number];
  /** ONNX opset, 14…21 (default 17: ONNX Runtime 1.30 and the onnx 1.12 checker both accept it). */
  opset?: number | undefined;
  /** Graph input name (default 'input'). */
  inputName?: string | undefined;
  /** Graph output name (default 'output'). */
  outputName?: string | undefined;
}

export const ONNX_DEFAULT_OPSET = 17;
export const ONNX_MIN_OPSET = 14;
export const ONNX_MAX_OPSET = 21;
const IR_VERSION = 8;

// ONNX TensorProto.DataType and AttributeProto.AttributeType values.
const FLOAT = 1;
const INT64 = 7;
const ATTRIBUTE_FLOAT = 1;
const ATTRIBUTE_INT = 2;
const ATTRIBUTE_STRING = 3;
const ATTRIBUTE_INTS = 7;

type Attribute =
  | { readonly kind: 'float'; readonly value: number }
  | { readonly kind: 'int'; readonly value: number }
  | { readonly kind: 'ints'; readonly value: readonly number[] }
  | { readonly kind: 'string'; readonly value: string };

interface GraphNode {
  readonly op: string;
  readonly name: string;
  readonly inputs: readonly string[];
  outputs: string[];
  readonly attributes: ReadonlyArray<readonly [string, Attribute]>;
}

/** A value flowing through the graph: its name and its feature count (the batch axis is the input's). */
interface Value {
  readonly name: string;
  readonly features: number;
}

// ------------------------------------------------------------------------------------------------ graph building

class GraphBuilder {
  readonly nodes: GraphNode[] = [];
  readonly initializers: ProtobufWriter[] = [];
  private readonly usedNames = new Set<string>();
  private readonly scalarNames = new Map<number, string>();
  readonly parameterNames: Map<Tensor, string>;
  readonly opset: number;

  constructor(model: Module, opset: number, inputName: string) {
    this.opset = opset;
    this.parameterNames = new Map(model.namedParameters().map(([key, tensor]) => [tensor, key]));
    this.usedNames.add(inputName);
  }

  private unique(base: string): string {
    let name = base;
    for (let k = 1; this.usedNames.has(name); k++) name = `${base}_${k}`;
    this.usedNames.add(name);
    return name;
  }

  /** Add a node; returns its (single) output name, PyTorch-style `/<path>/<Op>_output_0`. */
  node(path: string, op: string, inputs: readonly string[], attributes: [string, Attribute][] = []): string {
    const name = this.unique(`${path}/${op}`);
    const output = this.unique(`${name}_output_0`);
    this.nodes.push({ op, name, inputs, outputs: [output], attributes });
    return output;
  }

  private tensor(name: string, dims: readonly number[], dataType: number, raw: Uint8Array): void {
    const t = new ProtobufWriter();
    for (const d of dims) t.int(1, d);
    t.int(2, dataType).string(8, name).bytes(9, raw);
    this.initializers.push(t);
  }

  /** A float32 initializer from a parameter, named by its state-dict key. */
  parameter(tensor: Tensor, dims: readonly number[], what: string): string {
    const key = this.parameterNames.get(tensor);
    if (key === undefined) {
      throw new Error(`exportOnnx: ${what} is not a parameter of the exported model; export the model that owns it`);
    }
    const name = this.unique(key);
    const data = tensor.data;
    const raw = new Uint8Array(data.length * 4);
    const view = new DataView(raw.buffer);
    for (let i = 0; i < data.length; i++) view.setFloat32(i * 4, data[i]!, true);
    this.tensor(name, dims, FLOAT, raw);
    return name;
  }

  /** A float32 scalar constant, shared by every use of the same value. */
  scalar(value: number): string {
    const rounded = Math.fround(value);
    const existing = this.scalarNames.get(rounded);
    if (existing !== undefined) return existing;
    const name = this.unique(`constant_${this.scalarNames.size}`);
    const raw = new Uint8Array(4);
    new DataView(raw.buffer).setFloat32(0, rounded, true);
    this.tensor(name, [], FLOAT, raw);
    this.scalarNames.set(rounded, name);
    return name;
  }

  /** An int64 vector constant (shapes, axes). */
  int64s(path: string, label: string, values: readonly number[]): string {
    const name = this.unique(`${path}/${label}`);
    const raw = new Uint8Array(values.length * 8);
    const view = new DataView(raw.buffer);
    for (let i = 0; i < values.length; i++) view.setBigInt64(i * 8, BigInt(values[i]!), true);
    this.tensor(name, [values.length], INT64, raw);
    return name;
  }
}

// ------------------------------------------------------------------------------------------------ module lowering

const SUPPORTED =
  'Sequential, Linear, the activation modules of the table (Sigmoid, Tanh, ReLU, …, Identity), PReLU, ' +
  'LearnableSwish, Maxout, RBF, Flatten (startDim 1) and Dropout';

function moduleLabel(path: string, module: Module): string {
  return path === '' ? `the model (${module.typeName})` : `module '${path}' (${module.typeName})`;
}

function checkFeatures(path: string, module: Module, value: Value, expected: number, option: string): void {
  if (value.features !== expected) {
    throw new Error(
      `exportOnnx: ${moduleLabel(path, module)} expects ${expected} input features but receives ${value.features}; ` +
        `set inputShape to [batch, ${expected}] or fix the ${option} of the layers`,
    );
  }
}

function lowerOperand(
  graph: GraphBuilder,
  path: string,
  operand: OnnxOperand<string>,
  x: string,
  params: Readonly<Record<string, number | string>>,
): string {
  if (operand === 'X') return x;
  if (typeof operand === 'number') return graph.scalar(operand);
  if ('text' in operand) return graph.scalar(operand.value);
  if ('param' in operand) {
    const value = params[operand.param];
    if (typeof value !== 'number') {
      throw new Error(
        `exportOnnx: activation parameter '${operand.param}' = ${String(value)} is used as an ONNX input but is not a number`,
      );
    }
    return graph.scalar(value);
  }
  const inputs = operand.inputs.map((i) => lowerOperand(graph, path, i, x, params));
  const attributes: [string, Attribute][] = Object.entries(operand.attributes ?? {}).map(([key, value]) => {
    const resolved = typeof value === 'object' && 'param' in value ? params[value.param] : value;
    if (typeof resolved === 'string') return [key, { kind: 'string', value: resolved }];
    if (typeof resolved === 'number') return [key, { kind: 'float', value: resolved }];
    if (resolved !== undefined && 'value' in resolved) return [key, { kind: 'float', value: resolved.value }];
    throw new Error(`exportOnnx: attribute '${key}' of ${operand.op} refers to a parameter the activation lacks`);
  });
  return graph.node(path, operand.op, inputs, attributes);
}

function lowerActivation(graph: GraphBuilder, path: string, module: ActivationModule, x: Value): Value {
  // As the general entry type, whose older-opset form takes any entry's parameters (this module's are its entry's).
  const entry: ActivationEntry = activations[module.activation];
  const lowering = entry.onnx;
  const params: Readonly<Record<string, number | string>> = module.params;
  const expression =
    lowering.since !== undefined && graph.opset < lowering.since && lowering.olderOpsets !== undefined
      ? lowering.olderOpsets(module.params)
      : lowering.expression;
  return { name: lowerOperand(graph, path, expression, x.name, params), features: x.features };
}

function gemm(graph: GraphBuilder, path: string, linear: Linear, x: Value): Value {
  const w = graph.parameter(linear.weight, [linear.outFeatures, linear.inFeatures], `${path}.weight`);
  const inputs = [x.name, w];
  if (linear.bias !== null) inputs.push(graph.parameter(linear.bias, [linear.outFeatures], `${path}.bias`));
  const name = graph.node(path, 'Gemm', inputs, [
    ['alpha', { kind: 'float', value: 1 }],
    ['beta', { kind: 'float', value: 1 }],
    ['transB', { kind: 'int', value: 1 }],
  ]);
  return { name, features: linear.outFeatures };
}

/** ReduceMax / ReduceSum over the last axis without keeping it; axes moved from attribute to input in opset 18
 * (ReduceMax) and 13 (ReduceSum). */
function reduceLastAxis(graph: GraphBuilder, path: string, op: 'ReduceMax' | 'ReduceSum', x: string): string {
  const keepdims: [string, Attribute] = ['keepdims', { kind: 'int', value: 0 }];
  const axesAsInput = op === 'ReduceSum' ? graph.opset >= 13 : graph.opset >= 18;
  if (axesAsInput) return graph.node(path, op, [x, graph.int64s(path, `${op}_axes`, [-1])], [keepdims]);
  return graph.node(path, op, [x], [['axes', { kind: 'ints', value: [-1] }], keepdims]);
}

function lowerModule(graph: GraphBuilder, path: string, module: Module, x: Value): Value {
  const child = (key: string) => (path === '' ? key : `${path}.${key}`);
  if (module instanceof Sequential) {
    let value = x;
    module.layers.forEach((layer, i) => {
      value = lowerModule(graph, child(String(i)), layer, value);
    });
    return value;
  }
  const nodePath = path === '' ? '' : `/${path.replaceAll('.', '/')}`;
  if (module instanceof Linear) {
    checkFeatures(path, module, x, module.inFeatures, 'inFeatures');
    return gemm(graph, nodePath, module, x);
  }
  if (module instanceof ActivationModule) return lowerActivation(graph, nodePath, module, x);
  if (module instanceof Maxout) {
    checkFeatures(path, module, x, module.dIn, 'dIn');
    const z = gemm(graph, `${nodePath}/lin`, module.lin, x);
    const shape = graph.int64s(nodePath, 'Reshape_shape', [-1, module.dOut, module.poolSize]);
    const pieces = graph.node(nodePath, 'Reshape', [z.name, shape]);
    return { name: reduceLastAxis(graph, nodePath, 'ReduceMax', pieces), features: module.dOut };
  }
  if (module instanceof RBF) {
    checkFeatures(path, module, x, module.inFeatures, 'inFeatures');
    const centers = graph.parameter(module.centers, [module.outFeatures, module.inFeatures], `${path}.centers`);
    const column = graph.node(nodePath, 'Unsqueeze', [x.name, graph.int64s(nodePath, 'Unsqueeze_axes', [1])]);
    const diff = graph.node(nodePath, 'Sub', [column, centers]);
    const squared = graph.node(nodePath, 'Pow', [diff, graph.scalar(2)]);
    const distance = reduceLastAxis(graph, nodePath, 'ReduceSum', squared);
    const scaled = graph.node(nodePath, 'Mul', [distance, graph.scalar(-module.gamma)]);
    return { name: graph.node(nodePath, 'Exp', [scaled]), features: module.outFeatures };
  }
  if (module instanceof PReLU) {
    if (module.numSlopes !== 1 && module.numSlopes !== x.features) {
      throw new Error(
        `exportOnnx: ${moduleLabel(path, module)} has ${module.numSlopes} slopes but its input has ` +
          `${x.features} features; use numParameters 1 or ${x.features}`,
      );
    }
    const slope = graph.parameter(module.weight, [module.numSlopes], `${path}.weight`);
    return { name: graph.node(nodePath, 'PRelu', [x.name, slope]), features: x.features };
  }
  if (module instanceof LearnableSwish) {
    const beta = graph.parameter(module.beta, [1], `${path}.beta`);
    const gate = graph.node(nodePath, 'Sigmoid', [graph.node(nodePath, 'Mul', [x.name, beta])]);
    return { name: graph.node(nodePath, 'Mul', [x.name, gate]), features: x.features };
  }
  if (module instanceof Flatten) {
    // The exported input is [batch, features]: flattening dimension 1 onwards leaves it as it is.
    if (module.startDim === 1 && (module.endDim === -1 || module.endDim === 1)) return x;
    throw new Error(
      `exportOnnx: ${moduleLabel(path, module)} with startDim ${module.startDim}, endDim ${module.endDim} would ` +
        'change the [batch, features] rank the export supports; use Flatten() (startDim 1, endDim -1)',
    );
  }
  // The export is an inference graph: Dropout is the identity there, as in eval().
  if (module instanceof Dropout) return x;
  throw new Error(
    `exportOnnx: ${moduleLabel(path, module)} has no ONNX lowering; supported: ${SUPPORTED}. ` +
      'Rebuild the model from those, or export its parts separately',
  );
}

// ------------------------------------------------------------------------------------------------ serialising

function writeAttribute(name: string, attribute: Attribute): ProtobufWriter {
  const a = new ProtobufWriter().string(1, name);
  switch (attribute.kind) {
    case 'float':
      return a.float(2, attribute.value).int(20, ATTRIBUTE_FLOAT);
    case 'int':
      return a.int(3, attribute.value).int(20, ATTRIBUTE_INT);
    case 'ints':
      for (const v of attribute.value) a.int(8, v);
      return a.int(20, ATTRIBUTE_INTS);
    case 'string':
      return a.string(4, attribute.value).int(20, ATTRIBUTE_STRING);
  }
}

function writeValueInfo(name: string, batch: number | string, features: number): ProtobufWriter {
  const batchDim =
    typeof batch === 'number' ? new ProtobufWriter().int(1, batch) : new ProtobufWriter().string(2, batch);
  const shape = new ProtobufWriter().message(1, batchDim).message(1, new ProtobufWriter().int(1, features));
  const tensorType = new ProtobufWriter().int(1, FLOAT).message(2, shape);
  return new ProtobufWriter().string(1, name).message(2, new ProtobufWriter().message(1, tensorType));
}

interface ResolvedOnnxOptions {
  inputShape: readonly [number | string, number];
  opset: number;
  inputName: string;
  outputName: string;
}

function checkOptions(options: OnnxExportOptions): ResolvedOnnxOptions {
  if (typeof options !== 'object' || options === null) {
    throw new Error(
      `exportOnnx: options must be an object such as { inputShape: ['N', 2] }, got ${describeValue(options)}`,
    );
  }
  checkOptionKeys('exportOnnx', options, ['inputShape', 'opset', 'inputName', 'outputName']);
  const { inputShape, opset = ONNX_DEFAULT_OPSET, inputName = 'input', outputName = 'output' } = options;
  if (!Array.isArray(inputShape) || inputShape.length !== 2) {
    throw new Error(
      `exportOnnx: inputShape = ${describeValue(inputShape)} is invalid; pass [batch, features], e.g. ['N', 2]`,
    );
  }
  const [batch, features] = inputShape;
  const batchOk = typeof batch === 'string' ? batch.length > 0 : Number.isInteger(batch) && batch > 0;
  if (!batchOk || !Number.isInteger(features) || features < 1) {
    throw new Error(
      `exportOnnx: inputShape = ${JSON.stringify(inputShape)} is invalid; the batch is an integer >= 1 or a ` +
        "name such as 'N', the features an integer >= 1",
    );
  }
  if (!Number.isInteger(opset) || opset < ONNX_MIN_OPSET || opset > ONNX_MAX_OPSET) {
    throw new Error(
      `exportOnnx: opset ${String(opset)} is unsupported; pass ${ONNX_MIN_OPSET}…${ONNX_MAX_OPSET} ` +
        `(HardSwish needs 14; default ${ONNX_DEFAULT_OPSET})`,
    );
  }
  if (typeof inputName !== 'string' || typeof outputName !== 'string') {
    throw new Error(
      `exportOnnx: inputName and outputName must be strings, got ${describeValue(inputName)} and ` +
        describeValue(outputName),
    );
  }
  if (inputName === '' || outputName === '' || inputName === outputName) {
    throw new Error(
      `exportOnnx: inputName '${inputName}' and outputName '${outputName}' must be two different non-empty names`,
    );
  }
  return { inputShape, opset, inputName, outputName };
}

/**
 * Export a model as an ONNX ModelProto (bytes of a `.onnx` file) for an input of shape [batch, features].
 * Throws an Error naming the first module it cannot lower.
 *
 * @example
 * ```ts
 * import { exportOnnx, Linear, ReLU, Sequential } from '@actlab/layers';
 *
 * const model = new Sequential(new Linear(4, 8), new ReLU(), new Linear(8, 2));
 * const bytes = exportOnnx(model, { inputShape: ['N', 4] }); // a dynamic batch named N
 * const text = new TextDecoder().decode(bytes); // operators and weight names are strings in the protobuf
 * console.log(['Gemm', 'Relu', '0.weight', '2.bias'].every((name) => text.includes(name))); // true
 * ```
 */
export function exportOnnx(model: Module, options: OnnxExportOptions): Uint8Array {
  if (!(model instanceof Module)) {
    throw new Error(`exportOnnx: the model is ${describeValue(model)}, not a Module; pass e.g. a Sequential`);
  }
  const { inputShape, opset, inputName, outputName } = checkOptions(options);
  const [batch, features] = inputShape;
  const graph = new GraphBuilder(model, opset, inputName);
  const output = lowerModule(graph, '', model, { name: inputName, features });

  // The last node writes the graph output directly; a model with no node (Dropout alone) gets an Identity.
  const last = graph.nodes.at(-1);
  if (last !== undefined && last.outputs[0] === output.name) {
    last.outputs = [outputName];
  } else {
    graph.nodes.push({
      op: 'Identity',
      name: '/Identity',
      inputs: [output.name],
      outputs: [outputName],
      attributes: [],
    });
  }

  const g = new ProtobufWriter();
  for (const n of graph.nodes) {
    const node = new ProtobufWriter();
    for (const i of n.inputs) node.string(1, i);
    for (const o of n.outputs) node.string(2, o);
    node.string(3, n.name).string(4, n.op);
    for (const [name, attribute] of n.attributes) node.message(5, writeAttribute(name, attribute));
    g.message(1, node);
  }
  g.string(2, 'actlab');
  for (const t of graph.initializers) g.message(5, t);
  g.message(11, writeValueInfo(inputName, batch, features));
  g.message(12, writeValueInfo(outputName, batch, output.features));

  return new ProtobufWriter()
    .int(1, IR_VERSION)
    .string(2, 'actlab')
    .string(3, '@actlab/layers')
    .message(7, g)
    .message(8, new ProtobufWriter().int(2, opset))
    .finish();
}

// The specifier is held in a variable so browser bundlers leave this Node-only import alone.
const fsModule = 'node:fs/promises';

/** Node: export a model and write it to a `.onnx` file. */
export async function saveOnnxFile(path: string, model: Module, options: OnnxExportOptions): Promise<void> {
  if (typeof path !== 'string' || path === '') {
    throw new Error(
      `saveOnnxFile: path must be a non-empty file path such as 'model.onnx', got ${describeValue(path)}`,
    );
  }
  let bytes: Uint8Array;
  try {
    bytes = exportOnnx(model, options);
  } catch (error) {
    throw new Error(`saveOnnxFile: ${(error as Error).message}`, { cause: error });
  }
  let fs: { writeFile(path: string, data: Uint8Array): Promise<void> };
  try {
    fs = await import(/* webpackIgnore: true */ /* @vite-ignore */ fsModule);
  } catch {
    throw new Error('saveOnnxFile: needs Node’s fs module; in a browser use exportOnnx, which returns the bytes');
  }
  await fs.writeFile(path, bytes);
}
