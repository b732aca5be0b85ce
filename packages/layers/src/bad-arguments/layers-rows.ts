/** Rows of the bad-argument sweep for @actlab/layers: every export, and every method of the exported classes. */
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ones, randn, type Tensor } from '@actlab/autograd';
import {
  type ActivationEntry,
  activationNames,
  activations,
  type ChoiceParamSpec,
  type NumberParamSpec,
  Random,
} from '@actlab/kernels';
import * as ly from '../index';
import { choice, ctor, fn, method, options, type Row, type Spec, spec } from './harness';

const x = (rows = 4, features = 2) => randn([rows, features], { seed: 5 });
const target2d = () => ly.zeros(randn([3, 2]));
const net = () => new ly.Sequential(new ly.Linear(2, 3), new ly.Tanh(), new ly.Linear(3, 1));
const generator = 'generator?';
const onnxOptions = options(
  { inputShape: 'any', opset: 'integer?', inputName: 'string?', outputName: 'string?' },
  true,
);
const temp = (name: string) => join(tmpdir(), `actlab-bad-arguments-${process.pid}-${name}`);

class Passthrough extends ly.Module {
  forward(input: Tensor): Tensor {
    return input;
  }
}

/** An activation entry's parameters as option specs, and the out-of-range values its table ranges refuse. */
function activationParams(entry: ActivationEntry): {
  keys: Record<string, Spec>;
  extra: Record<string, () => unknown[]>;
} {
  const keys: Record<string, Spec> = {};
  const extra: Record<string, () => unknown[]> = {};
  const specs: Readonly<Record<string, NumberParamSpec | ChoiceParamSpec>> = entry.params;
  for (const [key, param] of Object.entries(specs)) {
    if (param.kind === 'choice') {
      keys[key] = choice(param.choices, true);
      continue;
    }
    keys[key] = spec('anyNumber?');
    // Just outside each end of the table's range (the end itself when it is excluded).
    const bad: [string, number][] = [
      ['NaN', Number.NaN],
      [
        param.minInclusive ? 'below the minimum' : 'the excluded minimum',
        param.minInclusive ? param.min - 1 : param.min,
      ],
      [
        param.maxInclusive ? 'above the maximum' : 'the excluded maximum',
        param.maxInclusive ? param.max + 1 : param.max,
      ],
    ];
    for (const [label, value] of bad) extra[`option ${key}: ${label}`] = () => [{ [key]: value }];
  }
  return { keys, extra };
}

/** One constructor row per generated activation class (entries and aliases), and its forward. */
const activationRows: Row[] = activationNames.flatMap((name) => {
  const entry = activations[name] as ActivationEntry;
  return [name, ...entry.aliases].flatMap((alias) => {
    const className = ly.activationClassName(alias, entry.torch.module);
    const cls = ly.activationModules[className]!;
    const { keys, extra } = activationParams(entry);
    return [ctor(className, cls, [options(keys)], () => [{}], { op: [className, name], extra })];
  });
});

const initRows: Row[] = [
  fn('calculateGain', ly.calculateGain, ['string', 'number?~'], () => ['leaky_relu', 0.2], {
    extra: { 'an unknown nonlinearity': () => ['swishy'] },
  }),
  fn('computeFans', ly.computeFans, ['dims', 'string?'], () => [[3, 2], 'computeFans'], {
    extra: { 'a vector': () => [[3]] },
  }),
  fn('getDefaultGenerator', ly.getDefaultGenerator, [], () => []),
  fn('manualSeed', ly.manualSeed, ['seed'], () => [0]),
  fn(
    'uniform',
    ly.uniform,
    ['target', options({ low: 'number?', high: 'number?', generator })],
    () => [target2d(), { low: -1, high: 1 }],
    {
      extra: { 'low above high': () => [target2d(), { low: 1, high: 0 }] },
    },
  ),
  fn('normal', ly.normal, ['target', options({ mean: 'number?', std: 'nonNegative?', generator })], () => [
    target2d(),
    { mean: 1, std: 2 },
  ]),
  fn('zeros', ly.zeros, ['target'], () => [target2d()]),
  fn('ones', ly.ones, ['target'], () => [target2d()]),
  fn('constant', ly.constant, ['target', 'anyNumber'], () => [target2d(), 0.5]),
  ...(
    [
      ['xavierUniform', ly.xavierUniform],
      ['xavierNormal', ly.xavierNormal],
    ] as const
  ).map(([name, f]) =>
    fn(name, f, ['target', options({ gain: 'nonNegative?', generator })], () => [target2d(), { gain: 2 }], {
      extra: { 'a vector target': () => [ly.zeros(randn([3]))] },
    }),
  ),
  ...(
    [
      ['kaimingUniform', ly.kaimingUniform],
      ['kaimingNormal', ly.kaimingNormal],
    ] as const
  ).map(([name, f]) =>
    fn(
      name,
      f,
      [
        'target',
        options({
          a: 'number?',
          mode: choice(['fanIn', 'fanOut'], true),
          nonlinearity: choice(['linear', 'sigmoid', 'tanh', 'relu', 'leaky_relu', 'selu'], true),
          generator,
        }),
      ],
      () => [target2d(), { a: 0.1, mode: 'fanOut', nonlinearity: 'leaky_relu' }],
      { extra: { 'a vector target': () => [ly.zeros(randn([3]))] } },
    ),
  ),
];

