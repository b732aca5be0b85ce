import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { build, type PreviewServer, preview } from 'vite';

export const appRoot = fileURLToPath(new URL('..', import.meta.url));
export const artifactsDir = join(appRoot, 'artifacts');

export interface Harness {
  readonly url: string;
  /** Which browser runs the pages: its path and where it was found (see `findBrowser`). */
  readonly browser: FoundBrowser;
  /** Requests to anything but our own server: the page must make none. */
  readonly foreignRequests: string[];
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

export interface FoundBrowser {
  readonly executablePath: string;
  readonly source: 'CHROMIUM_PATH' | 'system' | '@sparticuz/chromium';
  /** Extra environment for the browser process (the bundled Chromium's own NSS libraries). */
  readonly env?: Readonly<Record<string, string>>;
}

/** The same flags for every browser found, so a test behaves alike whichever one runs it. */
const browserArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** System Chromium and Chrome, by file name on PATH (Linux) and by install location (macOS, Linux packages). */
const systemBrowserNames = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable', 'chrome'];
const systemBrowserPaths = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/snap/bin/chromium',
  '/opt/google/chrome/chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
];

const isFile = (path: string) => {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
};

/**
 * The browser the tests run in, with no download at run time: `CHROMIUM_PATH` if set (it must exist), else a system
 * Chromium or Chrome, else the Chromium inside the `@sparticuz/chromium` devDependency (Linux x64; unpacked once into
 * the temp folder). Throws an Error naming all three ways when none is there.
 */
export async function findBrowser(): Promise<FoundBrowser> {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv !== undefined && fromEnv !== '') {
    if (!isFile(fromEnv)) {
      throw new Error(`e2e: CHROMIUM_PATH is '${fromEnv}', which is not a file; point it at a Chromium or unset it`);
    }
    return { executablePath: fromEnv, source: 'CHROMIUM_PATH' };
  }
  const onPath = (process.env.PATH ?? '')
    .split(delimiter)
    .filter((dir) => dir !== '')
    .flatMap((dir) => systemBrowserNames.map((name) => join(dir, name)));
  const system = [...systemBrowserPaths, ...onPath].find(isFile);
  if (system !== undefined) return { executablePath: system, source: 'system' };
  if (process.platform === 'linux' && process.arch === 'x64') return unpackBundledChromium();
  throw new Error(
    `e2e: no browser found. Set CHROMIUM_PATH to a Chromium or Chrome, or install one (looked in ${systemBrowserPaths.join(', ')} ` +
      `and for ${systemBrowserNames.join(', ')} on PATH); the bundled @sparticuz/chromium runs on Linux x64 only, ` +
      `and this is ${process.platform} ${process.arch}`,
  );
}

/**
 * Unpacks `@sparticuz/chromium`'s binary (it writes `<tmpdir>/chromium` and reuses it once there) and the NSS
 * libraries it links against (`<tmpdir>/al2023/lib`, shipped for Amazon Linux; glibc is all else it needs), so it
 * starts on a machine that has no browser and none of a browser's libraries. Two test files start browsers at once,
 * and an interrupted unpack would leave a truncated binary that the package then reuses, so the unpack runs under a
 * lock and is trusted only once its marker names this version.
 */
async function unpackBundledChromium(): Promise<FoundBrowser> {
  const entry = createRequire(import.meta.url).resolve('@sparticuz/chromium');
  const packageDir = join(dirname(entry), '..');
  const version: string = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')).version;
  const { default: bundled, inflate } = await import('@sparticuz/chromium');
  return withLock(join(tmpdir(), 'actlab-chromium.lock'), async () => {
    const marker = join(tmpdir(), 'chromium.actlab-unpacked');
    const unpacked = existsSync(marker) && readFileSync(marker, 'utf8') === version;
    if (!unpacked) {
      rmSync(join(tmpdir(), 'chromium'), { force: true });
      rmSync(join(tmpdir(), 'al2023'), { recursive: true, force: true });
    }
    const executablePath = await bundled.executablePath();
    const libraries = join(await inflate(join(packageDir, 'bin', 'al2023.tar.br')), 'lib');
    writeFileSync(marker, version);
    const inherited = process.env.LD_LIBRARY_PATH;
    const env = { LD_LIBRARY_PATH: inherited ? `${libraries}${delimiter}${inherited}` : libraries };
    return { executablePath, source: '@sparticuz/chromium', env };
  });
}

/** Runs `task` holding a lock directory; waits for another holder, and breaks a lock older than two minutes. */
async function withLock<T>(lock: string, task: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + 180_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const age = Date.now() - (statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > 120_000) rmSync(lock, { recursive: true, force: true });
      else if (Date.now() > deadline) throw new Error(`e2e: waited 3 minutes for ${lock}; remove it if no test runs`);
      else await new Promise((done) => setTimeout(done, 250));
    }
  }
  try {
    return await task();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/**
 * Builds the app into a temporary folder, serves it with Vite's preview server on 127.0.0.1 (so vite.config.ts's
 * `preview` settings, headers included, apply), and starts a headless Chromium (`findBrowser`). Its temporary
 * folders are removed by `close()`, when start-up fails, and at process exit if neither ran.
 */
export async function startHarness(): Promise<Harness> {
  const outDir = mkdtempSync(join(tmpdir(), 'actlab-e2e-dist-'));
  const userDataDir = mkdtempSync(join(tmpdir(), 'actlab-e2e-profile-'));
  const removeFolders = () => {
    rmSync(outDir, { recursive: true, force: true });
    rmSync(userDataDir, { recursive: true, force: true });
  };
  process.once('exit', removeFolders);
  let server: PreviewServer | undefined;
  let context: BrowserContext | undefined;
  const stop = async () => {
    try {
      await context?.close();
      await server?.close();
    } finally {
      removeFolders();
      process.removeListener('exit', removeFolders);
    }
  };
  try {
    mkdirSync(artifactsDir, { recursive: true });
    const browser = await findBrowser();
    console.info(`e2e: ${browser.source} browser ${browser.executablePath}`);
    await build({ root: appRoot, logLevel: 'warn', build: { outDir, emptyOutDir: true, sourcemap: false } });
    server = await preview({
      root: appRoot,
      logLevel: 'warn',
      build: { outDir },
      preview: { host: '127.0.0.1', port: 0, strictPort: false, open: false },
    });
    const url = server.resolvedUrls?.local[0];
    if (url === undefined) throw new Error('e2e: the Vite preview server reported no local URL');
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: browser.executablePath,
      headless: true,
      args: browserArgs,
      ...(browser.env === undefined ? {} : { env: { ...process.env, ...browser.env } }),
      viewport: { width: 1360, height: 1000 },
    });
    const opened = context;
    const foreignRequests: string[] = [];
    return {
      url,
      browser,
      foreignRequests,
      async newPage() {
        const page = await opened.newPage();
        page.on('request', (request) => {
          const requested = request.url();
          if (!requested.startsWith(url) && !requested.startsWith('data:') && !requested.startsWith('blob:')) {
            foreignRequests.push(requested);
          }
        });
        return page;
      },
      close: stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
