import { afterEach, describe, expect, it, vi } from 'vitest';
import { defaultState, type PlaygroundState } from '../state/url-state';
import { createLayersModel } from '../train/layers-model';
import { curveEpochs } from '../train/session';
import { TrainingController } from './controller';
import type { FromWorker } from './protocol';

type Snapshot = Extract<FromWorker, { type: 'snapshot' }>;

function controller() {
  const messages: FromWorker[] = [];
  let clock = 0;
  // Each reading of the clock advances it 10 ms, so a 60 ms slice is a handful of epochs.
  const c = new TrainingController(
    createLayersModel,
    (m) => messages.push(m),
    () => (clock += 10),
  );
  const snapshots = () => messages.filter((m): m is Snapshot => m.type === 'snapshot');
  return { c, messages, snapshots };
}

const small: PlaygroundState = { ...defaultState, points: 60 };

afterEach(() => {
  vi.useRealTimers();
});

describe('loss curves in snapshots', () => {
  it('keep every epoch while short, then at most 600 evenly spaced points ending at the last', () => {
    expect(curveEpochs(4)).toEqual([0, 1, 2, 3]);
    const long = curveEpochs(10_001);
    expect(long).toHaveLength(600);
    expect(long[0]).toBe(0);
    expect(long.at(-1)).toBe(10_000);
    for (let i = 1; i < long.length; i++) expect(long[i]).toBeGreaterThan(long[i - 1]);
  });
});

describe('the training worker controller', () => {
  it('configure posts epoch 0 with the data; step trains one epoch; a new configure starts a new generation', () => {
    const { c, snapshots } = controller();
    c.handle({ type: 'configure', state: small });
    const first = snapshots()[0];
    expect(first.generation).toBe(1);
    expect(first.epoch).toBe(0);
    expect(first.data?.trainPoints.length).toBe(60);
    expect(first.runs).toHaveLength(1);
    expect(first.runs[0].output.length).toBe(64 * 64);
    expect(first.runs[0].units?.map((layer) => layer.length)).toEqual([4, 2]);
    c.handle({ type: 'step' });
    const second = snapshots()[1];
    expect(second.epoch).toBe(1);
    expect(second.data).toBeNull();
    expect(second.runs[0].testLoss).toHaveLength(2);
    c.handle({ type: 'configure', state: { ...small, dataset: 'xor' } });
    expect(snapshots()[2].generation).toBe(2);
    expect(snapshots()[2].epoch).toBe(0);
  });

  it('compare mode trains one run per activation on the same data, without unit grids', () => {
    const { c, snapshots } = controller();
    c.handle({ type: 'configure', state: { ...small, mode: 'compare', compare: ['relu', 'maxout', 'rbf'] } });
    c.handle({ type: 'step' });
    const runs = snapshots()[1].runs;
    expect(runs.map((r) => r.label)).toEqual(['relu', 'maxout', 'rbf']);
    expect(runs.map((r) => r.layers[0].kind)).toEqual(['activation', 'maxout', 'rbf']);
    expect(runs.every((r) => r.units === null && r.epoch === 1)).toBe(true);
  });

  it('play trains in slices and posts after each; pause stops it', () => {
    vi.useFakeTimers();
    const { c, snapshots } = controller();
    c.handle({ type: 'configure', state: small });
    c.handle({ type: 'play' });
    vi.advanceTimersByTime(0);
    vi.advanceTimersByTime(0);
    const playing = snapshots().at(-1)!;
    expect(playing.playing).toBe(true);
    expect(playing.epoch).toBeGreaterThan(1);
    c.handle({ type: 'pause' });
    const paused = snapshots().at(-1)!;
    expect(paused.playing).toBe(false);
    vi.advanceTimersByTime(100);
    expect(snapshots().at(-1)!.epoch).toBe(paused.epoch);
  });
});
