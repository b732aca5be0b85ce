// Dev aid: `pnpm exec tsx e2e/screenshot.ts '#hash' [epochs]` builds the page, opens it (SHOT_WIDTH px wide, default
// 1360), trains until that epoch at the URL's speed, and saves the whole page to artifacts/ (SHOT_NAME, default
// page.png). For looking at the page, at any width, without a browser of your own.
import { join } from 'node:path';
import { artifactsDir, startHarness } from './harness';

const harness = await startHarness();
const page = await harness.newPage();
page.on('pageerror', (error) => console.error(`page error: ${error.message}`));
await page.setViewportSize({ width: Number(process.env.SHOT_WIDTH ?? 1360), height: 1000 });
await page.goto(`${harness.url}${process.argv[2] ?? ''}`);
await page.waitForSelector('#epoch');
await page.waitForFunction(() => window.playground.snapshot() !== null);
const epochs = Number(process.argv[3] ?? 0);
if (epochs > 0) {
  await page.click('#play');
  await page.waitForFunction(
    (n) => Number(document.querySelector('#epoch')?.textContent?.replace(/,/g, '')) >= n,
    epochs,
    { timeout: 120_000 },
  );
  await page.click('#play');
  await page.waitForSelector('body[data-playing="false"]');
}
const path = join(artifactsDir, process.env.SHOT_NAME ?? 'page.png');
await page.screenshot({ path, fullPage: true });
console.log(`${path} (epoch ${await page.textContent('#epoch')})`);
await harness.close();
