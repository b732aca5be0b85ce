import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getDefaultGenerator, randn, type Tensor, zeros } from '@actlab/autograd';
import { Random } from '@actlab/kernels';
import { describe, expect, test } from 'vitest';
import { Tanh } from './activation-modules';
import { CHECKPOINT_MAX_EXTRA_VALUES, loadCheckpoint, saveCheckpoint } from './checkpoint';
import { clipGradNorm } from './clip-grad';
import { DataLoader, TensorDataset } from './data';
import { Dropout } from './dropout';
import { manualSeed } from './init';
import { Linear } from './linear';
import { crossEntropyLoss } from './losses';
import { Sequential } from './module';
import { Adam, AdamW, type Optimizer, SGD } from './optim';
import { decodeSafetensors, encodeSafetensors } from './safetensors-format';
import {
  CosineAnnealingLR,
  ExponentialLR,
  LinearLR,
  type LRScheduler,
  OneCycleLR,
  ReduceLROnPlateau,
  StepLR,
} from './schedulers';

/** A small classification problem: 50 samples, 4 features, 3 classes (7 batches of 8 per epoch, the last of 2). */
function data(): TensorDataset<[Tensor, Tensor]> {
  const rng = new Random(99);
  const x = zeros([50, 4]);
  rng.fillNormal(x.data);
  const y = zeros([50]);
  for (let i = 0; i < 50; i++)
    y.data[i] = (x.data[i * 4]! + x.data[i * 4 + 1]! > 0 ? 1 : 0) + (x.data[i * 4 + 2]! > 0.5 ? 1 : 0);
  return new TensorDataset(x, y);
}

interface Run {
  model: Sequential;
  optimizer: Optimizer;
  scheduler: LRScheduler | ReduceLROnPlateau;
  loader: DataLoader<[Tensor, Tensor]>;
  generators: { data: Random; dropout: Random };
  /** Batches taken, and the running sum of this epoch's losses (for ReduceLROnPlateau's metric). */
  progress: { step: number; epochLoss: number; epochBatches: number };
}

interface Config {
  name: string;
  optimizer: (model: Sequential) => Optimizer;
  scheduler: (opt: Optimizer) => LRScheduler | ReduceLROnPlateau;
  /** Step the scheduler after every batch (OneCycleLR) rather than every epoch. */
  perBatch: boolean;
  clip?: boolean;
}

const TOTAL = 20;
const configs: Config[] = [
  {
    name: 'SGD (momentum, nesterov, weight decay) + OneCycleLR per batch, gradient clipping',
    optimizer: (m) => new SGD(m.parameters(), { lr: 0.05, momentum: 0.9, nesterov: true, weightDecay: 1e-3 }),
    scheduler: (o) => new OneCycleLR(o, { maxLr: 0.3, totalSteps: TOTAL }),
    perBatch: true,
    clip: true,
  },
  {
    name: 'SGD (momentum, dampening) + StepLR per epoch',
    optimizer: (m) => new SGD(m.parameters(), { lr: 0.1, momentum: 0.5, dampening: 0.1, weightDecay: 1e-2 }),
    scheduler: (o) => new StepLR(o, { stepSize: 1, gamma: 0.7 }),
    perBatch: false,
  },
  {
    name: 'Adam (amsgrad) + LinearLR warm-up per epoch',
    optimizer: (m) => new Adam(m.parameters(), { lr: 0.02, amsgrad: true }),
    scheduler: (o) => new LinearLR(o, { startFactor: 0.25, totalIters: 3 }),
    perBatch: false,
  },
  {
    name: 'AdamW + ReduceLROnPlateau on the epoch loss',
    optimizer: (m) =>
      new AdamW(
        [
          { params: m.parameters().filter((p) => p.shape.length === 2) },
          { params: m.parameters().filter((p) => p.shape.length === 1), weightDecay: 0 },
        ],
        { lr: 0.05, weightDecay: 0.1 },
      ),
    scheduler: (o) => new ReduceLROnPlateau(o, { patience: 0, factor: 0.5, threshold: 0.5 }),
    perBatch: false,
  },
  {
    name: 'Adam + ExponentialLR per epoch',
    optimizer: (m) => new Adam(m.parameters(), { lr: 0.01, betas: [0.8, 0.99], weightDecay: 1e-3 }),
    scheduler: (o) => new ExponentialLR(o, { gamma: 0.8 }),
    perBatch: false,
  },
];

