import { taskOf } from '../data/datasets';
import { type HiddenLayerSpec, layerLabel, layerOfKind } from '../train/network-spec';
import { compareLayerSettings, type RunSnapshot } from '../train/session';
import { activationCurve, rbfCurve } from './activation-curves';
import { cssColor, seriesColors } from './colors';
import { updateToolbar } from './controls';
import { byId, el, formatNumber, formatPercent } from './dom';
import { context2d, drawCurve, drawHeatmap, drawLineChart, drawPoints, symmetricScale } from './draw';
import { page } from './page';

/**
 * The page's views: output heatmap and loss curves (or the compare tiles, chart and table), unit statistics and
 * activation curves. Built once per configuration, then updated in place on every snapshot (so canvases stay put).
 */

const last = (xs: readonly number[]) => xs[xs.length - 1] ?? Number.NaN;
const isClassification = () => taskOf(page.state.dataset) === 'classification';

function outputMap(): (v: number) => number {
  return isClassification() ? (p) => 2 * p - 1 : (v) => v;
}

function drawOutput(canvas: HTMLCanvasElement, run: RunSnapshot): void {
  drawHeatmap(canvas, run.output, Math.round(Math.sqrt(run.output.length)), outputMap());
  if (page.data === null) return;
  const regression = !isClassification();
  drawPoints(canvas, page.data.trainPoints, page.data.trainLabels, regression, false);
  if (page.showTest) drawPoints(canvas, page.data.testPoints, page.data.testLabels, regression, true);
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
  const testToggle = el('input', { type: 'checkbox', id: 'show-test', checked: page.showTest });
  testToggle.addEventListener('change', () => {
    page.showTest = testToggle.checked;
    if (page.latest !== null) drawOutput(byId('output-heatmap', HTMLCanvasElement), page.latest.runs[0]);
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

/** Lines of values in [−1, 1] across the canvas, over axes through its centre. */
function drawLineChartRaw(canvas: HTMLCanvasElement, lines: number[][]): void {
  const { ctx, width, height } = context2d(canvas);
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
  const tiles = page.state.compare.map((entry, i) =>
    el(
      'figure',
      { class: 'compare-tile', 'data-run': entry },
      el('canvas', { id: `compare-map-${i}`, class: 'compare-map', width: 150, height: 150 }),
      el(
        'figcaption',
        {},
        el('i', { class: 'swatch', style: `border-color: ${seriesColors[i % seriesColors.length]}` }),
        entry,
        el('span', { id: `compare-loss-${i}`, class: 'tile-loss', title: 'test loss' }, ''),
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
    el('p', { class: 'hint' }, 'Each tile: the decision boundary, and the test loss beside the name.'),
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
  panel.hidden = page.state.mode !== 'single';
  panel.replaceChildren(
    el('h2', {}, 'Unit statistics'),
    el(
      'p',
      { class: 'hint' },
      'On the training data. Dead: no gradient on any point (f′ = 0 everywhere, e.g. a ReLU that is always off). ' +
        'Saturated: |f′| < 0.01 on most points (an RBF unit: output < 0.01). Mean activation near 0: zero-centred.',
    ),
    page.state.layers.length === 0
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

/** Each chosen activation's curve and derivative (a Maxout layer: its learned shape once trained). */
export function renderCurves(): void {
  const panel = byId('curves-panel', HTMLElement);
  const kinds = new Map<string, HiddenLayerSpec>();
  const layers =
    page.state.mode === 'single'
      ? page.state.layers
      : page.state.compare.map((entry) => layerOfKind(entry, 1, compareLayerSettings));
  for (const layer of layers) kinds.set(layerLabel(layer), layer);
  const cards = [...kinds.entries()].map(([label, layer]) => {
    const firstMaxout = layer.kind === 'maxout' && page.state.mode === 'single';
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

/** Builds the views for `page.state` (after every configuration change). */
export function buildViews(): void {
  if (page.state.mode === 'single') buildSingle();
  else buildCompare();
  buildStats();
}

/** Draws the latest snapshot into the views. */
export function updateViews(): void {
  updateToolbar();
  if (page.latest === null) return;
  if (page.state.mode === 'single') {
    updateSingle(page.latest.runs[0]);
    updateStats(page.latest.runs[0]);
  } else {
    updateCompare(page.latest.runs);
  }
}
