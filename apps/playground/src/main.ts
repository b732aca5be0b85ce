import './ui/style.css';
import {
  classificationDatasets,
  type DatasetName,
  datasetLabels,
  generateDataset,
  regressionDatasets,
  taskOf,
} from './data/datasets';
import { type FeatureName, featureLabels, featureNames } from './data/features';
import { createRng } from './data/rng';
import {
  type CompareEntry,
  defaultState,
  limits,
  MAX_LAYERS,
  MAX_UNITS,
  type PlaygroundState,
  parseState,
  serializeState,
} from './state/url-state';
import { activationNames } from './train/activation-catalog';
import { type HiddenLayerSpec, layerLabel, type OptimizerName } from './train/network-spec';
import { COMPARE_RBF_GAMMA, type RunSnapshot } from './train/session';
import { activationCurve, rbfCurve } from './ui/activation-curves';
import { cssColor, seriesColors } from './ui/colors';
import { byId, el, formatNumber, formatPercent } from './ui/dom';
import { drawCurve, drawHeatmap, drawLineChart, drawPoints, symmetricScale } from './ui/draw';
import { experiments } from './ui/experiments';
import type { DataSnapshot, FromWorker, ToWorker } from './worker/protocol';

const learningRates = [0.00001, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10];
const regularizationRates = [0, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1];
const optimizerLabels: { readonly [O in OptimizerName]: string } = {
  sgd: 'SGD',
  momentum: 'SGD + momentum 0.9',
  adam: 'Adam',
};
const layerKinds: readonly string[] = [...activationNames, 'maxout', 'rbf'];

let state: PlaygroundState = defaultState;
let latest: { runs: RunSnapshot[]; epoch: number; playing: boolean; msPerEpoch: number } | null = null;
let data: DataSnapshot | null = null;
/** Counts configure messages; the worker numbers its snapshots the same way, so stale ones are dropped. */
let generation = 0;
let showTest = true;

const worker = new Worker(new URL('./worker/training-worker.ts', import.meta.url), { type: 'module' });
const send = (message: ToWorker) => worker.postMessage(message);

// ---- state and URL ---------------------------------------------------------------------------------------------

function loadFromUrl(): void {
  const { state: parsed, problems } = parseState(window.location.hash);
  state = parsed;
  showNotice(problems);
  // Rewrite the URL in canonical form, so a corrected link is what gets shared.
  history.replaceState(null, '', `#${serializeState(state)}`);
}

function update(patch: Partial<PlaygroundState>): void {
  state = { ...state, ...patch };
  history.replaceState(null, '', `#${serializeState(state)}`);
  renderControls();
  configure();
}

function configure(): void {
  latest = null;
  data = null;
  generation++;
  send({ type: 'configure', state });
  buildViews();
  updateViews();
}

function showNotice(problems: readonly string[]): void {
  const notice = byId('notice', HTMLDivElement);
  notice.replaceChildren();
  notice.hidden = problems.length === 0;
  if (problems.length === 0) return;
  const close = el('button', { class: 'notice-close', 'aria-label': 'Dismiss' }, '×');
  close.addEventListener('click', () => {
    notice.hidden = true;
  });
  notice.append(
    el('strong', {}, 'Some settings in the link were invalid, so their defaults are shown.'),
    el('ul', {}, ...problems.slice(0, 8).map((p) => el('li', {}, p))),
    close,
  );
}

// ---- controls -----------------------------------------------------------------------------------------------

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

