import { loadSafetensorsWithMetadata } from '@actlab/layers';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { defaultState, type PlaygroundState } from '../state/url-state';
import { createLayersModel } from '../train/layers-model';
import { trainOptionsOf } from '../train/session';
import { MAX_SLICE_MS, TrainingController } from './controller';
import type { FromWorker, Snapshot } from './protocol';

/**
 * A controller whose page draws every snapshot at once: each is acknowledged ('shown') in a microtask, as the page
 * does after drawing it. Date.now is the fake timers' clock, so advancing the timers advances the controller's time.
 */
function controller() {
  const messages: FromWorker[] = [];
  const c: TrainingController = new TrainingController(
    createLayersModel,
    (m) => {
      messages.push(m);
      if (m.type === 'snapshot') queueMicrotask(() => c.handle({ type: 'shown', generation: m.generation }));
    },
    () => Date.now(),
  );
  const snapshots = () => messages.filter((m): m is Snapshot => m.type === 'snapshot');
  return { c, messages, snapshots, last: () => snapshots().at(-1)! };
}

const small: PlaygroundState = { ...defaultState, points: 100 };

afterEach(() => {
  vi.useRealTimers();
});

describe('the training worker controller', () => {
  it('configure posts epoch 0 with the data; step trains one epoch; a new configure starts a new generation', () => {
    const { c, snapshots } = controller();
    c.handle({ type: 'configure', state: small });
    const first = snapshots()[0];
    expect(first.generation).toBe(1);
    expect(first.epoch).toBe(0);
    expect(first.backend).toMatch(/^(js · 1 thread|wasm · \d+ threads?)$/);
    expect(first.data?.trainPoints.length).toBe(100);
    expect(first.runs).toHaveLength(1);
    expect(first.runs[0].output.length).toBe(64 * 64);
    expect(first.runs[0].units?.map((layer) => layer.length)).toEqual([4, 2]);
    expect(first.runs[0].weights?.map((w) => [w.rows, w.cols])).toEqual([
      [4, 2],
      [2, 4],
      [1, 2],
    ]);
    c.handle({ type: 'step' });
    const second = snapshots()[1];
    expect(second.epoch).toBe(1);
    expect(second.data).toBeNull();
    expect(second.runs[0].curves.epochs).toEqual([0, 1]);
    // Series: train loss, test loss, gradient norms of the two hidden layers and the output.
    expect(second.runs[0].curves.values).toHaveLength(5);
    expect(second.runs[0].curves.values[2][1]).toBeGreaterThan(0);
    expect(second.runs[0].unitShares.epochs).toEqual([0, 1]);
    c.handle({ type: 'configure', state: { ...small, dataset: 'xor' } });
    expect(snapshots()[2].generation).toBe(2);
    expect(snapshots()[2].epoch).toBe(0);
  });

  it('compare mode trains one run per activation on the same data, without unit grids or links', () => {
    const { c, snapshots } = controller();
    c.handle({ type: 'configure', state: { ...small, mode: 'compare', compare: ['relu', 'maxout', 'rbf'] } });
    c.handle({ type: 'step' });
    const runs = snapshots()[1].runs;
    expect(runs.map((r) => r.label)).toEqual(['relu', 'maxout', 'rbf']);
    expect(runs.map((r) => r.layers[0].kind)).toEqual(['activation', 'maxout', 'rbf']);
    expect(runs.every((r) => r.units === null && r.weights === null && r.epoch === 1)).toBe(true);
  });

  it('plays at the set speed: epoch 1 at once, then one epoch per 1/speed seconds, one snapshot each', async () => {
    vi.useFakeTimers();
    const { c, snapshots, last } = controller();
    c.handle({ type: 'configure', state: { ...small, speed: 10 } });
    c.handle({ type: 'play' });
    await vi.advanceTimersByTimeAsync(0);
    expect(last().epoch).toBe(1);
    expect(last().playing).toBe(true);
    await vi.advanceTimersByTimeAsync(100);
    expect(last().epoch).toBe(2);
    await vi.advanceTimersByTimeAsync(1000);
    expect(last().epoch).toBe(12);
    // One snapshot per epoch: each frame shows the next epoch.
    const epochs = snapshots().map((s) => s.epoch);
    expect(epochs).toEqual([0, ...Array.from({ length: 12 }, (_, i) => i + 1)]);
    c.handle({ type: 'pause' });
    expect(last().playing).toBe(false);
    await vi.advanceTimersByTimeAsync(1000);
    expect(last().epoch).toBe(12);
  });

  it('a new speed takes effect at once; at 200 epochs/s a snapshot carries several epochs', async () => {
    vi.useFakeTimers();
    const { c, last, snapshots } = controller();
    c.handle({ type: 'configure', state: { ...small, speed: 1 } });
    c.handle({ type: 'play' });
    await vi.advanceTimersByTimeAsync(0);
    expect(last().epoch).toBe(1);
    c.handle({ type: 'speed', speed: 200 });
    await vi.advanceTimersByTimeAsync(0);
    expect(last().epoch).toBe(2);
    const before = snapshots().length;
    await vi.advanceTimersByTimeAsync(500);
    // 100 more epochs are due; ticks come at most every 1/60 s, so the last may lag by one tick's worth.
    expect(last().epoch).toBeGreaterThanOrEqual(102 - 4);
    expect(last().epoch).toBeLessThanOrEqual(102);
    // Fewer snapshots than epochs: at most one per 1/60 s.
    expect(snapshots().length - before).toBeLessThanOrEqual(31);
    c.handle({ type: 'pause' });
  });

  it("at 'max' each snapshot follows a slice of training of MAX_SLICE_MS", async () => {
    vi.useFakeTimers();
    const messages: FromWorker[] = [];
    let clock = 0;
    // Each reading of the clock advances it 10 ms: a slice is a handful of epochs.
    const c = new TrainingController(
      createLayersModel,
      (m) => messages.push(m),
      () => (clock += 10),
    );
    c.handle({ type: 'configure', state: { ...small, speed: 'max' } });
    c.handle({ type: 'play' });
    await vi.advanceTimersByTimeAsync(0);
    const snap = messages.at(-1) as Snapshot;
    expect(snap.epoch).toBeGreaterThanOrEqual(MAX_SLICE_MS / 10 / 2);
    expect(snap.epochsPerSecond).toBeGreaterThanOrEqual(0);
    c.handle({ type: 'pause' });
  });

  it('flow control: at a set speed the next epoch waits until the page has drawn the last; at max training goes on', async () => {
    vi.useFakeTimers();
    const messages: FromWorker[] = [];
    // Each reading of the clock advances it 1 ms (so a slice at max ends), and the test jumps it forward.
    let clock = 0;
    const c = new TrainingController(
      createLayersModel,
      (m) => messages.push(m),
      () => (clock += 1),
    );
    const snapshots = () => messages.filter((m): m is Snapshot => m.type === 'snapshot');
    c.handle({ type: 'configure', state: { ...small, speed: 10 } });
    c.handle({ type: 'play' });
    await vi.advanceTimersByTimeAsync(0);
    expect(snapshots().at(-1)!.epoch).toBe(1);
    // A second passes and the page has drawn nothing: no epoch trained, no snapshot queued.
    clock += 1000;
    await vi.advanceTimersByTimeAsync(1000);
    expect(snapshots().at(-1)!.epoch).toBe(1);
    // The page draws it: the next epoch follows (one, although ten were due: every epoch gets its frame).
    c.handle({ type: 'shown', generation: 1 });
    await vi.advanceTimersByTimeAsync(0);
    expect(snapshots().at(-1)!.epoch).toBe(2);
    // A stale acknowledgement (an older generation) releases nothing.
    c.handle({ type: 'shown', generation: 0 });
    clock += 1000;
    await vi.advanceTimersByTimeAsync(1000);
    expect(snapshots().at(-1)!.epoch).toBe(2);
    // At max the worker trains on while a snapshot is in flight, and sends the next once it is drawn.
    c.handle({ type: 'speed', speed: 'max' });
    const sent = snapshots().length;
    await vi.advanceTimersByTimeAsync(10);
    expect(snapshots().length).toBe(sent);
    c.handle({ type: 'shown', generation: 1 });
    await vi.advanceTimersByTimeAsync(10);
    expect(snapshots().length).toBe(sent + 1);
    expect(snapshots().at(-1)!.epoch).toBeGreaterThan(4);
    c.handle({ type: 'pause' });
  });

  it('new training options keep the weights and the epoch; the next epoch uses them', () => {
    const { c, last } = controller();
    c.handle({ type: 'configure', state: small });
    for (let i = 0; i < 5; i++) c.handle({ type: 'step' });
    const before = last();
    expect(before.epoch).toBe(5);
    c.handle({ type: 'options', options: { ...trainOptionsOf(small), learningRate: 0.001, optimizer: 'sgd' } });
    const after = last();
    expect(after.epoch).toBe(5);
    expect(after.runs[0].output).toEqual(before.runs[0].output);
    expect(after.runs[0].weights).toEqual(before.runs[0].weights);
    c.handle({ type: 'step' });
    expect(last().epoch).toBe(6);
    expect(last().runs[0].curves.epochs.at(-1)).toBe(6);
  });

  it('learning rate 10 on Sine: the exploding epoch is thrown away, training pauses, and the snapshot says why', async () => {
    vi.useFakeTimers();
    const { c, last } = controller();
    c.handle({ type: 'configure', state: { ...small, dataset: 'sin', learningRate: 10 } });
    const start = last();
    c.handle({ type: 'play' });
    await vi.advanceTimersByTimeAsync(5000);
    const paused = last();
    expect(paused.playing).toBe(false);
    expect(paused.divergence).not.toBeNull();
    expect(paused.divergence?.reason).toMatch(/training loss jumped to|became (NaN|∞)/);
    // The last finite state stays: if the first epoch exploded, that is the untrained network, exactly.
    expect(paused.epoch).toBe(paused.divergence!.epoch - 1);
    expect(Number.isFinite(paused.runs[0].trainLoss)).toBe(true);
    if (paused.epoch === 0) expect(paused.runs[0].output).toEqual(start.runs[0].output);
    // A lower learning rate clears the warning and training goes on from there.
    c.handle({ type: 'options', options: { ...trainOptionsOf(small), learningRate: 0.01 } });
    expect(last().divergence).toBeNull();
    c.handle({ type: 'step' });
    expect(last().epoch).toBe(paused.epoch + 1);
  });

  it('inspect looks inside one unit: its output grid and where each training point sits on its curve', () => {
    const { c, last } = controller();
    c.handle({ type: 'configure', state: small });
    c.handle({ type: 'inspect', target: { layer: 0, unit: 2 } });
    const inspection = last().inspection!;
    expect(inspection).toMatchObject({ layer: 0, unit: 2, spec: small.layers[0] });
    expect(inspection.grid.length).toBe(64 * 64);
    expect(inspection.z.length).toBe(50);
    for (const [i, z] of inspection.z.entries()) expect(inspection.gain[i]).toBeCloseTo(1 - Math.tanh(z) ** 2, 5);
    c.handle({ type: 'inspect', target: { layer: 7, unit: 0 } });
    expect(last().inspection).toBeNull();
  });

  it('export sends the trained network as safetensors with its description in the metadata', () => {
    const { c, messages } = controller();
    c.handle({ type: 'configure', state: small });
    c.handle({ type: 'step' });
    c.handle({ type: 'export', format: 'safetensors' });
    const exported = messages.at(-1);
    if (exported?.type !== 'export') throw new Error('no export message');
    const { tensors, metadata } = loadSafetensorsWithMetadata(exported.bytes);
    expect(Object.keys(tensors).sort()).toEqual(['0.bias', '0.weight', '2.bias', '2.weight', '4.bias', '4.weight']);
    expect(metadata['actlab.features']).toBe('x1,x2');
    expect(metadata['actlab.epoch']).toBe('1');
    expect(JSON.parse(metadata['actlab.network']).hidden).toEqual(small.layers);
    c.handle({ type: 'configure', state: { ...small, mode: 'compare' } });
    c.handle({ type: 'export', format: 'onnx' });
    expect(messages.at(-1)).toMatchObject({ type: 'error', message: expect.stringMatching(/One network/) });
  });
});
