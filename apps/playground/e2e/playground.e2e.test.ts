import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { activationNames } from '@actlab/kernels';
import { loadSafetensorsWithMetadata } from '@actlab/layers';
import * as ort from 'onnxruntime-node';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FeatureName } from '../src/data/features';
import { LayersModel } from '../src/train/layers-model';
import type { NetworkSpec } from '../src/train/network-spec';
import { viewGrids } from '../src/train/session';
import { appRoot, artifactsDir, type Harness, startHarness } from './harness';

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness();
}, 120_000);

afterAll(async () => {
  try {
    // No network calls: every request went to the test's own server.
    expect(harness?.foreignRequests ?? []).toEqual([]);
  } finally {
    await harness?.close();
  }
});

/** One rendered frame, as the page recorded it: the epoch shown and how much of the output heatmap changed. */
interface Frame {
  readonly epoch: number;
  /** Share of the heatmap's pixels that changed visibly since the previous frame (null for the first). */
  readonly changed: number | null;
}

declare global {
  interface Window {
    recordedFrames?: Frame[];
    /** The snapshot shown before a change, to wait for the one after it. */
    previousSnapshot?: unknown;
  }
}

async function open(hash = '', width = 1360): Promise<{ page: Page; errors: string[] }> {
  const page = await harness.newPage();
  await page.setViewportSize({ width, height: 1000 });
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  await page.goto(`${harness.url}${hash}`);
  await page.waitForSelector('#output-heatmap, #compare-chart', { timeout: 20_000 });
  await firstSnapshot(page);
  return { page, errors };
}

/** Waits until the worker's first snapshot of the current configuration is on the page. */
async function firstSnapshot(page: Page): Promise<void> {
  await page.waitForFunction(() => window.playground.snapshot() !== null, undefined, { timeout: 20_000 });
}

const number = async (page: Page, selector: string) => Number.parseFloat((await page.textContent(selector)) ?? '');
const epochOf = async (page: Page) => Number((await page.textContent('#epoch'))!.replace(/,/g, ''));
const heatmap = (page: Page) => page.$eval('#output-heatmap', (c) => (c as HTMLCanvasElement).toDataURL());
const shot = (page: Page, name: string) => page.screenshot({ path: join(artifactsDir, `${name}.png`), fullPage: true });

async function waitForEpoch(page: Page, epochs: number, timeout = 60_000): Promise<void> {
  await page.waitForFunction(
    (n) => Number(document.querySelector('#epoch')?.textContent?.replace(/,/g, '')) >= n,
    epochs,
    { timeout },
  );
}

async function pause(page: Page): Promise<void> {
  if ((await page.getAttribute('#play', 'aria-label')) === 'Pause') await page.click('#play');
  // The worker has paused once it says so; no snapshot follows that one, so the epoch is final.
  await page.waitForSelector('body[data-playing="false"]');
}

async function trainUntil(page: Page, epochs: number): Promise<void> {
  await page.click('#play');
  await waitForEpoch(page, epochs);
  await pause(page);
}

/** Starts recording every rendered frame: the epoch and the share of output pixels that changed visibly. */
async function recordFrames(page: Page): Promise<void> {
  await page.evaluate(() => {
    const frames: Frame[] = [];
    window.recordedFrames = frames;
    const canvas = document.querySelector('#output-heatmap');
    const epoch = document.querySelector('#epoch');
    if (!(canvas instanceof HTMLCanvasElement) || epoch === null) throw new Error('no heatmap or epoch');
    let previous: Uint8ClampedArray | null = null;
    new MutationObserver(() => {
      const ctx = canvas.getContext('2d');
      if (ctx === null) return;
      const pixels = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
      let changed = 0;
      if (previous !== null) {
        for (let i = 0; i < pixels.length; i += 4) {
          const d =
            Math.abs(pixels[i] - previous[i]) +
            Math.abs(pixels[i + 1] - previous[i + 1]) +
            Math.abs(pixels[i + 2] - previous[i + 2]);
          if (d > 24) changed++;
        }
      }
      frames.push({
        epoch: Number(epoch.textContent?.replace(/,/g, '')),
        changed: previous === null ? null : changed / (pixels.length / 4),
      });
      previous = pixels.slice();
    }).observe(epoch, { childList: true, characterData: true, subtree: true });
  });
}

const frames = (page: Page) => page.evaluate(() => window.recordedFrames ?? []);

/**
 * Downloads the page's model as ONNX, runs it in ONNX Runtime over the output grid and returns the largest
 * difference from the output the page shows (the file gives logits for a classifier: sigmoid applied here).
 */
async function onnxWorstError(page: Page, features: FeatureName[], shown: number[], name: string): Promise<number> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-onnx')]);
  expect(download.suggestedFilename()).toBe(name);
  const session = await ort.InferenceSession.create(new Uint8Array(readFileSync((await download.path())!)));
  const grid = viewGrids(features, 64, 24);
  const result = await session.run({ input: new ort.Tensor('float32', grid.x, [64 * 64, features.length]) });
  const logits = result.output.data as Float32Array;
  expect(logits).toHaveLength(shown.length);
  let worst = 0;
  for (let i = 0; i < shown.length; i++) worst = Math.max(worst, Math.abs(1 / (1 + Math.exp(-logits[i])) - shown[i]));
  return worst;
}