function renderToolbar(): void {
  const toolbar = byId('toolbar', HTMLDivElement);
  const play = el('button', { id: 'play', class: 'primary round', title: 'Train' }, '▶');
  play.addEventListener('click', () => {
    const playing = latest?.playing ?? false;
    send({ type: playing ? 'pause' : 'play' });
    // Show the new state at once; the worker's next snapshot confirms it.
    if (latest !== null) latest = { ...latest, playing: !playing };
    updateToolbar();
  });
  const step = el('button', { id: 'step', class: 'round', title: 'Train one epoch' }, '+1');
  step.addEventListener('click', () => send({ type: 'step' }));
  const reset = el('button', { id: 'reset', class: 'round', title: 'Reset the weights' }, '↺');
  reset.addEventListener('click', () => configure());
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
      select('learning-rate', learningRates, state.learningRate, String, (v) => update({ learningRate: v })),
    ),
    el(
      'label',
      { class: 'field' },
      el('span', { class: 'caption' }, 'Batch size'),
      select('batch-size', [1, 4, 8, 10, 16, 32, 64, 128], state.batchSize, String, (v) => update({ batchSize: v })),
    ),
    el(
      'label',
      { class: 'field' },
      el('span', { class: 'caption' }, 'Optimiser'),
      select(
        'optimizer',
        ['sgd', 'momentum', 'adam'] as const,
        state.optimizer,
        (o) => optimizerLabels[o],
        (v) => update({ optimizer: v }),
      ),
    ),
    el(
      'label',
      { class: 'field' },
      el('span', { class: 'caption' }, 'L1'),
      select('l1', regularizationRates, state.l1, String, (v) => update({ l1: v })),
    ),
    el(
      'label',
      { class: 'field' },
      el('span', { class: 'caption' }, 'L2'),
      select('l2', regularizationRates, state.l2, String, (v) => update({ l2: v })),
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

function updateToolbar(): void {
  const playing = latest?.playing ?? false;
  const play = byId('play', HTMLButtonElement);
  play.textContent = playing ? '❚❚' : '▶';
  play.title = playing ? 'Pause' : 'Train';
  play.setAttribute('aria-label', play.title);
  byId('epoch', HTMLElement).textContent = (latest?.epoch ?? 0).toLocaleString('en-US').padStart(3, '0');
  byId('speed', HTMLElement).textContent =
    latest !== null && latest.msPerEpoch > 0 ? `${latest.msPerEpoch.toFixed(1)} ms/epoch` : '—';
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

function datasetButton(name: DatasetName): HTMLElement {
  const button = el(
    'button',
    { id: `dataset-${name}`, class: `dataset${state.dataset === name ? ' selected' : ''}`, title: datasetLabels[name] },
    el('img', { src: thumbnail(name), alt: '', width: 48, height: 48 }),
    el('span', {}, datasetLabels[name].replace(' (regression)', '')),
  );
  button.addEventListener('click', () => update({ dataset: name }));
  return button;
}

function renderDataPanel(): void {
  const panel = byId('data-panel', HTMLElement);
  const seed = el('input', { id: 'seed', type: 'number', min: 0, max: limits.seed.max, value: state.seed });
  seed.addEventListener('change', () => {
    const v = Number(seed.value);
    if (Number.isInteger(v) && v >= 0 && v <= limits.seed.max) update({ seed: v });
  });
  const reroll = el('button', { id: 'new-seed', title: 'New data and weights' }, 'New seed');
  reroll.addEventListener('click', () => update({ seed: (state.seed * 1103515245 + 12345) % 2147483647 }));
  panel.replaceChildren(
    el('h2', {}, 'Data'),
    el('div', { class: 'caption' }, 'Classification'),
    el('div', { class: 'dataset-grid' }, ...classificationDatasets.map(datasetButton)),
    el('div', { class: 'caption' }, 'Regression'),
    el('div', { class: 'dataset-grid' }, ...regressionDatasets.map(datasetButton)),
    slider('train-percent', 'Training data', state.trainPercent, 10, 90, 10, '%', (v) => update({ trainPercent: v })),
    slider('noise', 'Noise', state.noise, 0, 50, 5, '%', (v) => update({ noise: v })),
    slider('points', 'Points', state.points, 100, 1000, 50, '', (v) => update({ points: v })),
    el(
      'div',
      { class: 'seed-row' },
      el('label', { class: 'field' }, el('span', { class: 'caption' }, 'Seed'), seed),
      reroll,
    ),
  );
}

function renderFeaturesPanel(): void {
  const panel = byId('features-panel', HTMLElement);
  const boxes = featureNames.map((name: FeatureName) => {
    const input = el('input', { type: 'checkbox', id: `feature-${name}`, checked: state.features.includes(name) });
    input.addEventListener('change', () => {
      const next = input.checked
        ? featureNames.filter((f) => f === name || state.features.includes(f))
        : state.features.filter((f) => f !== name);
      if (next.length === 0) {
        input.checked = true;
        return;
      }
      update({ features: next });
    });
    return el('label', { class: 'feature' }, input, el('span', {}, featureLabels[name]));
  });
  panel.replaceChildren(el('h2', {}, 'Features'), el('div', { class: 'feature-list' }, ...boxes));
}

function withLayer(index: number, layer: HiddenLayerSpec): HiddenLayerSpec[] {
  return state.layers.map((l, i) => (i === index ? layer : l));
}

function layerWithKind(layer: HiddenLayerSpec, kind: string): HiddenLayerSpec {
  if (kind === 'maxout') return { kind: 'maxout', units: layer.units, poolSize: 2 };
  if (kind === 'rbf') return { kind: 'rbf', units: layer.units, gamma: COMPARE_RBF_GAMMA };
  const activation = activationNames.find((a) => a === kind) ?? 'tanh';
  return { kind: 'activation', units: layer.units, activation };
}

function layerCard(layer: HiddenLayerSpec, index: number): HTMLElement {
  const kindValue = layer.kind === 'activation' ? layer.activation : layer.kind;
  const kind = select(
    `layer-${index}-kind`,
    layerKinds,
    kindValue,
    (k) => k,
    (k) => update({ layers: withLayer(index, layerWithKind(layer, k)) }),
  );
  kind.classList.add('layer-kind');
  const minus = el('button', { class: 'tiny', title: 'Remove a unit', disabled: layer.units <= 1 }, '−');
  minus.addEventListener('click', () => update({ layers: withLayer(index, { ...layer, units: layer.units - 1 }) }));
  const plus = el('button', { class: 'tiny', title: 'Add a unit', disabled: layer.units >= MAX_UNITS }, '+');
  plus.addEventListener('click', () => update({ layers: withLayer(index, { ...layer, units: layer.units + 1 }) }));
  let parameter: HTMLElement | null = null;
  if (layer.kind === 'maxout') {
    parameter = el(
      'label',
      { class: 'param' },
      'pool ',
      select(`layer-${index}-pool`, [2, 3, 4], layer.poolSize, String, (v) =>
        update({ layers: withLayer(index, { ...layer, poolSize: v }) }),
      ),
    );
  } else if (layer.kind === 'rbf') {
    parameter = el(
      'label',
      { class: 'param' },
      'γ ',
      select(`layer-${index}-gamma`, [0.05, 0.1, 0.2, 0.5, 1, 2, 5], layer.gamma, String, (v) =>
        update({ layers: withLayer(index, { ...layer, gamma: v }) }),
      ),
    );
  }
  const units = el('div', { class: 'units', id: `units-${index}` });
  // In compare mode each run has its own units, so only the single network shows them.
  if (state.mode === 'single') {
    for (let u = 0; u < layer.units; u++) {
      units.append(
        el('canvas', { class: 'unit-map', width: 40, height: 40, title: `layer ${index + 1}, unit ${u + 1}` }),
      );
    }
  }
  return el(
    'div',
    { class: 'layer-card' },
    state.mode === 'single'
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

function renderNetworkPanel(): void {
  const panel = byId('network-panel', HTMLElement);
  const add = el(
    'button',
    { id: 'add-layer', class: 'tiny', disabled: state.layers.length >= MAX_LAYERS, title: 'Add a hidden layer' },
    '+',
  );
  add.addEventListener('click', () => {
    const last = state.layers[state.layers.length - 1] ?? { kind: 'activation', units: 4, activation: 'tanh' };
    update({ layers: [...state.layers, last] });
  });
  const remove = el(
    'button',
    { id: 'remove-layer', class: 'tiny', disabled: state.layers.length === 0, title: 'Remove the last hidden layer' },
    '−',
  );
  remove.addEventListener('click', () => update({ layers: state.layers.slice(0, -1) }));
  const task = taskOf(state.dataset);
  const cards =
    state.layers.length === 0
      ? [el('div', { class: 'empty' }, 'No hidden layer: the network is a linear model (logistic regression).')]
      : state.layers.map(layerCard);
  panel.replaceChildren(
    el(
      'div',
      { class: 'panel-title' },
      el('h2', {}, 'Hidden layers'),
      el('span', { class: 'layer-buttons' }, remove, el('span', { id: 'layer-count' }, `${state.layers.length}`), add),
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
  if (state.mode === 'compare') panel.append(compareChooser());
}

function compareChooser(): HTMLElement {
  const entries: CompareEntry[] = [...activationNames, 'maxout', 'rbf'];
  const boxes = entries.map((entry) => {
    const input = el('input', { type: 'checkbox', id: `compare-${entry}`, checked: state.compare.includes(entry) });
    input.addEventListener('change', () => {
      const next = input.checked
        ? entries.filter((e) => e === entry || state.compare.includes(e))
        : state.compare.filter((e) => e !== entry);
      if (next.length < limits.compare.min || next.length > limits.compare.max) {
        input.checked = !input.checked;
        return;
      }
      update({ compare: next });
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

function renderModeTabs(): void {
  const tabs = byId('mode-tabs', HTMLElement);
  const tab = (mode: PlaygroundState['mode'], label: string) => {
    const b = el(
      'button',
      { id: `mode-${mode}`, class: `tab${state.mode === mode ? ' selected' : ''}`, role: 'tab' },
      label,
    );
    b.addEventListener('click', () => update({ mode }));
    return b;
  };
  tabs.replaceChildren(tab('single', 'One network'), tab('compare', 'Compare activations'));
}

function renderExperiments(): void {
  const current = serializeState(state);
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

function renderControls(): void {
  renderModeTabs();
  renderExperiments();
  renderToolbar();
  renderDataPanel();
  renderFeaturesPanel();
  renderNetworkPanel();
  renderCurves();
}

// ---- views ----------------------------------------------------------------------------------------------------
// Built once per configuration, then updated in place on every snapshot (so buttons and canvases stay put).

const last = (xs: readonly number[]) => xs[xs.length - 1] ?? Number.NaN;
const isClassification = () => taskOf(state.dataset) === 'classification';

function outputMap(): (v: number) => number {
  return isClassification() ? (p) => 2 * p - 1 : (v) => v;
}

function drawOutput(canvas: HTMLCanvasElement, run: RunSnapshot): void {
  drawHeatmap(canvas, run.output, Math.round(Math.sqrt(run.output.length)), outputMap());
  if (data === null) return;
  const regression = !isClassification();
  drawPoints(canvas, data.trainPoints, data.trainLabels, regression, false);
  if (showTest) drawPoints(canvas, data.testPoints, data.testLabels, regression, true);
}

function legendItem(color: string, label: string, dashed: boolean): HTMLElement {
  return el(
    'span',
    { class: 'legend-item' },
    el('i', { class: dashed ? 'swatch dashed' : 'swatch', style: `border-color: ${color}` }),
    label,
  );
}

function colorScale(): HTMLElement {
  const classification = isClassification();
  return el(
    'div',
    { class: 'color-scale' },
    el('span', {}, classification ? 'class 0' : '−1'),
    el('i', { style: `background: linear-gradient(90deg, ${cssColor(-1)}, ${cssColor(0)}, ${cssColor(1)})` }),
    el('span', {}, classification ? 'class 1' : '+1'),
  );
}

function metric(id: string, label: string): HTMLElement {
  return el('div', {}, el('span', { class: 'caption' }, `${label} `), el('b', { id }, '—'));
}

function buildSingle(): void {
  const testToggle = el('input', { type: 'checkbox', id: 'show-test', checked: showTest });
  testToggle.addEventListener('change', () => {
    showTest = testToggle.checked;
    if (latest !== null) drawOutput(byId('output-heatmap', HTMLCanvasElement), latest.runs[0]);
  });
  byId('output-panel', HTMLElement).replaceChildren(
    el('h2', {}, 'Output'),
    el(
      'div',
      { class: 'losses' },
      metric('test-loss', 'Test loss'),
      metric('train-loss', 'Training loss'),
      isClassification() && metric('test-accuracy', 'Test accuracy'),
    ),
    el('canvas', { id: 'loss-chart', class: 'loss-chart', width: 300, height: 120 }),
    el(
      'div',
      { class: 'legend' },
      legendItem('#0072b2', 'test loss', false),
      legendItem('#0072b2', 'training loss', true),
    ),
    el('canvas', { id: 'output-heatmap', class: 'output-map', width: 300, height: 300 }),
    el('label', { class: 'feature' }, testToggle, el('span', {}, 'Show test data (dark rings)')),
    colorScale(),
  );
}

function updateSingle(run: RunSnapshot): void {
  byId('test-loss', HTMLElement).textContent = formatNumber(last(run.testLoss));
  byId('train-loss', HTMLElement).textContent = formatNumber(last(run.trainLoss));
  document.getElementById('test-accuracy')?.replaceChildren(formatPercent(run.testAccuracy));
  drawLineChart(
    byId('loss-chart', HTMLCanvasElement),
    [
      { label: 'test', values: run.testLoss, xs: run.lossEpochs, color: '#0072b2' },
      { label: 'train', values: run.trainLoss, xs: run.lossEpochs, color: '#0072b2', dashed: true },
    ],
    'epoch',
  );
  drawOutput(byId('output-heatmap', HTMLCanvasElement), run);
  drawMaxoutShape(run);
  run.units?.forEach((units, l) => {
    const canvases = document.getElementById(`units-${l}`)?.querySelectorAll('canvas');
    units.forEach((grid, u) => {
      const canvas = canvases?.[u];
      if (canvas !== undefined) drawHeatmap(canvas, grid, Math.round(Math.sqrt(grid.length)), symmetricScale(grid));
    });
  });
}

/**
 * Maxout has no fixed curve: it learns one. Draw what the first Maxout layer learned, each unit's output along
 * the x₁ axis (the middle row of its heatmap, x₂ ≈ 0): piecewise linear, with as many pieces as it chose to use.
 */
function drawMaxoutShape(run: RunSnapshot): void {
  const canvas = document.getElementById('maxout-curve');
  const layer = run.layers.findIndex((l) => l.kind === 'maxout');
  if (!(canvas instanceof HTMLCanvasElement) || layer < 0 || run.units === null || run.epoch === 0) return;
  const units = run.units[layer];
  const res = Math.round(Math.sqrt(units[0]?.length ?? 0));
  const row = Math.floor(res / 2);
  let max = 1e-6;
  for (const grid of units) for (let c = 0; c < res; c++) max = Math.max(max, Math.abs(grid[row * res + c]));
  drawLineChartRaw(
    canvas,
    units.map((grid) => Array.from(grid.subarray(row * res, row * res + res), (v) => v / max)),
  );
}

function drawLineChartRaw(canvas: HTMLCanvasElement, lines: number[][]): void {
  const ctx = canvas.getContext('2d');
  if (ctx === null) return;
  const ratio = window.devicePixelRatio || 1;
  const width = canvas.clientWidth || 160;
  const height = canvas.clientHeight || 110;
  canvas.width = Math.round(width * ratio);
  canvas.height = Math.round(height * ratio);
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  ctx.clearRect(0, 0, width, height);
  const py = (v: number) => height / 2 - v * (height / 2 - 6);
  ctx.strokeStyle = '#ccd';
  ctx.beginPath();
  ctx.moveTo(0, py(0));
  ctx.lineTo(width, py(0));
  ctx.moveTo(width / 2, 0);
  ctx.lineTo(width / 2, height);
  ctx.stroke();
  lines.forEach((values, i) => {
    ctx.beginPath();
    ctx.strokeStyle = seriesColors[i % seriesColors.length];
    ctx.lineWidth = 1.6;
    values.forEach((v, k) => {
      const x = (k / (values.length - 1)) * width;
      if (k === 0) ctx.moveTo(x, py(v));
      else ctx.lineTo(x, py(v));
    });
    ctx.stroke();
  });
}

function buildCompare(): void {
  const tiles = state.compare.map((entry, i) =>
    el(
      'figure',
      { class: 'compare-tile', 'data-run': entry },
      el('canvas', { id: `compare-map-${i}`, class: 'compare-map', width: 150, height: 150 }),
      el(
        'figcaption',
        {},
        el('i', { class: 'swatch', style: `border-color: ${seriesColors[i % seriesColors.length]}` }),
        entry,
        el('span', { id: `compare-loss-${i}`, class: 'tile-loss' }, ''),
      ),
    ),
  );
  const classification = isClassification();
  const headers = [
    'activation',
    'train loss',
    'test loss',
    ...(classification ? ['test acc.'] : []),
    'dead',
    'saturated',
  ];
  byId('output-panel', HTMLElement).replaceChildren(
    el('h2', {}, 'Compare activations'),
    el('div', { class: 'compare-grid' }, ...tiles),
    el('h3', {}, 'Test loss per epoch'),
    el('canvas', { id: 'compare-chart', class: 'loss-chart', width: 300, height: 160 }),
    el(
      'table',
      { id: 'compare-table', class: 'results' },
      el('thead', {}, el('tr', {}, ...headers.map((h) => el('th', {}, h)))),
      el('tbody', {}),
    ),
    el(
      'p',
      { class: 'hint' },
      'Ranked by test loss. Same data, seed, sizes and optimiser; only the activation differs.',
    ),
  );
}

function updateCompare(runs: RunSnapshot[]): void {
  const classification = isClassification();
  runs.forEach((run, i) => {
    const canvas = document.getElementById(`compare-map-${i}`);
    if (canvas instanceof HTMLCanvasElement) drawOutput(canvas, run);
    document.getElementById(`compare-loss-${i}`)?.replaceChildren(formatNumber(last(run.testLoss)));
  });
  drawLineChart(
    byId('compare-chart', HTMLCanvasElement),
    runs.map((run, i) => ({
      label: run.label,
      values: run.testLoss,
      xs: run.lossEpochs,
      color: seriesColors[i % seriesColors.length],
    })),
    'epoch',
  );
  const ranked = [...runs].sort((a, b) => last(a.testLoss) - last(b.testLoss));
  const body = document.querySelector('#compare-table tbody');
  body?.replaceChildren(
    ...ranked.map((run) => {
      const units = run.stats.reduce((a, s) => a + s.units, 0);
      const dead = run.stats.reduce((a, s) => a + s.dead, 0);
      const saturated = run.stats.reduce((a, s) => a + s.saturated, 0);
      return el(
        'tr',
        {},
        el('td', {}, run.label),
        el('td', {}, formatNumber(last(run.trainLoss))),
        el('td', {}, formatNumber(last(run.testLoss))),
        classification && el('td', {}, formatPercent(run.testAccuracy)),
        el('td', {}, `${dead}/${units}`),
        el('td', {}, `${saturated}/${units}`),
      );
    }),
  );
}

function bar(fraction: number, kind: string): HTMLElement {
  return el('span', { class: `bar ${kind}` }, el('i', { style: `width: ${Math.round(fraction * 100)}%` }));
}

function buildStats(): void {
  const panel = byId('stats-panel', HTMLElement);
  panel.hidden = state.mode !== 'single';
  panel.replaceChildren(
    el('h2', {}, 'Unit statistics'),
    el(
      'p',
      { class: 'hint' },
      'On the training data. Dead: no gradient on any point (f′ = 0 everywhere, e.g. a ReLU that is always off). ' +
        'Saturated: |f′| < 0.01 on most points (an RBF unit: output < 0.01). Mean activation near 0: zero-centred.',
    ),
    state.layers.length === 0
      ? el('p', { class: 'hint' }, 'No hidden layers.')
      : el(
          'table',
          { id: 'stats-table', class: 'results' },
          el(
            'thead',
            {},
            el('tr', {}, ...['layer', 'kind', 'dead', 'saturated', 'mean act.'].map((h) => el('th', {}, h))),
          ),
          el('tbody', {}),
        ),
  );
}

function updateStats(run: RunSnapshot): void {
  document
    .querySelector('#stats-table tbody')
    ?.replaceChildren(
      ...run.stats.map((s, i) =>
        el(
          'tr',
          {},
          el('td', {}, `${i + 1}`),
          el('td', {}, s.label),
          el('td', {}, bar(s.dead / s.units, 'dead'), ` ${s.dead}/${s.units}`),
          el('td', {}, bar(s.saturated / s.units, 'saturated'), ` ${s.saturated}/${s.units}`),
          el('td', { class: Math.abs(s.meanActivation) < 0.1 ? 'centred' : '' }, formatNumber(s.meanActivation)),
        ),
      ),
    );
}

function renderCurves(): void {
  const panel = byId('curves-panel', HTMLElement);
  const kinds = new Map<string, HiddenLayerSpec>();
  const layers =
    state.mode === 'single'
      ? state.layers
      : state.compare.map((entry) => layerWithKind({ kind: 'activation', units: 1, activation: 'tanh' }, entry));
  for (const layer of layers) kinds.set(layerLabel(layer), layer);
  const cards = [...kinds.entries()].map(([label, layer]) => {
    const firstMaxout = layer.kind === 'maxout' && state.mode === 'single';
    const canvas = el('canvas', {
      class: 'curve',
      width: 160,
      height: 110,
      id: firstMaxout ? 'maxout-curve' : undefined,
    });
    const card = el(
      'figure',
      { class: 'curve-card' },
      canvas,
      el('figcaption', {}, label),
      firstMaxout && el('div', { class: 'curve-note' }, 'learned: each unit along x₁ at x₂ = 0'),
    );
    queueMicrotask(() => {
      if (layer.kind === 'maxout') {
        const ctx = canvas.getContext('2d');
        if (ctx === null) return;
        ctx.font = '12px system-ui, sans-serif';
        ctx.fillStyle = '#556';
        ctx.fillText('max of learned', 20, 50);
        ctx.fillText(`linear pieces (pool ${layer.poolSize})`, 20, 66);
        if (firstMaxout) ctx.fillText('(press play)', 20, 82);
        return;
      }
      const curve = layer.kind === 'rbf' ? rbfCurve(layer.gamma) : activationCurve(layer.activation);
      drawCurve(canvas, curve.xs, curve.f, curve.df, [-1.5, 4]);
    });
    return card;
  });
  panel.replaceChildren(
    el('h2', {}, 'Activation functions'),
    el(
      'div',
      { class: 'legend' },
      legendItem('#0072b2', 'f(x)', false),
      legendItem('#e69f00', 'f′(x)', true),
      el('span', { class: 'hint' }, 'on [−4, 4], from the kernels table (RBF: against distance r)'),
    ),
    el('div', { class: 'curve-grid' }, ...cards),
  );
}

function buildViews(): void {
  if (state.mode === 'single') buildSingle();
  else buildCompare();
  buildStats();
}

function updateViews(): void {
  updateToolbar();
  if (latest === null) return;
  if (state.mode === 'single') {
    updateSingle(latest.runs[0]);
    updateStats(latest.runs[0]);
  } else {
    updateCompare(latest.runs);
  }
}

// ---- wiring ---------------------------------------------------------------------------------------------------

worker.onmessage = (event: MessageEvent<FromWorker>) => {
  const message = event.data;
  if (message.type === 'error') {
    showNotice([`Training stopped: ${message.message}`]);
    return;
  }
  if (message.generation !== generation) return;
  if (message.data !== null) data = message.data;
  latest = { runs: message.runs, epoch: message.epoch, playing: message.playing, msPerEpoch: message.msPerEpoch };
  // The worker's own word on whether it is training (the play button flips at once, before the worker answers).
  document.body.dataset.playing = String(message.playing);
  updateViews();
};

worker.onerror = (event) => showNotice([`The training worker failed: ${event.message}`]);

window.addEventListener('hashchange', () => {
  loadFromUrl();
  renderControls();
  configure();
});

loadFromUrl();
renderControls();
configure();
