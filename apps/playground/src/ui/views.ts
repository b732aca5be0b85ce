import { taskOf } from '../data/datasets';
import { type HiddenLayerSpec, layerLabel } from '../train/network-spec';
import type { RunSnapshot } from '../train/session';
import { activationCurve, rbfCurve } from './activation-curves';
import { cssColor, seriesColors } from './colors';
import { byId, el, formatNumber, formatPercent, setText } from './dom';
import {
  context2d,
  drawCurve,
  drawEpochChart,
  drawHeatmap,
  drawPlaneTicks,
  drawPoints,
  plotArea,
  type Series,
} from './draw';
import { layerHealth } from './health';
import { shownKinds } from './network';
import { type Actions, page } from './page';

/**
 * The page's views: the output (heatmap, losses; or the compare tiles, chart and table), the look-inside charts
 * (gradient norms, dead and saturated units over time), the unit statistics and the activation curves. Each is
 * built when the mode or the layer kinds change and updated in place on every snapshot, so canvases stay put.
 */

const isClassification = () => taskOf(page.state.dataset) === 'classification';

function outputMap(): (v: number) => number {
  if (page.state.discretize) return (v) => (isClassification() ? (v >= 0.5 ? 1 : -1) : v >= 0 ? 1 : -1);
  return isClassification() ? (p) => 2 * p - 1 : (v) => v;
}

/** The output over the plane, with axis ticks when the canvas is large enough, and the data points. */
function drawOutput(canvas: HTMLCanvasElement, run: RunSnapshot, ticks: boolean): void {
  const { ctx, width, height } = context2d(canvas);
  ctx.clearRect(0, 0, width, height);
  const area = plotArea(width, height, ticks);
  drawHeatmap(canvas, run.output, Math.round(Math.sqrt(run.output.length)), outputMap(), area);
  if (ticks) drawPlaneTicks(ctx, area);
  if (page.data === null) return;
  const regression = !isClassification();
  drawPoints(canvas, page.data.trainPoints, page.data.trainLabels, regression, false, area);
  if (page.state.showTest) drawPoints(canvas, page.data.testPoints, page.data.testLabels, regression, true, area);
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
  return el('div', { class: 'metric' }, el('span', { class: 'caption' }, label), el('b', { id }, '—'));
}

function toggle(id: string, label: string, checked: () => boolean, onChange: (v: boolean) => void): HTMLElement {
  const input = el('input', { type: 'checkbox', id });
  input.checked = checked();
  input.addEventListener('change', () => onChange(input.checked));
  return el('label', { class: 'feature', for: id }, input, el('span', {}, label));
}

let viewActions: Actions;
let builtFor = '';

function buildSingle(): void {
  const classification = isClassification();
  byId('output-panel', HTMLElement).replaceChildren(
    el('h2', {}, 'Output'),
    el(
      'div',
      { class: 'losses' },
      metric('test-loss', 'Test loss'),
      metric('train-loss', 'Training loss'),
      classification && metric('test-accuracy', 'Test accuracy'),
      classification && metric('train-accuracy', 'Training accuracy'),
    ),
    el('canvas', {
      id: 'loss-chart',
      class: 'loss-chart',
      width: 300,
      height: 130,
      role: 'img',
      'aria-label': 'Training and test loss over the epochs',
    }),
    el(
      'div',
      { class: 'legend' },
      legendItem(seriesColors[0], 'test loss', false),
      legendItem(seriesColors[0], 'training loss', true),
      el('span', {}, 'both axes logarithmic'),
    ),
    el('canvas', {
      id: 'output-heatmap',
      class: 'output-map',
      width: 320,
      height: 320,
      role: 'img',
      'aria-label': classification
        ? 'The predicted class over the plane, with the data points'
        : 'The predicted value over the plane',
    }),
    el(
      'div',
      { class: 'output-options' },
      toggle(
        'show-test',
        'Show test data (dark rings)',
        () => page.state.showTest,
        (v) => viewActions.update({ showTest: v }),
      ),
      toggle(
        'discretize',
        'Discretize output',
        () => page.state.discretize,
        (v) => viewActions.update({ discretize: v }),
      ),
    ),
    colorScale(),
  );
}

