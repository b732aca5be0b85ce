/** Rows of the bad-argument sweep for @actlab/autograd: every export, and every Tensor and Node method. */
import * as ag from '@actlab/autograd';
import { Node, recordOp, Tensor } from '@actlab/autograd';
import { activationAliases, activationNames, Random } from '@actlab/kernels';
import { ctor, fn, method, options, type Row, tensorMethod } from './harness';

const m23 = () => ag.randn([2, 3], { seed: 1 });
const m32 = () => ag.randn([3, 2], { seed: 2 });
const leaf = () => ag.randn([2, 3], { seed: 3, requiresGrad: true });
const tensorOptions = options({ dtype: 'dtype?', requiresGrad: 'boolean?' });
const identityOp = { name: 'identity', vjp: (g: Float32Array | Float64Array) => [g] };

/** Functions whose first argument is a Tensor also exist as Tensor methods with the same arguments. */
const functionRows: Row[] = [
  // Creation.
  fn(
    'tensor',
    ag.tensor,
    ['any', options({ dtype: 'dtype?', requiresGrad: 'boolean?', shape: 'shape?' })],
    () => [[1, 2, 3, 4], { shape: [2, 2] }],
    {
      extra: {
        'a ragged nested array': () => [[[1, 2], [3]]],
        'a string element': () => [[1, 'a']],
        'a string': () => ['x'],
        null: () => [null],
        'an Int32Array': () => [new Int32Array(2)],
        'a shape the data does not fill': () => [[1, 2, 3], { shape: [2, 2] }],
      },
    },
  ),
  fn('full', ag.full, ['shape', 'anyNumber', tensorOptions], () => [[2, 2], 0.5, { dtype: 'float64' }]),
  fn('zeros', ag.zeros, ['shape', tensorOptions], () => [[2, 3], {}]),
  fn('ones', ag.ones, ['shape', tensorOptions], () => [[2, 3], { requiresGrad: true }]),
  fn('zerosLike', ag.zerosLike, ['tensor', tensorOptions], () => [m23(), {}]),
  fn('onesLike', ag.onesLike, ['tensor', tensorOptions], () => [m23(), { dtype: 'float64' }]),
  fn('arange', ag.arange, ['number', 'number?', 'number?', tensorOptions], () => [0, 4, 1, {}], {
    extra: { 'a zero step': () => [0, 4, 0], 'too many elements': () => [0, 2 ** 40] },
  }),
  fn('linspace', ag.linspace, ['number', 'number', 'size', tensorOptions], () => [0, 1, 5, {}]),
  fn('eye', ag.eye, ['size', 'size?', tensorOptions], () => [2, 3, {}]),
  fn(
    'rand',
    ag.rand,
    [
      'shape',
      options({
        dtype: 'dtype?',
        requiresGrad: 'boolean?',
        seed: 'seed?',
        generator: 'generator?',
        low: 'number?',
        high: 'number?',
      }),
    ],
    () => [[2, 2], { seed: 1, low: -1, high: 1 }],
    { extra: { 'low above high': () => [[2], { low: 1, high: 0 }] } },
  ),
  fn(
    'randn',
    ag.randn,
    [
      'shape',
      options({
        dtype: 'dtype?',
        requiresGrad: 'boolean?',
        seed: 'seed?',
        generator: 'generator?',
        mean: 'number?',
        std: 'nonNegative?',
      }),
    ],
    () => [[2, 2], { generator: new Random(1), mean: 1, std: 2 }],
  ),
  fn('manualSeed', ag.manualSeed, ['seed'], () => [7]),
  fn('getDefaultGenerator', ag.getDefaultGenerator, [], () => []),
  fn('getRngState', ag.getRngState, [], () => []),
  fn('setRngState', ag.setRngState, ['any'], () => [ag.getRngState()], {
    extra: {
      'a string': () => ['x'],
      null: () => [null],
      undefined: () => [undefined],
      'three words': () => [[1, 2, 3]],
      'seven zeros': () => [new Uint32Array(7)],
      'a word above 2^32': () => [[1, 2, 3, 4, 0, 0, 2 ** 32]],
      'a fractional word': () => [[1.5, 2, 3, 4, 0, 0, 0]],
    },
  }),

  // Graph and tape.
  fn('customOp', ag.customOp, [options({ name: 'string', forward: 'function', backward: 'function' }, true)], () => [
    { name: 'twice', forward: (x: Tensor) => x.mul(2), backward: (g: Tensor) => g.mul(2) },
  ]),
  fn(
    'gradcheck',
    ag.gradcheck,
    [
      'function',
      'tensors',
      options({ eps: 'positive?', atol: 'nonNegative?', rtol: 'nonNegative?', raiseException: 'boolean?' }),
    ],
    () => [
      (x: Tensor) => x.square(),
      [ag.randn([2], { dtype: 'float64', requiresGrad: true, seed: 1 })],
      { eps: 1e-6 },
    ],
    { extra: { 'a float32 input': () => [(x: Tensor) => x.square(), [ag.randn([2], { requiresGrad: true })]] } },
  ),
  fn('noGrad', ag.noGrad, ['function'], () => [() => 1], { extra: { 'an async function': () => [async () => 1] } }),
  fn('enableGrad', ag.enableGrad, ['function'], () => [() => 1], {
    extra: { 'an async function': () => [async () => 1] },
  }),
  fn('isGradEnabled', ag.isGradEnabled, [], () => []),
  fn('setGradEnabled', ag.setGradEnabled, ['boolean'], () => [ag.isGradEnabled()]),
  fn(
    'recordOp',
    recordOp,
    ['object', 'array', 'shape', 'any', 'any'],
    () => [identityOp, new Float32Array(2), [2], [ag.randn([2], { requiresGrad: true })], null],
    {
      extra: {
        'data that does not fill the shape': () => [identityOp, new Float32Array(2), [3], [ag.randn([2])], null],
        'an op without vjp': () => [{ name: 'x' }, new Float32Array(2), [2], [ag.randn([2])], null],
        'inputs that are not an array': () => [identityOp, new Float32Array(2), [2], ag.randn([2]), null],
        'an input that is not a Tensor': () => [identityOp, new Float32Array(2), [2], [null], null],
      },
    },
  ),
  fn('takeGradientBuffer', ag.takeGradientBuffer, ['dtype', 'size'], () => ['float32', 4]),
  fn('zeroGrad', ag.zeroGrad, ['iterable', options({ setToNone: 'boolean?' })], () => [[leaf()], { setToNone: false }]),
  fn('activationFunction', ag.activationFunction, ['string'], () => ['relu'], {
    extra: { 'an unknown name': () => ['nope'] },
  }),

  // Binary ops (numbers are scalars; float32 and float64 never mix).
  ...(
    [
      ['add', ag.add],
      ['sub', ag.sub],
      ['mul', ag.mul],
      ['div', ag.div],
      ['pow', ag.pow],
      ['maximum', ag.maximum],
      ['minimum', ag.minimum],
    ] as const
  ).map(([name, f]) =>
    fn(name, f, ['operandSame', 'operandSame'], () => [m23(), ag.randn([3], { seed: 4 })], {
      extra: {
        'shapes that do not broadcast': () => [m23(), ag.randn([2])],
        'two numbers': () => [1, 2],
        'an operand too large to broadcast to': () => [ag.zeros([2 ** 15, 1]), ag.zeros([1, 2 ** 18])],
      },
    }),
  ),
  ...(
    [
      ['gt', ag.gt],
      ['ge', ag.ge],
      ['lt', ag.lt],
      ['le', ag.le],
      ['eq', ag.eq],
    ] as const
  ).map(([name, f]) =>
    fn(name, f, ['tensor', 'operandSame'], () => [m23(), m23()], {
      extra: {
        'a number first': () => [0.5, m23()],
        'shapes that do not broadcast': () => [m23(), ag.randn([2])],
      },
    }),
  ),
  fn('where', ag.where, ['tensor', 'operandSame', 'operandSame'], () => [m23().gt(0), m23(), m23()], {
    extra: { 'shapes that do not broadcast': () => [m23().gt(0), m23(), ag.randn([2])] },
  }),

  // Unary ops.
  ...(
    [
      ['neg', ag.neg],
      ['exp', ag.exp],
      ['log', ag.log],
      ['sqrt', ag.sqrt],
      ['abs', ag.abs],
      ['square', ag.square],
      ['clone', ag.clone],
    ] as const
  ).map(([name, f]) => fn(name, f, ['tensor'], () => [m23()])),
  fn('clamp', ag.clamp, ['tensor', 'anyNumber?~', 'anyNumber?~'], () => [m23(), -0.5, 0.5], {
    extra: {
      'min above max': () => [m23(), 1, 0],
      'a NaN min': () => [m23(), Number.NaN, 1],
      'a NaN max': () => [m23(), 0, Number.NaN],
    },
  }),
  fn('to', ag.to, ['tensor', 'dtype'], () => [m23(), 'float64']),
  fn('matmul', ag.matmul, ['tensorSame', 'tensorSame'], () => [m23(), m32()], {
    extra: {
      'inner dimensions that differ': () => [m23(), m23()],
      'a 0-d operand': () => [ag.tensor(1), m32()],
      'a result too large': () => [ag.zeros([2 ** 17, 1]), ag.zeros([1, 2 ** 16])],
    },
  }),

  // Reductions.
  ...(
    [
      ['sum', ag.sum],
      ['mean', ag.mean],
      ['max', ag.max],
      ['min', ag.min],
    ] as const
  ).map(([name, f]) => fn(name, f, ['tensor', 'axes?~', 'boolean?'], () => [m23(), 1, true])),
  fn('argmax', ag.argmax, ['tensor', 'axis?', 'boolean?'], () => [m23(), 1, false], {
    extra: { 'an empty tensor': () => [ag.zeros([0])] },
  }),
  fn('argmin', ag.argmin, ['tensor', 'axis?', 'boolean?'], () => [m23(), 0, true], {
    extra: { 'an empty tensor': () => [ag.zeros([0])] },
  }),
  ...(
    [
      ['maxWithIndices', ag.maxWithIndices],
      ['minWithIndices', ag.minWithIndices],
    ] as const
  ).map(([name, f]) =>
    fn(name, f, ['tensor', 'axis', 'boolean?'], () => [m23(), 1, true], {
      extra: { 'an empty tensor': () => [ag.zeros([2, 0]), 1] },
    }),
  ),
  fn('logsumexp', ag.logsumexp, ['tensor', 'axis?', 'boolean?'], () => [m23(), -1, false]),
  fn('softmax', ag.softmax, ['tensor', 'axis?'], () => [m23(), 0]),
  fn('logSoftmax', ag.logSoftmax, ['tensor', 'axis?'], () => [m23(), 1]),

  // Shape ops.
  fn('reshape', ag.reshape, ['tensor', 'reshape'], () => [m23(), [3, -1]], {
    extra: { 'another element count': () => [m23(), [4]] },
  }),
  fn('flatten', ag.flatten, ['tensor', 'axis?', 'axis?'], () => [m23(), 0, -1], {
    extra: { 'startDim after endDim': () => [m23(), 1, 0] },
  }),
  fn('unsqueeze', ag.unsqueeze, ['tensor', 'axis'], () => [m23(), 2]),
  fn('squeeze', ag.squeeze, ['tensor', 'axis?'], () => [ag.zeros([2, 1]), 1]),
  fn('expand', ag.expand, ['tensor', 'any'], () => [ag.zeros([1, 3]), [4, 3]], {
    extra: {
      'a number': () => [ag.zeros([1, 3]), 3],
      null: () => [ag.zeros([1, 3]), null],
      'a dimension below -1': () => [ag.zeros([1, 3]), [-2, 3]],
      'a fractional dimension': () => [ag.zeros([1, 3]), [0.5, 3]],
      'a -1 in a new leading dimension': () => [ag.zeros([1, 3]), [-1, 1, 3]],
      'a size that does not broadcast': () => [ag.zeros([2, 3]), [4, 3]],
      'a result too large': () => [ag.zeros([1, 1]), [2 ** 20, 2 ** 14]],
    },
  }),
  fn('transpose', ag.transpose, ['tensor', 'axis?', 'axis?'], () => [m23(), 0, 1], {
    extra: { 'an axis beyond a vector': () => [ag.randn([3]), 0, 7] },
  }),
  fn('permute', ag.permute, ['tensor', 'any'], () => [m23(), [1, 0]], {
    extra: {
      'a repeated axis': () => [m23(), [0, 0]],
      'too few axes': () => [m23(), [0]],
      'an out-of-range axis': () => [m23(), [0, 7]],
      'a fractional axis': () => [m23(), [0, 0.5]],
      'a string': () => [m23(), 'x'],
      null: () => [m23(), null],
    },
  }),
  fn('slice', ag.slice, ['tensor', 'axis', 'integer?', 'integer?', 'any'], () => [m23(), 1, 0, 2, 1], {
    extra: {
      'a zero step': () => [m23(), 1, 0, 2, 0],
      'a negative step': () => [m23(), 1, 0, 2, -1],
      'a fractional step': () => [m23(), 1, 0, 2, 0.5],
      'a NaN step': () => [m23(), 1, 0, 2, Number.NaN],
      'a string step': () => [m23(), 1, 0, 2, '1'],
    },
  }),
  fn('indexSelect', ag.indexSelect, ['tensor', 'axis', 'indices'], () => [m23(), 1, [0, 2]], {
    extra: { '2-d indices': () => [m23(), 1, [[0], [1]]] },
  }),
  fn('gather', ag.gather, ['tensor', 'axis', 'indices'], () => [m23(), 1, [[0], [2]]], {
    extra: { 'an index of another rank': () => [m23(), 1, [0, 1]] },
  }),
  fn('concat', ag.concat, ['tensors', 'axis?'], () => [[m23(), m23()], 1], {
    extra: {
      'mixed dtypes': () => [[m23(), m23().to('float64')]],
      'shapes that differ outside the axis': () => [[m23(), m32()], 1],
    },
  }),
  fn('stack', ag.stack, ['tensors', 'axis?'], () => [[m23(), m23()], 2], {
    extra: { 'mixed dtypes': () => [[m23(), m23().to('float64')]], 'shapes that differ': () => [[m23(), m32()]] },
  }),
  fn(
    'activation',
    ag.activation,
    ['tensor', 'string', options({ negativeSlope: 'number?' })],
    () => [m23(), 'leakyRelu', { negativeSlope: 0.2 }],
    {
      op: ['activation', 'leakyRelu'],
      extra: { 'an unknown name': () => [m23(), 'nope'] },
    },
  ),
  // One functional export per table entry and alias, from the table.
  ...[
    ...activationNames.map((name) => [name, ag.activationFunctions[name], name] as const),
    ['silu', ag.silu, activationAliases.silu] as const,
  ].map(([name, f, entry]) => fn(name, f, ['tensor', options({})], () => [m23(), {}], { op: entry })),
];

