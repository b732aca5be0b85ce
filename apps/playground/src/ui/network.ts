import { DOMAIN, taskOf } from '../data/datasets';
import { computeFeatures, type FeatureName, featureLabels, featureNames, gridPoints } from '../data/features';
import { type CompareEntry, limits, MAX_LAYERS, MAX_UNITS } from '../state/url-state';
import type { LayerWeights } from '../train/model';
import { type HiddenLayerSpec, type LayerKind, layerKinds, layerLabel, layerOfKind } from '../train/network-spec';
import { compareLayerSettings } from '../train/session';
import { cssColor } from './colors';
import { type SelectControl, selectControl } from './controls';
import { byId, el, setText } from './dom';
import { drawHeatmap, symmetricScale } from './draw';
import { type Actions, page } from './page';

/**
 * The network drawn as TensorFlow Playground draws it: a column of input features, one column per hidden layer,
 * the output; every unit a small heatmap of its output over the plane, every link a line whose width is |w| and
 * whose colour is its sign (blue positive, orange negative). The columns are built once per layer and only
 * synchronised after that, so a control inside keeps focus. Hovering, focusing or tapping a unit opens the
 * inspector (inspector.ts).
 */

const FEATURE_RES = 24;
const poolSizes = [2, 3, 4];
const gammas = [0.05, 0.1, 0.2, 0.5, 1, 2, 5];

/** A hidden unit's node: 2 dead, 1 saturated, 0 neither; used for its outline and its accessible name. */
const statusWords = ['', 'saturated', 'dead'];

interface LayerColumn {
  readonly element: HTMLElement;
  readonly caption: HTMLElement;
  readonly kind: SelectControl<LayerKind>;
  readonly compared: HTMLElement;
  readonly poolField: HTMLElement;
  readonly pool: SelectControl<number>;
  readonly gammaField: HTMLElement;
  readonly gamma: SelectControl<number>;
  readonly minus: HTMLButtonElement;
  readonly plus: HTMLButtonElement;
  readonly count: HTMLElement;
  readonly nodes: HTMLElement;
}

let actions: Actions;
let content: HTMLElement;
let scroller: HTMLElement;
let links: HTMLCanvasElement;
let hiddenColumns: LayerColumn[] = [];
let outputColumn: HTMLElement;
let outputNode: HTMLCanvasElement;
const featureNodes = new Map<FeatureName, HTMLButtonElement>();

function withLayer(index: number, layer: HiddenLayerSpec): HiddenLayerSpec[] {
  return page.state.layers.map((l, i) => (i === index ? layer : l));
}

function kindOf(layer: HiddenLayerSpec): LayerKind {
  return layer.kind === 'activation' ? layer.activation : layer.kind;
}

function featureColumn(): HTMLElement {
  const grid = gridPoints(FEATURE_RES, DOMAIN);
  const nodes = featureNames.map((name) => {
    const canvas = el('canvas', { class: 'node-map', width: 30, height: 30, 'aria-hidden': 'true' });
    const node = el(
      'button',
      { class: 'node feature', id: `feature-${name}`, type: 'button', role: 'checkbox' },
      canvas,
      el('span', { class: 'node-label' }, featureLabels[name]),
    );
    node.addEventListener('click', () => {
      const on = page.state.features.includes(name);
      const next = on
        ? page.state.features.filter((f) => f !== name)
        : featureNames.filter((f) => f === name || page.state.features.includes(f));
      if (next.length === 0) {
        actions.notify(['At least one input feature must stay on; x₁ and x₂ are the plain coordinates.']);
        return;
      }
      actions.update({ features: next });
    });
    featureNodes.set(name, node);
    // Each feature's picture is fixed: draw it once, after layout gives the canvas its size.
    const values = computeFeatures(grid, FEATURE_RES * FEATURE_RES, [name]);
    requestAnimationFrame(() => drawHeatmap(canvas, values, FEATURE_RES, symmetricScale(values)));
    return node;
  });
  return el(
    'div',
    { class: 'column inputs' },
    el(
      'div',
      { class: 'column-head' },
      el('span', { class: 'caption' }, 'Inputs'),
      el('span', { class: 'param' }, 'tap to use'),
    ),
    el('div', { class: 'nodes' }, ...nodes),
  );
}