const layerRows: Row[] = [
  ctor(
    'ActivationModule',
    ly.ActivationModule,
    ['string', options({ negativeSlope: 'number?' }), 'string?'],
    () => ['leakyRelu', { negativeSlope: 0.2 }, 'MyLeaky'],
    {
      op: ['ActivationModule', 'leakyRelu'],
      extra: { 'an unknown name': () => ['nope'] },
    },
  ),
  method('ActivationModule', 'forward', ['tensor'], () => [new ly.LeakyReLU(), x()], { op: 'LeakyReLU' }),
  method('ActivationModule', 'extraRepr', [], () => [new ly.LeakyReLU()]),
  fn('activationClassName', ly.activationClassName, ['string', 'string'], () => ['leakyRelu', 'torch.nn.LeakyReLU']),
  fn('activationModule', ly.activationModule, ['string', 'string?'], () => ['swish', 'silu'], {
    extra: { 'an alias of another entry': () => ['relu', 'silu'] },
  }),
  ...activationRows,

  ctor('Linear', ly.Linear, ['size', 'size', options({ bias: 'boolean?', dtype: 'dtype?', generator })], () => [
    2,
    3,
    { bias: false, generator: new Random(1) },
  ]),
  method('Linear', 'forward', ['tensorSame'], () => [new ly.Linear(2, 3), x()], {
    extra: {
      'the wrong number of features': () => [new ly.Linear(2, 3), x(4, 3)],
      'an output too large for a typed array': () => [new ly.Linear(1, 2 ** 13), ly.zeros(randn([2 ** 20, 1]))],
    },
  }),
  method('Linear', 'extraRepr', [], () => [new ly.Linear(2, 3)]),
  ctor('Maxout', ly.Maxout, ['size', 'size', 'count1', options({ dtype: 'dtype?', generator })], () => [2, 3, 2, {}]),
  method('Maxout', 'forward', ['tensorSame'], () => [new ly.Maxout(2, 3, 2), x()], {
    extra: { 'the wrong number of features': () => [new ly.Maxout(2, 3, 2), x(4, 3)] },
  }),
  method('Maxout', 'extraRepr', [], () => [new ly.Maxout(2, 3, 2)]),
  ctor('RBF', ly.RBF, ['size', 'size', options({ gamma: 'positive?', dtype: 'dtype?', generator })], () => [
    2,
    3,
    { gamma: 0.5 },
  ]),
  method('RBF', 'forward', ['tensorSame'], () => [new ly.RBF(2, 3), x()], {
    extra: { 'the wrong number of features': () => [new ly.RBF(2, 3), x(4, 3)] },
  }),
  method('RBF', 'extraRepr', [], () => [new ly.RBF(2, 3)]),
  ctor('Dropout', ly.Dropout, ['probability?', options({ generator })], () => [0.25, { generator: new Random(2) }]),
  method('Dropout', 'forward', ['tensor'], () => [new ly.Dropout(0.5), x()]),
  method('Dropout', 'extraRepr', [], () => [new ly.Dropout(0.5)]),
  ctor('Flatten', ly.Flatten, [options({ startDim: 'integer?', endDim: 'integer?' })], () => [{ startDim: 0 }]),
  method('Flatten', 'forward', ['tensor'], () => [new ly.Flatten(), randn([2, 3, 4])], {
    extra: { 'too few dimensions for startDim': () => [new ly.Flatten({ startDim: 2 }), randn([2, 3])] },
  }),
  method('Flatten', 'extraRepr', [], () => [new ly.Flatten()]),
  ctor('PReLU', ly.PReLU, [options({ numParameters: 'count1?', init: 'number?', dtype: 'dtype?' })], () => [
    { numParameters: 2, init: 0.1 },
  ]),
  method('PReLU', 'forward', ['tensorSame'], () => [new ly.PReLU(), x()], {
    extra: { 'the wrong channel count': () => [new ly.PReLU({ numParameters: 3 }), x()] },
  }),
  method('PReLU', 'extraRepr', [], () => [new ly.PReLU()]),
  ctor('LearnableSwish', ly.LearnableSwish, [options({ beta: 'number?', dtype: 'dtype?' })], () => [{ beta: 2 }]),
  method('LearnableSwish', 'forward', ['tensorSame'], () => [new ly.LearnableSwish(), x()]),
];