/** A fresh run; `seed` sets the initial weights and generators (a resumed run starts from other ones on purpose). */
function build(config: Config, seed: number): Run {
  const init = new Random(seed);
  const generators = { data: new Random(seed + 1), dropout: new Random(seed + 2) };
  const model = new Sequential(
    new Linear(4, 16, { generator: init }),
    new Tanh(),
    new Dropout(0.2, { generator: generators.dropout }),
    new Linear(16, 3, { generator: init }),
  );
  const optimizer = config.optimizer(model);
  return {
    model,
    optimizer,
    scheduler: config.scheduler(optimizer),
    loader: new DataLoader(data(), { batchSize: 8, shuffle: true, generator: generators.data }),
    generators,
    progress: { step: 0, epochLoss: 0, epochBatches: 0 },
  };
}

/** Train until `until` batches have been taken in total (possibly stopping mid-epoch). */
function trainUntil(run: Run, config: Config, until: number): void {
  const { model, optimizer, scheduler, loader, progress } = run;
  while (progress.step < until) {
    for (const [x, y] of loader) {
      optimizer.zeroGrad();
      const loss = crossEntropyLoss(model.forward(x), y);
      loss.backward();
      if (config.clip === true) clipGradNorm(model.parameters(), 0.5);
      optimizer.step();
      progress.epochLoss += loss.item();
      progress.epochBatches++;
      progress.step++;
      if (config.perBatch) (scheduler as LRScheduler).step();
      const epochDone = loader.stateDict().nextBatch === 0;
      if (epochDone) {
        if (scheduler instanceof ReduceLROnPlateau) scheduler.step(progress.epochLoss / progress.epochBatches);
        else if (!config.perBatch) scheduler.step();
        progress.epochLoss = 0;
        progress.epochBatches = 0;
      }
      if (progress.step === until) return;
    }
  }
}

const bytesOf = (t: Tensor) => Array.from(new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength));

describe('resuming from a checkpoint is bit-identical to an uninterrupted run', () => {
  test.each(configs.map((c) => [c.name, c] as const))('%s', (_name, config) => {
    for (const k of [10, 7]) {
      // 7 batches is exactly one epoch: the checkpoint falls on an epoch boundary; 10 falls mid-epoch
      const whole = build(config, 1);
      trainUntil(whole, config, 2 * k);

      const first = build(config, 1);
      trainUntil(first, config, k);
      const bytes = saveCheckpoint({
        model: first.model,
        optimizer: first.optimizer,
        scheduler: first.scheduler,
        generator: first.generators,
        dataLoader: first.loader,
        extra: first.progress,
      });

      // A new process: everything rebuilt from other seeds, then the checkpoint restores it.
      const second = build(config, 555);
      const { extra } = loadCheckpoint(bytes, {
        model: second.model,
        optimizer: second.optimizer,
        scheduler: second.scheduler,
        generator: second.generators,
        dataLoader: second.loader,
      });
      Object.assign(second.progress, extra);
      expect(second.progress.step).toBe(k);
      trainUntil(second, config, 2 * k);

      const a = whole.model.parameters();
      const b = second.model.parameters();
      expect(b.map(bytesOf)).toEqual(a.map(bytesOf));
      expect(second.optimizer.paramGroups.map((g) => g.options)).toEqual(
        whole.optimizer.paramGroups.map((g) => g.options),
      );
      expect(second.scheduler.getLastLrs()).toEqual(whole.scheduler.getLastLrs());
      expect(Array.from(second.generators.data.getState())).toEqual(Array.from(whole.generators.data.getState()));
      expect(Array.from(second.generators.dropout.getState())).toEqual(Array.from(whole.generators.dropout.getState()));
      // and the checkpointed run really moved: the parameters differ from the k-step ones
      expect(b.map(bytesOf)).not.toEqual(first.model.parameters().map(bytesOf));
    }
  });
});

