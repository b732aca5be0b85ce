/**
 * The playground trains on the WebAssembly kernels in Chromium (issue 9): the page shows the backend and thread count
 * its training worker reports (data-testid="backend", e.g. "Kernels: wasm, 2 threads") and training works on it.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type Harness, startHarness } from './harness';

let harness: Harness;

beforeAll(async () => {
  harness = await startHarness();
}, 90_000);

afterAll(async () => {
  await harness?.close();
});

const epochOf = async (page: Page) => Number((await page.textContent('#epoch'))!.replace(/,/g, ''));

it('the training worker runs the wasm backend, with threads where the page is cross-origin isolated', async () => {
  const page = await harness.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  await page.goto(harness.url);
  await page.waitForSelector('#output-heatmap', { timeout: 20_000 });
  // The worker reports its backend once its kernels are ready.
  await page.waitForFunction(
    () => /wasm|js/.test(document.querySelector('[data-testid="backend"]')?.textContent ?? ''),
    null,
    {
      timeout: 20_000,
    },
  );
  const text = (await page.textContent('[data-testid="backend"]')) ?? '';
  expect(text).toMatch(/\bwasm\b/);
  const threads = Number(/(\d+) threads?/.exec(text)?.[1]);
  const { isolated, cores } = await page.evaluate(() => ({
    isolated: crossOriginIsolated,
    cores: navigator.hardwareConcurrency,
  }));
  // SharedArrayBuffer threads exist only in a cross-origin-isolated page; the default is the cores, at most 4.
  expect(threads).toBe(isolated ? Math.max(1, Math.min(4, cores)) : 1);

  // The untrained network's first snapshot: until it arrives the loss reads '—'.
  await page.waitForFunction(() =>
    Number.isFinite(Number.parseFloat(document.querySelector('#test-loss')?.textContent ?? '')),
  );
  const lossBefore = Number(await page.textContent('#test-loss'));
  await page.click('#play');
  await page.waitForFunction(
    () => Number(document.querySelector('#epoch')?.textContent?.replace(/,/g, '')) >= 30,
    null,
    {
      timeout: 30_000,
    },
  );
  await page.click('#play');
  await page.waitForSelector('body[data-playing="false"]');
  expect(await epochOf(page)).toBeGreaterThanOrEqual(30);
  const lossAfter = Number(await page.textContent('#test-loss'));
  expect(lossAfter).toBeLessThan(lossBefore);
  expect(errors).toEqual([]);
  await page.close();
}, 90_000);
