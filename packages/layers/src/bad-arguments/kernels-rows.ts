/** Rows of the bad-argument sweep for @actlab/kernels: every export, and every method of Random. */
import * as k from '@actlab/kernels';
import { activations, Random } from '@actlab/kernels';
import { ctor, fn, method, options, type Row } from './harness';

const f32 = (n: number, seed = 1) => new Random(seed).fillUniform(new Float32Array(n), -1, 1);
const pos32 = (n: number) => new Random(3).fillUniform(new Float32Array(n), 0.5, 2);

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

/** The axis reductions and softmaxes: `f(x, shape, axis, out?)` (out has the result's length). */
const axisKernels = [
  ['reduceSum', k.reduceSum, 2],
  ['reduceMean', k.reduceMean, 2],
  ['logsumexp', k.logsumexp, 2],
  ['softmax', k.softmax, 6],
  ['logSoftmax', k.logSoftmax, 6],
] as const;

const elementwiseRows: Row[] = [
  ...unary.map(([name, f]) => fn(name, f, ['array', 'out?'], () => [pos32(4), new Float32Array(4)])),
  fn('scale', k.scale, ['array', 'anyNumber', 'out?'], () => [f32(4), 2, new Float32Array(4)]),
  fn('clamp', k.clamp, ['array', 'anyNumber', 'anyNumber', 'out?'], () => [f32(4), -0.5, 0.5, new Float32Array(4)], {
    extra: {
      'min above max': () => [f32(4), 1, 0],
      'a NaN bound': () => [f32(4), Number.NaN, 0],
    },
  }),
  fn('powScalar', k.powScalar, ['array', 'anyNumber', 'out?'], () => [pos32(4), 2.5, new Float32Array(4)]),
];

const binaryRows: Row[] = [
  ...binary.map(([name, f]) =>
    fn(
      name,
      f,
      ['array', 'dims', 'array', 'dims', 'out?'],
      () => [f32(6), [2, 3], pos32(3), [3], new Float32Array(6)],
      {
        extra: {
          'data that does not fill its shape': () => [f32(5), [2, 3], f32(3), [3]],
          'shapes that do not broadcast': () => [f32(6), [2, 3], f32(2), [2]],
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
  fn('sumToShape', k.sumToShape, ['array', 'dims', 'dims', 'out?'], () => [f32(6), [2, 3], [3], new Float32Array(3)], {
    extra: { 'a shape that does not broadcast to the source': () => [f32(6), [2, 3], [2]] },
  }),
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
  ...axisKernels.map(([name, f, outLength]) =>
    fn(
      name,
      f,
      ['array', 'dims', 'axis', 'out?'],
      () => [f32(6), [2, 3], 0, new Float32Array(outLength === 2 ? 3 : 6)],
      {
        extra: { 'data that does not fill its shape': () => [f32(5), [2, 3], 0] },
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
      () => [f32(6), [2, 3], 1, new Float32Array(2), new Int32Array(2)],
      {
        extra: {
          'an argOut of the wrong length': () => [f32(6), [2, 3], 1, undefined, new Int32Array(3)],
          'an argOut that is not an Int32Array': () => [f32(6), [2, 3], 1, undefined, new Float32Array(2)],
          'an empty axis': () => [new Float32Array(0), [2, 0], 1],
        },
      },
    ),
  ),
  fn('sumAll', k.sumAll, ['array'], () => [f32(5)]),
];

const gemmArgs = () => [false, true, 2, 3, 4, 1, f32(8), 4, f32(12), 4, 0, new Float32Array(6), 3, 0, 0, 0];
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
        'an A too short for m×k': () => [false, false, 2, 3, 4, 1, f32(7), 4, f32(12), 3, 0, new Float32Array(6), 3],
        'an lda below k': () => [false, false, 2, 3, 4, 1, f32(8), 3, f32(12), 3, 0, new Float32Array(6), 3],
        'a C offset past the end': () => [
          false,
          false,
          2,
          3,
          4,
          1,
          f32(8),
          4,
          f32(12),
          3,
          0,
          new Float32Array(6),
          3,
          0,
          0,
          1,
        ],
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
    () => [2, false, false, 2, 3, 4, 1, f32(16), 8, f32(12), 0, 0, new Float32Array(12), 6],
    {
      extra: {
        'a C too short for the batch': () => [
          2,
          false,
          false,
          2,
          3,
          4,
          1,
          f32(16),
          8,
          f32(12),
          0,
          0,
          new Float32Array(11),
          6,
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
    extra: { 'a backend without gemm': () => [{ name: 'x', gemmBatched: k.gemmBatched }] },
  }),
];

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
  ...checkRows,
  ...randomRows,
];

/** Exports (or methods) without a row, each with the reason. */
export const kernelsExempt: Readonly<Record<string, string>> = {};
