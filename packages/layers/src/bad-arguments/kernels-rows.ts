/** Rows of the bad-argument sweep for @actlab/kernels: every export, and every method of Random. */
import * as k from '@actlab/kernels';
import { activations, Random } from '@actlab/kernels';
import { ctor, fn, method, options, type Row, type Spec, type SpecLike } from './harness';

const f32 = (n: number, seed = 1) => new Random(seed).fillUniform(new Float32Array(n), -1, 1);
const pos32 = (n: number) => new Random(3).fillUniform(new Float32Array(n), 0.5, 2);

/**
 * The kernels' valid calls are large enough to take the wasm backend's path (its wrappers hand smaller arrays to the
 * js kernels): with ACTLAB_BACKEND=wasm the sweep reaches the wasm wrappers' own entry checks, with =js the js ones.
 * N elements, as a [ROWS, COLS] matrix where a shape is needed.
 */
const ROWS = 32;
const COLS = 64;
const N = ROWS * COLS;

/** The unary elementwise kernels: `f(x, out?)`. */
const unary = [
  ['abs', k.abs],
  ['cos', k.cos],
  ['exp', k.exp],
  ['expm1', k.expm1],
  ['log', k.log],
  ['log1p', k.log1p],
  ['neg', k.neg],
  ['reciprocal', k.reciprocal],
  ['sign', k.sign],
  ['sin', k.sin],
  ['sqrt', k.sqrt],
  ['square', k.square],
] as const;

/** The broadcasting binary kernels: `f(a, aShape, b, bShape, out?)`. */
const binary = [
  ['add', k.add],
  ['sub', k.sub],
  ['mul', k.mul],
  ['div', k.div],
  ['pow', k.pow],
  ['maximum', k.maximum],
  ['minimum', k.minimum],
] as const;

/** The axis reductions and softmaxes: `f(x, shape, axis, out?)` (out has the result's length: x's, when it keeps it). */
const axisKernels = [
  ['reduceSum', k.reduceSum, false],
  ['reduceMean', k.reduceMean, false],
  ['logsumexp', k.logsumexp, false],
  ['softmax', k.softmax, true],
  ['logSoftmax', k.logSoftmax, true],
] as const;

const elementwiseRows: Row[] = [
  ...unary.map(([name, f]) => fn(name, f, ['array', 'out?'], () => [pos32(N), new Float32Array(N)])),
  fn('scale', k.scale, ['array', 'anyNumber', 'out?'], () => [f32(N), 2, new Float32Array(N)]),
  fn('clamp', k.clamp, ['array', 'anyNumber', 'anyNumber', 'out?'], () => [f32(N), -0.5, 0.5, new Float32Array(N)], {
    extra: {
      'min above max': () => [f32(N), 1, 0],
      'a NaN bound': () => [f32(N), Number.NaN, 0],
    },
  }),
  // p = 2 takes the wasm backend's square kernel; 2.5 the js one on either backend.
  fn('powScalar', k.powScalar, ['array', 'anyNumber', 'out?'], () => [pos32(N), 2, new Float32Array(N)], {
    extra: { 'a fractional power with an out of the other dtype': () => [pos32(N), 2.5, new Float64Array(N)] },
  }),
];

