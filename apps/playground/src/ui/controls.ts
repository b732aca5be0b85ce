import {
  classificationDatasets,
  type DatasetName,
  datasetLabels,
  generateDataset,
  regressionDatasets,
  taskOf,
} from '../data/datasets';
import { type FeatureName, featureLabels, featureNames } from '../data/features';
import { createRng } from '../data/rng';
import {
  type CompareEntry,
  limits,
  MAX_LAYERS,
  MAX_UNITS,
  type PlaygroundState,
  parseState,
  serializeState,
} from '../state/url-state';
import {
  type HiddenLayerSpec,
  type LayerKind,
  layerKinds,
  layerOfKind,
  type OptimizerName,
} from '../train/network-spec';
import { compareLayerSettings } from '../train/session';
import type { ToWorker } from '../worker/protocol';
import { cssColor } from './colors';
import { byId, el } from './dom';
import { experiments } from './experiments';
import { page } from './page';

/**
 * The page's controls: toolbar, data, features, hidden layers, compare chooser, mode tabs and the guide's
 * experiments. Each is rebuilt from `page.state` on every change; a control never edits the state itself but calls
 * `actions`, so the URL, the controls and the worker are updated together in one place (main.ts).
 */

/** What a control may do. */
export interface ControlActions {
  /** Change settings: rewrites the URL, rebuilds the controls, restarts training. */
  update(patch: Partial<PlaygroundState>): void;
  /** Restart training with the current settings (fresh weights). */
  configure(): void;
  /** Post to the training worker (play, pause, step). */
  send(message: ToWorker): void;
}

const learningRates = [0.00001, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10];
const regularizationRates = [0, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1];
const optimizerLabels: { readonly [O in OptimizerName]: string } = {
  sgd: 'SGD',
  momentum: 'SGD + momentum 0.9',
  adam: 'Adam',
};

function select<T extends string | number>(
  id: string,
  options: readonly T[],
  value: T,
  label: (option: T) => string,
  onChange: (value: T) => void,
): HTMLSelectElement {
  const all = options.includes(value) ? options : [...options, value];
  const node = el(
    'select',
    { id },
    ...all.map((o) => el('option', { value: String(o), selected: o === value }, label(o))),
  );
  node.addEventListener('change', () => {
    const chosen = all.find((o) => String(o) === node.value);
    if (chosen !== undefined) onChange(chosen);
  });
  return node;
}

function slider(
  id: string,
  label: string,
  value: number,
  min: number,
  max: number,
  step: number,
  unit: string,
  onChange: (v: number) => void,
): HTMLElement {
  const output = el('output', { for: id }, `${value}${unit}`);
  const input = el('input', { id, type: 'range', min, max, step, value });
  input.addEventListener('input', () => {
    output.textContent = `${input.value}${unit}`;
  });
  input.addEventListener('change', () => onChange(Number(input.value)));
  return el('label', { class: 'slider' }, el('span', {}, label, ' ', output), input);
}

function renderToolbar(actions: ControlActions): void {
  const toolbar = byId('toolbar', HTMLDivElement);
  const play = el('button', { id: 'play', class: 'primary round', title: 'Train' }, '▶');
  play.addEventListener('click', () => {
    const playing = page.latest?.playing ?? false;
    actions.send({ type: playing ? 'pause' : 'play' });
    // Show the new state at once; the worker's next snapshot confirms it.
    if (page.latest !== null) page.latest = { ...page.latest, playing: !playing };
    updateToolbar();
  });
  const step = el('button', { id: 'step', class: 'round', title: 'Train one epoch' }, '+1');
  step.addEventListener('click', () => actions.send({ type: 'step' }));
  const reset = el('button', { id: 'reset', class: 'round', title: 'Reset the weights' }, '↺');
  reset.addEventListener('click', () => actions.configure());
  toolbar.replaceChildren(
    el('div', { class: 'transport' }, reset, play, step),
    el(
      'div',
      { class: 'stat-block' },
      el('span', { class: 'caption' }, 'Epoch'),
      el('span', { id: 'epoch', class: 'big-number' }, '000'),
    ),
    el(
      'label',
      { class: 'field' },
      el('span', { class: 'caption' }, 'Learning rate'),
      select('learning-rate', learningRates, page.state.learningRate, String, (v) =>
        actions.update({ learningRate: v }),
      ),
    ),
    el(
      'label',
      { class: 'field' },
      el('span', { class: 'caption' }, 'Batch size'),
      select('batch-size', [1, 4, 8, 10, 16, 32, 64, 128], page.state.batchSize, String, (v) =>
        actions.update({ batchSize: v }),
      ),
    ),
    el(
      'label',
      { class: 'field' },
      el('span', { class: 'caption' }, 'Optimiser'),
      select(
        'optimizer',
        ['sgd', 'momentum', 'adam'] as const,
        page.state.optimizer,
        (o) => optimizerLabels[o],
        (v) => actions.update({ optimizer: v }),
      ),
    ),
    el(
      'label',
      { class: 'field' },
      el('span', { class: 'caption' }, 'L1'),
      select('l1', regularizationRates, page.state.l1, String, (v) => actions.update({ l1: v })),
    ),
    el(
      'label',
      { class: 'field' },
      el('span', { class: 'caption' }, 'L2'),
      select('l2', regularizationRates, page.state.l2, String, (v) => actions.update({ l2: v })),
    ),
    el(
      'div',
      { class: 'stat-block speed' },
      el('span', { class: 'caption' }, 'Speed'),
      el('span', { id: 'speed' }, '—'),
    ),
  );
  updateToolbar();
}

