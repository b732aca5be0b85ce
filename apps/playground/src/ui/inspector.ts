import { taskOf } from '../data/datasets';
import { layerLabel } from '../train/network-spec';
import type { UnitInspection } from '../train/session';
import { SATURATION_GAIN } from '../train/stats';
import { activationCurve, rbfCurve } from './activation-curves';
import { byId, el, setText } from './dom';
import { context2d, drawCurveWithDistribution, drawHeatmap, drawPlaneTicks, plotArea, symmetricScale } from './draw';
import { type Actions, page } from './page';

/**
 * The unit inspector: a popover beside the hovered, focused or tapped unit with its heatmap enlarged, and the
 * distribution of what it receives over the training data drawn under its activation curve and derivative — so a
 * student sees where the unit sits: on the flat ends (saturated), on the zero side of a ReLU (dead), or in the
 * middle (linear).
 */

let box: HTMLElement;
let title: HTMLElement;
let map: HTMLCanvasElement;
let curve: HTMLCanvasElement;
let summary: HTMLElement;
let close: HTMLButtonElement;

export function buildInspector(actions: Actions): void {
  title = el('h3', { id: 'inspector-title' });
  map = el('canvas', { id: 'inspector-map', width: 190, height: 190, 'aria-hidden': 'true' });
  curve = el('canvas', { id: 'inspector-curve', width: 260, height: 170, 'aria-hidden': 'true' });
  summary = el('p', { id: 'inspector-summary', class: 'hint' });
  close = el('button', { class: 'notice-close', type: 'button', 'aria-label': 'Close the unit view' }, '×');
  close.addEventListener('click', () => actions.inspect(null));
  box = byId('inspector', HTMLElement);
  box.replaceChildren(
    close,
    title,
    el(
      'div',
      { class: 'inspector-body' },
      el('figure', {}, map, el('figcaption', {}, 'its output over the plane')),
      el(
        'figure',
        {},
        curve,
        el(
          'figcaption',
          { id: 'inspector-legend' },
          el('span', { class: 'legend-item' }, el('i', { class: 'swatch', style: 'border-color: #0072b2' }), 'f'),
          el(
            'span',
            { class: 'legend-item' },
            el('i', { class: 'swatch dashed', style: 'border-color: #b45309' }),
            'f′',
          ),
          el('span', { class: 'legend-item' }, el('i', { class: 'bar-swatch' }), 'training points'),
        ),
      ),
    ),
    summary,
  );
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && page.inspecting !== null) actions.inspect(null);
  });
  document.addEventListener('click', (event) => {
    const target = event.target;
    if (page.inspecting?.pinned !== true || !(target instanceof Node)) return;
    if (box.contains(target) || page.inspecting.anchor.contains(target)) return;
    actions.inspect(null);
  });
}

function place(anchor: HTMLElement): void {
  const narrow = window.innerWidth < 640;
  box.classList.toggle('sheet', narrow);
  if (narrow) {
    box.style.left = '';
    box.style.top = '';
    return;
  }
  const r = anchor.getBoundingClientRect();
  const width = box.offsetWidth;
  const height = box.offsetHeight;
  let left = r.right + 10;
  if (left + width > window.innerWidth - 8) left = r.left - width - 10;
  if (left < 8) left = Math.max(8, (window.innerWidth - width) / 2);
  const top = Math.min(Math.max(8, r.top - 40), Math.max(8, window.innerHeight - height - 8));
  box.style.left = `${left + window.scrollX}px`;
  box.style.top = `${top + window.scrollY}px`;
}

function quantile(sorted: Float32Array, q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.round(q * (sorted.length - 1))))];
}

const pct = (count: number, n: number) => `${n > 0 ? Math.round((100 * count) / n) : 0}%`;
const fmt = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(0) : v.toPrecision(2));