describe('playground in headless Chromium', () => {
  it('loads, trains on a chosen dataset and activation: test loss falls and the heatmap changes', async () => {
    const { page, errors } = await open();
    expect(await page.isVisible('#notice')).toBe(false);
    // The kernel backend the training worker uses, from @actlab/kernels' getBackend().
    expect(await page.textContent('[data-testid="backend"]')).toMatch(/^Kernels: \w+ · \d+ threads?$/);
    // Served with COOP/COEP (vite.config.ts), the page is cross-origin isolated, so the kernels may use threads.
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
    await page.click('#dataset-xor');
    await page.selectOption('#layer-0-kind', 'relu');
    await page.waitForFunction(() => location.hash.includes('dataset=xor') && location.hash.includes('4:relu'));
    await page.waitForFunction(() => window.playground.snapshot()?.runs[0]?.layers[0]?.kind === 'activation');
    await page.waitForFunction(() =>
      Number.isFinite(Number.parseFloat(document.querySelector('#test-loss')?.textContent ?? '')),
    );
    expect(await epochOf(page)).toBe(0);
    const lossBefore = await number(page, '#test-loss');
    expect(lossBefore).toBeGreaterThan(0);
    const mapBefore = await heatmap(page);
    await shot(page, 'before-training');
    // Axis ticks: the labels left of and below the plot area are drawn (the plot itself starts 22 px in).
    const margins = await page.$eval('#output-heatmap', (c) => {
      const canvas = c as HTMLCanvasElement;
      const ctx = canvas.getContext('2d')!;
      const inked = (x: number, y: number, w: number, h: number) => {
        const d = ctx.getImageData(x, y, w, h).data;
        let n = 0;
        for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++;
        return n;
      };
      return {
        left: inked(0, 0, 20, canvas.height - 20),
        bottom: inked(24, canvas.height - 16, canvas.width - 24, 16),
      };
    });
    expect(margins.left).toBeGreaterThan(20);
    expect(margins.bottom).toBeGreaterThan(20);
    // Discretize output: the untrained network's p ≈ 0.5 everywhere turns into the two class colours, and back.
    const pureShare = () =>
      page.$eval('#output-heatmap', (c) => {
        const canvas = c as HTMLCanvasElement;
        const d = canvas.getContext('2d')!.getImageData(22, 4, canvas.width - 26, canvas.width - 26).data;
        let n = 0;
        for (let i = 0; i < d.length; i += 4) {
          const orange = d[i] === 245 && d[i + 1] === 147 && d[i + 2] === 34;
          const blue = d[i] === 8 && d[i + 1] === 119 && d[i + 2] === 189;
          if (orange || blue) n++;
        }
        return n / (d.length / 4);
      });
    expect(await pureShare()).toBeLessThan(0.05);
    await page.click('#discretize');
    await page.waitForFunction(() => location.hash.includes('discretize=1'));
    await page.waitForFunction(
      (m) => (document.querySelector('#output-heatmap') as HTMLCanvasElement).toDataURL() !== m,
      mapBefore,
    );
    expect(await pureShare()).toBeGreaterThan(0.5);
    expect(await epochOf(page)).toBe(0);
    await page.click('#discretize');
    await page.waitForFunction(() => location.hash.includes('discretize=0'));
    await page.waitForFunction(
      (m) => (document.querySelector('#output-heatmap') as HTMLCanvasElement).toDataURL() === m,
      mapBefore,
    );

    await page.focus('#speed');
    await page.keyboard.press('End');
    await trainUntil(page, 40);
    const lossAfter = await number(page, '#test-loss');
    expect(await epochOf(page)).toBeGreaterThanOrEqual(40);
    expect(lossAfter).toBeLessThan(lossBefore * 0.7);
    expect(await heatmap(page)).not.toBe(mapBefore);
    expect(await page.$$eval('#stats-table tbody tr', (rows) => rows.length)).toBe(2);
    // One curve card per distinct activation: relu (layer 1) and tanh (layer 2).
    expect(await page.$$eval('.curve-card figcaption', (c) => c.map((x) => x.textContent))).toEqual(['relu', 'tanh']);
    await shot(page, 'xor-relu-trained');

    // Step trains exactly one epoch; reset goes back to epoch 0 and says why.
    const epoch = await epochOf(page);
    await page.click('#step');
    await page.waitForFunction(
      (e) => Number(document.querySelector('#epoch')?.textContent?.replace(/,/g, '')) === e + 1,
      epoch,
    );
    await page.click('#reset');
    await page.waitForFunction(() => document.querySelector('#epoch')?.textContent === '000');
    expect(await page.textContent('#status')).toContain('you pressed reset');
    expect(errors).toEqual([]);
    await page.close();
  }, 90_000);

  it('at the default speed the first frame after ▶ shows a low epoch and the boundary changes frame by frame', async () => {
    const { page, errors } = await open();
    expect(await page.textContent('#speed-value')).toBe('10 epochs/s');
    await recordFrames(page);
    await page.click('#play');
    await page.waitForFunction(() => (window.recordedFrames?.length ?? 0) >= 12, undefined, { timeout: 30_000 });
    await pause(page);
    const seen = await frames(page);
    // The first frame after ▶ is epoch 1, not 153; then every epoch gets a frame of its own (the worker trains the
    // next one only when the page has drawn the last, so this holds on a busy machine too).
    expect(seen.slice(0, 12).map((f) => f.epoch)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    // The decision boundary visibly moves: in most frames over 0.2% of the heatmap changes colour.
    const moving = seen.slice(1, 11).filter((f) => (f.changed ?? 0) > 0.002).length;
    expect(moving).toBeGreaterThanOrEqual(7);
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  it("at speed 'max' every frame carries a slice of many epochs", async () => {
    const { page, errors } = await open();
    await page.focus('#speed');
    await page.keyboard.press('End');
    expect(await page.textContent('#speed-value')).toBe('as fast as possible');
    await page.waitForFunction(() => location.hash.includes('speed=max'));
    await recordFrames(page);
    await page.click('#play');
    await waitForEpoch(page, 400);
    await pause(page);
    const seen = await frames(page);
    const steps = seen.slice(1).map((f, i) => f.epoch - seen[i].epoch);
    // Not paced: frames come every MAX_SLICE_MS of training, each many epochs apart.
    expect(Math.max(...steps)).toBeGreaterThan(10);
    expect(await page.textContent('#rate')).toBe('');
    expect(errors).toEqual([]);
    await page.close();
  }, 90_000);

  it('changing the learning rate mid-run keeps the weights and the epoch count rising', async () => {
    const { page, errors } = await open('#speed=50');
    await recordFrames(page);
    await page.click('#play');
    await waitForEpoch(page, 20);
    const atChange = await epochOf(page);
    await page.selectOption('#learning-rate', '0.01');
    await waitForEpoch(page, atChange + 15);
    const seen = await frames(page);
    const after = seen.slice(seen.findIndex((f) => f.epoch >= atChange));
    // Never back to 0: every frame after the change is at or past the epoch of the change.
    expect(Math.min(...after.map((f) => f.epoch))).toBeGreaterThanOrEqual(atChange);
    expect(await page.textContent('#status')).toContain('the weights are kept');
    // Paused, a change of learning rate or optimiser brings a new snapshot with the same weights at the same epoch.
    await pause(page);
    const before = await page.evaluate(() => {
      const s = window.playground.snapshot()!;
      return { epoch: s.epoch, weights: s.runs[0].weights?.map((w) => Array.from(w.w)) };
    });
    for (const [select, value, inHash] of [
      ['#learning-rate', '0.1', 'lr=0.1&'],
      ['#optimizer', 'sgd', 'optimizer=sgd'],
    ]) {
      await page.evaluate(() => {
        window.previousSnapshot = window.playground.snapshot();
      });
      await page.selectOption(select, value);
      await page.waitForFunction((h) => location.hash.includes(h), inHash);
      // The worker answers an options change with a snapshot of its own: compare that one, not the one before.
      await page.waitForFunction(() => {
        const s = window.playground.snapshot();
        return s !== null && s !== window.previousSnapshot;
      });
      const afterChange = await page.evaluate(() => {
        const s = window.playground.snapshot()!;
        return { epoch: s.epoch, weights: s.runs[0].weights?.map((w) => Array.from(w.w)) };
      });
      expect(afterChange).toEqual(before);
    }
    await page.click('#step');
    await page.waitForFunction((e) => window.playground.snapshot()?.epoch === e + 1, before.epoch);
    // Re-choosing the current dataset or mode tab does nothing at all: no new weights, no new snapshot.
    await page.evaluate(() => {
      window.previousSnapshot = window.playground.snapshot();
    });
    await page.click('#dataset-circle');
    await page.click('#mode-single');
    await page.waitForTimeout(300);
    expect(await epochOf(page)).toBe(before.epoch + 1);
    expect(await page.evaluate(() => window.playground.snapshot() === window.previousSnapshot)).toBe(true);
    expect(await page.textContent('#status')).not.toContain('Epoch 0 again');
    // Another dataset resets, and the page says why.
    await page.click('#dataset-moons');
    await page.waitForFunction(() => document.querySelector('#epoch')?.textContent === '000');
    expect(await page.textContent('#status')).toContain('the dataset changed (Circle → Moons)');
    expect(errors).toEqual([]);
    await page.close();
  }, 90_000);

  it('learning rate 10 on Sine: training pauses with a message that says what happened and what to try', async () => {
    const { page, errors } = await open('#dataset=sin&lr=10');
    await page.click('#play');
    await page.waitForSelector('#divergence:not([hidden])', { timeout: 30_000 });
    await page.waitForSelector('body[data-playing="false"]');
    const message = (await page.textContent('#divergence')) ?? '';
    expect(message).toMatch(/Training diverged at epoch 1/);
    expect(message).toMatch(/lower learning rate/);
    expect(await page.getAttribute('#play', 'aria-label')).toBe('Train');
    // The last finite state stays visible: epoch 0, finite losses.
    expect(await epochOf(page)).toBe(0);
    expect(Number.isFinite(await number(page, '#test-loss'))).toBe(true);
    await shot(page, 'divergence');
    // The offered fix works: a lower learning rate, and training goes on.
    await page.click('#divergence-lower');
    await page.waitForFunction(() => location.hash.includes('lr=1&'));
    expect(await page.isVisible('#divergence')).toBe(false);
    await page.click('#step');
    await page.waitForFunction(() => window.playground.snapshot()?.epoch === 1);
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  it('keyboard: Tab reaches the noise slider, five ArrowRight presses move it five steps, focus stays', async () => {
    const { page, errors } = await open();
    let presses = 0;
    while ((await page.evaluate(() => document.activeElement?.id)) !== 'noise') {
      await page.keyboard.press('Tab');
      presses++;
      expect(presses).toBeLessThan(80);
    }
    for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowRight');
    await page.waitForFunction(() => location.hash.includes('noise=25'));
    expect(await page.inputValue('#noise')).toBe('25');
    expect(await page.textContent('#noise-value')).toBe('25%');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('noise');
    // A unit button keeps focus when it changes the network around it.
    await page.focus('[aria-label="Add a unit to Layer 1"]');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => location.hash.includes('layers=6:tanh'));
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Add a unit to Layer 1');
    expect(await page.$$eval('#units-0 button', (b) => b.length)).toBe(6);
    // A layer's activation menu, operated from the keyboard, keeps focus while the views are rebuilt around it.
    await page.focus('#layer-0-kind');
    const kindBefore = await page.inputValue('#layer-0-kind');
    await page.keyboard.press('ArrowDown');
    await page.waitForFunction(
      (k) => (document.querySelector('#layer-0-kind') as HTMLSelectElement).value !== k,
      kindBefore,
    );
    const kindAfter = await page.inputValue('#layer-0-kind');
    await page.waitForFunction((k) => location.hash.includes(`layers=6:${k}`), kindAfter);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('layer-0-kind');
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  it('keyboard: the units are one tab stop, arrow keys move between them and open the inspector as hover does', async () => {
    const { page, errors } = await open('#layers=4:tanh,3:relu,5:sigmoid');
    /** The focused element: `layer:unit` for a unit, else its id or accessible name. */
    const focused = () =>
      page.evaluate(() => {
        const e = document.activeElement;
        if (!(e instanceof HTMLElement)) return null;
        if (e.classList.contains('unit')) return `${e.dataset.layer}:${e.dataset.unit}`;
        return e.id || e.getAttribute('aria-label');
      });
    const tabStops = () =>
      page.$$eval('button.node.unit', (units) =>
        units.filter((u) => u.tabIndex >= 0).map((u) => `${u.dataset.layer}:${u.dataset.unit}`),
      );
    const inspectorTitle = (title: string) =>
      page.waitForFunction(
        (t) =>
          !document.querySelector('#inspector')?.hasAttribute('hidden') &&
          document.querySelector('#inspector-title')?.textContent === t,
        title,
      );
    // Twelve units, one tab stop.
    expect(await page.$$eval('button.node.unit', (units) => units.length)).toBe(12);
    expect(await tabStops()).toEqual(['0:0']);
    // Tab enters the grid at one unit and the next Tab leaves it, past the other eleven.
    await page.focus('[aria-label="Add a unit to Layer 1"]');
    const visited: (string | null)[] = [];
    for (let i = 0; i < 6; i++) {
      await page.keyboard.press('Tab');
      visited.push(await focused());
    }
    expect(visited).toEqual([
      '0:0',
      'layer-1-kind',
      'Remove a unit from Layer 2',
      'Add a unit to Layer 2',
      'layer-2-kind',
      'Remove a unit from Layer 3',
    ]);
    for (let i = 0; i < 5; i++) await page.keyboard.press('Shift+Tab');
    expect(await focused()).toBe('0:0');
    // Focus opens the inspector as hover does; arrow keys move within a layer (down, up) and across layers.
    await inspectorTitle('Layer 1, unit 1 · tanh');
    const moves: [string, string, string][] = [
      ['ArrowDown', '0:1', 'Layer 1, unit 2 · tanh'],
      ['ArrowDown', '0:2', 'Layer 1, unit 3 · tanh'],
      ['ArrowRight', '1:2', 'Layer 2, unit 3 · relu'],
      ['ArrowRight', '2:2', 'Layer 3, unit 3 · sigmoid'],
      ['ArrowRight', '2:2', 'Layer 3, unit 3 · sigmoid'],
      ['End', '2:4', 'Layer 3, unit 5 · sigmoid'],
      ['ArrowLeft', '1:2', 'Layer 2, unit 3 · relu'],
      ['Home', '1:0', 'Layer 2, unit 1 · relu'],
      ['ArrowUp', '1:0', 'Layer 2, unit 1 · relu'],
      ['ArrowDown', '1:1', 'Layer 2, unit 2 · relu'],
    ];
    for (const [key, unit, title] of moves) {
      await page.keyboard.press(key);
      expect(await focused()).toBe(unit);
      await inspectorTitle(title);
      expect(await tabStops()).toEqual([unit]);
    }
    await page.waitForFunction(() => document.querySelector('#inspector')?.getAttribute('aria-busy') === 'false');
    expect(await page.textContent('#inspector-summary')).toMatch(/z = w·x \+ b over the 200 training points/);
    // Enter pins it, and a pinned unit follows the arrow keys; Escape closes it and the focus stays.
    await page.keyboard.press('Enter');
    await page.waitForSelector('#inspector.pinned');
    await page.keyboard.press('ArrowDown');
    await inspectorTitle('Layer 2, unit 3 · relu');
    expect(await page.getAttribute('#inspector', 'class')).toContain('pinned');
    expect(await page.$$eval('button.node.unit[aria-expanded="true"]', (units) => units.length)).toBe(1);
    expect(await page.getAttribute('[data-layer="1"][data-unit="2"]', 'aria-expanded')).toBe('true');
    await page.keyboard.press('Escape');
    await page.waitForSelector('#inspector', { state: 'hidden' });
    expect(await focused()).toBe('1:2');
    expect(await page.getAttribute('[data-layer="1"][data-unit="2"]', 'aria-expanded')).toBe('false');
    // Space pins it too; Tab leaves the grid and Shift+Tab comes back to the same unit.
    await page.keyboard.press('Space');
    await page.waitForSelector('#inspector.pinned');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('layer-2-kind');
    await page.keyboard.press('Shift+Tab');
    expect(await focused()).toBe('1:2');
    // When that unit is removed the tab stop moves to one that is still there.
    await page.click('[aria-label="Remove a unit from Layer 2"]');
    await page.click('[aria-label="Remove a unit from Layer 2"]');
    await page.waitForFunction(() => location.hash.includes('layers=4:tanh,1:relu,5:sigmoid'));
    expect(await tabStops()).toEqual(['1:0']);
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  it('every control has an accessible name and all text meets WCAG AA contrast', async () => {
    for (const hash of ['', '#mode=compare']) {
      const { page, errors } = await open(hash);
      const unnamed = await page.evaluate(() => {
        const nameOf = (e: Element): string => {
          const label = e.getAttribute('aria-label');
          if (label) return label;
          const by = e.getAttribute('aria-labelledby');
          if (by)
            return by
              .split(' ')
              .map((id) => document.getElementById(id)?.textContent ?? '')
              .join(' ');
          if (e instanceof HTMLInputElement || e instanceof HTMLSelectElement) {
            const text = Array.from(e.labels ?? [])
              .map((l) => l.textContent ?? '')
              .join(' ');
            if (text.trim() !== '') return text;
          }
          return (e.textContent ?? '').trim() || (e.getAttribute('title') ?? '');
        };
        return Array.from(document.querySelectorAll('button, input, select, a, [role="checkbox"], [tabindex]'))
          .filter((e) => e instanceof HTMLElement && e.offsetParent !== null)
          .filter((e) => nameOf(e).trim() === '')
          .map((e) => e.outerHTML.slice(0, 120));
      });
      expect(unnamed).toEqual([]);
      const failures = await page.evaluate(() => {
        const parse = (c: string) => {
          const m = c.match(/rgba?\(([^)]+)\)/);
          if (m === null) return [0, 0, 0, 0];
          const [r, g, b, a = '1'] = m[1].split(',').map((x) => x.trim());
          return [Number(r), Number(g), Number(b), Number(a)];
        };
        const luminance = ([r, g, b]: number[]) => {
          const f = (v: number) => {
            const s = v / 255;
            return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
          };
          return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
        };
        /** The colour behind `e`: its ancestors' background colours composited, page last. */
        const background = (e: Element | null): number[] => {
          const layers: number[][] = [];
          for (let n = e; n !== null; n = n.parentElement) layers.push(parse(getComputedStyle(n).backgroundColor));
          let out = [255, 255, 255];
          for (const [r, g, b, a] of layers.reverse())
            out = [r * a + out[0] * (1 - a), g * a + out[1] * (1 - a), b * a + out[2] * (1 - a)];
          return out;
        };
        const bad: string[] = [];
        const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
        for (let t = walker.nextNode(); t !== null; t = walker.nextNode()) {
          const e = t.parentElement;
          if (
            e === null ||
            (t.textContent ?? '').trim() === '' ||
            e.closest('option, [hidden], :disabled, script, style')
          )
            continue;
          if (!(e instanceof HTMLElement) || e.offsetParent === null) continue;
          const style = getComputedStyle(e);
          const fg = parse(style.color);
          const bg = background(e);
          const blended = [0, 1, 2].map((i) => fg[i] * fg[3] + bg[i] * (1 - fg[3]));
          const [l1, l2] = [luminance(blended), luminance(bg)].sort((a, b) => b - a);
          const ratio = (l1 + 0.05) / (l2 + 0.05);
          const size = Number.parseFloat(style.fontSize);
          const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
          if (ratio < (large ? 3 : 4.5))
            bad.push(
              `${ratio.toFixed(2)} "${(t.textContent ?? '').trim().slice(0, 30)}" ${style.color} on rgb(${bg.map(Math.round).join(',')})`,
            );
        }
        return bad;
      });
      expect(failures).toEqual([]);
      expect(errors).toEqual([]);
      await page.close();
    }
  }, 60_000);

  it('at 390, 768 and 1360 px there is no horizontal page scroll and every layer can be reached', async () => {
    const six = 'layers=8:relu,8:relu,8:relu,8:relu,8:relu,8:maxout:2';
    for (const width of [390, 768, 1360]) {
      for (const hash of [`#${six}`, `#${six}&mode=compare`]) {
        const { page, errors } = await open(hash, width);
        await page.waitForTimeout(100);
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
        if (!hash.includes('compare')) {
          // The sixth layer and the output can be scrolled into view and are then fully on screen.
          for (const selector of ['#layer-5-kind', '#output-node']) {
            await page.locator(selector).scrollIntoViewIfNeeded();
            const box = (await page.locator(selector).boundingBox())!;
            expect(box.x).toBeGreaterThanOrEqual(0);
            expect(box.x + box.width).toBeLessThanOrEqual(width);
          }
          expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
        }
        await shot(page, `layout-${width}${hash.includes('compare') ? '-compare' : ''}`);
        expect(errors).toEqual([]);
        await page.close();
      }
    }
  }, 120_000);

  it('the links are drawn with width |w| and the colour of the sign of w', async () => {
    // No hidden layer: two links, x₁ → output and x₁² → output, that meet only at the output node. On the circle
    // the x₁² weight grows large and the x₁ weight stays small.
    const { page, errors } = await open('#dataset=circle&features=x1,x1Squared&layers=&speed=max');
    await trainUntil(page, 50);
    const links = await page.evaluate(() => {
      const w = Array.from(window.playground.snapshot()!.runs[0].weights![0].w);
      const canvas = document.querySelector('canvas.links') as HTMLCanvasElement;
      const ctx = canvas.getContext('2d')!;
      const box = canvas.getBoundingClientRect();
      const ratio = canvas.width / box.width;
      const output = document.querySelector('#output-node')!.parentElement!.getBoundingClientRect();
      return ['#feature-x1', '#feature-x1Squared'].map((id, i) => {
        const from = document.querySelector(id)!.getBoundingClientRect();
        // The middle of the link's curve (a cubic whose control points share the middle x).
        const x = Math.round(((from.right + output.left) / 2 - box.left) * ratio);
        const y = Math.round(((from.top + from.height / 2 + output.top + output.height / 2) / 2 - box.top) * ratio);
        const [r, g, b] = ctx.getImageData(x, y, 1, 1).data;
        // Its thickness: the inked pixels in that column, around the middle.
        const column = ctx.getImageData(x, y - 20, 1, 41).data;
        let thickness = 0;
        for (let k = 3; k < column.length; k += 4) if (column[k] > 0) thickness++;
        return { w: w[i], blue: b > r + 40, orange: r > b + 40 && g > 60, thickness, rgb: [r, g, b] };
      });
    });
    for (const link of links) {
      expect(link.blue, JSON.stringify(link)).toBe(link.w > 0);
      expect(link.orange, JSON.stringify(link)).toBe(link.w < 0);
    }
    const [small, large] = links;
    expect(Math.abs(large.w) - Math.abs(small.w), JSON.stringify(links)).toBeGreaterThan(0.5);
    expect(large.thickness, JSON.stringify(links)).toBeGreaterThan(small.thickness + 1);
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  it('hovering a unit shows its enlarged heatmap and its pre-activations on its curve; a tap pins it', async () => {
    const { page, errors } = await open('#dataset=spiral&layers=8:tanh,6:relu,4:rbf:0.5');
    await page.focus('#speed');
    await page.keyboard.press('End');
    await trainUntil(page, 30);
    // Look inside over time: one gradient-norm curve per layer and the output, one unit-share colour per layer.
    expect(await page.$$eval('#gradient-legend .legend-item', (items) => items.map((i) => i.textContent))).toEqual([
      'layer 1 (tanh)',
      'layer 2 (relu)',
      'layer 3 (rbf(γ 0.5))',
      'output',
    ]);
    const curves = await page.evaluate(() => {
      const run = window.playground.snapshot()!.runs[0];
      return {
        epochs: run.curves.epochs.length,
        gradients: run.curves.values.slice(2).map((v) => v.filter((g) => Number.isFinite(g) && g > 0).length),
        shares: run.unitShares.values.map((v) => v.length),
      };
    });
    expect(curves.epochs).toBeGreaterThanOrEqual(30);
    expect(curves.gradients).toEqual([curves.epochs - 1, curves.epochs - 1, curves.epochs - 1, curves.epochs - 1]);
    expect(curves.shares).toHaveLength(6);
    const drawn = await page.evaluate(() =>
      ['#gradient-chart', '#unit-share-chart'].map((id) => {
        const c = document.querySelector(id) as HTMLCanvasElement;
        const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
        // Pixels of each series colour (Okabe–Ito: blue, orange, green, purple), anti-aliasing allowed for.
        return [
          [0, 114, 178],
          [230, 159, 0],
          [0, 158, 115],
          [204, 121, 167],
        ].map(([r, g, b]) => {
          let n = 0;
          for (let i = 0; i < d.length; i += 4) {
            if (d[i + 3] > 200 && Math.abs(d[i] - r) + Math.abs(d[i + 1] - g) + Math.abs(d[i + 2] - b) < 40) n++;
          }
          return n;
        });
      }),
    );
    for (const count of drawn[0]) expect(count, JSON.stringify(drawn)).toBeGreaterThan(20);
    for (const count of drawn[1].slice(0, 3)) expect(count, JSON.stringify(drawn)).toBeGreaterThan(20);
    const unit = page.locator('#units-0 button').nth(2);
    await unit.hover();
    await page.waitForSelector('#inspector:not([hidden])');
    await page.waitForFunction(() => document.querySelector('#inspector')?.getAttribute('aria-busy') === 'false');
    expect(await page.textContent('#inspector-title')).toBe('Layer 1, unit 3 · tanh');
    const summary = (await page.textContent('#inspector-summary')) ?? '';
    expect(summary).toMatch(/z = w·x \+ b over the 200 training points/);
    expect(summary).toMatch(/saturated\) on \d+%/);
    // Both pictures are drawn: the curve panel has histogram bars and the curve, the map has colour.
    const inked = await page.evaluate(() =>
      ['#inspector-map', '#inspector-curve'].map((s) => {
        const c = document.querySelector(s) as HTMLCanvasElement;
        const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
        let n = 0;
        for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++;
        return n / (d.length / 4);
      }),
    );
    expect(inked[0]).toBeGreaterThan(0.5);
    expect(inked[1]).toBeGreaterThan(0.05);
    await shot(page, 'inspector');
    // Moving away closes it; a click pins it until Escape.
    await page.mouse.move(5, 5);
    await page.waitForSelector('#inspector', { state: 'hidden' });
    await page.locator('#units-2 button').nth(0).click();
    await page.waitForFunction(
      () => document.querySelector('#inspector-title')?.textContent === 'Layer 3, unit 1 · rbf(γ 0.5)',
    );
    await page.waitForFunction(() =>
      /Distance r from the unit's centre/.test(document.querySelector('#inspector-summary')?.textContent ?? ''),
    );
    await page.mouse.move(5, 5);
    expect(await page.isVisible('#inspector')).toBe(true);
    await page.keyboard.press('Escape');
    await page.waitForSelector('#inspector', { state: 'hidden' });
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  it('unit statistics: a dead ReLU layer and a saturated RBF layer are never shown as healthy or zero-centred', async () => {
    const rows = (page: Page) =>
      page.$$eval('#stats-table tbody tr', (trs) =>
        trs.map((tr) => ({
          className: tr.className,
          cells: Array.from(tr.children, (c) => (c.textContent ?? '').trim()),
        })),
      );
    // The dead-ReLU preset's network on its own: its third layer dies within ten epochs, and stays dead.
    const relu = await open('#dataset=spiral&noise=10&layers=8:relu,8:relu,6:relu&speed=max');
    await trainUntil(relu.page, 10);
    const third = (await rows(relu.page))[2];
    expect(third.cells[1]).toBe('6/6');
    expect(third.cells[5]).toBe('dead: no gradient reaches it');
    expect(third.className).toBe('health-bad');
    expect(third.cells[4]).not.toContain('zero-centred');
    expect(relu.errors).toEqual([]);
    await relu.page.close();
    // Narrow RBF units (γ 5), untrained: most of the layer is saturated from the start.
    const rbf = await open('#dataset=spiral&layers=8:rbf:5,8:tanh');
    const first = (await rows(rbf.page))[0];
    expect(Number(first.cells[2].split('/')[0])).toBeGreaterThan(4);
    expect(first.className).not.toBe('health-good');
    expect(first.cells[4]).not.toContain('zero-centred');
    // Each column says what it measures.
    expect(await rbf.page.$$eval('#stats-panel dt', (dts) => dts.map((d) => d.textContent))).toEqual([
      'dead',
      'saturated',
      'gradient',
      'mean output',
      'state',
    ]);
    expect(rbf.errors).toEqual([]);
    await rbf.page.close();
  }, 60_000);

  it('the downloaded safetensors file loads with @actlab/layers and gives the page’s predictions', async () => {
    const { page, errors } = await open('#dataset=moons&features=x1,x2,sinX1&layers=5:swish,3:tanh&speed=max');
    await trainUntil(page, 50);
    const shown = await page.evaluate(() => {
      const s = window.playground.snapshot()!;
      return { epoch: s.epoch, output: Array.from(s.runs[0].output) };
    });
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-safetensors')]);
    expect(download.suggestedFilename()).toBe('actlab-moons.safetensors');
    const bytes = new Uint8Array(readFileSync((await download.path())!));
    const { tensors, metadata } = loadSafetensorsWithMetadata(bytes);
    expect(metadata['actlab.epoch']).toBe(String(shown.epoch));
    const network: NetworkSpec = JSON.parse(metadata['actlab.network']);
    const model = new LayersModel(network, { optimizer: 'adam', learningRate: 0.03, batchSize: 16, l1: 0, l2: 0 }, 0);
    model.network.loadStateDict(tensors);
    const grid = viewGrids(['x1', 'x2', 'sinX1'], 64, 24);
    const predicted = model.predict(grid.x, 64 * 64);
    let worst = 0;
    for (let i = 0; i < predicted.length; i++) worst = Math.max(worst, Math.abs(predicted[i] - shown.output[i]));
    expect(worst).toBeLessThan(1e-6);
    // The snippet names the same file and network.
    const snippet = (await page.textContent('#torch-snippet')) ?? '';
    expect(snippet).toContain('load_file("actlab-moons.safetensors")');
    expect(snippet).toContain('nn.Sequential(nn.Linear(3, 5), nn.SiLU(), nn.Linear(5, 3), nn.Tanh(), nn.Linear(3, 1))');
    expect(await onnxWorstError(page, ['x1', 'x2', 'sinX1'], shown.output, 'actlab-moons.onnx')).toBeLessThan(1e-5);
    expect(errors).toEqual([]);
    await page.close();
    // Maxout and RBF have no torch.nn module: for them the snippet points to the ONNX file, so it must predict too.
    const other = await open('#dataset=circle&layers=4:maxout:2,3:rbf:0.5&speed=max');
    await trainUntil(other.page, 20);
    const output = await other.page.evaluate(() => Array.from(window.playground.snapshot()!.runs[0].output));
    expect(await other.page.textContent('#torch-snippet')).toContain('ort.InferenceSession("actlab-circle.onnx")');
    expect(await onnxWorstError(other.page, ['x1', 'x2'], output, 'actlab-circle.onnx')).toBeLessThan(1e-5);
    expect(other.errors).toEqual([]);
    await other.page.close();
  }, 90_000);

  it('every control round-trips through the URL; an edited hash reconfigures without a reload', async () => {
    const { page, errors } = await open();
    await page.click('#dataset-spiral');
    for (const [id, key] of [
      ['#noise', 'ArrowRight'],
      ['#train-percent', 'ArrowRight'],
      ['#points', 'ArrowLeft'],
      ['#speed', 'End'],
    ]) {
      await page.focus(id);
      await page.keyboard.press(key);
    }
    await page.fill('#seed', '42');
    await page.press('#seed', 'Enter');
    await page.click('#feature-sinX1');
    await page.click('#add-layer');
    await page.selectOption('#layer-2-kind', 'maxout');
    await page.selectOption('#layer-2-pool', '3');
    await page.selectOption('#layer-1-kind', 'rbf');
    await page.selectOption('#layer-1-gamma', '0.2');
    await page.selectOption('#init', 'kaiming');
    await page.selectOption('#optimizer', 'momentum');
    await page.selectOption('#learning-rate', '0.1');
    await page.selectOption('#batch-size', '32');
    await page.selectOption('#l1', '0.001');
    await page.selectOption('#l2', '0.01');
    await page.click('#show-test');
    await page.click('#discretize');
    const expected =
      'dataset=spiral&noise=5&train=60&points=350&seed=42&features=x1,x2,sinX1&layers=4:tanh,2:rbf:0.2,2:maxout:3' +
      '&init=kaiming&optimizer=momentum&lr=0.1&batch=32&l1=0.001&l2=0.01&mode=single&compare=sigmoid,tanh,relu,leakyRelu' +
      '&speed=max&showtest=0&discretize=1';
    await page.waitForFunction((h) => location.hash === `#${h}`, expected);
    await page.reload();
    await page.waitForSelector('#output-heatmap');
    await firstSnapshot(page);
    expect(await page.evaluate(() => location.hash)).toBe(`#${expected}`);
    expect(await page.getAttribute('#dataset-spiral', 'aria-pressed')).toBe('true');
    const values = await page.evaluate(() =>
      [
        'noise',
        'train-percent',
        'points',
        'seed',
        'layer-1-kind',
        'layer-1-gamma',
        'layer-2-kind',
        'layer-2-pool',
        'init',
        'optimizer',
        'learning-rate',
        'batch-size',
        'l1',
        'l2',
      ].map((id) => (document.getElementById(id) as HTMLInputElement).value),
    );
    expect(values).toEqual([
      '5',
      '60',
      '350',
      '42',
      'rbf',
      '0.2',
      'maxout',
      '3',
      'kaiming',
      'momentum',
      '0.1',
      '32',
      '0.001',
      '0.01',
    ]);
    expect(await page.textContent('#speed-value')).toBe('as fast as possible');
    expect(await page.isChecked('#feature-sinX1')).toBe(true);
    expect(await page.isChecked('#show-test')).toBe(false);
    expect(await page.isChecked('#discretize')).toBe(true);
    // Every entry of the kernels table, then the two layer kinds.
    const kinds = await page.$$eval('#layer-0-kind option', (options) => options.map((o) => o.getAttribute('value')));
    expect(kinds).toEqual([...activationNames, 'maxout', 'rbf']);
    await trainUntil(page, 3);
    expect(await page.$('#maxout-curve')).not.toBeNull();
    await shot(page, 'spiral-from-url');
    // Editing the hash in the address bar (a hashchange) reconfigures without a reload too.
    await page.evaluate(() => {
      location.hash = 'dataset=moons&layers=3:elu';
    });
    await page.waitForFunction(() => document.querySelector('#dataset-moons')?.classList.contains('selected'));
    expect(await page.inputValue('#layer-0-kind')).toBe('elu');
    expect(errors).toEqual([]);
    await page.close();
  }, 90_000);

  it('a broken URL shows a notice naming each value used, and the controls show those values', async () => {
    const { page, errors } = await open(
      '#dataset=donut&layers=banana:9&lr=-3&%E0%A4%A&seed=abc&noise=12&speed=7&showtest=2',
    );
    expect(await page.isVisible('#notice')).toBe(true);
    const notice = (await page.textContent('#notice')) ?? '';
    expect(notice).toContain("dataset='donut' is invalid");
    expect(notice).toContain('using circle');
    expect(notice).toContain("seed='abc' is invalid (expected an integer 0–2147483647); using 1");
    expect(notice).toContain('using 10, the nearest allowed value');
    expect(notice).toContain("speed='7' is invalid");
    expect(await page.getAttribute('#dataset-circle', 'class')).toContain('selected');
    expect(await page.inputValue('#layer-0-kind')).toBe('tanh');
    expect(await page.inputValue('#learning-rate')).toBe('0.03');
    expect(await page.inputValue('#seed')).toBe('1');
    expect(await page.inputValue('#noise')).toBe('10');
    expect(await page.textContent('#noise-value')).toBe('10%');
    expect(await page.textContent('#speed-value')).toBe('10 epochs/s');
    expect(await page.isChecked('#show-test')).toBe(true);
    // The page rewrote the link to the values it shows, so sharing it now shares a valid state.
    expect(await page.evaluate(() => location.hash)).toContain('dataset=circle&noise=10&');
    // A bad seed typed into the field: the notice says so and the field shows the seed in use.
    await page.fill('#seed', '-5');
    await page.press('#seed', 'Enter');
    await page.waitForFunction(() => /seed '-5' is invalid/.test(document.querySelector('#notice')?.textContent ?? ''));
    expect(await page.inputValue('#seed')).toBe('1');
    await shot(page, 'broken-url-notice');
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  it('compare mode trains the same network with several activations side by side', async () => {
    const { page, errors } = await open(
      '#dataset=circle&layers=4:tanh,4:tanh&mode=compare&compare=sigmoid,tanh,relu,identity&speed=max',
    );
    await page.waitForSelector('#compare-table');
    expect(await page.$$eval('.compare-tile', (tiles) => tiles.map((t) => t.getAttribute('data-run')))).toEqual([
      'sigmoid',
      'tanh',
      'relu',
      'identity',
    ]);
    await trainUntil(page, 30);
    const rows = await page.$$eval('#compare-table tbody tr', (trs) => trs.map((tr) => tr.textContent ?? ''));
    expect(rows).toHaveLength(4);
    // Ranked by test loss: the linear network cannot separate a circle, so it comes last.
    expect(rows[3]).toContain('identity');
    // The compare controls are in the URL too: a box unticked, then the other tab, survive a reload.
    await page.click('#compare-identity');
    await page.waitForFunction(() => location.hash.includes('&mode=compare&compare=sigmoid,tanh,relu&'));
    expect(await page.$$eval('.compare-tile', (tiles) => tiles.length)).toBe(3);
    await page.click('#mode-single');
    await page.waitForFunction(() => location.hash.includes('&mode=single&compare=sigmoid,tanh,relu&'));
    await page.reload();
    await page.waitForSelector('#output-heatmap');
    expect(await page.getAttribute('#mode-single', 'aria-pressed')).toBe('true');
    await page.click('#mode-compare');
    await page.waitForSelector('#compare-table');
    expect(await page.$$eval('.compare-tile', (tiles) => tiles.map((t) => t.getAttribute('data-run')))).toEqual([
      'sigmoid',
      'tanh',
      'relu',
    ]);
    expect(await page.isChecked('#compare-identity')).toBe(false);
    expect(await page.isChecked('#compare-relu')).toBe(true);
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  it('a preset card sets up its comparison: without a non-linearity XOR stays at chance', async () => {
    const { page, errors } = await open();
    await page.click('#experiment-xor-linear');
    await page.waitForSelector('#compare-table');
    expect(await page.$$eval('.compare-tile', (tiles) => tiles.map((t) => t.getAttribute('data-run')))).toEqual([
      'identity',
      'tanh',
    ]);
    expect(await page.getAttribute('#experiment-xor-linear', 'aria-current')).toBe('true');
    await trainUntil(page, 40);
    const accuracy = await page.$$eval('#compare-table tbody tr', (trs) =>
      Object.fromEntries(
        trs.map((tr) => [tr.children[0].textContent, Number.parseFloat(tr.children[3].textContent ?? '')]),
      ),
    );
    expect(accuracy.identity).toBeLessThan(70);
    expect(accuracy.tanh).toBeGreaterThan(90);
    // Clicking the same card again changes nothing.
    const epoch = await epochOf(page);
    await page.click('#experiment-xor-linear');
    await page.waitForTimeout(200);
    expect(await epochOf(page)).toBe(epoch);
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  it('takes the README screenshots as their captions say: a successful run and compare mode', async () => {
    // Each run leaves them in artifacts/; only ACTLAB_UPDATE_SCREENSHOTS=1 copies them over docs/, so a test run
    // never dirties the working tree with pixels that differ in anti-aliasing alone.
    const publish = (name: string) => {
      if (process.env.ACTLAB_UPDATE_SCREENSHOTS === '1')
        copyFileSync(join(artifactsDir, name), join(appRoot, 'docs', name));
    };
    // The playground: two layers of Swish units on the spiral; the caption promises above 95% test accuracy.
    const single = await open('#dataset=spiral&layers=12:swish,12:swish&speed=max');
    await trainUntil(single.page, 150);
    expect(await number(single.page, '#test-accuracy')).toBeGreaterThan(95);
    await single.page.screenshot({
      path: join(artifactsDir, 'playground.png'),
      clip: { x: 0, y: 0, width: 1360, height: 1000 },
    });
    publish('playground.png');
    // The same run, one unit looked at: its output and where the training points sit on its curve.
    await single.page.locator('#units-0 button').nth(3).hover();
    await single.page.waitForFunction(
      () => document.querySelector('#inspector')?.getAttribute('aria-busy') === 'false',
    );
    await single.page.screenshot({
      path: join(artifactsDir, 'inspector.png'),
      clip: { x: 0, y: 140, width: 1360, height: 720 },
    });
    publish('inspector.png');
    expect(single.errors).toEqual([]);
    await single.page.close();
    // Compare mode on the spiral (the ReLU/softplus/Swish preset) at epoch 100 or a little past.
    const compare = await open(
      '#dataset=spiral&layers=16:relu,16:relu&mode=compare&compare=relu,softplus,swish&speed=max',
    );
    await trainUntil(compare.page, 100);
    const rows = await compare.page.$$eval('#compare-table tbody tr', (trs) =>
      Object.fromEntries(trs.map((tr) => [tr.children[0].textContent, Array.from(tr.children, (c) => c.textContent)])),
    );
    // The caption: Swish fits it, softplus is still slow, ReLU has lost most of its units.
    expect(Number.parseFloat(rows.swish[3] ?? '')).toBeGreaterThan(95);
    expect(Number.parseFloat(rows.softplus[3] ?? '')).toBeLessThan(95);
    expect(Number((rows.relu[4] ?? '').split('/')[0])).toBeGreaterThan(16);
    await compare.page.screenshot({
      path: join(artifactsDir, 'compare.png'),
      clip: { x: 0, y: 0, width: 1360, height: 1000 },
    });
    publish('compare.png');
    expect(compare.errors).toEqual([]);
    await compare.page.close();
  }, 120_000);
});