const binaryRows: Row[] = [
  ...binary.map(([name, f]) =>
    fn(
      name,
      f,
      ['array', 'dims', 'array', 'dims', 'out?'],
      () => [f32(N), [ROWS, COLS], pos32(COLS), [COLS], new Float32Array(N)],
      {
        extra: {
          'data that does not fill its shape': () => [f32(N - 1), [ROWS, COLS], f32(COLS), [COLS]],
          'shapes that do not broadcast': () => [f32(N), [ROWS, COLS], f32(ROWS), [ROWS]],
          'an out of the broadcast size': () => [f32(N), [ROWS, COLS], f32(COLS), [COLS], new Float32Array(COLS)],
          'a result too large': () => [
            new Float32Array(2 ** 15),
            [2 ** 15, 1],
            new Float32Array(2 ** 18),
            [1, 2 ** 18],
          ],
        },
      },
    ),
  ),
  fn(
    'broadcastTo',
    k.broadcastTo,
    ['array', 'dims', 'dims', 'out?'],
    () => [f32(3), [3], [2, 3], new Float32Array(6)],
    {
      extra: {
        'a target it does not broadcast to': () => [f32(3), [3], [2, 4]],
        'a result too large': () => [f32(1), [1], [2 ** 20, 2 ** 13]],
      },
    },
  ),
  fn(
    'sumToShape',
    k.sumToShape,
    ['array', 'dims', 'dims', 'out?'],
    () => [f32(N), [ROWS, COLS], [COLS], new Float32Array(COLS)],
    {
      extra: {
        'a shape that does not broadcast to the source': () => [f32(N), [ROWS, COLS], [ROWS]],
        'data that does not fill its shape': () => [f32(N - 1), [ROWS, COLS], [COLS]],
      },
    },
  ),
  fn('permute', k.permute, ['array', 'dims', 'any', 'out?'], () => [f32(6), [2, 3], [1, 0], new Float32Array(6)], {
    extra: {
      'a repeated axis': () => [f32(6), [2, 3], [0, 0]],
      'a perm that is not an array': () => [f32(6), [2, 3], 'x'],
      'a fractional axis': () => [f32(6), [2, 3], [0, 0.5]],
      null: () => [f32(6), [2, 3], null],
    },
  }),
];

const reduceRows: Row[] = [
  ...axisKernels.map(([name, f, keepsLength]) =>
    fn(
      name,
      f,
      ['array', 'dims', 'axis', 'out?'],
      () => [f32(N), [ROWS, COLS], 0, new Float32Array(keepsLength ? N : COLS)],
      {
        extra: { 'data that does not fill its shape': () => [f32(N - 1), [ROWS, COLS], 0] },
      },
    ),
  ),
  ...(
    [
      ['reduceMax', k.reduceMax],
      ['reduceMin', k.reduceMin],
    ] as const
  ).map(([name, f]) =>
    fn(
      name,
      f,
      ['array', 'dims', 'axis', 'out?', 'any'],
      () => [f32(N), [ROWS, COLS], 1, new Float32Array(ROWS), new Int32Array(ROWS)],
      {
        extra: {
          'an argOut of the wrong length': () => [f32(N), [ROWS, COLS], 1, undefined, new Int32Array(ROWS + 1)],
          'an argOut that is not an Int32Array': () => [f32(N), [ROWS, COLS], 1, undefined, new Float32Array(ROWS)],
          'an empty axis': () => [new Float32Array(0), [2, 0], 1],
        },
      },
    ),
  ),
  fn('sumAll', k.sumAll, ['array'], () => [f32(N)]),
];

/** 4×8 times 8×8 (m·n·k = 256): above the wasm backend's js cut-off. A is m×k (lda 8), B stored n×k (transB). */
const gemmArgs = () => [false, true, 4, 8, 8, 1, f32(32), 8, f32(64), 8, 0, new Float32Array(32), 8, 0, 0, 0];
/** The same product with B stored k×n, and one argument replaced (`at`: position, `value`). */
const gemmWith = (at: number, value: unknown) => {
  const args: unknown[] = [false, false, 4, 8, 8, 1, f32(32), 8, f32(64), 8, 0, new Float32Array(32), 8, 0, 0, 0];
  args[at] = value;
  return args;
};
const gemmRows: Row[] = [
  fn(
    'gemm',
    k.gemm,
    [
      'boolean',
      'boolean',
      'size',
      'size',
      'size',
      'number',
      'array',
      'count1',
      'arraySame',
      'count1',
      'number',
      'arraySame',
      'count1',
      'size?',
      'size?',
      'size?',
    ],
    gemmArgs,
    {
      extra: {
        'an A too short for m×k': () => gemmWith(6, f32(31)),
        'an lda below k': () => gemmWith(7, 7),
        'a B too short for k×n': () => gemmWith(8, f32(63)),
        'a C too short for m×n': () => gemmWith(11, new Float32Array(31)),
        'an ldc below n': () => gemmWith(12, 7),
        'a C offset past the end': () => gemmWith(15, 1),
        'an A offset past the end': () => gemmWith(13, 1),
      },
    },
  ),
  fn(
    'gemmBatched',
    k.gemmBatched,
    [
      'size',
      'boolean',
      'boolean',
      'size',
      'size',
      'size',
      'number',
      'array',
      'size',
      'arraySame',
      'size',
      'number',
      'arraySame',
      'size',
    ],
    // Two 4×8 · 8×8 products sharing B (stride 0).
    () => [2, false, false, 4, 8, 8, 1, f32(64), 32, f32(64), 0, 0, new Float32Array(64), 32],
    {
      extra: {
        'a C too short for the batch': () => [
          2,
          false,
          false,
          4,
          8,
          8,
          1,
          f32(64),
          32,
          f32(64),
          0,
          0,
          new Float32Array(63),
          32,
        ],
        'an A too short for the batch': () => [
          2,
          false,
          false,
          4,
          8,
          8,
          1,
          f32(63),
          32,
          f32(64),
          0,
          0,
          new Float32Array(64),
          32,
        ],
      },
    },
  ),
];

