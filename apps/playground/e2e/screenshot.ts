// Dev aid: `pnpm exec tsx e2e/screenshot.ts '#hash' [seconds]` builds, opens the page, trains, saves artifacts/page.png.
import { join } from 'node:path';
import { artifactsDir, startHarness } from './harness';

const harness = await startHarness();
const page = await harness.newPage();
page.on('pageerror', (error) => console.error(`page error: ${error.message}`));
if (process.env.SHOT_WIDTH !== undefined)
  await page.setViewportSize({ width: Number(process.env.SHOT_WIDTH), height: 900 });
await page.goto(`${harness.url}${process.argv[2] ?? ''}`);
await page.waitForSelector('#epoch');
const seconds = Number(process.argv[3] ?? 0);
if (seconds > 0) {
  await page.click('#play');
  await page.waitForTimeout(seconds * 1000);
  await page.click('#play');
  await page.waitForTimeout(300);
}
const path = join(artifactsDir, process.env.SHOT_NAME ?? 'page.png');
await page.screenshot({ path, fullPage: true });
console.log(`${path} (epoch ${await page.textContent('#epoch')})`);
await harness.close();