function hiddenColumn(index: number): LayerColumn {
  const name = `Layer ${index + 1}`;
  const current = () => page.state.layers[index];
  const kind = selectControl(`layer-${index}-kind`, layerKinds, String, (k) =>
    actions.update({ layers: withLayer(index, layerOfKind(k, current().units, compareLayerSettings)) }),
  );
  kind.element.classList.add('layer-kind');
  kind.element.setAttribute('aria-label', `${name} activation`);
  const pool = selectControl(`layer-${index}-pool`, poolSizes, String, (v) => {
    const layer = current();
    if (layer.kind === 'maxout') actions.update({ layers: withLayer(index, { ...layer, poolSize: v }) });
  });
  pool.element.setAttribute('aria-label', `${name} Maxout pool size`);
  const gamma = selectControl(`layer-${index}-gamma`, gammas, String, (v) => {
    const layer = current();
    if (layer.kind === 'rbf') actions.update({ layers: withLayer(index, { ...layer, gamma: v }) });
  });
  gamma.element.setAttribute('aria-label', `${name} RBF width γ`);
  const minus = el('button', { class: 'tiny', type: 'button', 'aria-label': `Remove a unit from ${name}` }, '−');
  minus.addEventListener('click', () => {
    const layer = current();
    if (layer.units > 1) actions.update({ layers: withLayer(index, { ...layer, units: layer.units - 1 }) });
  });
  const plus = el('button', { class: 'tiny', type: 'button', 'aria-label': `Add a unit to ${name}` }, '+');
  plus.addEventListener('click', () => {
    const layer = current();
    if (layer.units < MAX_UNITS) actions.update({ layers: withLayer(index, { ...layer, units: layer.units + 1 }) });
  });
  const count = el('span', { class: 'unit-count' });
  const caption = el('span', { class: 'caption' }, name);
  const compared = el('span', { class: 'param' }, 'activation: compared');
  const poolField = el('label', { class: 'param' }, 'pool ', pool.element);
  const gammaField = el('label', { class: 'param' }, 'γ ', gamma.element);
  const nodes = el('div', { class: 'nodes', id: `units-${index}` });
  const element = el(
    'div',
    { class: 'column hidden-layer', id: `layer-column-${index}` },
    el(
      'div',
      { class: 'column-head' },
      caption,
      kind.element,
      compared,
      poolField,
      gammaField,
      el('div', { class: 'unit-row' }, minus, count, plus),
    ),
    nodes,
  );
  return { element, caption, kind, compared, poolField, pool, gammaField, gamma, minus, plus, count, nodes };
}

/**
 * The hidden units are one tab stop (a roving tabindex): Tab enters the grid at the unit last focused, arrow keys
 * move between units (up and down within a layer, left and right to the next layer), Home and End go to a layer's
 * first and last unit, Enter or Space pins the inspector. Otherwise a keyboard user tabs through up to 96 units.
 */
let rovingAt = { layer: 0, unit: 0 };

/** Unit `unit` of hidden layer `layer`, if it is drawn. */
function unitButton(layer: number, unit: number): HTMLButtonElement | undefined {
  const node = hiddenColumns[layer]?.nodes.children[unit];
  return node instanceof HTMLButtonElement ? node : undefined;
}

/** Keeps exactly one unit in the tab order: the one last focused, or the nearest one still drawn. */
function syncRovingTabIndex(): void {
  const layers = hiddenColumns.length;
  const layer = Math.min(rovingAt.layer, layers - 1);
  const units = layer >= 0 ? hiddenColumns[layer].nodes.children.length : 0;
  rovingAt = { layer: Math.max(0, layer), unit: Math.max(0, Math.min(rovingAt.unit, units - 1)) };
  hiddenColumns.forEach((column, l) => {
    Array.from(column.nodes.children).forEach((node, u) => {
      const tabIndex = l === rovingAt.layer && u === rovingAt.unit ? 0 : -1;
      if (node instanceof HTMLElement && node.tabIndex !== tabIndex) node.tabIndex = tabIndex;
    });
  });
}

/** Where an arrow, Home or End key moves from unit `unit` of layer `layer`; null for any other key. */
function unitAfterKey(key: string, layer: number, unit: number): { layer: number; unit: number } | null {
  const unitsIn = (l: number) => hiddenColumns[l]?.nodes.children.length ?? 0;
  const last = hiddenColumns.length - 1;
  switch (key) {
    case 'ArrowUp':
      return { layer, unit: Math.max(0, unit - 1) };
    case 'ArrowDown':
      return { layer, unit: Math.min(unitsIn(layer) - 1, unit + 1) };
    case 'ArrowLeft':
    case 'ArrowRight': {
      const next = Math.max(0, Math.min(last, layer + (key === 'ArrowLeft' ? -1 : 1)));
      return { layer: next, unit: Math.min(unitsIn(next) - 1, unit) };
    }
    case 'Home':
      return { layer, unit: 0 };
    case 'End':
      return { layer, unit: unitsIn(layer) - 1 };
    default:
      return null;
  }
}