const moduleRows: Row[] = [
  ctor('Module', Passthrough, [], () => []),
  ...(
    [
      'extraRepr',
      'namedChildren',
      'children',
      'modules',
      'namedParameters',
      'parameters',
      'eval',
      'stateDict',
      'toString',
    ] as const
  ).map((name) => method('Module', name, [], () => [net()])),
  method('Module', 'train', ['boolean?'], () => [net(), false]),
  method('Module', 'namedModules', [], () => [net()]),
  method('Module', 'numParameters', [options({ trainableOnly: 'boolean?' })], () => [net(), { trainableOnly: true }]),
  method('Module', 'to', ['dtype'], () => [net(), 'float64']),
  method('Module', 'registerForwardHook', ['function'], () => [net(), () => undefined]),
  method('Module', 'registerForwardPreHook', ['function'], () => [net(), () => undefined]),
  method(
    'Module',
    'summary',
    [options({ input: 'tensor?', depth: 'int0?' })],
    () => [net(), { input: x(), depth: 2 }],
    {
      // The sample input runs a forward: a wrong one is refused by the layer it reaches.
      op: ['summary', 'Sequential', 'Linear'],
      extra: { 'an input the model does not take': () => [net(), { input: x(4, 3) }] },
    },
  ),
  method('Module', 'zeroGrad', [options({ setToNone: 'boolean?' })], () => [net(), { setToNone: true }]),
  method('Module', 'loadStateDict', ['object', options({ strict: 'boolean?' })], () => [net(), net().stateDict(), {}], {
    extra: {
      'a value of the wrong shape': () => [net(), { ...net().stateDict(), '0.bias': randn([4]) }],
      'a value that is not a tensor': () => [net(), { ...net().stateDict(), '0.bias': [1, 2, 3] }],
      'a BigInt64Array value': () => [
        net(),
        { ...net().stateDict(), '0.bias': { shape: [3], data: new BigInt64Array(3) } },
      ],
      'a missing key': () => {
        const { '0.bias': _, ...rest } = net().stateDict();
        return [net(), rest];
      },
      'an unexpected key': () => [net(), { ...net().stateDict(), extra: randn([1]) }],
    },
  }),
  ctor('Sequential', ly.Sequential, ['module', 'module'], () => [new ly.Linear(2, 3), new ly.Tanh()]),
  method('Sequential', 'at', ['integer'], () => [net(), -1], {
    op: 'Sequential',
    extra: { 'an index beyond the layers': () => [net(), 3] },
  }),
  method('Sequential', 'forward', ['tensor'], () => [net(), x()], {
    op: ['Sequential', 'Linear'],
    extra: { 'the wrong number of features': () => [net(), x(4, 3)] },
  }),
  fn('parameter', ly.parameter, ['tensor'], () => [randn([2])], {
    extra: { 'a tensor that is not a leaf': () => [randn([2], { requiresGrad: true }).mul(2)] },
  }),
  fn('isParameter', ly.isParameter, ['any'], () => [randn([2])]),
  method('ModuleSummary', 'toString', [], () => [net().summary({ input: x() })]),
];

const list = () => new ly.ModuleList([new ly.Linear(2, 3), new ly.Tanh()]);
const dict = () => new ly.ModuleDict({ a: new ly.Linear(2, 3), b: new ly.Tanh() });
const plist = () => new ly.ParameterList([ly.parameter(randn([2])), ly.parameter(randn([3]))]);
const dataset = () => new ly.TensorDataset(randn([6, 2], { seed: 1 }), randn([6, 1], { seed: 2 }));
const loader = () => new ly.DataLoader(dataset(), { batchSize: 2, shuffle: true, generator: new Random(3) });
const notCallable = 'a container has no forward; it throws naming the container';