/** The Tensor method of a function row (same name and arguments), where there is one. */
const tensorMethods = new Set(
  Object.getOwnPropertyNames(Tensor.prototype).filter(
    (n) => typeof Object.getOwnPropertyDescriptor(Tensor.prototype, n)?.value === 'function',
  ),
);
const methodTwins = functionRows
  .filter((row) => tensorMethods.has(row.name) && row.name !== 'where')
  .filter((row) => row.args()[0] instanceof Tensor)
  .map((row) => tensorMethod(row));

/** Methods of Tensor that have no function twin (or whose arguments differ from it). */
const ownTensorRows: Row[] = [
  ctor('Tensor', Tensor, ['array', 'shape', 'boolean?', 'any'], () => [new Float32Array(4), [2, 2], false, null], {
    extra: {
      'a gradFn that is not a Node': () => [new Float32Array(4), [2, 2], true, {}],
      'data that does not fill the shape': () => [new Float32Array(3), [2, 2]],
    },
  }),
  method('Tensor', 'toArray', [], () => [m23()]),
  method('Tensor', 'item', [], () => [ag.tensor(2)], { extra: { 'a tensor of two elements': () => [m23()] } }),
  method('Tensor', 'backward', ['any', options({ retainGraph: 'boolean?' })], () => [leaf().sum(), 1, {}], {
    extra: {
      'a string gradient': () => [leaf().sum(), 'x'],
      'a NaN gradient': () => [leaf().sum(), Number.NaN],
      'a gradient of the wrong shape': () => [leaf().mul(2), ag.ones([3])],
      'a gradient of the wrong dtype': () => [leaf().mul(2), ag.ones([2, 3], { dtype: 'float64' })],
      'an implicit gradient of a non-scalar': () => [leaf().mul(2)],
      'an output that needs no gradient': () => [m23().sum()],
    },
  }),
  method('Tensor', 'detach', [], () => [m23()]),
  method('Tensor', 'zeroGrad', ['boolean?'], () => [leaf(), false]),
  method('Tensor', 'retainGrad', [], () => [leaf().mul(2)]),
  method('Tensor', 'toString', [], () => [m23()]),
  method('Tensor', 'where', ['tensor', 'operandSame'], () => [m23(), m23().gt(0), m23()]),
];

const nodeRows: Row[] = [
  ctor('Node', Node, ['object', 'any', 'any', 'any'], () => [identityOp, [ag.randn([2])], [2], null], {
    extra: {
      'a shape that is not an array': () => [identityOp, [ag.randn([2])], 2, null],
      'a negative dimension': () => [identityOp, [ag.randn([2])], [-1], null],
      'an op without vjp': () => [{ name: 'x' }, [ag.randn([2])], [2], null],
      'inputs that are not an array': () => [identityOp, ag.randn([2]), [2], null],
      'an input that is not a Tensor': () => [identityOp, [null], [2], null],
    },
  }),
  method('Node', 'toString', [], () => [leaf().mul(2).gradFn]),
];

export const autogradRows: readonly Row[] = [...functionRows, ...methodTwins, ...ownTensorRows, ...nodeRows];

/** Exports (or methods) without a row, each with the reason. */
export const autogradExempt: Readonly<Record<string, string>> = {};

export { ag as autogradApi };