const shapeRows: Row[] = [
  fn('sizeOf', k.sizeOf, ['dims'], () => [[2, 3]]),
  fn('stridesOf', k.stridesOf, ['dims'], () => [[2, 3]]),
  fn('shapesEqual', k.shapesEqual, ['dims', 'dims'], () => [
    [2, 3],
    [2, 3],
  ]),
  fn('broadcastShapes', k.broadcastShapes, ['dims', 'dims', 'string?'], () => [[2, 3], [3], 'broadcastShapes'], {
    op: 'broadcastShapes',
    extra: { 'shapes that do not broadcast': () => [[2, 3], [2]] },
  }),
  fn('resolveReshape', k.resolveReshape, ['dims', 'reshape', 'string?'], () => [[2, 3], [3, -1], 'resolveReshape'], {
    extra: { 'another element count': () => [[2, 3], [4]] },
  }),
  fn('normalizeAxis', k.normalizeAxis, ['axis', 'any', 'string?'], () => [-1, 2, 'normalizeAxis'], {
    extra: {
      'a negative rank': () => [0, -1],
      'a fractional rank': () => [0, 1.5],
      'a NaN rank': () => [0, Number.NaN],
      'a string rank': () => [0, '2'],
    },
  }),
  fn('arrayFor', k.arrayFor, ['dtype', 'size', 'string?'], () => ['float64', 3, 'arrayFor']),
  fn('dtypeOf', k.dtypeOf, ['array'], () => [f32(2)]),
];

const activationRows: Row[] = [
  fn('getActivation', k.getActivation, ['string', 'string?'], () => ['swish', 'getActivation'], {
    extra: { 'an unknown name': () => ['nope'] },
  }),
  fn('isActivationName', k.isActivationName, ['any'], () => ['relu']),
  fn(
    'resolveActivationParams',
    k.resolveActivationParams,
    ['string', options({ negativeSlope: 'number?' })],
    () => ['leakyRelu', { negativeSlope: 0.1 }],
    { op: ['resolveActivationParams', 'leakyRelu'] },
  ),
  fn(
    'activationForward',
    k.activationForward,
    ['string', 'array', options({ negativeSlope: 'number?' }), 'out?'],
    () => ['leakyRelu', f32(4), { negativeSlope: 0.1 }, new Float32Array(4)],
    { op: ['activationForward', 'leakyRelu'] },
  ),
  fn(
    'activationBackward',
    k.activationBackward,
    ['string', 'array', 'any', 'arraySame', options({ negativeSlope: 'number?' }), 'out?'],
    () => ['leakyRelu', f32(4), null, f32(4, 2), { negativeSlope: 0.1 }, new Float32Array(4)],
    {
      op: ['activationBackward', 'leakyRelu'],
      extra: {
        'a dy of another length': () => ['leakyRelu', f32(4), null, f32(3)],
        'a y of another length': () => ['leakyRelu', f32(4), f32(3), f32(4)],
        'a y that is not an array': () => ['leakyRelu', f32(4), 'x', f32(4)],
      },
    },
  ),
  fn('renderOnnxLowering', k.renderOnnxLowering, ['object'], () => [activations.swish.onnx.expression]),
];