function describe(inspection: UnitInspection): string {
  const { spec, z, gain } = inspection;
  const n = z.length;
  const sorted = Float32Array.from(z).sort();
  let saturated = 0;
  let zero = 0;
  for (const g of gain) {
    if (g < SATURATION_GAIN) saturated++;
    if (g === 0) zero++;
  }
  const spread = `median ${fmt(quantile(sorted, 0.5))}, 90% of points between ${fmt(quantile(sorted, 0.05))} and ${fmt(quantile(sorted, 0.95))}`;
  if (spec.kind === 'maxout') {
    return `Output over the ${n} training points: ${spread}. A Maxout unit passes its winning piece's gradient unchanged (gain 1), so it cannot saturate or die; its learned shape is drawn under Activation functions.`;
  }
  if (spec.kind === 'rbf') {
    return `Distance r from the unit's centre to each of the ${n} training points: ${spread}. φ(r) < 0.01 — saturated, almost no gradient reaches the centre — on ${pct(saturated, n)} of them.`;
  }
  const verdict =
    zero === n
      ? 'This unit is dead: f′ = 0 on every point, so no gradient reaches its weights and it can never recover.'
      : saturated * 2 > n
        ? 'Most points sit where the curve is flat: the unit is saturated and learns slowly.'
        : 'Most points sit where the curve still has slope (|f′| ≥ 0.01), so gradient reaches the unit.';
  return `z = w·x + b over the ${n} training points: ${spread}. |f′(z)| < 0.01 (saturated) on ${pct(saturated, n)}, f′(z) = 0 (no gradient at all) on ${pct(zero, n)}. ${verdict}`;
}

function draw(inspection: UnitInspection): void {
  const { spec, grid, z } = inspection;
  const res = Math.round(Math.sqrt(grid.length));
  const { ctx, width, height } = context2d(map);
  ctx.clearRect(0, 0, width, height);
  const area = plotArea(width, height, true);
  drawHeatmap(map, grid, res, symmetricScale(grid), area);
  drawPlaneTicks(ctx, area);
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const v of z) {
    if (!Number.isFinite(v)) continue;
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  if (!Number.isFinite(lo)) [lo, hi] = [-1, 1];
  const legend = byId('inspector-legend', HTMLElement);
  if (spec.kind === 'maxout') {
    const pad = Math.max(0.5, (hi - lo) * 0.1);
    drawCurveWithDistribution(curve, null, z, [lo - pad, hi + pad], [0, 1], 'output');
    legend.classList.add('only-bars');
    return;
  }
  legend.classList.remove('only-bars');
  if (spec.kind === 'rbf') {
    const top = Math.min(50, Math.max(3, hi * 1.1));
    const samples = rbfCurve(spec.gamma, 0, top);
    let low = 0;
    for (const d of samples.df) low = Math.min(low, d);
    drawCurveWithDistribution(
      curve,
      samples,
      z,
      [0, top],
      [Math.floor(low * 10) / 10, 1.05],
      'distance r to the centre',
    );
    return;
  }
  const range: [number, number] = [Math.max(-50, Math.min(-4, lo * 1.1)), Math.min(50, Math.max(4, hi * 1.1))];
  const samples = activationCurve(spec.activation, range[0], range[1]);
  let yLow = 0;
  let yHigh = 1;
  for (let i = 0; i < samples.xs.length; i++) {
    yLow = Math.min(yLow, samples.f[i], samples.df[i]);
    yHigh = Math.max(yHigh, samples.f[i], samples.df[i]);
  }
  const pad = (yHigh - yLow) * 0.05;
  drawCurveWithDistribution(curve, samples, z, range, [yLow - pad, yHigh + pad], 'z = w·x + b');
}

/** The unit whose view is open: it says so to assistive technology (aria-expanded) and is outlined. */
let expanded: HTMLElement | null = null;

function markExpanded(anchor: HTMLElement | null): void {
  if (expanded !== anchor) expanded?.setAttribute('aria-expanded', 'false');
  expanded = anchor;
  anchor?.setAttribute('aria-expanded', 'true');
}

/** Shows, moves, fills or hides the inspector for `page.inspecting` and the latest snapshot. */
export function updateInspector(): void {
  const inspecting = page.inspecting;
  const spec = inspecting === null ? undefined : page.state.layers[inspecting.target.layer];
  if (inspecting === null || page.state.mode !== 'single' || !inspecting.anchor.isConnected || spec === undefined) {
    box.hidden = true;
    markExpanded(null);
    return;
  }
  const { layer, unit } = inspecting.target;
  box.hidden = false;
  markExpanded(inspecting.anchor);
  box.classList.toggle('pinned', inspecting.pinned);
  close.hidden = !inspecting.pinned && window.innerWidth >= 640;
  setText(title, `Layer ${layer + 1}, unit ${unit + 1} · ${layerLabel(spec)}`);
  const inspection = page.latest?.inspection;
  const current =
    inspection !== null && inspection !== undefined && inspection.layer === layer && inspection.unit === unit;
  box.setAttribute('aria-busy', String(!current));
  if (current) {
    draw(inspection);
    setText(summary, describe(inspection));
  } else {
    setText(summary, 'Looking inside…');
  }
  place(inspecting.anchor);
  // The output's class colours do not apply to a hidden unit: say what its colours mean.
  box.dataset.task = taskOf(page.state.dataset);
}
