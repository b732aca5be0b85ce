import {
  classificationDatasets,
  type DatasetName,
  datasetLabels,
  generateDataset,
  regressionDatasets,
} from '../data/datasets';
import { createRng } from '../data/rng';
import { limits, type PlaygroundState, type Speed, type Stepped, speeds } from '../state/url-state';
import { type InitName, initNames, type OptimizerName, optimizerNames } from '../train/network-spec';
import { cssColor } from './colors';
import { byId, el, setText } from './dom';
import { type Actions, page } from './page';

/**
 * The toolbar (transport, epoch, speed, optimiser settings) and the data panel. Each control is built once and
 * then only synchronised with `page.state` (`syncControls`), so focus and keyboard operation survive every update.
 * A control never edits the state itself: it calls `actions`, so the URL, the controls and the worker change
 * together in one place (main.ts).
 */

export const learningRates = [0.00001, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10];
const regularizationRates = [0, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1];
const batchSizes = [1, 4, 8, 10, 16, 32, 64, 128];
const optimizerLabels: { readonly [O in OptimizerName]: string } = {
  sgd: 'SGD',
  momentum: 'Momentum 0.9',
  adam: 'Adam',
};
export const initLabels: { readonly [I in InitName]: string } = {
  pytorch: 'PyTorch default',
  xavier: 'Xavier (Glorot)',
  kaiming: 'Kaiming (He)',
  small: 'Small ±0.01',
};

export function speedLabel(speed: Speed): string {
  return speed === 'max' ? 'as fast as possible' : `${speed} epoch${speed === 1 ? '' : 's'}/s`;
}

/** Everything `syncControls` brings up to date. */
const syncs: (() => void)[] = [];

export interface SelectControl<T> {
  readonly element: HTMLSelectElement;
  sync(value: T): void;
}

/**
 * A <select> of `options`; a value that is not one of them (from a hand-edited URL) gets an option of its own,
 * so the control always shows the value in use.
 */
export function selectControl<T extends string | number>(
  id: string,
  options: readonly T[],
  label: (option: T) => string,
  onChange: (value: T) => void,
): SelectControl<T> {
  const element = el('select', { id });
  let current: readonly T[] = [];
  const render = (value: T) => {
    const all = options.includes(value) ? options : [...options, value];
    if (all.length !== current.length || all.some((o, i) => o !== current[i])) {
      element.replaceChildren(...all.map((o) => el('option', { value: String(o) }, label(o))));
      current = all;
    }
    if (element.value !== String(value)) element.value = String(value);
  };
  element.addEventListener('change', () => {
    const chosen = current.find((o) => String(o) === element.value);
    if (chosen !== undefined) onChange(chosen);
  });
  render(options[0]);
  return { element, sync: render };
}

function field(label: string, id: string, control: HTMLElement): HTMLElement {
  return el('div', { class: 'field' }, el('label', { class: 'caption', for: id }, label), control);
}

/**
 * A range slider over a grid of values; its accessible name is its label, its value text says the value with its
 * unit. Arrow keys move one step, each step is one change.
 */
function slider(
  id: string,
  label: string,
  range: Stepped,
  unit: string,
  value: () => number,
  onChange: (v: number) => void,
): HTMLElement {
  const output = el('output', { for: id, id: `${id}-value` });
  const input = el('input', { id, type: 'range', min: range.min, max: range.max, step: range.step });
  const show = (v: number) => {
    setText(output, `${v}${unit}`);
    input.setAttribute('aria-valuetext', `${v}${unit}`);
  };
  input.addEventListener('input', () => show(Number(input.value)));
  input.addEventListener('change', () => onChange(Number(input.value)));
  syncs.push(() => {
    const v = value();
    if (input.value !== String(v)) input.value = String(v);
    show(v);
  });
  return el(
    'div',
    { class: 'slider' },
    el('div', { class: 'slider-head' }, el('label', { for: id }, label), output),
    input,
  );
}

function speedControl(actions: Actions): HTMLElement {
  const input = el('input', { id: 'speed', type: 'range', min: 0, max: speeds.length - 1, step: 1 });
  const output = el('output', { for: 'speed', id: 'speed-value' });
  const show = (speed: Speed) => {
    setText(output, speedLabel(speed));
    input.setAttribute('aria-valuetext', speedLabel(speed));
  };
  input.addEventListener('input', () => show(speeds[Number(input.value)]));
  input.addEventListener('change', () => actions.update({ speed: speeds[Number(input.value)] }));
  syncs.push(() => {
    const index = String(speeds.indexOf(page.state.speed));
    if (input.value !== index) input.value = index;
    show(page.state.speed);
  });
  return el(
    'div',
    { class: 'field speed' },
    el('label', { class: 'caption', for: 'speed' }, 'Speed'),
    input,
    el('div', { class: 'speed-readout' }, output, el('span', { id: 'rate', class: 'rate' })),
  );
}

