import { datasetLabels } from '../data/datasets';
import type { PlaygroundState } from './url-state';

/** What a change of settings does to the training run. */
export interface Change {
  /** Why training starts again from new weights at epoch 0, in words for the page; null when it goes on. */
  readonly reset: string | null;
  /** The learning rate, optimiser, batch size or L1/L2 changed: same weights, same epoch, new steps. */
  readonly options: boolean;
  readonly speed: boolean;
  /** Only how the output is drawn changed (test points, discretize). */
  readonly view: boolean;
  /** Nothing changed at all (re-choosing the current choice). */
  readonly none: boolean;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Sorts a change into what it needs. Data, features, architecture, initialisation and seed make a new network
 * (its weights would mean nothing on new inputs or a new shape); the optimiser-side settings keep the weights and
 * the epoch count, so changing the learning rate mid-run is an experiment, not a restart.
 */
export function classifyChange(before: PlaygroundState, after: PlaygroundState): Change {
  const reasons: string[] = [];
  if (before.dataset !== after.dataset) {
    reasons.push(`the dataset changed (${datasetLabels[before.dataset]} → ${datasetLabels[after.dataset]})`);
  }
  if (before.noise !== after.noise) reasons.push(`the noise changed (${before.noise}% → ${after.noise}%)`);
  if (before.trainPercent !== after.trainPercent) {
    reasons.push(`the training share changed (${before.trainPercent}% → ${after.trainPercent}%)`);
  }
  if (before.points !== after.points) reasons.push(`the number of points changed (${before.points} → ${after.points})`);
  if (before.seed !== after.seed) reasons.push(`the seed changed (${before.seed} → ${after.seed})`);
  if (!same(before.features, after.features)) reasons.push('the input features changed');
  if (!same(before.layers, after.layers)) reasons.push('the hidden layers changed');
  if (before.mode !== after.mode) {
    reasons.push(after.mode === 'compare' ? 'compare mode started' : 'compare mode ended');
  } else if (after.mode === 'compare' && !same(before.compare, after.compare)) {
    reasons.push('the compared activations changed');
  }
  if (before.init !== after.init) reasons.push(`the initialisation changed (${before.init} → ${after.init})`);
  const options =
    before.optimizer !== after.optimizer ||
    before.learningRate !== after.learningRate ||
    before.batchSize !== after.batchSize ||
    before.l1 !== after.l1 ||
    before.l2 !== after.l2;
  const speed = before.speed !== after.speed;
  const view = before.showTest !== after.showTest || before.discretize !== after.discretize;
  // A compare list edited in single mode is kept for later but trains nothing now.
  const compareOnly = after.mode === 'single' && !same(before.compare, after.compare);
  return {
    reset: reasons.length === 0 ? null : reasons.join('; '),
    options,
    speed,
    view,
    none: reasons.length === 0 && !options && !speed && !view && !compareOnly,
  };
}