const containerRows: Row[] = [
  ctor('ModuleList', ly.ModuleList, ['iterable?'], () => [[new ly.Linear(2, 3), new ly.Tanh()]], {
    extra: { 'an item that is not a Module': () => [[new ly.Linear(2, 3), 'x']] },
  }),
  method('ModuleList', 'at', ['integer'], () => [list(), -1], {
    extra: { 'an index beyond the list': () => [list(), 2] },
  }),
  method('ModuleList', 'set', ['integer', 'module'], () => [list(), 0, new ly.ReLU()], {
    extra: { 'an index beyond the list': () => [list(), 5, new ly.ReLU()] },
  }),
  method('ModuleList', 'append', ['module'], () => [list(), new ly.ReLU()]),
  method('ModuleList', 'extend', ['iterable'], () => [list(), [new ly.ReLU()]]),
  // An index beyond the list appends, as Python's list.insert.
  method('ModuleList', 'insert', ['integer', 'module'], () => [list(), 1, new ly.ReLU()]),
  method('ModuleList', 'pop', ['integer?'], () => [list(), 0], {
    extra: { 'an index beyond the list': () => [list(), 5], 'an empty list': () => [new ly.ModuleList()] },
  }),
  method('ModuleList', 'forward', [], () => [list()], { noValidCall: notCallable }),
  ctor('ModuleDict', ly.ModuleDict, ['object?'], () => [{ a: new ly.Linear(2, 3) }], {
    extra: {
      'a value that is not a Module': () => [{ a: 'x' }],
      'a dotted key': () => [{ 'a.b': new ly.ReLU() }],
      'an empty key': () => [{ '': new ly.ReLU() }],
    },
  }),
  method('ModuleDict', 'get', ['string'], () => [dict(), 'a'], { extra: { 'a missing key': () => [dict(), 'z'] } }),
  // Any value is a valid question (false for a non-key), as Map.has.
  method('ModuleDict', 'has', ['any'], () => [dict(), 'a']),
  method('ModuleDict', 'set', ['string', 'module'], () => [dict(), 'c', new ly.ReLU()], {
    extra: { 'a dotted key': () => [dict(), 'c.d', new ly.ReLU()] },
  }),
  method('ModuleDict', 'pop', ['string'], () => [dict(), 'a'], { extra: { 'a missing key': () => [dict(), 'z'] } }),
  method('ModuleDict', 'update', ['object'], () => [dict(), { c: new ly.ReLU() }], {
    extra: { 'a value that is not a Module': () => [dict(), { c: 1 }] },
  }),
  method('ModuleDict', 'keys', [], () => [dict()]),
  method('ModuleDict', 'values', [], () => [dict()]),
  method('ModuleDict', 'entries', [], () => [dict()]),
  method('ModuleDict', 'forward', [], () => [dict()], { noValidCall: notCallable }),
  ctor('ParameterList', ly.ParameterList, ['iterable?'], () => [[ly.parameter(randn([2]))]], {
    extra: { 'an item that is not a Tensor': () => [[randn([2]), 'x']] },
  }),
  method('ParameterList', 'extraRepr', [], () => [plist()]),
  method('ParameterList', 'at', ['integer'], () => [plist(), 1], {
    extra: { 'an index beyond the list': () => [plist(), 2] },
  }),
  method('ParameterList', 'append', ['tensor'], () => [plist(), randn([1])], {
    extra: { 'a tensor that is not a leaf': () => [plist(), randn([1], { requiresGrad: true }).mul(2)] },
  }),
  method('ParameterList', 'extend', ['iterable'], () => [plist(), [randn([1])]]),
  method('ParameterList', 'forward', [], () => [plist()], { noValidCall: notCallable }),
];

const dataRows: Row[] = [
  ctor('TensorDataset', ly.TensorDataset, ['tensor', 'tensor'], () => [randn([4, 2]), randn([4, 1])], {
    extra: {
      'no tensor': () => [],
      'tensors with different row counts': () => [randn([4, 2]), randn([3, 1])],
      'a 0-d tensor': () => [randn([])],
    },
  }),
  method('TensorDataset', 'at', ['integer'], () => [dataset(), -1], {
    extra: { 'an index beyond the samples': () => [dataset(), 6] },
  }),
  ctor(
    'DataLoader',
    ly.DataLoader,
    ['object', options({ batchSize: 'int1?', shuffle: 'boolean?', generator, dropLast: 'boolean?' })],
    () => [dataset(), { batchSize: 4, dropLast: true }],
    { extra: { 'a tensor instead of a dataset': () => [randn([4, 2])] } },
  ),
  method('DataLoader', 'stateDict', [], () => [loader()]),
  method('DataLoader', 'loadStateDict', ['object'], () => [loader(), loader().stateDict()], {
    extra: {
      'a state of another batch size': () => [
        new ly.DataLoader(dataset(), { batchSize: 3, shuffle: true, generator: new Random(3) }),
        loader().stateDict(),
      ],
    },
  }),
];