function unitNode(layer: number, unit: number): HTMLButtonElement {
  const node = el(
    'button',
    {
      class: 'node unit',
      type: 'button',
      tabindex: -1,
      'aria-controls': 'inspector',
      'aria-expanded': 'false',
      'data-layer': layer,
      'data-unit': unit,
    },
    el('canvas', { class: 'node-map', width: 30, height: 30, 'aria-hidden': 'true' }),
  );
  const target = { layer, unit };
  const open = (pinned: boolean) => actions.inspect({ target, anchor: node, pinned });
  node.addEventListener('mouseenter', () => {
    if (page.inspecting?.pinned !== true) open(false);
  });
  node.addEventListener('focus', () => {
    rovingAt = target;
    syncRovingTabIndex();
    if (page.inspecting?.pinned !== true) open(false);
  });
  node.addEventListener('mouseleave', () => {
    if (page.inspecting?.pinned === false && page.inspecting.anchor === node) actions.inspect(null);
  });
  node.addEventListener('blur', () => {
    if (page.inspecting?.pinned === false && page.inspecting.anchor === node) actions.inspect(null);
  });
  node.addEventListener('click', () => {
    const same = page.inspecting?.anchor === node;
    if (same && page.inspecting?.pinned === true) actions.inspect(null);
    else open(true);
  });
  node.addEventListener('keydown', (event) => {
    if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
    const to = unitAfterKey(event.key, layer, unit);
    if (to === null) return;
    event.preventDefault();
    const next = unitButton(to.layer, to.unit);
    if (next === undefined || next === node) return;
    // A unit pinned from the keyboard follows the focus, as the pointer's unit follows the pointer.
    const pinnedHere = page.inspecting?.pinned === true && page.inspecting.anchor === node;
    next.focus();
    if (pinnedHere) actions.inspect({ target: to, anchor: next, pinned: true });
  });
  return node;
}

function syncColumn(column: LayerColumn, layer: HiddenLayerSpec, index: number): void {
  const single = page.state.mode === 'single';
  column.kind.sync(kindOf(layer));
  column.kind.element.hidden = !single;
  column.compared.hidden = single;
  column.poolField.hidden = !single || layer.kind !== 'maxout';
  column.gammaField.hidden = !single || layer.kind !== 'rbf';
  if (layer.kind === 'maxout') column.pool.sync(layer.poolSize);
  if (layer.kind === 'rbf') column.gamma.sync(layer.gamma);
  column.minus.disabled = layer.units <= 1;
  column.plus.disabled = layer.units >= MAX_UNITS;
  setText(column.count, `${layer.units} unit${layer.units === 1 ? '' : 's'}`);
  const nodes = column.nodes;
  while (nodes.children.length > layer.units) nodes.lastElementChild?.remove();
  while (nodes.children.length < layer.units) nodes.append(unitNode(index, nodes.children.length));
  nodes.querySelectorAll<HTMLButtonElement>('button.node').forEach((node, u) => {
    node.disabled = !single;
    node.setAttribute('aria-label', `${layerLabel(layer)} unit ${u + 1} of layer ${index + 1}: look inside`);
  });
}

let compareChooser: HTMLElement;

function buildCompareChooser(): HTMLElement {
  const entries: readonly CompareEntry[] = layerKinds;
  const boxes = entries.map((entry) => {
    const input = el('input', { type: 'checkbox', id: `compare-${entry}` });
    input.addEventListener('change', () => {
      const next = input.checked
        ? entries.filter((e) => e === entry || page.state.compare.includes(e))
        : page.state.compare.filter((e) => e !== entry);
      if (next.length < limits.compare.min || next.length > limits.compare.max) {
        input.checked = !input.checked;
        actions.notify([`Compare ${limits.compare.min}–${limits.compare.max} activations at a time.`]);
        return;
      }
      actions.update({ compare: next });
    });
    return el('label', { class: 'feature' }, input, el('span', {}, entry));
  });
  return el(
    'div',
    { class: 'compare-chooser', id: 'compare-chooser' },
    el('h3', {}, 'Compare these'),
    el(
      'p',
      { class: 'hint' },
      `Every hidden layer takes each of these in turn (${limits.compare.min}–${limits.compare.max}); same data, seed, sizes and optimiser. Maxout uses pool ${compareLayerSettings.poolSize}, RBF γ ${compareLayerSettings.gamma}.`,
    ),
    el('div', { class: 'compare-list' }, ...boxes),
  );
}

