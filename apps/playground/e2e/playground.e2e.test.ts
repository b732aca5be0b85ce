import { join } from 'node:path';
import { activationNames } from '@actlab/kernels';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifactsDir, type Harness, startHarness } from './harness';

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness();
}, 90_000);

afterAll(async () => {
  // No network calls: every request went to the test's own server.
  expect(harness?.foreignRequests ?? []).toEqual([]);
  await harness?.close();
});

async function open(hash = ''): Promise<{ page: Page; errors: string[] }> {
  const page = await harness.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  await page.goto(`${harness.url}${hash}`);
  await page.waitForSelector('#output-heatmap, #compare-chart', { timeout: 20_000 });
  return { page, errors };
}

const number = async (page: Page, selector: string) => Number(await page.textContent(selector));
const epochOf = async (page: Page) => Number((await page.textContent('#epoch'))!.replace(/,/g, ''));
const heatmap = (page: Page) => page.$eval('#output-heatmap', (c) => (c as HTMLCanvasElement).toDataURL());
const shot = (page: Page, name: string) => page.screenshot({ path: join(artifactsDir, `${name}.png`), fullPage: true });

async function trainUntil(page: Page, epochs: number): Promise<void> {
  await page.click('#play');
  await page.waitForFunction(
    (n) => Number(document.querySelector('#epoch')?.textContent?.replace(/,/g, '')) >= n,
    epochs,
    { timeout: 30_000 },
  );
  await page.click('#play');
  // The worker has paused once it says so; no snapshot follows that one, so the epoch is final.
  await page.waitForSelector('body[data-playing="false"]');
}

describe('playground in headless Chromium', () => {
  it('loads, trains on a chosen dataset and activation: test loss falls and the heatmap changes', async () => {
    const { page, errors } = await open();
    expect(await page.isVisible('#notice')).toBe(false);
    await page.click('#dataset-xor');
    await page.selectOption('#layer-0-kind', 'relu');
    await page.waitForFunction(() => location.hash.includes('dataset=xor') && location.hash.includes('4:relu'));
    await page.waitForSelector('#output-heatmap');
    // The untrained network's first snapshot: until it arrives the loss reads '—' and the heatmap is blank, and a
    // blank "before" would make "the heatmap changed" true without any training.
    await page.waitForFunction(() =>
      Number.isFinite(Number.parseFloat(document.querySelector('#test-loss')?.textContent ?? '')),
    );
    expect(await epochOf(page)).toBe(0);
    const lossBefore = await number(page, '#test-loss');
    expect(lossBefore).toBeGreaterThan(0);
    const mapBefore = await heatmap(page);
    await shot(page, 'before-training');

    await trainUntil(page, 40);
    const lossAfter = await number(page, '#test-loss');
    expect(await epochOf(page)).toBeGreaterThanOrEqual(40);
    expect(lossAfter).toBeLessThan(lossBefore * 0.7);
    expect(await heatmap(page)).not.toBe(mapBefore);
    expect(await page.$$eval('#stats-table tbody tr', (rows) => rows.length)).toBe(2);
    // One curve card per distinct activation: relu (layer 1) and tanh (layer 2).
    expect(await page.$$eval('.curve-card figcaption', (c) => c.map((x) => x.textContent))).toEqual(['relu', 'tanh']);
    await shot(page, 'xor-relu-trained');

    // Step trains exactly one epoch; reset goes back to epoch 0.
    const epoch = await epochOf(page);
    await page.click('#step');
    await page.waitForFunction(
      (e) => Number(document.querySelector('#epoch')?.textContent?.replace(/,/g, '')) === e + 1,
      epoch,
    );
    await page.click('#reset');
    await page.waitForFunction(() => document.querySelector('#epoch')?.textContent === '000');
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  it('an edited URL state is what the page shows after a reload', async () => {
    const { page, errors } = await open();
    const hash =
      '#dataset=spiral&noise=10&features=x1,x2,sinX1&layers=6:swish,5:maxout:3,3:rbf:0.2&lr=0.01&optimizer=momentum';
    await page.evaluate((h) => history.replaceState(null, '', h), hash);
    await page.reload();
    await page.waitForSelector('#output-heatmap');
    expect(await page.getAttribute('#dataset-spiral', 'class')).toContain('selected');
    expect(await page.inputValue('#noise')).toBe('10');
    expect(await page.isChecked('#feature-sinX1')).toBe(true);
    expect(await page.inputValue('#layer-0-kind')).toBe('swish');
    expect(await page.inputValue('#layer-1-kind')).toBe('maxout');
    expect(await page.inputValue('#layer-1-pool')).toBe('3');
    expect(await page.inputValue('#layer-2-gamma')).toBe('0.2');
    expect(await page.$$eval('#units-0 canvas', (c) => c.length)).toBe(6);
    expect(await page.inputValue('#optimizer')).toBe('momentum');
    expect(await page.isVisible('#notice')).toBe(false);
    // Every entry of the kernels table, then the two layer kinds.
    const kinds = await page.$$eval('#layer-0-kind option', (options) => options.map((o) => o.getAttribute('value')));
    expect(kinds).toEqual([...activationNames, 'maxout', 'rbf']);
    await trainUntil(page, 3);
    // The Maxout layer's learned shape is drawn once it has trained.
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
  }, 60_000);

  it('a broken URL state shows the defaults and a notice, never a blank page', async () => {
    const { page, errors } = await open('#dataset=donut&layers=banana:9&lr=-3&%E0%A4%A&points=1e99');
    expect(await page.isVisible('#notice')).toBe(true);
    const notice = await page.textContent('#notice');
    expect(notice).toContain('invalid');
    expect(notice).toContain("dataset='donut'");
    expect(await page.getAttribute('#dataset-circle', 'class')).toContain('selected');
    expect(await page.inputValue('#layer-0-kind')).toBe('tanh');
    expect(await page.inputValue('#learning-rate')).toBe('0.03');
    // The page rewrote the link to the defaults it shows, so sharing it now shares a valid state.
    expect(await page.evaluate(() => location.hash)).toContain('dataset=circle');
    await trainUntil(page, 2);
    await shot(page, 'broken-url-notice');
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  it('compare mode trains the same network with several activations side by side', async () => {
    const { page, errors } = await open(
      '#dataset=circle&layers=4:tanh,4:tanh&mode=compare&compare=sigmoid,tanh,relu,identity',
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
    await shot(page, 'compare-circle');
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  it('a guide experiment link sets up its comparison: without a non-linearity XOR stays at chance', async () => {
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
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);
});