/** A model's parameters, each with a gradient of ones. */
const withGrads = () => {
  const p = net().parameters();
  for (const t of p) t.grad = ones(t.shape);
  return p;
};
const clipRows: Row[] = [
  fn(
    'clipGradNorm',
    ly.clipGradNorm,
    // Infinity is a valid maxNorm (no clipping) and normType (the max norm), as in PyTorch.
    ['iterable', 'anyNumber', options({ normType: 'any?', errorIfNonfinite: 'boolean?' })],
    () => [withGrads(), 1, { normType: 2 }],
    {
      extra: {
        'a NaN maxNorm': () => [withGrads(), Number.NaN],
        'a negative maxNorm': () => [withGrads(), -1],
        'an unknown norm name': () => [withGrads(), 1, { normType: 'max' }],
        'a zero normType': () => [withGrads(), 1, { normType: 0 }],
        'a NaN normType': () => [withGrads(), 1, { normType: Number.NaN }],
      },
    },
  ),
  fn('clipGradValue', ly.clipGradValue, ['iterable', 'anyNumber'], () => [withGrads(), 0.5], {
    extra: { 'a NaN clipValue': () => [withGrads(), Number.NaN], 'a negative clipValue': () => [withGrads(), -1] },
  }),
];

const checkpointParts = () => {
  const model = net();
  const optimizer = new ly.SGD(model.parameters(), { lr: 0.1, momentum: 0.9 });
  return { model, optimizer, scheduler: new ly.StepLR(optimizer, { stepSize: 1 }), generator: new Random(1) };
};
const partSpecs = {
  model: 'module?',
  optimizer: 'object?',
  scheduler: 'object?',
  generator: 'any?',
  dataLoader: 'object?',
} as const;
const checkpointRows: Row[] = [
  fn(
    'saveCheckpoint',
    ly.saveCheckpoint,
    [options({ ...partSpecs, extra: 'any?' }, true)],
    () => [{ ...checkpointParts(), extra: { epoch: 3 } }],
    { extra: { 'an extra that JSON cannot hold': () => [{ model: net(), extra: { f: 1n } }] } },
  ),
  fn(
    'loadCheckpoint',
    ly.loadCheckpoint,
    ['bytes', options(partSpecs, true)],
    () => [ly.saveCheckpoint(checkpointParts()), checkpointParts()],
    {
      // A part that does not fit is refused by that part's own loadStateDict, which names itself.
      op: ['loadCheckpoint', 'loadStateDict'],
      extra: {
        'a part the file does not hold': () => [ly.saveCheckpoint({ model: net() }), checkpointParts()],
        'a model of another shape': () => [
          ly.saveCheckpoint({ model: net() }),
          { model: new ly.Sequential(new ly.Linear(2, 4)) },
        ],
        'bytes that are not a checkpoint': () => [ly.saveSafetensors(net()), { model: net() }],
      },
    },
  ),
];

const sgdOptions = options(
  {
    lr: 'positive',
    momentum: 'nonNegative?',
    dampening: 'number?',
    weightDecay: 'nonNegative?',
    nesterov: 'boolean?',
    maximize: 'boolean?',
  },
  true,
);
const adamOptions = options({
  lr: 'positive?',
  betas: 'any?',
  eps: 'nonNegative?',
  weightDecay: 'nonNegative?',
  amsgrad: 'boolean?',
  maximize: 'boolean?',
});
const params = () => net().parameters();
const sgd = () => new ly.SGD(params(), { lr: 0.1 });
const momentumSgd = () => new ly.SGD(params(), { lr: 0.1, momentum: 0.9 });
const stepLr = () => new ly.StepLR(sgd(), { stepSize: 1 });
const plateau = () => new ly.ReduceLROnPlateau(sgd());