function updateSingle(run: RunSnapshot): void {
  drawOutput(byId('output-heatmap', HTMLCanvasElement), run, true);
  const { epochs, values } = run.curves;
  drawEpochChart(
    byId('loss-chart', HTMLCanvasElement),
    [
      { label: 'test', values: values[1], xs: epochs, color: seriesColors[0] },
      { label: 'train', values: values[0], xs: epochs, color: seriesColors[0], dashed: true },
    ],
    { y: 'log' },
  );
  setText(byId('test-loss', HTMLElement), formatNumber(run.testLoss));
  setText(byId('train-loss', HTMLElement), formatNumber(run.trainLoss));
  const testAccuracy = document.getElementById('test-accuracy');
  if (testAccuracy !== null) setText(testAccuracy, formatPercent(run.testAccuracy));
  const trainAccuracy = document.getElementById('train-accuracy');
  if (trainAccuracy !== null) setText(trainAccuracy, formatPercent(run.trainAccuracy));
  drawMaxoutShape(run);
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
  const { ctx, width, height } = context2d(canvas);
  ctx.clearRect(0, 0, width, height);
  const py = (v: number) => height / 2 - (v / max) * (height / 2 - 6);
  ctx.strokeStyle = '#9ca3af';
  ctx.beginPath();
  ctx.moveTo(0, height / 2);
  ctx.lineTo(width, height / 2);
  ctx.moveTo(width / 2, 0);
  ctx.lineTo(width / 2, height);
  ctx.stroke();
  units.forEach((grid, i) => {
    ctx.beginPath();
    ctx.strokeStyle = seriesColors[i % seriesColors.length];
    ctx.lineWidth = 1.6;
    for (let k = 0; k < res; k++) {
      const x = (k / (res - 1)) * width;
      const y = py(grid[row * res + k]);
      if (k === 0) ctx.moveTo(x, y);
      else ctx.lineTo(x, y);
    }
    ctx.stroke();
  });
}

const compareColor = (i: number) => seriesColors[i % seriesColors.length];

function buildCompare(): void {
  const classification = isClassification();
  const tiles = page.state.compare.map((entry, i) =>
    el(
      'figure',
      { class: 'compare-tile', 'data-run': entry },
      el('canvas', {
        id: `compare-map-${i}`,
        class: 'compare-map',
        width: 150,
        height: 150,
        role: 'img',
        'aria-label': `${entry}: output over the plane`,
      }),
      el(
        'figcaption',
        {},
        el('i', { class: 'swatch', style: `border-color: ${compareColor(i)}` }),
        entry,
        el('span', { id: `compare-loss-${i}`, class: 'tile-loss', title: 'test loss' }, ''),
      ),
    ),
  );
  const headers: [string, string][] = [
    ['activation', ''],
    ['train loss', 'on the training points'],
    ['test loss', 'on the held-out points'],
    ...(classification ? ([['test acc.', 'held-out points classified right']] as [string, string][]) : []),
    ['dead', 'units with f′ = 0 on every training point'],
    ['saturated', 'units with |f′| < 0.01 on most training points (dead ones included)'],
  ];
  byId('output-panel', HTMLElement).replaceChildren(
    el('h2', {}, 'Compare activations'),
    el('p', { class: 'hint' }, 'Each tile: the output over the plane, and the test loss beside the name.'),
    el('div', { class: 'compare-grid' }, ...tiles),
    el('h3', {}, 'Test loss per epoch (both axes logarithmic)'),
    el('canvas', {
      id: 'compare-chart',
      class: 'loss-chart',
      width: 300,
      height: 160,
      role: 'img',
      'aria-label': 'Test loss of each activation over the epochs',
    }),
    el(
      'div',
      { class: 'table-scroll' },
      el(
        'table',
        { id: 'compare-table', class: 'results' },
        el('thead', {}, el('tr', {}, ...headers.map(([h]) => el('th', { scope: 'col' }, h)))),
        el('tbody', {}),
      ),
    ),
    el(
      'dl',
      { class: 'column-notes' },
      ...headers.filter(([, what]) => what !== '').flatMap(([h, what]) => [el('dt', {}, h), el('dd', {}, what)]),
    ),
    el(
      'p',
      { class: 'hint' },
      'Ranked by test loss. Same data, seed, sizes and optimiser; only the activation differs.',
    ),
    el(
      'div',
      { class: 'output-options' },
      toggle(
        'show-test',
        'Show test data (dark rings)',
        () => page.state.showTest,
        (v) => viewActions.update({ showTest: v }),
      ),
      toggle(
        'discretize',
        'Discretize output',
        () => page.state.discretize,
        (v) => viewActions.update({ discretize: v }),
      ),
    ),
  );
}