const backendRows: Row[] = [
  fn('getBackend', k.getBackend, [], () => []),
  fn('setBackend', k.setBackend, ['object'], () => [k.getBackend()], {
    extra: {
      'a backend without gemm': () => [{ name: 'x', gemmBatched: k.gemmBatched }],
      'an unknown backend name': () => ['gpu'],
      'an empty object': () => [{}],
      'a backend whose name is not a string': () => [{ ...k.jsBackend, name: 3 }],
      'a backend whose kernel is not a function': () => [{ ...k.jsBackend, name: 'x', add: 1 }],
      'an array': () => [[k.jsBackend]],
    },
  }),
  fn('ready', k.ready, [], () => []),
  fn('getNumThreads', k.getNumThreads, [], () => []),
  // The valid call keeps the thread count the sweep runs with.
  fn('setNumThreads', k.setNumThreads, ['count1'], () => [k.getNumThreads()], {
    extra: { 'more threads than the control block has': () => [65] },
  }),
  fn('wasmMemoryBytes', k.wasmMemoryBytes, [], () => []),
];

/**
 * The kernels every backend supplies that have no function export of their own (the fused losses and optimiser
 * updates, the activation-table kernels): called on the active backend, `getBackend()[name](...)`, so the js run
 * checks jsBackend's and the wasm run the wasm backend's. Large enough for the wasm paths (see N).
 */
const backendKernel =
  (name: keyof k.KernelBackend) =>
  (...args: unknown[]) =>
    (k.getBackend()[name] as (...a: unknown[]) => unknown)(...args);
const backendRow = (name: keyof k.KernelBackend, specs: readonly SpecLike[], args: () => unknown[], more = {}) => ({
  ...fn(name, backendKernel(name), specs, args, more),
  name: `KernelBackend#${name}`,
});
/** An argument that may be null (not undefined): a loss's per-item upstream gradient, a momentum buffer. */
const nullableArray: Spec = { kind: 'arraySame', optional: false, nullable: true };
const leaky = () => k.getActivation('leakyRelu');
const leakyParams = () => k.resolveActivationParams('leakyRelu', { negativeSlope: 0.1 });
const CLASSES = 16;
const ceRows = N / CLASSES;
const targets = () => Int32Array.from({ length: ceRows }, (_, r) => (r * 7) % CLASSES);
const sgdOptions = () => ({
  lr: 0.1,
  momentum: 0.9,
  dampening: 0,
  weightDecay: 0.01,
  nesterov: false,
  maximize: false,
});
const adamOptions = () => ({ lr: 0.01, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, maximize: false });