const optimRows: Row[] = [
  ctor('SGD', ly.SGD, ['iterable', sgdOptions], () => [params(), { lr: 0.1, momentum: 0.9 }], {
    extra: {
      'nesterov without momentum': () => [params(), { lr: 0.1, nesterov: true }],
      'a group without params': () => [[{ lr: 0.1 }], { lr: 0.1 }],
    },
  }),
  ...(
    [
      ['Adam', ly.Adam],
      ['AdamW', ly.AdamW],
    ] as const
  ).map(([name, cls]) =>
    ctor(name, cls, ['iterable', adamOptions], () => [params(), { lr: 0.01, betas: [0.9, 0.99] }], {
      extra: {
        'betas that are not a pair': () => [params(), { betas: [0.9] }],
        'a beta of 1': () => [params(), { betas: [0.9, 1] }],
        'a NaN beta': () => [params(), { betas: [Number.NaN, 0.9] }],
      },
    }),
  ),
  method('Optimizer', 'zeroGrad', [options({ setToNone: 'boolean?' })], () => [sgd(), { setToNone: true }]),
  method('Optimizer', 'step', [], () => [sgd()]),
  method('Optimizer', 'stateDict', [], () => [sgd()]),
  method('Optimizer', 'loadStateDict', ['object'], () => [sgd(), sgd().stateDict()], {
    extra: {
      'the state of another optimiser kind': () => [sgd(), new ly.Adam(params()).stateDict()],
      'an unknown key': () => [sgd(), { ...sgd().stateDict(), bogus: 1 }],
    },
  }),
  method(
    'Optimizer',
    'setScheduledMomentum',
    ['size', 'nonNegative'],
    () => [new ly.SGD(params(), { lr: 0.1, momentum: 0.9 }), 0, 0.8],
    {
      op: ['setScheduledMomentum', 'SGD'],
      extra: { 'a group that does not exist': () => [sgd(), 3, 0.5] },
    },
  ),
  method('Optimizer', 'setScheduledLr', ['size', 'nonNegative'], () => [sgd(), 0, 0.01], {
    op: ['setScheduledLr', 'SGD'],
    extra: { 'a group that does not exist': () => [sgd(), 3, 0.01] },
  }),
  ctor(
    'StepLR',
    ly.StepLR,
    ['object', options({ stepSize: 'int1', gamma: 'positive?' }, true)],
    () => [sgd(), { stepSize: 2, gamma: 0.5 }],
    {
      extra: { 'a module instead of an optimiser': () => [net(), { stepSize: 2 }] },
    },
  ),
  ctor(
    'CosineAnnealingLR',
    ly.CosineAnnealingLR,
    ['object', options({ tMax: 'int1', etaMin: 'nonNegative?' }, true)],
    () => [sgd(), { tMax: 10 }],
    {
      extra: { 'a module instead of an optimiser': () => [net(), { tMax: 10 }] },
    },
  ),
  ctor('ExponentialLR', ly.ExponentialLR, ['object', options({ gamma: 'positive' }, true)], () => [
    sgd(),
    { gamma: 0.9 },
  ]),
  ctor(
    'LambdaLR',
    ly.LambdaLR,
    ['object', options({ lrLambda: 'function' }, true)],
    () => [sgd(), { lrLambda: (e: number) => 0.9 ** e }],
    {
      extra: { 'one function per group, of the wrong count': () => [sgd(), { lrLambda: [() => 1, () => 1] }] },
    },
  ),
  ctor(
    'LinearLR',
    ly.LinearLR,
    ['object', options({ startFactor: 'probability?', endFactor: 'probability?', totalIters: 'int1?' })],
    () => [sgd(), { startFactor: 0.5, totalIters: 3 }],
    { extra: { 'a zero startFactor': () => [sgd(), { startFactor: 0 }] } },
  ),
  ctor(
    'OneCycleLR',
    ly.OneCycleLR,
    [
      'object',
      options(
        {
          // Required here: maxLr always; epochs and stepsPerEpoch in this call, which gives no totalSteps.
          maxLr: 'any',
          totalSteps: 'int1?',
          epochs: 'int1',
          stepsPerEpoch: 'int1',
          pctStart: 'probability?',
          annealStrategy: choice(['cos', 'linear'], true),
          cycleMomentum: 'boolean?',
          baseMomentum: 'any?',
          maxMomentum: 'any?',
          divFactor: 'positive?',
          finalDivFactor: 'positive?',
          threePhase: 'boolean?',
        },
        true,
      ),
    ],
    () => [momentumSgd(), { maxLr: 1, epochs: 2, stepsPerEpoch: 5 }],
    {
      extra: {
        'no maxLr': () => [momentumSgd(), { totalSteps: 10 }],
        'a NaN maxLr': () => [momentumSgd(), { maxLr: Number.NaN, totalSteps: 10 }],
        'neither totalSteps nor epochs': () => [momentumSgd(), { maxLr: 1 }],
      },
    },
  ),
  ctor(
    'ReduceLROnPlateau',
    ly.ReduceLROnPlateau,
    [
      'object',
      options({
        mode: choice(['min', 'max'], true),
        factor: 'any?',
        patience: 'int0?',
        threshold: 'nonNegative?',
        thresholdMode: choice(['rel', 'abs'], true),
        cooldown: 'int0?',
        minLr: 'any?',
        eps: 'nonNegative?',
      }),
    ],
    () => [sgd(), { patience: 2, factor: 0.5 }],
    {
      extra: {
        'a factor of 1': () => [sgd(), { factor: 1 }],
        'a negative factor': () => [sgd(), { factor: -0.5 }],
        'a NaN factor': () => [sgd(), { factor: Number.NaN }],
        'a minLr of the wrong count': () => [sgd(), { minLr: [0, 0] }],
      },
    },
  ),
  method('LRScheduler', 'getLastLr', [], () => [stepLr()]),
  method('LRScheduler', 'getLastLrs', [], () => [stepLr()]),
  method('LRScheduler', 'step', [], () => [stepLr()]),
  method('LRScheduler', 'stateDict', [], () => [stepLr()]),
  method('LRScheduler', 'loadStateDict', ['object'], () => [stepLr(), stepLr().stateDict()], {
    extra: {
      'the state of another scheduler': () => [stepLr(), new ly.ExponentialLR(sgd(), { gamma: 0.5 }).stateDict()],
    },
  }),
  method('ReduceLROnPlateau', 'step', ['anyNumber'], () => [plateau(), 0.5], {
    extra: { 'a tensor of two elements': () => [plateau(), randn([2])] },
  }),
  method('ReduceLROnPlateau', 'getLastLr', [], () => [plateau()]),
  method('ReduceLROnPlateau', 'getLastLrs', [], () => [plateau()]),
  method('ReduceLROnPlateau', 'stateDict', [], () => [plateau()]),
  method('ReduceLROnPlateau', 'loadStateDict', ['object'], () => [plateau(), plateau().stateDict()], {
    extra: { 'the state of another scheduler': () => [plateau(), stepLr().stateDict()] },
  }),
];