function buildToolbar(actions: Actions): void {
  const play = el('button', { id: 'play', class: 'primary round', type: 'button', 'aria-label': 'Train' }, '▶');
  play.addEventListener('click', () => {
    page.playing = !page.playing;
    actions.send({ type: page.playing ? 'play' : 'pause' });
    updateToolbar();
  });
  const step = el('button', { id: 'step', class: 'round', type: 'button', 'aria-label': 'Train one epoch' }, '+1');
  step.addEventListener('click', () => {
    page.playing = false;
    actions.send({ type: 'step' });
    updateToolbar();
  });
  const reset = el('button', { id: 'reset', class: 'round', type: 'button', 'aria-label': 'Reset the weights' }, '↺');
  reset.addEventListener('click', () => actions.restart('you pressed reset'));
  const lr = selectControl('learning-rate', learningRates, String, (v) => actions.update({ learningRate: v }));
  const batch = selectControl('batch-size', batchSizes, String, (v) => actions.update({ batchSize: v }));
  const optimizer = selectControl(
    'optimizer',
    optimizerNames,
    (o) => optimizerLabels[o],
    (v) => actions.update({ optimizer: v }),
  );
  const l1 = selectControl('l1', regularizationRates, String, (v) => actions.update({ l1: v }));
  const l2 = selectControl('l2', regularizationRates, String, (v) => actions.update({ l2: v }));
  const init = selectControl(
    'init',
    initNames,
    (i) => initLabels[i],
    (v) => actions.update({ init: v }),
  );
  syncs.push(() => {
    lr.sync(page.state.learningRate);
    batch.sync(page.state.batchSize);
    optimizer.sync(page.state.optimizer);
    l1.sync(page.state.l1);
    l2.sync(page.state.l2);
    init.sync(page.state.init);
  });
  byId('toolbar', HTMLElement).replaceChildren(
    el('div', { class: 'transport' }, reset, play, step),
    el(
      'div',
      { class: 'stat-block' },
      el('span', { class: 'caption', id: 'epoch-label' }, 'Epoch'),
      el('output', { id: 'epoch', class: 'big-number', 'aria-labelledby': 'epoch-label' }, '000'),
    ),
    speedControl(actions),
    field('Learning rate', 'learning-rate', lr.element),
    field('Optimiser', 'optimizer', optimizer.element),
    field('Batch size', 'batch-size', batch.element),
    field('L1', 'l1', l1.element),
    field('L2', 'l2', l2.element),
    field('Initialisation', 'init', init.element),
  );
}

/** The epoch, the measured rate and whether training runs; called on every snapshot. */
export function updateToolbar(): void {
  const play = byId('play', HTMLButtonElement);
  setText(play, page.playing ? '❚❚' : '▶');
  play.setAttribute('aria-label', page.playing ? 'Pause' : 'Train');
  play.title = page.playing ? 'Pause' : 'Train';
  setText(byId('epoch', HTMLElement), (page.latest?.epoch ?? 0).toLocaleString('en-US').padStart(3, '0'));
  const rate = page.latest?.epochsPerSecond ?? 0;
  setText(
    byId('rate', HTMLElement),
    page.playing && rate > 0
      ? `measured ${rate < 10 ? rate.toFixed(1) : Math.round(rate).toLocaleString('en-US')}/s`
      : '',
  );
}

/** A small picture of each dataset (clean, seed 1), drawn once. */
const thumbnails = new Map<DatasetName, string>();

function thumbnail(name: DatasetName): string {
  let url = thumbnails.get(name);
  if (url === undefined) {
    const canvas = el('canvas', { width: 48, height: 48 });
    const sample = generateDataset(name, { n: 160, noise: 0 }, createRng(1));
    const regression = sample.task === 'regression';
    const ctx = canvas.getContext('2d');
    if (ctx !== null) {
      ctx.fillStyle = '#f3f5f7';
      ctx.fillRect(0, 0, 48, 48);
      for (let i = 0; i < sample.n; i++) {
        const t = regression ? sample.labels[i] : 2 * sample.labels[i] - 1;
        ctx.fillStyle = cssColor(Math.sign(t) * Math.max(0.5, Math.abs(t)));
        ctx.fillRect(((sample.points[2 * i] + 6) / 12) * 46, ((6 - sample.points[2 * i + 1]) / 12) * 46, 2.4, 2.4);
      }
    }
    url = canvas.toDataURL();
    thumbnails.set(name, url);
  }
  return url;
}