describe('a run on the default generator, checkpointed through a file, resumes bit for bit', () => {
  // PyTorch-style: one manualSeed, no generator passed anywhere (initialisation, Dropout, shuffling and randn draw
  // from the default generator); float32 parameters, AdamW's decoupled weight decay, and a cosine schedule whose
  // rate is exactly 0 at the checkpoint (a scheduled rate of 0 must load back).
  const K = 7;
  const setup = (seed: number) => {
    manualSeed(seed);
    const model = new Sequential(new Linear(4, 12), new Tanh(), new Dropout(0.25), new Linear(12, 3));
    const optimizer = new AdamW(model.parameters(), { lr: 0.02, weightDecay: 0.1 });
    const scheduler = new CosineAnnealingLR(optimizer, { tMax: K });
    const loader = new DataLoader(data(), { batchSize: 8, shuffle: true });
    return { model, optimizer, scheduler, loader, steps: 0 };
  };
  type Setup = ReturnType<typeof setup>;
  const train = (run: Setup, until: number) => {
    while (run.steps < until) {
      for (const [x, y] of run.loader) {
        run.optimizer.zeroGrad();
        // randn without a generator draws from the same default stream (a noisy input, as data augmentation)
        crossEntropyLoss(run.model.forward(x.add(randn(x.shape, { std: 0.01 }))), y).backward();
        run.optimizer.step();
        run.scheduler.step();
        if (++run.steps === until) return;
      }
    }
  };
  const parts = (run: Setup) => ({
    model: run.model,
    optimizer: run.optimizer,
    scheduler: run.scheduler,
    dataLoader: run.loader,
  });

  test('saving getDefaultGenerator() with the other parts', () => {
    const whole = setup(1);
    train(whole, 2 * K);
    expect(whole.model.parameters()[0]!.dtype).toBe('float32');

    const dir = mkdtempSync(join(tmpdir(), 'actlab-checkpoint-'));
    try {
      const path = join(dir, 'run.safetensors');
      const first = setup(1);
      train(first, K);
      expect(first.optimizer.lr).toBe(0); // the cosine schedule's bottom
      writeFileSync(path, saveCheckpoint({ ...parts(first), generator: getDefaultGenerator(), extra: { steps: K } }));

      // "another process": other seeds, and other draws from the default generator before loading
      const resumed = setup(77);
      randn([5]);
      const { extra } = loadCheckpoint(readFileSync(path), { ...parts(resumed), generator: getDefaultGenerator() });
      resumed.steps = (extra as { steps: number }).steps;
      train(resumed, 2 * K);
      expect(resumed.model.parameters().map(bytesOf)).toEqual(whole.model.parameters().map(bytesOf));
      expect(resumed.optimizer.lr).toBe(whole.optimizer.lr);

      // without the default generator's state the resumed run differs (Dropout, randn and the next shuffle)
      const forgetful = setup(77);
      loadCheckpoint(readFileSync(path), parts(forgetful));
      forgetful.steps = K;
      train(forgetful, 2 * K);
      expect(forgetful.model.parameters().map(bytesOf)).not.toEqual(whole.model.parameters().map(bytesOf));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('checkpoint files', () => {
  const config = configs[2]!;
  const trained = () => {
    const run = build(config, 3);
    trainUntil(run, config, 9);
    return run;
  };

  test('one safetensors file: tensors by part, JSON metadata, readable by any safetensors reader', () => {
    const run = trained();
    const bytes = saveCheckpoint({
      model: run.model,
      optimizer: run.optimizer,
      dataLoader: run.loader,
      extra: { epoch: 1 },
    });
    const { tensors, metadata } = decodeSafetensors(bytes);
    expect(Object.keys(tensors).sort()).toEqual(
      [
        'dataLoader.order',
        'model.0.bias',
        'model.0.weight',
        'model.3.bias',
        'model.3.weight',
        ...[0, 1, 2, 3].flatMap((i) => ['expAvg', 'expAvgSq', 'maxExpAvgSq'].map((n) => `optimizer.state.${i}.${n}`)),
      ].sort(),
    );
    expect(metadata.format).toBe('actlab-checkpoint/1');
    expect(JSON.parse(metadata.parts!)).toEqual(['model', 'optimizer', 'dataLoader']);
    expect(JSON.parse(metadata.optimizer!).state['0']).toEqual({ step: 9 });
    expect(JSON.parse(metadata.extra!)).toEqual({ epoch: 1 });
  });

  test('a Node Buffer (a view into a shared pool) and an ArrayBuffer load', () => {
    const run = trained();
    const bytes = saveCheckpoint({ model: run.model });
    const pool = Buffer.alloc(bytes.length + 100);
    pool.set(bytes, 37);
    const view = pool.subarray(37, 37 + bytes.length);
    const target = build(config, 8).model;
    loadCheckpoint(view, { model: target });
    expect(target.parameters().map(bytesOf)).toEqual(run.model.parameters().map(bytesOf));
    const other = build(config, 9).model;
    loadCheckpoint(bytes.slice().buffer, { model: other });
    expect(other.parameters().map(bytesOf)).toEqual(run.model.parameters().map(bytesOf));
  });

  test('all or nothing: a bad optimiser part leaves the model (loaded first) untouched', () => {
    const run = trained();
    const bytes = saveCheckpoint({ model: run.model, optimizer: run.optimizer });
    const decoded = decodeSafetensors(bytes);
    const optimizer = JSON.parse(decoded.metadata.optimizer!);
    optimizer.paramGroups[0].lr = -1;
    const corrupt = encodeSafetensors(decoded.tensors, { ...decoded.metadata, optimizer: JSON.stringify(optimizer) });
    const target = build(config, 4);
    const before = target.model.parameters().map(bytesOf);
    expect(() => loadCheckpoint(corrupt, { model: target.model, optimizer: target.optimizer })).toThrow(
      /Adam: lr = -1 is invalid/,
    );
    expect(target.model.parameters().map(bytesOf)).toEqual(before);
    expect(target.optimizer.stepCount).toBe(0);
  });

  test('all or nothing: a generator state that does not fit leaves the model and the other generators alone', () => {
    const run = trained();
    const bytes = saveCheckpoint({ model: run.model, generator: run.generators });
    const target = build(config, 4);
    const before = target.model.parameters().map(bytesOf);
    expect(() => loadCheckpoint(bytes, { model: target.model, generator: target.generators.data })).toThrow(
      /holds generators by name/,
    );
    expect(() => loadCheckpoint(bytes, { model: target.model, generator: { data: target.generators.data } })).toThrow(
      /the checkpoint's generators are data, dropout, the ones given data/,
    );
    expect(target.model.parameters().map(bytesOf)).toEqual(before);
  });

  test('clear errors: a part missing from the file, a weights file, a model of another shape, bad arguments', () => {
    const run = trained();
    const bytes = saveCheckpoint({ model: run.model });
    expect(() => loadCheckpoint(bytes, { model: run.model, optimizer: run.optimizer })).toThrow(
      /the checkpoint holds model but not optimizer; pass only the parts it was saved with/,
    );
    const weightsOnly = encodeSafetensors(run.model.stateDict());
    expect(() => loadCheckpoint(weightsOnly, { model: run.model })).toThrow(
      /not an actlab checkpoint .* model.loadStateDict/,
    );
    const wider = new Sequential(new Linear(4, 8), new Tanh(), new Dropout(0.2), new Linear(8, 3));
    expect(() => loadCheckpoint(bytes, { model: wider })).toThrow(/size mismatch for '0.weight'/);
    expect(() => loadCheckpoint(bytes, { modle: run.model } as never)).toThrow(/unknown option 'modle'/);
    expect(() => loadCheckpoint('x' as never, { model: run.model })).toThrow(/expected the file's bytes/);
    expect(() => saveCheckpoint({ model: run.model, extra: { n: 1n } })).toThrow(/extra cannot be written as JSON/);
    expect(() => saveCheckpoint({ optimizer: {} as never })).toThrow(/optimizer must be an Optimizer/);
  });

  test('hostile metadata is refused before JSON.parse builds it (values counted, depth capped)', () => {
    const run = trained();
    const bytes = saveCheckpoint({ model: run.model, optimizer: run.optimizer, extra: { epoch: 1 } });
    const decoded = decodeSafetensors(bytes);
    const forge = (key: string, value: string) =>
      encodeSafetensors(decoded.tensors, { ...decoded.metadata, [key]: value });
    const target = build(config, 4);
    const before = target.model.parameters().map(bytesOf);
    // 3 million values would cost JSON.parse some 150 MB; the count refuses it first
    const huge = `{"state":{},"paramGroups":[${'0,'.repeat(3_000_000)}0],"stepCount":0}`;
    expect(() =>
      loadCheckpoint(forge('optimizer', huge), { model: target.model, optimizer: target.optimizer }),
    ).toThrow(
      /the checkpoint's optimizer state holds more than [\d,]+ JSON values, .* \(nothing was parsed or changed\)/,
    );
    const deep = `${'['.repeat(100)}${']'.repeat(100)}`;
    expect(() => loadCheckpoint(forge('extra', deep), { model: target.model })).toThrow(
      /the checkpoint's extra nests deeper than 64 levels/,
    );
    expect(() => loadCheckpoint(forge('parts', `[${'"model",'.repeat(100)}"model"]`), { model: target.model })).toThrow(
      /parts list holds more than 64 JSON values/,
    );
    expect(target.model.parameters().map(bytesOf)).toEqual(before);
    // what saveCheckpoint writes always loads: an extra over the budget is refused when saving
    const big = { losses: new Array(CHECKPOINT_MAX_EXTRA_VALUES).fill(0.5) };
    expect(() => saveCheckpoint({ model: run.model, extra: big })).toThrow(
      /saveCheckpoint: extra holds more than 100,000 JSON values, so loadCheckpoint would refuse the file/,
    );
    const fits = { losses: new Array(CHECKPOINT_MAX_EXTRA_VALUES - 10).fill(0.5) };
    expect(loadCheckpoint(saveCheckpoint({ model: run.model, extra: fits }), { model: target.model }).extra).toEqual(
      fits,
    );
  });

  test("ReduceLROnPlateau's infinite best survives the JSON metadata", () => {
    const opt = new SGD([zeros([1], { requiresGrad: true })], { lr: 0.1 });
    const plateau = new ReduceLROnPlateau(opt, { mode: 'max' });
    const bytes = saveCheckpoint({ scheduler: plateau });
    const other = new ReduceLROnPlateau(new SGD([zeros([1], { requiresGrad: true })], { lr: 0.1 }), { mode: 'max' });
    other.best = 3;
    loadCheckpoint(bytes, { scheduler: other });
    expect(other.best).toBe(Number.NEGATIVE_INFINITY);
  });
});

test('the package entry exports the training API', async () => {
  const api: Record<string, unknown> = await import('./index');
  for (const name of [
    'ModuleList',
    'ModuleDict',
    'ParameterList',
    'TensorDataset',
    'DataLoader',
    'clipGradNorm',
    'clipGradValue',
    'StepLR',
    'CosineAnnealingLR',
    'LinearLR',
    'ExponentialLR',
    'LambdaLR',
    'OneCycleLR',
    'ReduceLROnPlateau',
    'LRScheduler',
    'saveCheckpoint',
    'loadCheckpoint',
    'ModuleSummary',
  ]) {
    expect(typeof api[name], name).toBe('function');
  }
});