const p2 = () => randn([2, 2], { seed: 1 });
const reduction = choice(['mean', 'sum', 'none'], true);
const lossRows: Row[] = [
  fn(
    'mseLoss',
    ly.mseLoss,
    ['tensorSame', 'tensorSame', options({ reduction })],
    () => [p2(), p2(), { reduction: 'sum' }],
    {
      extra: { 'shapes that differ': () => [p2(), randn([3])] },
    },
  ),
  fn(
    'bceWithLogitsLoss',
    ly.bceWithLogitsLoss,
    ['tensorSame', 'tensorSame', options({ reduction, weight: 'tensorSame?', posWeight: 'tensorSame?' })],
    () => [p2(), p2().sigmoid(), { weight: ones([2, 1]), posWeight: ones([2]) }],
    { extra: { 'shapes that differ': () => [p2(), randn([3])] } },
  ),
  fn(
    'bceLoss',
    ly.bceLoss,
    ['tensorSame', 'tensorSame', options({ reduction, weight: 'tensorSame?' })],
    () => [p2().sigmoid(), p2().sigmoid(), { weight: ones([2, 2]) }],
    { extra: { 'an input outside [0, 1]': () => [p2(), p2().sigmoid()] } },
  ),
  fn(
    'crossEntropyLoss',
    ly.crossEntropyLoss,
    [
      'tensor',
      'indices',
      options({ reduction, weight: 'tensorSame?', ignoreIndex: 'integer?', labelSmoothing: 'probability?' }),
    ],
    () => [randn([3, 4], { seed: 2 }), [0, 3, 1], { weight: ones([4]), labelSmoothing: 0.1 }],
    {
      extra: {
        'too few targets': () => [randn([3, 4]), [0, 1]],
        'a 3-d input': () => [randn([3, 4, 2]), [0, 1, 2]],
        'a weight of the wrong length': () => [randn([3, 4]), [0, 1, 2], { weight: ones([3]) }],
      },
    },
  ),
  fn(
    'nllLoss',
    ly.nllLoss,
    ['tensor', 'indices', options({ reduction, weight: 'tensorSame?', ignoreIndex: 'integer?' })],
    () => [randn([3, 4], { seed: 2 }).logSoftmax(), [0, 3, 1], { weight: ones([4]), ignoreIndex: 3 }],
    { extra: { 'too few targets': () => [randn([3, 4]), [0, 1]] } },
  ),
];

const softmaxRows: Row[] = [
  ...(
    [
      ['Softmax', ly.Softmax],
      ['LogSoftmax', ly.LogSoftmax],
    ] as const
  ).flatMap(([name, cls]) => [
    ctor(name, cls, [options({ dim: 'integer?' })], () => [{ dim: 1 }]),
    method(name, 'forward', ['tensor'], () => [new cls({ dim: 1 }), x()], {
      op: name,
      extra: {
        'a dim beyond the input': () => [new cls({ dim: 3 }), x()],
        'no dim for a 3-d input': () => [new cls(), randn([2, 3, 4])],
      },
    }),
    method(name, 'extraRepr', [], () => [new cls({ dim: 1 })]),
  ]),
];