const backendKernelRows: Row[] = [
  backendRow(
    'activation',
    ['object', 'array', 'array?~', 'object'],
    () => [leaky(), f32(N), new Float32Array(N), leakyParams()],
    {
      op: ['activation', 'leakyRelu'],
      extra: {
        'an entry without forward': () => [{ ...leaky(), forward: 1 }, f32(N), new Float32Array(N), leakyParams()],
        'an entry that reads neither x nor y': () => [
          { ...leaky(), backwardUses: 'both' },
          f32(N),
          new Float32Array(N),
          leakyParams(),
        ],
        'a y of another length': () => [leaky(), f32(N), new Float32Array(N - 1), leakyParams()],
      },
    },
  ),
  backendRow(
    'activationGrad',
    ['object', 'array', 'any', 'array', 'array?~', 'object'],
    () => [leaky(), f32(N), new Float32Array(N), f32(N, 2), new Float32Array(N), leakyParams()],
    {
      op: ['activationGrad', 'leakyRelu'],
      extra: {
        'a dy of another length': () => [leaky(), f32(N), null, f32(N - 1), new Float32Array(N), leakyParams()],
        'a dx of another length': () => [leaky(), f32(N), null, f32(N), new Float32Array(N + 1), leakyParams()],
        'a y that is not an array, read by sigmoid': () => [
          k.getActivation('sigmoid'),
          f32(N),
          'x',
          f32(N),
          new Float32Array(N),
          {},
        ],
      },
    },
  ),
  ...(['mseForward', 'bceWithLogitsForward'] as const).map((name) =>
    backendRow(name, ['array', 'arraySame', 'arraySame'], () => [f32(N), f32(N, 2), new Float32Array(N)], {
      extra: {
        'a y of another length': () => [f32(N), f32(N - 1), new Float32Array(N)],
        'a perElement of another length': () => [f32(N), f32(N, 2), new Float32Array(N - 1)],
      },
    }),
  ),
  ...(['mseBackward', 'bceWithLogitsBackward'] as const).map((name) =>
    backendRow(
      name,
      ['array', 'arraySame', nullableArray, 'anyNumber', 'arraySame'],
      () => [f32(N), f32(N, 2), f32(N, 3), 1, new Float32Array(N)],
      {
        extra: {
          'a gOut of another length': () => [f32(N), f32(N, 2), f32(N - 1), 1, new Float32Array(N)],
          'a gradInput of another length': () => [f32(N), f32(N, 2), null, 0.5, new Float32Array(N + 1)],
        },
      },
    ),
  ),
  backendRow(
    'crossEntropyForward',
    ['array', 'size', 'size', 'any', 'arraySame', 'arraySame'],
    () => [f32(N), ceRows, CLASSES, targets(), new Float32Array(ceRows), new Float32Array(N)],
    {
      extra: {
        'a target out of range': () => [
          f32(N),
          ceRows,
          CLASSES,
          targets().fill(CLASSES),
          new Float32Array(ceRows),
          new Float32Array(N),
        ],
        'a target that is not an Int32Array': () => [
          f32(N),
          ceRows,
          CLASSES,
          Array.from(targets()),
          new Float32Array(ceRows),
          new Float32Array(N),
        ],
        'too few targets': () => [
          f32(N),
          ceRows,
          CLASSES,
          targets().subarray(1),
          new Float32Array(ceRows),
          new Float32Array(N),
        ],
        'null targets': () => [f32(N), ceRows, CLASSES, null, new Float32Array(ceRows), new Float32Array(N)],
        'rows × classes other than the logits': () => [
          f32(N),
          ceRows - 1,
          CLASSES,
          targets().subarray(1),
          new Float32Array(ceRows - 1),
          new Float32Array(N),
        ],
        'a perRow of another length': () => [
          f32(N),
          ceRows,
          CLASSES,
          targets(),
          new Float32Array(ceRows + 1),
          new Float32Array(N),
        ],
      },
    },
  ),
  backendRow(
    'crossEntropyBackward',
    ['array', 'size', 'size', 'any', nullableArray, 'anyNumber', 'arraySame'],
    () => [f32(N), ceRows, CLASSES, targets(), f32(ceRows, 2), 1, new Float32Array(N)],
    {
      extra: {
        'a target out of range': () => [f32(N), ceRows, CLASSES, targets().fill(-1), null, 1, new Float32Array(N)],
        'null targets': () => [f32(N), ceRows, CLASSES, null, null, 1, new Float32Array(N)],
        'a gOut of another length': () => [f32(N), ceRows, CLASSES, targets(), f32(ceRows - 1), 1, new Float32Array(N)],
        'a gradInput of another length': () => [f32(N), ceRows, CLASSES, targets(), null, 1, new Float32Array(N - 1)],
      },
    },
  ),
  backendRow(
    'sgdUpdate',
    ['array', 'arraySame', nullableArray, 'boolean', 'object'],
    () => [f32(N), f32(N, 2), f32(N, 3), false, sgdOptions()],
    {
      extra: {
        'a g of another length': () => [f32(N), f32(N - 1), null, false, sgdOptions()],
        'options without lr': () => [f32(N), f32(N, 2), null, false, { ...sgdOptions(), lr: undefined }],
        'a NaN momentum': () => [f32(N), f32(N, 2), f32(N, 3), false, { ...sgdOptions(), momentum: Number.NaN }],
        'a string nesterov': () => [f32(N), f32(N, 2), f32(N, 3), false, { ...sgdOptions(), nesterov: 'yes' }],
      },
    },
  ),
  backendRow(
    'adamUpdate',
    ['array', 'arraySame', 'arraySame', 'arraySame', nullableArray, 'int1', 'object', 'boolean'],
    () => [f32(N), f32(N, 2), new Float32Array(N), new Float32Array(N), new Float32Array(N), 1, adamOptions(), false],
    {
      extra: {
        'a v of another length': () => [
          f32(N),
          f32(N, 2),
          new Float32Array(N),
          new Float32Array(N - 1),
          null,
          1,
          adamOptions(),
          true,
        ],
        'betas that are not a pair': () => [
          f32(N),
          f32(N, 2),
          new Float32Array(N),
          new Float32Array(N),
          null,
          1,
          { ...adamOptions(), betas: [0.9] },
          false,
        ],
        'a beta of 1': () => [
          f32(N),
          f32(N, 2),
          new Float32Array(N),
          new Float32Array(N),
          null,
          1,
          { ...adamOptions(), betas: [0.9, 1] },
          false,
        ],
        'an infinite eps': () => [
          f32(N),
          f32(N, 2),
          new Float32Array(N),
          new Float32Array(N),
          null,
          1,
          { ...adamOptions(), eps: Number.POSITIVE_INFINITY },
          false,
        ],
      },
    },
  ),
];

