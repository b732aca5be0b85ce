#!/usr/bin/env node
// Train an MLP on the digits data with a shuffling DataLoader, AdamW and OneCycleLR; optionally stop after some
// epochs with a checkpoint, or resume from one. A resumed run ends with exactly the parameters of an uninterrupted
// one (compare the printed sha256), because the checkpoint holds everything the run depends on: weights, AdamW's
// moments and step counts, the scheduler's position, the generators of the shuffle and of Dropout.
//
//   node examples/digits/train.mjs --epochs 12
//   node examples/digits/train.mjs --epochs 12 --stop-after 5 --checkpoint /tmp/digits.ckpt.safetensors
//   node examples/digits/train.mjs --epochs 12 --resume /tmp/digits.ckpt.safetensors
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { noGrad } from '@actlab/autograd';
import { Random } from '@actlab/kernels';
import {
  AdamW,
  clipGradNorm,
  crossEntropyLoss,
  DataLoader,
  Dropout,
  Linear,
  loadCheckpoint,
  OneCycleLR,
  ReLU,
  Sequential,
  saveCheckpoint,
  TensorDataset,
} from '@actlab/layers';
import { DEFAULT_DATA, loadDigits } from './data.mjs';

const { values: args } = parseArgs({
  options: {
    epochs: { type: 'string', default: '12' },
    'stop-after': { type: 'string' },
    checkpoint: { type: 'string' },
    resume: { type: 'string' },
    data: { type: 'string' },
    quiet: { type: 'boolean', default: false },
  },
  strict: true,
});
const epochs = Number(args.epochs);
const stopAfter = args['stop-after'] === undefined ? null : Number(args['stop-after']);
if (!Number.isInteger(epochs) || epochs < 1) throw new Error(`--epochs ${args.epochs}: pass a whole number ≥ 1`);
if (stopAfter !== null && (!Number.isInteger(stopAfter) || stopAfter < 1 || stopAfter >= epochs)) {
  throw new Error(`--stop-after ${args['stop-after']}: pass a whole number in [1, ${epochs - 1}]`);
}
if (stopAfter !== null && args.checkpoint === undefined) throw new Error('--stop-after needs --checkpoint <file>');
const log = (line) => {
  if (!args.quiet) console.log(line);
};

const { trainX, trainY, testX, testY } = loadDigits(args.data ?? DEFAULT_DATA);

// Every random choice has its own seeded generator, so the run is reproducible and the checkpoint can carry them.
const init = new Random(0);
const generators = { data: new Random(1), dropout: new Random(2) };
const model = new Sequential(
  new Linear(64, 64, { generator: init }),
  new ReLU(),
  new Dropout(0.1, { generator: generators.dropout }),
  new Linear(64, 10, { generator: init }),
);
const params = model.parameters();
const loader = new DataLoader(new TensorDataset(trainX, trainY), {
  batchSize: 32,
  shuffle: true,
  generator: generators.data,
});
const optimizer = new AdamW(params, { lr: 1e-3, weightDecay: 1e-4 });
const scheduler = new OneCycleLR(optimizer, { maxLr: 0.01, epochs, stepsPerEpoch: loader.length });
const parts = { model, optimizer, scheduler, generator: generators, dataLoader: loader };

let startEpoch = 0;
if (args.resume !== undefined) {
  const { extra } = loadCheckpoint(readFileSync(args.resume), parts);
  startEpoch = extra.epoch;
  log(`resumed from ${args.resume} after epoch ${startEpoch}`);
}

function testAccuracy() {
  model.eval();
  const logits = noGrad(() => model.forward(testX));
  model.train();
  const k = 10;
  let right = 0;
  for (let i = 0; i < testY.size; i++) {
    let best = 0;
    for (let c = 1; c < k; c++) if (logits.data[i * k + c] > logits.data[i * k + best]) best = c;
    if (best === testY.data[i]) right++;
  }
  return right / testY.size;
}

for (let epoch = startEpoch; epoch < epochs; epoch++) {
  let total = 0;
  for (const [x, y] of loader) {
    optimizer.zeroGrad();
    const loss = crossEntropyLoss(model.forward(x), y);
    loss.backward();
    clipGradNorm(params, 5);
    optimizer.step();
    scheduler.step();
    total += loss.item();
  }
  log(
    `epoch ${epoch + 1}/${epochs}  loss ${(total / loader.length).toFixed(4)}  test accuracy ${testAccuracy().toFixed(4)}`,
  );
  if (stopAfter === epoch + 1) {
    writeFileSync(args.checkpoint, saveCheckpoint({ ...parts, extra: { epoch: epoch + 1 } }));
    log(`checkpoint written to ${args.checkpoint}; stopping after epoch ${epoch + 1}`);
    break;
  }
}

const hash = createHash('sha256');
for (const p of params) hash.update(new Uint8Array(p.data.buffer, p.data.byteOffset, p.data.byteLength));
const epochsDone = stopAfter ?? epochs;
console.log(
  `result ${JSON.stringify({ epochs: epochsDone, accuracy: testAccuracy(), parameters: hash.digest('hex') })}`,
);