const bytes = () => ly.saveSafetensors(net());
const ioRows: Row[] = [
  fn(
    'saveSafetensors',
    ly.saveSafetensors,
    ['object', 'object?', options({ dtype: choice(['F16', 'BF16', 'F32', 'F64'], true) })],
    () => [net(), { format: 'pt' }, { dtype: 'BF16' }],
    {
      extra: {
        'a tensor value that is not a tensor': () => [{ w: [1, 2] }],
        'a metadata value that is not a string': () => [net(), { epoch: 3 }],
      },
    },
  ),
  fn('loadSafetensors', ly.loadSafetensors, ['bytes'], () => [bytes()], {
    extra: { 'truncated bytes': () => [bytes().subarray(0, 20)] },
  }),
  fn('loadSafetensorsWithMetadata', ly.loadSafetensorsWithMetadata, ['bytes'], () => [bytes()], {
    op: ['loadSafetensorsWithMetadata', 'loadSafetensors'],
  }),
  fn('decodeSafetensors', ly.decodeSafetensors, ['bytes'], () => [bytes()], {
    op: ['decodeSafetensors', 'loadSafetensors'],
  }),
  fn('encodeSafetensors', ly.encodeSafetensors, ['object', 'object?'], () => [net().stateDict(), {}], {
    op: ['encodeSafetensors', 'saveSafetensors'],
  }),
  fn(
    'saveSafetensorsFile',
    ly.saveSafetensorsFile,
    ['string', 'object', 'object?'],
    () => [temp('save.safetensors'), net(), {}],
    // The checks of what is saved are saveSafetensors's, which it calls, and they name it.
    { op: ['saveSafetensorsFile', 'saveSafetensors'] },
  ),
  fn(
    'loadSafetensorsFile',
    ly.loadSafetensorsFile,
    ['string'],
    () => {
      writeFileSync(temp('load.safetensors'), bytes());
      return [temp('load.safetensors')];
    },
    {
      extra: { 'a file that does not exist': () => [temp('missing.safetensors')] },
    },
  ),
  fn('exportOnnx', ly.exportOnnx, ['module', onnxOptions], () => [net(), { inputShape: ['N', 2] }], {
    extra: {
      'an input shape of the wrong length': () => [net(), { inputShape: [2] }],
      'a feature count the model does not take': () => [net(), { inputShape: ['N', 3] }],
      'an opset below 14': () => [net(), { inputShape: ['N', 2], opset: 13 }],
      'equal input and output names': () => [net(), { inputShape: ['N', 2], inputName: 'x', outputName: 'x' }],
    },
  }),
  fn('saveOnnxFile', ly.saveOnnxFile, ['string', 'module', onnxOptions], () => [
    temp('model.onnx'),
    net(),
    { inputShape: ['N', 2] },
  ]),
];

export const layersRows: readonly Row[] = [
  ...initRows,
  ...layerRows,
  ...moduleRows,
  ...containerRows,
  ...dataRows,
  ...clipRows,
  ...checkpointRows,
  ...optimRows,
  ...lossRows,
  ...softmaxRows,
  ...ioRows,
];

/** Exports (or methods) without a row, each with the reason. */
const internal =
  'internal (@internal): the checking half of loadStateDict, whose row covers it; used by loadCheckpoint';
const protectedMember = 'protected: not part of the public API';
export const layersExempt: Readonly<Record<string, string>> = {
  'new ModuleSummary': 'built by module.summary() from the rows it computes (covered by the Module#summary row)',
  'Module#prepareLoadStateDict': internal,
  'Optimizer#prepareLoadStateDict': internal,
  'LRScheduler#prepareLoadStateDict': internal,
  'ReduceLROnPlateau#prepareLoadStateDict': internal,
  'DataLoader#prepareLoadStateDict': internal,
  'Module#namedMembers': protectedMember,
  'Module#replaceMember': protectedMember,
  'Module#canReplaceMember': protectedMember,
  'ModuleList#namedMembers': protectedMember,
  'ModuleDict#namedMembers': protectedMember,
  'ParameterList#namedMembers': protectedMember,
  'ParameterList#canReplaceMember': protectedMember,
  'ParameterList#replaceMember': protectedMember,
  'ParameterList#indexOf': 'private: not part of the public API',
  'SGD#saveParamState': protectedMember,
  'SGD#prepareParamState': protectedMember,
  'SGD#clearState': protectedMember,
  'LRScheduler#initialStep': protectedMember,
  'LRScheduler#afterLrs': protectedMember,
  'LRScheduler#currentLrs': protectedMember,
  'OneCycleLR#afterLrs': protectedMember,
  'OneCycleLR#anneal': 'private: not part of the public API',
  'ReduceLROnPlateau#isBetter': 'private: not part of the public API',
  'ReduceLROnPlateau#savedOptions': 'private: not part of the public API',

  'new Optimizer': 'abstract: its protected constructor runs (and checks) through the SGD, Adam and AdamW rows',
  'new LRScheduler':
    'abstract: its protected constructor runs (and checks) through the StepLR and CosineAnnealingLR rows',
  'Module#ownParameters': 'protected: not part of the public API',
  'Optimizer#zerosLike': 'protected: not part of the public API',
  'SGD#update': 'protected: not part of the public API',
  ...Object.fromEntries(
    ['StepLR', 'CosineAnnealingLR', 'ExponentialLR', 'LambdaLR', 'LinearLR', 'OneCycleLR'].flatMap((c) => [
      [`${c}#computeLrs`, protectedMember],
      [`${c}#savedOptions`, protectedMember],
    ]),
  ),
};