/** Names of the backend kernels that need a `KernelBackend#…` row (those without a function export). */
export const backendKernelNames: readonly string[] = Object.keys(k.jsBackend)
  .filter((name) => name !== 'name' && !(name in k))
  .map((name) => `KernelBackend#${name}`);

/** The shared checks: their subject (`value`) is anything by design; the rest configures the message and rule. */
const checkRows: Row[] = [
  fn('describeValue', k.describeValue, ['any'], () => [1]),
  fn('checkOptions', k.checkOptions, ['string', 'any', 'any'], () => ['myOp', { a: 1 }, ['a']], {
    op: ['checkOptions', 'myOp'],
    extra: {
      'valid keys that are not an array': () => ['myOp', { a: 1 }, 'a'],
      'an unknown key': () => ['myOp', { b: 1 }, ['a']],
    },
  }),
  fn(
    'checkInteger',
    k.checkInteger,
    ['string', 'string', 'any', 'anyNumber?', 'anyNumber?'],
    () => ['myOp', 'n', 3, 0, 5],
    {
      op: ['checkInteger', 'myOp'],
      extra: {
        'a value out of range': () => ['myOp', 'n', 7, 0, 5],
        'a min above max': () => ['myOp', 'n', 3, 5, 0],
        'a NaN min': () => ['myOp', 'n', 3, Number.NaN, 5],
      },
    },
  ),
  fn(
    'checkNumber',
    k.checkNumber,
    [
      'string',
      'string',
      'any',
      options({
        min: 'anyNumber?',
        max: 'anyNumber?',
        minExclusive: 'boolean?',
        maxExclusive: 'boolean?',
        finite: 'boolean?',
      }),
    ],
    () => ['myOp', 'x', 0.5, { min: 0, max: 1 }],
    { op: ['checkNumber', 'myOp'], extra: { 'a value out of range': () => ['myOp', 'x', 2, { min: 0, max: 1 }] } },
  ),
  fn('checkBoolean', k.checkBoolean, ['string', 'string', 'any'], () => ['myOp', 'flag', true], {
    op: ['checkBoolean', 'myOp'],
    extra: { 'a value that is not a boolean': () => ['myOp', 'flag', 1] },
  }),
  fn('checkChoice', k.checkChoice, ['string', 'string', 'any', 'array?'], () => ['myOp', 'mode', 'a', ['a', 'b']], {
    op: ['checkChoice', 'myOp'],
    extra: { 'a value not among the choices': () => ['myOp', 'mode', 'c', ['a', 'b']] },
  }),
  fn('checkFunction', k.checkFunction, ['string', 'string', 'any'], () => ['myOp', 'fn', () => 1], {
    op: ['checkFunction', 'myOp'],
    extra: { 'a value that is not a function': () => ['myOp', 'fn', 1] },
  }),
  fn('checkDtype', k.checkDtype, ['string', 'string', 'any'], () => ['myOp', 'dtype', 'float32'], {
    op: ['checkDtype', 'myOp'],
    extra: { 'an unknown dtype': () => ['myOp', 'dtype', 'int8'] },
  }),
  fn('checkFloatArray', k.checkFloatArray, ['string', 'string', 'any'], () => ['myOp', 'x', f32(2)], {
    op: ['checkFloatArray', 'myOp'],
    extra: { 'an Int32Array': () => ['myOp', 'x', new Int32Array(2)] },
  }),
  fn('checkArray', k.checkArray, ['string', 'string', 'any'], () => ['myOp', 'list', []], {
    op: ['checkArray', 'myOp'],
    extra: { 'a typed array': () => ['myOp', 'list', f32(2)] },
  }),
  fn('checkShape', k.checkShape, ['string', 'string', 'any'], () => ['myOp', 'shape', [2, 3]], {
    op: ['checkShape', 'myOp'],
    extra: { 'a negative dimension': () => ['myOp', 'shape', [2, -1]] },
  }),
  fn('checkAllocation', k.checkAllocation, ['string', 'dtype', 'size'], () => ['myOp', 'float32', 6], {
    op: ['checkAllocation', 'myOp'],
  }),
  fn('allocateFloatArray', k.allocateFloatArray, ['string', 'dtype', 'size'], () => ['myOp', 'float64', 6], {
    op: ['allocateFloatArray', 'myOp'],
  }),
];

