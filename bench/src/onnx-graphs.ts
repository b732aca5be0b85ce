/**
 * The ONNX models the bench runs in onnxruntime-node: one op or a small graph over float32 inputs of a fixed
 * shape, written as protobuf bytes by hand (ModelProto, opset 17) so the bench needs no ONNX library.
 */

class ProtoWriter {
  private readonly bytes: number[] = [];

  private varint(value: number): void {
    let v = value;
    while (v >= 0x80) {
      this.bytes.push((v & 0x7f) | 0x80);
      v = Math.floor(v / 128);
    }
    this.bytes.push(v);
  }

  private key(field: number, wireType: number): void {
    this.varint(field * 8 + wireType);
  }

  int(field: number, value: number): this {
    this.key(field, 0);
    this.varint(value);
    return this;
  }

  float(field: number, value: number): this {
    this.key(field, 5);
    const buffer = new DataView(new ArrayBuffer(4));
    buffer.setFloat32(0, value, true);
    for (let i = 0; i < 4; i++) this.bytes.push(buffer.getUint8(i));
    return this;
  }

  bytesField(field: number, value: Uint8Array): this {
    this.key(field, 2);
    this.varint(value.length);
    for (const byte of value) this.bytes.push(byte);
    return this;
  }

  string(field: number, value: string): this {
    return this.bytesField(field, new TextEncoder().encode(value));
  }

  message(field: number, build: (writer: ProtoWriter) => void): this {
    const inner = new ProtoWriter();
    build(inner);
    return this.bytesField(field, inner.finish());
  }

  finish(): Uint8Array {
    return Uint8Array.from(this.bytes);
  }
}

export interface OnnxNode {
  readonly op: string;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
}

export interface OnnxGraph {
  /** Graph inputs, each float32 of its shape. */
  readonly inputs: readonly { readonly name: string; readonly shape: readonly number[] }[];
  readonly outputs: readonly { readonly name: string; readonly shape: readonly number[] }[];
  readonly nodes: readonly OnnxNode[];
  /** Scalar float32 constants (initializers), by name. */
  readonly constants?: Readonly<Record<string, number>>;
}

const FLOAT = 1;

function valueInfo(writer: ProtoWriter, name: string, shape: readonly number[]): void {
  writer.string(1, name);
  writer.message(2, (type) =>
    type.message(1, (tensor) => {
      tensor.int(1, FLOAT);
      tensor.message(2, (dims) => {
        for (const d of shape) dims.message(1, (dim) => dim.int(1, d));
      });
    }),
  );
}

/** The model's protobuf bytes. */
export function onnxModel(graph: OnnxGraph): Uint8Array {
  const model = new ProtoWriter();
  model.int(1, 8); // ir_version
  model.string(2, 'actlab-bench');
  model.message(7, (g) => {
    graph.nodes.forEach((node, i) => {
      g.message(1, (n) => {
        for (const input of node.inputs) n.string(1, input);
        for (const output of node.outputs) n.string(2, output);
        n.string(3, `n${i}`);
        n.string(4, node.op);
      });
    });
    g.string(2, 'bench');
    for (const [name, value] of Object.entries(graph.constants ?? {})) {
      g.message(5, (t) => {
        t.int(2, FLOAT);
        t.float(4, value);
        t.string(8, name);
      });
    }
    for (const input of graph.inputs) g.message(11, (v) => valueInfo(v, input.name, input.shape));
    for (const output of graph.outputs) g.message(12, (v) => valueInfo(v, output.name, output.shape));
  });
  model.message(8, (opset) => opset.string(1, '').int(2, 17));
  return model.finish();
}

export type OrtActivation = 'sigmoid' | 'tanh' | 'relu' | 'swish';

/** y = f(x) over n elements. */
export function activationForwardGraph(name: OrtActivation, n: number): OnnxGraph {
  const shape = [n];
  const nodes: OnnxNode[] =
    name === 'swish'
      ? [
          { op: 'Sigmoid', inputs: ['x'], outputs: ['s'] },
          { op: 'Mul', inputs: ['x', 's'], outputs: ['y'] },
        ]
      : [{ op: { sigmoid: 'Sigmoid', tanh: 'Tanh', relu: 'Relu' }[name], inputs: ['x'], outputs: ['y'] }];
  return { inputs: [{ name: 'x', shape }], outputs: [{ name: 'y', shape }], nodes };
}

/**
 * y = f(x) and dx = dy·f'(x) in one graph: what a training framework runs for an activation's forward and
 * backward (onnxruntime-node has no autograd, so the derivative is written out with its stable forms).
 */
export function activationForwardBackwardGraph(name: OrtActivation, n: number): OnnxGraph {
  const shape = [n];
  const io = {
    inputs: [
      { name: 'x', shape },
      { name: 'dy', shape },
    ],
    outputs: [
      { name: 'y', shape },
      { name: 'dx', shape },
    ],
  };
  switch (name) {
    case 'sigmoid': // dx = dy·y·(1 − y)
      return {
        ...io,
        constants: { one: 1 },
        nodes: [
          { op: 'Sigmoid', inputs: ['x'], outputs: ['y'] },
          { op: 'Sub', inputs: ['one', 'y'], outputs: ['t'] },
          { op: 'Mul', inputs: ['y', 't'], outputs: ['d'] },
          { op: 'Mul', inputs: ['dy', 'd'], outputs: ['dx'] },
        ],
      };
    case 'tanh': // dx = dy·(1 − y²)
      return {
        ...io,
        constants: { one: 1 },
        nodes: [
          { op: 'Tanh', inputs: ['x'], outputs: ['y'] },
          { op: 'Mul', inputs: ['y', 'y'], outputs: ['yy'] },
          { op: 'Sub', inputs: ['one', 'yy'], outputs: ['d'] },
          { op: 'Mul', inputs: ['dy', 'd'], outputs: ['dx'] },
        ],
      };
    case 'relu': // dx = dy where x > 0, else 0
      return {
        ...io,
        constants: { zero: 0 },
        nodes: [
          { op: 'Relu', inputs: ['x'], outputs: ['y'] },
          { op: 'Greater', inputs: ['x', 'zero'], outputs: ['positive'] },
          { op: 'Where', inputs: ['positive', 'dy', 'zero'], outputs: ['dx'] },
        ],
      };
    case 'swish': // s = σ(x), y = x·s, dx = dy·s·(1 + x·(1 − s))
      return {
        ...io,
        constants: { one: 1 },
        nodes: [
          { op: 'Sigmoid', inputs: ['x'], outputs: ['s'] },
          { op: 'Mul', inputs: ['x', 's'], outputs: ['y'] },
          { op: 'Sub', inputs: ['one', 's'], outputs: ['t'] },
          { op: 'Mul', inputs: ['x', 't'], outputs: ['u'] },
          { op: 'Add', inputs: ['one', 'u'], outputs: ['v'] },
          { op: 'Mul', inputs: ['s', 'v'], outputs: ['w'] },
          { op: 'Mul', inputs: ['dy', 'w'], outputs: ['dx'] },
        ],
      };
  }
}

/** C = A·B, n×n float32. */
export function matMulGraph(n: number): OnnxGraph {
  const shape = [n, n];
  return {
    inputs: [
      { name: 'a', shape },
      { name: 'b', shape },
    ],
    outputs: [{ name: 'c', shape }],
    nodes: [{ op: 'MatMul', inputs: ['a', 'b'], outputs: ['c'] }],
  };
}