/** Builds the network panel once. */
export function buildNetwork(a: Actions): void {
  actions = a;
  hiddenColumns = [];
  const add = el('button', { id: 'add-layer', class: 'tiny', type: 'button', 'aria-label': 'Add a hidden layer' }, '+');
  add.addEventListener('click', () => {
    if (page.state.layers.length >= MAX_LAYERS) return;
    const last = page.state.layers[page.state.layers.length - 1] ?? {
      kind: 'activation',
      units: 4,
      activation: 'tanh',
    };
    actions.update({ layers: [...page.state.layers, last] });
  });
  const remove = el(
    'button',
    { id: 'remove-layer', class: 'tiny', type: 'button', 'aria-label': 'Remove the last hidden layer' },
    '−',
  );
  remove.addEventListener('click', () => {
    if (page.state.layers.length > 0) actions.update({ layers: page.state.layers.slice(0, -1) });
  });
  links = el('canvas', { class: 'links', 'aria-hidden': 'true' });
  outputNode = el('canvas', { class: 'node-map', width: 30, height: 30, id: 'output-node', 'aria-hidden': 'true' });
  outputColumn = el(
    'div',
    { class: 'column output-column' },
    el(
      'div',
      { class: 'column-head' },
      el('span', { class: 'caption' }, 'Output'),
      el('span', { class: 'param', id: 'output-kind' }),
    ),
    el('div', { class: 'nodes' }, el('div', { class: 'node output-node' }, outputNode)),
  );
  content = el('div', { class: 'network-content' }, links, featureColumn(), outputColumn);
  scroller = el(
    'div',
    {
      class: 'network-scroll',
      tabindex: 0,
      role: 'region',
      'aria-label': 'The network; scroll sideways when it is wider than the screen',
    },
    content,
  );
  compareChooser = buildCompareChooser();
  byId('network-panel', HTMLElement).replaceChildren(
    el(
      'div',
      { class: 'panel-title' },
      el('h2', {}, 'Network'),
      el('span', { class: 'layer-buttons' }, remove, el('span', { id: 'layer-count' }), add),
    ),
    el('p', { class: 'scroll-hint', id: 'scroll-hint', hidden: true }, 'Scroll sideways for every layer →'),
    scroller,
    el(
      'p',
      { class: 'hint', id: 'network-hint' },
      'Each square is a unit’s output over the plane. Links: width |weight|, blue positive, orange negative. ',
      el('b', {}, 'Hover or tap a unit'),
      ' to look inside it; from the keyboard, Tab to the units and move between them with the arrow keys.',
    ),
    compareChooser,
  );
  new ResizeObserver(() => drawLinks()).observe(content);
}

/** Brings the diagram's structure and controls up to date with `page.state`. */
export function syncNetwork(): void {
  const { layers, mode, features } = page.state;
  while (hiddenColumns.length > layers.length) hiddenColumns.pop()?.element.remove();
  while (hiddenColumns.length < layers.length) {
    const column = hiddenColumn(hiddenColumns.length);
    content.insertBefore(column.element, outputColumn);
    hiddenColumns.push(column);
  }
  layers.forEach((layer, i) => {
    syncColumn(hiddenColumns[i], layer, i);
  });
  syncRovingTabIndex();
  for (const [name, node] of featureNodes) {
    const on = features.includes(name);
    node.setAttribute('aria-checked', String(on));
    node.setAttribute('aria-label', `Input ${featureLabels[name]}`);
    node.classList.toggle('off', !on);
  }
  setText(byId('layer-count', HTMLElement), `${layers.length} hidden layer${layers.length === 1 ? '' : 's'}`);
  byId('add-layer', HTMLButtonElement).disabled = layers.length >= MAX_LAYERS;
  byId('remove-layer', HTMLButtonElement).disabled = layers.length === 0;
  setText(
    byId('output-kind', HTMLElement),
    taskOf(page.state.dataset) === 'classification' ? 'sigmoid, BCE' : 'identity, MSE',
  );
  compareChooser.hidden = mode !== 'compare';
  document.querySelector('main.workspace')?.classList.toggle('compare', mode === 'compare');
  for (const entry of layerKinds) {
    const box = document.getElementById(`compare-${entry}`);
    if (box instanceof HTMLInputElement) box.checked = page.state.compare.includes(entry);
  }
  const hint = byId('network-hint', HTMLElement);
  hint.hidden = mode !== 'single';
  drawLinks();
}