const randomRows: Row[] = [
  ctor('Random', Random, ['seed'], () => [42]),
  method('Random', 'nextUint32', [], () => [new Random(1)]),
  method('Random', 'uniform', ['number?', 'number?'], () => [new Random(1), -1, 1], {
    op: ['Random.uniform', 'uniform'],
    extra: { 'low above high': () => [new Random(1), 1, 0] },
  }),
  method('Random', 'normal', ['number?', 'nonNegative?'], () => [new Random(1), 0, 2], {
    op: ['Random.normal', 'normal'],
  }),
  method('Random', 'integer', ['integer', 'integer'], () => [new Random(1), 0, 10], {
    op: ['Random.integer', 'integer'],
    extra: { 'an empty range': () => [new Random(1), 3, 3] },
  }),
  method('Random', 'shuffle', ['any'], () => [new Random(1), [1, 2, 3]], {
    op: ['Random.shuffle', 'shuffle'],
    extra: {
      'a string': () => [new Random(1), 'abc'],
      null: () => [new Random(1), null],
      'a typed array': () => [new Random(1), f32(3)],
    },
  }),
  method('Random', 'permutation', ['size'], () => [new Random(1), 5], { op: ['Random.permutation', 'permutation'] }),
  method('Random', 'fillUniform', ['array', 'number?', 'number?'], () => [new Random(1), f32(3), -1, 1], {
    op: ['Random.fillUniform', 'fillUniform'],
    extra: { 'low above high': () => [new Random(1), f32(3), 1, 0] },
  }),
  method('Random', 'fillNormal', ['array', 'number?', 'nonNegative?'], () => [new Random(1), f32(3), 0, 1], {
    op: ['Random.fillNormal', 'fillNormal'],
  }),
  method('Random', 'clone', [], () => [new Random(1)]),
  method('Random', 'getState', [], () => [new Random(1)]),
  method('Random', 'setState', ['any'], () => [new Random(1), new Random(2).getState()], {
    op: ['Random.setState', 'setState'],
    extra: {
      'a state of the wrong length': () => [new Random(1), new Uint32Array(3)],
      'a plain array of the wrong length': () => [new Random(1), [1, 2]],
      'a string': () => [new Random(1), 'x'],
      null: () => [new Random(1), null],
      'an all-zero generator state': () => [new Random(1), new Uint32Array(7)],
    },
  }),
];

export const kernelsRows: readonly Row[] = [
  ...elementwiseRows,
  ...binaryRows,
  ...reduceRows,
  ...gemmRows,
  ...shapeRows,
  ...activationRows,
  ...backendRows,
  ...backendKernelRows,
  ...checkRows,
  ...randomRows,
];

/** Exports (or methods) without a row, each with the reason. */
export const kernelsExempt: Readonly<Record<string, string>> = {};
