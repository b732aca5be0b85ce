import { artifactsDir, startHarness } from '/work/main/apps/playground/e2e/harness';

const h = await startHarness();
const page = await h.newPage();
const errors: string[] = [];
page.on('console', (m) => errors.push(`${m.type()}: ${m.text()}`));
page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
await page.goto(h.url + (process.argv[2] ?? ''));
await page.waitForTimeout(800);
if (process.argv[3] === 'play') {
  await page.click('#play');
  await page.waitForTimeout(4000);
}
await page.screenshot({ path: `${artifactsDir}/dev.png`, fullPage: true });
console.log(errors.join('\n'));
console.log(await page.textContent('#epoch'), await page.textContent('#test-loss').catch(() => 'n/a'));
await h.close();
