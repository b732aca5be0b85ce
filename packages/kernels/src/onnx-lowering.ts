/**
 * How a table entry becomes ONNX operators, as data: the `onnx` field of each entry in activations.ts. An exporter
 * (@actlab/layers' exportOnnx) turns the expression into graph nodes; the docs render it as text. Kernels knows no
 * ONNX file format: these are plain objects, and the builders below only spell them briefly.
 */
import { describeValue } from './checks';

/** The activation's input, written `X`. */
export type OnnxInput = 'X';

/** A reference to one of the activation's parameters, K: its value at export time. */
export interface OnnxParamRef<K extends string> {
  readonly param: K;
}

/** A number written as a fraction where the docs write one (HardSigmoid's alpha = 1/6). */
export interface OnnxFraction {
  readonly value: number;
  readonly text: string;
}

/** A constant: a number, or a fraction with its text. */
export type OnnxLiteral = number | OnnxFraction;

/** An attribute's value: a constant, a parameter (a number or a choice), or a fixed string. */
export type OnnxAttributeValue<K extends string> = OnnxLiteral | OnnxParamRef<K> | string;

/** An operand: the input X, a constant, a parameter, or another operator's output. */
export type OnnxOperand<K extends string> = OnnxInput | OnnxLiteral | OnnxParamRef<K> | OnnxExpression<K>;

/**
 * One ONNX operator applied to operands. Numeric attributes are ONNX FLOAT attributes (every attribute of the
 * activation operators is a float or, for Gelu's `approximate`, a string); numeric inputs are scalar float constants.
 * K is the entry's parameter names: an expression can only refer to its own entry's parameters.
 */
export interface OnnxExpression<K extends string> {
  readonly op: string;
  readonly inputs: readonly OnnxOperand<K>[];
  readonly attributes?: Readonly<Record<string, OnnxAttributeValue<K>>>;
}

/**
 * The lowering of one entry. `expression` is the form documented and used from `since` on; below that opset,
 * `olderOpsets(params)` gives the same function in older operators (the body ONNX itself defines for that function
 * operator), chosen by the parameters where the body depends on them (Gelu's tanh approximation).
 */
export interface OnnxLowering<K extends string, P> {
  readonly expression: OnnxExpression<K>;
  /** The opset that introduced `expression`'s operators (absent: every opset an exporter supports has them). */
  readonly since?: number;
  /** Same function for an opset below `since`. A method, so an entry's typed params fit the general entry type. */
  olderOpsets?(params: P): OnnxExpression<K>;
}

/** The input X of every lowering. */
export const X: OnnxInput = 'X';

/** An operator applied to `inputs` (default: X alone) with optional attributes. */
export function call<K extends string = never>(
  op: string,
  inputs: readonly OnnxOperand<K>[] = [X],
  attributes?: Readonly<Record<string, OnnxAttributeValue<K>>>,
): OnnxExpression<K> {
  return attributes === undefined ? { op, inputs } : { op, inputs, attributes };
}

/** The value of the entry's parameter `name` at export time. */
export function param<K extends string>(name: K): OnnxParamRef<K> {
  return { param: name };
}

function renderValue<K extends string>(value: OnnxOperand<K> | string): string {
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return value;
  if ('param' in value) return value.param;
  if ('text' in value) return value.text;
  return renderCall(value, false);
}

function renderCall<K extends string>(expression: OnnxExpression<K>, implicitX: boolean): string {
  const attributes = Object.entries(expression.attributes ?? {}).map(([k, v]) => `${k}=${renderValue(v)}`);
  const onlyX = expression.inputs.length === 1 && expression.inputs[0] === X;
  const args = implicitX && onlyX ? attributes : [...expression.inputs.map((i) => renderValue(i)), ...attributes];
  return args.length === 0 ? expression.op : `${expression.op}(${args.join(', ')})`;
}

/**
 * An expression as text, for docs: `Sigmoid`, `LeakyRelu(alpha=negativeSlope)`, `Mul(X, Sigmoid(Mul(X, beta)))`.
 * At the top level an operator applied to X alone is written without its input.
 */
export function renderOnnxLowering<K extends string>(expression: OnnxExpression<K>): string {
  const e = expression as Partial<OnnxExpression<K>> | null;
  if (typeof expression !== 'object' || e === null || typeof e.op !== 'string' || !Array.isArray(e.inputs)) {
    throw new Error(
      `renderOnnxLowering: expression must be an { op, inputs, attributes? } object such as an entry's ` +
        `onnx.expression, got ${describeValue(expression)}`,
    );
  }
  return renderCall(expression, true);
}