/** Draws the latest snapshot's unit heatmaps, unit states and links. */
export function updateNetwork(): void {
  const run = page.state.mode === 'single' ? page.latest?.runs[0] : undefined;
  run?.units?.forEach((units, l) => {
    const column = hiddenColumns[l];
    const status = run.stats[l]?.unitStatus;
    units.forEach((grid, u) => {
      const node = column?.nodes.children[u];
      const canvas = node?.querySelector('canvas');
      if (canvas === null || canvas === undefined) return;
      drawHeatmap(canvas, grid, Math.round(Math.sqrt(grid.length)), symmetricScale(grid));
      const s = status?.[u] ?? 0;
      node?.classList.toggle('dead', s === 2);
      node?.classList.toggle('saturated', s === 1);
      const label = `${layerLabel(run.layers[l])} unit ${u + 1} of layer ${l + 1}${s > 0 ? ` (${statusWords[s]})` : ''}: look inside`;
      if (node?.getAttribute('aria-label') !== label) node?.setAttribute('aria-label', label);
    });
  });
  if (run !== undefined) {
    const classification = taskOf(page.state.dataset) === 'classification';
    drawHeatmap(
      outputNode,
      run.output,
      Math.round(Math.sqrt(run.output.length)),
      classification ? (p) => 2 * p - 1 : (v) => v,
    );
  }
  drawLinks();
}

/** Centre of `node`'s left or right edge in content coordinates. */
function anchorOf(node: Element, box: DOMRect, side: 'left' | 'right'): [number, number] {
  const r = node.getBoundingClientRect();
  return [(side === 'left' ? r.left : r.right) - box.left, r.top + r.height / 2 - box.top];
}

function drawLinks(): void {
  if (content === undefined) return;
  const hint = document.getElementById('scroll-hint');
  if (hint !== null) hint.hidden = scroller.scrollWidth <= scroller.clientWidth + 1;
  const width = content.scrollWidth;
  const height = content.scrollHeight;
  links.style.width = `${width}px`;
  links.style.height = `${height}px`;
  const ratio = globalThis.devicePixelRatio || 1;
  if (links.width !== Math.round(width * ratio) || links.height !== Math.round(height * ratio)) {
    links.width = Math.round(width * ratio);
    links.height = Math.round(height * ratio);
  }
  const ctx = links.getContext('2d');
  if (ctx === null) return;
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  ctx.clearRect(0, 0, width, height);
  const box = content.getBoundingClientRect();
  const run = page.state.mode === 'single' ? page.latest?.runs[0] : undefined;
  const weights: readonly LayerWeights[] | null = run?.weights ?? null;
  // Column by column: the nodes links leave from, and the ones they reach.
  const activeFeatures = page.state.features.map((f) => featureNodes.get(f)).filter((n) => n !== undefined);
  const columns: Element[][] = [
    activeFeatures,
    ...hiddenColumns.map((c) => Array.from(c.nodes.children)),
    [outputNode.parentElement ?? outputNode],
  ];
  for (let c = 0; c + 1 < columns.length; c++) {
    const from = columns[c];
    const to = columns[c + 1];
    const layerWeights = weights?.[c];
    const fromAnchors = from.map((n) => anchorOf(n, box, 'right'));
    to.forEach((node, u) => {
      const [x1, y1] = anchorOf(node, box, 'left');
      fromAnchors.forEach(([x0, y0], i) => {
        let w = 0;
        let known = false;
        if (layerWeights !== undefined && layerWeights.rows === to.length && layerWeights.cols === from.length) {
          w = layerWeights.w[u * layerWeights.cols + i];
          known = layerWeights.kind !== 'rbf';
        }
        ctx.beginPath();
        ctx.moveTo(x0, y0);
        const mid = (x0 + x1) / 2;
        ctx.bezierCurveTo(mid, y0, mid, y1, x1, y1);
        if (known && Number.isFinite(w)) {
          ctx.lineWidth = Math.min(6, 0.3 + 2.2 * Math.abs(w));
          ctx.strokeStyle = cssColor(Math.sign(w) * Math.min(1, 0.35 + Math.abs(w)));
          ctx.globalAlpha = 0.85;
        } else {
          ctx.lineWidth = 0.8;
          ctx.strokeStyle = '#9ca3af';
          ctx.globalAlpha = 0.6;
        }
        ctx.stroke();
      });
    });
  }
  ctx.globalAlpha = 1;
}

/** The layer kinds the curve panel shows: each distinct one of the single network, or the compared ones. */
export function shownKinds(): HiddenLayerSpec[] {
  const layers =
    page.state.mode === 'single'
      ? page.state.layers
      : page.state.compare.map((entry) => layerOfKind(entry, 1, compareLayerSettings));
  const kinds = new Map<string, HiddenLayerSpec>();
  for (const layer of layers) kinds.set(layerLabel(layer), layer);
  return [...kinds.values()];
}