function updateCompare(runs: RunSnapshot[]): void {
  const classification = isClassification();
  runs.forEach((run, i) => {
    const canvas = document.getElementById(`compare-map-${i}`);
    if (canvas instanceof HTMLCanvasElement) drawOutput(canvas, run, false);
    const loss = document.getElementById(`compare-loss-${i}`);
    if (loss !== null) setText(loss, formatNumber(run.testLoss));
  });
  drawEpochChart(
    byId('compare-chart', HTMLCanvasElement),
    runs.map((run, i) => ({
      label: run.label,
      values: run.curves.values[1],
      xs: run.curves.epochs,
      color: compareColor(i),
    })),
    { y: 'log' },
  );
  const ranked = [...runs].sort((a, b) => a.testLoss - b.testLoss || (Number.isNaN(a.testLoss) ? 1 : -1));
  const body = document.querySelector('#compare-table tbody');
  body?.replaceChildren(
    ...ranked.map((run) => {
      const units = run.stats.reduce((a, s) => a + s.units, 0);
      const dead = run.stats.reduce((a, s) => a + s.dead, 0);
      const saturated = run.stats.reduce((a, s) => a + s.saturated, 0);
      return el(
        'tr',
        {},
        el('th', { scope: 'row' }, run.label),
        el('td', {}, formatNumber(run.trainLoss)),
        el('td', {}, formatNumber(run.testLoss)),
        classification && el('td', {}, formatPercent(run.testAccuracy)),
        el('td', { class: dead > 0 ? 'warn' : '' }, `${dead}/${units}`),
        el('td', { class: saturated > 0 ? 'warn' : '' }, `${saturated}/${units}`),
      );
    }),
  );
}

// ---------------------------------------------------------------------------------------------- look inside

function buildInside(): void {
  const single = page.state.mode === 'single';
  byId('inside-panel', HTMLElement).replaceChildren(
    el('h2', {}, 'Look inside: gradients and units over time'),
    el(
      'p',
      { class: 'hint' },
      single
        ? 'How strongly each layer learns: the size ‖∂loss/∂W‖ of its weights’ gradient, averaged over each epoch’s batches. In a deep sigmoid network the first layers’ gradients are orders of magnitude smaller: they vanish.'
        : 'How strongly the first hidden layer learns with each activation: the size ‖∂loss/∂W‖ of its weights’ gradient, averaged over each epoch’s batches.',
    ),
    el('canvas', {
      id: 'gradient-chart',
      class: 'loss-chart',
      width: 300,
      height: 140,
      role: 'img',
      'aria-label': 'Gradient norm per layer over the epochs',
    }),
    el('div', { class: 'legend', id: 'gradient-legend' }),
    el(
      'p',
      { class: 'hint' },
      single
        ? 'Share of each layer’s units that are saturated (solid: |f′| < 0.01 on most training points) and dead (dashed: f′ = 0 on every point), at each frame.'
        : 'Share of all hidden units that are saturated (solid) and dead (dashed), for each activation.',
    ),
    el('canvas', {
      id: 'unit-share-chart',
      class: 'loss-chart',
      width: 300,
      height: 120,
      role: 'img',
      'aria-label': 'Dead and saturated share of units over the epochs',
    }),
    el('div', { class: 'legend', id: 'unit-share-legend' }),
  );
}

function layerName(layers: readonly HiddenLayerSpec[], l: number): string {
  return l < layers.length ? `layer ${l + 1} (${layerLabel(layers[l])})` : 'output';
}

