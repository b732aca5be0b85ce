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
const lossOptions = options({ reduction: choice(['mean', 'sum', 'none'], true) });
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
    extra: { 'the wrong number of features': () => [new ly.Linear(2, 3), x(4, 3)] },
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
  betas: 'any',
  eps: 'nonNegative?',
  weightDecay: 'nonNegative?',
  amsgrad: 'boolean?',
  maximize: 'boolean?',
});
const params = () => net().parameters();
const sgd = () => new ly.SGD(params(), { lr: 0.1 });

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
  method('Optimizer', 'setScheduledLr', ['size', 'nonNegative'], () => [sgd(), 0, 0.01], {
    op: ['setScheduledLr', 'SGD'],
    extra: { 'a group that does not exist': () => [sgd(), 3, 0.01] },
  }),
  ctor(
    'StepLR',
    ly.StepLR,
    ['object', options({ stepSize: 'count1', gamma: 'positive?' }, true)],
    () => [sgd(), { stepSize: 2, gamma: 0.5 }],
    {
      extra: { 'a module instead of an optimiser': () => [net(), { stepSize: 2 }] },
    },
  ),
  ctor(
    'CosineAnnealingLR',
    ly.CosineAnnealingLR,
    ['object', options({ tMax: 'count1', etaMin: 'nonNegative?' }, true)],
    () => [sgd(), { tMax: 10 }],
    {
      extra: { 'a module instead of an optimiser': () => [net(), { tMax: 10 }] },
    },
  ),
  method('LRScheduler', 'getLastLr', [], () => [new ly.StepLR(sgd(), { stepSize: 1 })]),
  method('LRScheduler', 'getLastLrs', [], () => [new ly.StepLR(sgd(), { stepSize: 1 })]),
  method('LRScheduler', 'step', [], () => [new ly.StepLR(sgd(), { stepSize: 1 })]),
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
    () => [randn([3, 4], { seed: 2 }).logSoftmax(), [0, 3, 1], { ignoreIndex: 3 }],
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
  ...optimRows,
  ...lossRows,
  ...softmaxRows,
  ...ioRows,
];

/** Exports (or methods) without a row, each with the reason. */
export const layersExempt: Readonly<Record<string, string>> = {
  'new Optimizer': 'abstract: its protected constructor runs (and checks) through the SGD, Adam and AdamW rows',
  'new LRScheduler':
    'abstract: its protected constructor runs (and checks) through the StepLR and CosineAnnealingLR rows',
  'Module#ownParameters': 'protected: not part of the public API',
  'Optimizer#zerosLike': 'protected: not part of the public API',
  'SGD#update': 'protected: not part of the public API',
  'StepLR#nextLr': 'protected: not part of the public API',
  'CosineAnnealingLR#nextLr': 'protected: not part of the public API',
};