function datasetButton(name: DatasetName, actions: Actions): HTMLElement {
  const label = datasetLabels[name].replace(' (regression)', '');
  const button = el(
    'button',
    { id: `dataset-${name}`, class: 'dataset', type: 'button', title: datasetLabels[name] },
    el('img', { src: thumbnail(name), alt: '', width: 48, height: 48 }),
    el('span', {}, label),
  );
  button.addEventListener('click', () => actions.update({ dataset: name }));
  syncs.push(() => {
    const selected = page.state.dataset === name;
    button.classList.toggle('selected', selected);
    button.setAttribute('aria-pressed', String(selected));
  });
  return button;
}

function seedRow(actions: Actions): HTMLElement {
  const seed = el('input', {
    id: 'seed',
    type: 'number',
    min: limits.seed.min,
    max: limits.seed.max,
    step: 1,
    inputmode: 'numeric',
  });
  seed.addEventListener('change', () => {
    const v = Number(seed.value);
    if (seed.value.trim() !== '' && Number.isInteger(v) && v >= limits.seed.min && v <= limits.seed.max) {
      actions.update({ seed: v });
      return;
    }
    actions.notify([
      `seed '${seed.value.slice(0, 40)}' is invalid (expected an integer 0–${limits.seed.max}); using ${page.state.seed}`,
    ]);
    seed.value = String(page.state.seed);
  });
  syncs.push(() => {
    if (document.activeElement !== seed || Number(seed.value) !== page.state.seed) seed.value = String(page.state.seed);
  });
  const reroll = el('button', { id: 'new-seed', type: 'button' }, 'New seed');
  reroll.addEventListener('click', () => actions.update({ seed: (page.state.seed * 1103515245 + 12345) % 2147483647 }));
  return el('div', { class: 'seed-row' }, field('Seed', 'seed', seed), reroll);
}

function buildDataPanel(actions: Actions): void {
  byId('data-panel', HTMLElement).replaceChildren(
    el('h2', {}, 'Data'),
    el('div', { class: 'caption', id: 'classification-label' }, 'Classification'),
    el(
      'div',
      { class: 'dataset-grid', role: 'group', 'aria-labelledby': 'classification-label' },
      ...classificationDatasets.map((name) => datasetButton(name, actions)),
    ),
    el('div', { class: 'caption', id: 'regression-label' }, 'Regression'),
    el(
      'div',
      { class: 'dataset-grid', role: 'group', 'aria-labelledby': 'regression-label' },
      ...regressionDatasets.map((name) => datasetButton(name, actions)),
    ),
    slider(
      'train-percent',
      'Training data',
      limits.trainPercent,
      '%',
      () => page.state.trainPercent,
      (v) => actions.update({ trainPercent: v }),
    ),
    slider(
      'noise',
      'Noise',
      limits.noise,
      '%',
      () => page.state.noise,
      (v) => actions.update({ noise: v }),
    ),
    slider(
      'points',
      'Points',
      limits.points,
      '',
      () => page.state.points,
      (v) => actions.update({ points: v }),
    ),
    seedRow(actions),
  );
}

function buildModeTabs(actions: Actions): void {
  const tab = (mode: PlaygroundState['mode'], label: string) => {
    const b = el('button', { id: `mode-${mode}`, class: 'tab', type: 'button' }, label);
    b.addEventListener('click', () => actions.update({ mode }));
    syncs.push(() => {
      const selected = page.state.mode === mode;
      b.classList.toggle('selected', selected);
      b.setAttribute('aria-pressed', String(selected));
    });
    return b;
  };
  byId('mode-tabs', HTMLElement).replaceChildren(tab('single', 'One network'), tab('compare', 'Compare activations'));
}

/** Builds the toolbar, data panel and mode tabs once; then `syncControls` keeps them current. */
export function buildControls(actions: Actions): void {
  syncs.length = 0;
  buildModeTabs(actions);
  buildToolbar(actions);
  buildDataPanel(actions);
}

export function syncControls(): void {
  for (const sync of syncs) sync();
  updateToolbar();
}