function updateInside(runs: RunSnapshot[]): void {
  const single = page.state.mode === 'single';
  const gradient: Series[] = [];
  const shares: Series[] = [];
  const legend: [string, string][] = [];
  if (single) {
    const run = runs[0];
    const layers = run.layers;
    for (let l = 0; l <= layers.length; l++) {
      gradient.push({
        label: layerName(layers, l),
        values: run.curves.values[2 + l],
        xs: run.curves.epochs,
        color: compareColor(l),
      });
      legend.push([compareColor(l), layerName(layers, l)]);
    }
    layers.forEach((_, l) => {
      const { epochs, values } = run.unitShares;
      shares.push({ label: `layer ${l + 1} saturated`, values: values[2 * l + 1], xs: epochs, color: compareColor(l) });
      shares.push({
        label: `layer ${l + 1} dead`,
        values: values[2 * l],
        xs: epochs,
        color: compareColor(l),
        dashed: true,
      });
    });
  } else {
    runs.forEach((run, i) => {
      gradient.push({ label: run.label, values: run.curves.values[2], xs: run.curves.epochs, color: compareColor(i) });
      legend.push([compareColor(i), run.label]);
      const { epochs, values } = run.unitShares;
      const total = run.layers.reduce((a, l) => a + l.units, 0);
      const share = (offset: number) =>
        epochs.map(
          (_, k) => run.layers.reduce((a, l, j) => a + values[2 * j + offset][k] * l.units, 0) / Math.max(1, total),
        );
      shares.push({ label: `${run.label} saturated`, values: share(1), xs: epochs, color: compareColor(i) });
      shares.push({ label: `${run.label} dead`, values: share(0), xs: epochs, color: compareColor(i), dashed: true });
    });
  }
  drawEpochChart(byId('gradient-chart', HTMLCanvasElement), gradient, { y: 'log' });
  drawEpochChart(byId('unit-share-chart', HTMLCanvasElement), shares, { y: 'percent', yRange: [0, 1] });
  const key = legend.map(([, l]) => l).join('|');
  const gradientLegend = byId('gradient-legend', HTMLElement);
  if (gradientLegend.dataset.key !== key) {
    gradientLegend.dataset.key = key;
    gradientLegend.replaceChildren(...legend.map(([color, label]) => legendItem(color, label, false)));
    byId('unit-share-legend', HTMLElement).replaceChildren(
      ...legend.filter(([, label]) => label !== 'output').map(([color, label]) => legendItem(color, label, false)),
      legendItem('#4b5563', 'saturated', false),
      legendItem('#4b5563', 'dead', true),
    );
  }
}

// ---------------------------------------------------------------------------------------------- statistics

function buildStats(): void {
  const panel = byId('stats-panel', HTMLElement);
  panel.hidden = page.state.mode !== 'single';
  const columns: [string, string][] = [
    ['layer', ''],
    ['dead', 'units with f′ = 0 on every training point: no gradient reaches their weights'],
    ['saturated', 'units with |f′| < 0.01 on more than half the points (RBF: output < 0.01)'],
    ['gradient', '‖∂loss/∂W‖ in the last epoch, and its share of the output layer’s'],
    ['mean output', 'over all units and points; near 0 is zero-centred'],
    ['state', 'the layer in one word'],
  ];
  panel.replaceChildren(
    el('h2', {}, 'Unit statistics'),
    el('p', { class: 'hint' }, 'On the training data, at the epoch shown. A dead unit counts as saturated too.'),
    page.state.layers.length === 0
      ? el('p', { class: 'hint' }, 'No hidden layers: the network is a linear model (logistic regression).')
      : el(
          'div',
          { class: 'table-scroll' },
          el(
            'table',
            { id: 'stats-table', class: 'results' },
            el('thead', {}, el('tr', {}, ...columns.map(([h]) => el('th', { scope: 'col' }, h)))),
            el('tbody', {}),
          ),
        ),
    el(
      'dl',
      { class: 'column-notes' },
      ...columns.filter(([, what]) => what !== '').flatMap(([h, what]) => [el('dt', {}, h), el('dd', {}, what)]),
    ),
  );
}

function bar(fraction: number, kind: string): HTMLElement {
  return el(
    'span',
    { class: `bar ${kind}`, 'aria-hidden': 'true' },
    el('i', { style: `width: ${Math.round(fraction * 100)}%` }),
  );
}

const latestValue = (values: readonly number[] | undefined) => values?.[values.length - 1] ?? Number.NaN;