/** Shows the epoch, the speed and whether training runs; called on every snapshot. */
export function updateToolbar(): void {
  const playing = page.latest?.playing ?? false;
  const play = byId('play', HTMLButtonElement);
  play.textContent = playing ? '❚❚' : '▶';
  play.title = playing ? 'Pause' : 'Train';
  play.setAttribute('aria-label', play.title);
  byId('epoch', HTMLElement).textContent = (page.latest?.epoch ?? 0).toLocaleString('en-US').padStart(3, '0');
  byId('speed', HTMLElement).textContent =
    page.latest !== null && page.latest.msPerEpoch > 0 ? `${page.latest.msPerEpoch.toFixed(1)} ms/epoch` : '—';
}

/** A small picture of each dataset (clean, seed 1), drawn once. */
const thumbnails = new Map<DatasetName, string>();

function thumbnail(name: DatasetName): string {
  let url = thumbnails.get(name);
  if (url === undefined) {
    const canvas = el('canvas', { width: 48, height: 48 });
    canvas.style.width = '48px';
    canvas.style.height = '48px';
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

function datasetButton(name: DatasetName, actions: ControlActions): HTMLElement {
  const button = el(
    'button',
    {
      id: `dataset-${name}`,
      class: `dataset${page.state.dataset === name ? ' selected' : ''}`,
      title: datasetLabels[name],
    },
    el('img', { src: thumbnail(name), alt: '', width: 48, height: 48 }),
    el('span', {}, datasetLabels[name].replace(' (regression)', '')),
  );
  button.addEventListener('click', () => actions.update({ dataset: name }));
  return button;
}

function renderDataPanel(actions: ControlActions): void {
  const panel = byId('data-panel', HTMLElement);
  const seed = el('input', { id: 'seed', type: 'number', min: 0, max: limits.seed.max, value: page.state.seed });
  seed.addEventListener('change', () => {
    const v = Number(seed.value);
    if (Number.isInteger(v) && v >= 0 && v <= limits.seed.max) actions.update({ seed: v });
  });
  const reroll = el('button', { id: 'new-seed', title: 'New data and weights' }, 'New seed');
  reroll.addEventListener('click', () => actions.update({ seed: (page.state.seed * 1103515245 + 12345) % 2147483647 }));
  panel.replaceChildren(
    el('h2', {}, 'Data'),
    el('div', { class: 'caption' }, 'Classification'),
    el('div', { class: 'dataset-grid' }, ...classificationDatasets.map((name) => datasetButton(name, actions))),
    el('div', { class: 'caption' }, 'Regression'),
    el('div', { class: 'dataset-grid' }, ...regressionDatasets.map((name) => datasetButton(name, actions))),
    slider('train-percent', 'Training data', page.state.trainPercent, 10, 90, 10, '%', (v) =>
      actions.update({ trainPercent: v }),
    ),
    slider('noise', 'Noise', page.state.noise, 0, 50, 5, '%', (v) => actions.update({ noise: v })),
    slider('points', 'Points', page.state.points, 100, 1000, 50, '', (v) => actions.update({ points: v })),
    el(
      'div',
      { class: 'seed-row' },
      el('label', { class: 'field' }, el('span', { class: 'caption' }, 'Seed'), seed),
      reroll,
    ),
  );
}

function renderFeaturesPanel(actions: ControlActions): void {
  const panel = byId('features-panel', HTMLElement);
  const boxes = featureNames.map((name: FeatureName) => {
    const input = el('input', { type: 'checkbox', id: `feature-${name}`, checked: page.state.features.includes(name) });
    input.addEventListener('change', () => {
      const next = input.checked
        ? featureNames.filter((f) => f === name || page.state.features.includes(f))
        : page.state.features.filter((f) => f !== name);
      if (next.length === 0) {
        input.checked = true;
        return;
      }
      actions.update({ features: next });
    });
    return el('label', { class: 'feature' }, input, el('span', {}, featureLabels[name]));
  });
  panel.replaceChildren(el('h2', {}, 'Features'), el('div', { class: 'feature-list' }, ...boxes));
}

function withLayer(index: number, layer: HiddenLayerSpec): HiddenLayerSpec[] {
  return page.state.layers.map((l, i) => (i === index ? layer : l));
}

/** `layer` turned into `kind`, keeping its width; a new Maxout or RBF layer starts with compare mode's settings. */
function layerWithKind(layer: HiddenLayerSpec, kind: LayerKind): HiddenLayerSpec {
  return layerOfKind(kind, layer.units, compareLayerSettings);
}

function layerCard(layer: HiddenLayerSpec, index: number, actions: ControlActions): HTMLElement {
  const kindValue = layer.kind === 'activation' ? layer.activation : layer.kind;
  const kind = select(
    `layer-${index}-kind`,
    layerKinds,
    kindValue,
    (k) => k,
    (k) => actions.update({ layers: withLayer(index, layerWithKind(layer, k)) }),
  );
  kind.classList.add('layer-kind');
  const minus = el('button', { class: 'tiny', title: 'Remove a unit', disabled: layer.units <= 1 }, '−');
  minus.addEventListener('click', () =>
    actions.update({ layers: withLayer(index, { ...layer, units: layer.units - 1 }) }),
  );
  const plus = el('button', { class: 'tiny', title: 'Add a unit', disabled: layer.units >= MAX_UNITS }, '+');
  plus.addEventListener('click', () =>
    actions.update({ layers: withLayer(index, { ...layer, units: layer.units + 1 }) }),
  );
  let parameter: HTMLElement | null = null;
  if (layer.kind === 'maxout') {
    parameter = el(
      'label',
      { class: 'param' },
      'pool ',
      select(`layer-${index}-pool`, [2, 3, 4], layer.poolSize, String, (v) =>
        actions.update({ layers: withLayer(index, { ...layer, poolSize: v }) }),
      ),
    );
  } else if (layer.kind === 'rbf') {
    parameter = el(
      'label',
      { class: 'param' },
      'γ ',
      select(`layer-${index}-gamma`, [0.05, 0.1, 0.2, 0.5, 1, 2, 5], layer.gamma, String, (v) =>
        actions.update({ layers: withLayer(index, { ...layer, gamma: v }) }),
      ),
    );
  }
  const units = el('div', { class: 'units', id: `units-${index}` });
  // In compare mode each run has its own units, so only the single network shows them.
  if (page.state.mode === 'single') {
    for (let u = 0; u < layer.units; u++) {
      units.append(
        el('canvas', { class: 'unit-map', width: 40, height: 40, title: `layer ${index + 1}, unit ${u + 1}` }),
      );
    }
  }
  return el(
    'div',
    { class: 'layer-card' },
    page.state.mode === 'single'
      ? el('div', { class: 'layer-head' }, el('span', { class: 'caption' }, `Layer ${index + 1}`), kind, parameter)
      : el(
          'div',
          { class: 'layer-head' },
          el('span', { class: 'caption' }, `Layer ${index + 1}`),
          el('span', { class: 'param' }, 'activation: compared'),
        ),
    el('div', { class: 'unit-row' }, minus, el('span', { class: 'unit-count' }, `${layer.units} units`), plus),
    units,
  );
}

function renderNetworkPanel(actions: ControlActions): void {
  const panel = byId('network-panel', HTMLElement);
  const add = el(
    'button',
    { id: 'add-layer', class: 'tiny', disabled: page.state.layers.length >= MAX_LAYERS, title: 'Add a hidden layer' },
    '+',
  );
  add.addEventListener('click', () => {
    const last = page.state.layers[page.state.layers.length - 1] ?? {
      kind: 'activation',
      units: 4,
      activation: 'tanh',
    };
    actions.update({ layers: [...page.state.layers, last] });
  });
  const remove = el(
    'button',
    {
      id: 'remove-layer',
      class: 'tiny',
      disabled: page.state.layers.length === 0,
      title: 'Remove the last hidden layer',
    },
    '−',
  );
  remove.addEventListener('click', () => actions.update({ layers: page.state.layers.slice(0, -1) }));
  const task = taskOf(page.state.dataset);
  const cards =
    page.state.layers.length === 0
      ? [el('div', { class: 'empty' }, 'No hidden layer: the network is a linear model (logistic regression).')]
      : page.state.layers.map((layer, i) => layerCard(layer, i, actions));
  panel.replaceChildren(
    el(
      'div',
      { class: 'panel-title' },
      el('h2', {}, 'Hidden layers'),
      el(
        'span',
        { class: 'layer-buttons' },
        remove,
        el('span', { id: 'layer-count' }, `${page.state.layers.length}`),
        add,
      ),
    ),
    el('div', { class: 'layers' }, ...cards),
    el(
      'p',
      { class: 'hint' },
      task === 'classification'
        ? 'Output: one unit, sigmoid, binary cross-entropy.'
        : 'Output: one unit, identity, mean squared error.',
    ),
  );
  if (page.state.mode === 'compare') panel.append(compareChooser(actions));
}

function compareChooser(actions: ControlActions): HTMLElement {
  const entries: readonly CompareEntry[] = layerKinds;
  const boxes = entries.map((entry) => {
    const input = el('input', {
      type: 'checkbox',
      id: `compare-${entry}`,
      checked: page.state.compare.includes(entry),
    });
    input.addEventListener('change', () => {
      const next = input.checked
        ? entries.filter((e) => e === entry || page.state.compare.includes(e))
        : page.state.compare.filter((e) => e !== entry);
      if (next.length < limits.compare.min || next.length > limits.compare.max) {
        input.checked = !input.checked;
        return;
      }
      actions.update({ compare: next });
    });
    return el('label', { class: 'feature' }, input, el('span', {}, entry));
  });
  return el(
    'div',
    { class: 'compare-chooser' },
    el('h2', {}, 'Compare'),
    el(
      'p',
      { class: 'hint' },
      `Every hidden layer takes each of these in turn (${limits.compare.min}–${limits.compare.max}); same data, seed and sizes.`,
    ),
    el('div', { class: 'compare-list' }, ...boxes),
  );
}

function renderModeTabs(actions: ControlActions): void {
  const tabs = byId('mode-tabs', HTMLElement);
  const tab = (mode: PlaygroundState['mode'], label: string) => {
    const b = el(
      'button',
      { id: `mode-${mode}`, class: `tab${page.state.mode === mode ? ' selected' : ''}`, role: 'tab' },
      label,
    );
    b.addEventListener('click', () => actions.update({ mode }));
    return b;
  };
  tabs.replaceChildren(tab('single', 'One network'), tab('compare', 'Compare activations'));
}

function renderExperiments(): void {
  const current = serializeState(page.state);
  byId('experiments-panel', HTMLElement).replaceChildren(
    el('h2', {}, 'Try the guide’s claims'),
    el(
      'div',
      { class: 'experiments' },
      ...experiments.map((e) =>
        el(
          'a',
          {
            class: 'experiment',
            id: `experiment-${e.id}`,
            href: `#${e.hash}`,
            'aria-current': current === serializeState(parseState(e.hash).state) ? 'true' : undefined,
          },
          el('b', {}, e.title),
          e.what,
        ),
      ),
    ),
  );
}

/** Renders every control from `page.state`; they change the page only through `actions`. */
export function renderControls(actions: ControlActions): void {
  renderModeTabs(actions);
  renderExperiments();
  renderToolbar(actions);
  renderDataPanel(actions);
  renderFeaturesPanel(actions);
  renderNetworkPanel(actions);
}