function updateStats(run: RunSnapshot): void {
  const output = latestValue(run.curves.values[2 + run.layers.length]);
  document.querySelector('#stats-table tbody')?.replaceChildren(
    ...run.stats.map((s, i) => {
      const gradient = latestValue(run.curves.values[2 + i]);
      const share = gradient / output;
      const health = layerHealth(s, share);
      // "Zero-centred" is praise only for a layer that is learning: a dead layer's mean is 0 too.
      const centred = health.kind === 'good' && Math.abs(s.meanActivation) < 0.1;
      return el(
        'tr',
        { class: `health-${health.kind}` },
        el('th', { scope: 'row' }, `${i + 1} · ${s.label}`),
        el('td', {}, bar(s.dead / s.units, 'dead'), ` ${s.dead}/${s.units}`),
        el('td', {}, bar(s.saturated / s.units, 'saturated'), ` ${s.saturated}/${s.units}`),
        el(
          'td',
          {},
          Number.isFinite(gradient) ? gradient.toExponential(1) : '—',
          Number.isFinite(share) &&
            el('small', { class: 'share' }, ` ${share < 0.01 ? share.toExponential(0) : share.toFixed(2)}×`),
        ),
        el('td', { class: centred ? 'centred' : '' }, formatNumber(s.meanActivation), centred && ' (zero-centred)'),
        el('td', { class: `health ${health.kind}` }, health.word),
      );
    }),
  );
}

// ---------------------------------------------------------------------------------------------- curves

/** Each shown activation's curve and derivative (a Maxout layer: its learned shape once trained). */
function buildCurves(): void {
  const panel = byId('curves-panel', HTMLElement);
  let firstMaxout = page.state.mode === 'single';
  const cards = shownKinds().map((layer) => {
    const isFirstMaxout = layer.kind === 'maxout' && firstMaxout;
    if (isFirstMaxout) firstMaxout = false;
    const canvas = el('canvas', {
      class: 'curve',
      width: 160,
      height: 110,
      id: isFirstMaxout ? 'maxout-curve' : undefined,
      role: 'img',
      'aria-label': `${layerLabel(layer)}: f and f′`,
    });
    const card = el(
      'figure',
      { class: 'curve-card' },
      canvas,
      el('figcaption', {}, layerLabel(layer)),
      isFirstMaxout && el('div', { class: 'curve-note' }, 'learned: each unit along x₁ at x₂ = 0 (press ▶)'),
    );
    requestAnimationFrame(() => {
      if (layer.kind === 'maxout') {
        if (isFirstMaxout) return;
        const ctx = canvas.getContext('2d');
        if (ctx === null) return;
        ctx.font = '12px system-ui, sans-serif';
        ctx.fillStyle = '#374151';
        ctx.fillText('max of learned', 20, 50);
        ctx.fillText(`linear pieces (pool ${layer.poolSize})`, 20, 66);
        return;
      }
      const curve = layer.kind === 'rbf' ? rbfCurve(layer.gamma) : activationCurve(layer.activation);
      drawCurve(canvas, curve, [-1.5, 4]);
    });
    return card;
  });
  panel.replaceChildren(
    el('h2', {}, 'Activation functions'),
    el(
      'div',
      { class: 'legend' },
      legendItem('#0072b2', 'f(x)', false),
      legendItem('#b45309', 'f′(x)', true),
      el('span', {}, 'on [−4, 4], from the kernels table (RBF: against the distance r)'),
    ),
    el('div', { class: 'curve-grid' }, ...cards),
  );
}

/** Builds the views for `page.state` when what they show changed (mode, task, layer kinds). */
export function buildViews(actions: Actions): void {
  viewActions = actions;
  const key = JSON.stringify([page.state.mode, taskOf(page.state.dataset), page.state.compare, page.state.layers]);
  if (key === builtFor) {
    syncViewControls();
    return;
  }
  builtFor = key;
  if (page.state.mode === 'single') buildSingle();
  else buildCompare();
  buildInside();
  buildStats();
  buildCurves();
  syncViewControls();
}

function syncViewControls(): void {
  for (const [id, value] of [
    ['show-test', page.state.showTest],
    ['discretize', page.state.discretize],
  ] as const) {
    const box = document.getElementById(id);
    if (box instanceof HTMLInputElement && box.checked !== value) box.checked = value;
  }
}

/** Draws the latest snapshot into the views. */
export function updateViews(): void {
  const latest = page.latest;
  if (latest === null || latest.runs.length === 0) return;
  if (page.state.mode === 'single') {
    if (document.getElementById('output-heatmap') === null) return;
    updateSingle(latest.runs[0]);
    updateStats(latest.runs[0]);
  } else {
    if (document.getElementById('compare-chart') === null) return;
    updateCompare(latest.runs);
  }
  updateInside(latest.runs);
}
