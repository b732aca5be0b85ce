import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Page } from 'playwright-core';
import { build } from 'vite';
import { type StaticServer, serveStatic } from '../scripts/static-server';

export const appRoot = fileURLToPath(new URL('..', import.meta.url));
export const artifactsDir = join(appRoot, 'artifacts');

export interface Harness {
  readonly url: string;
  /** Requests to anything but our own server: the page must make none. */
  readonly foreignRequests: string[];
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

/** Builds the app into a temporary folder, serves it on 127.0.0.1, and starts Debian's headless Chromium. */
export async function startHarness(): Promise<Harness> {
  const outDir = mkdtempSync(join(tmpdir(), 'actlab-e2e-dist-'));
  const userDataDir = mkdtempSync(join(tmpdir(), 'actlab-e2e-profile-'));
  mkdirSync(artifactsDir, { recursive: true });
  await build({ root: appRoot, logLevel: 'warn', build: { outDir, emptyOutDir: true, sourcemap: false } });
  const server: StaticServer = await serveStatic(outDir);
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
    viewport: { width: 1360, height: 1000 },
  });
  const foreignRequests: string[] = [];
  return {
    url: server.url,
    foreignRequests,
    async newPage() {
      const page = await context.newPage();
      page.on('request', (request) => {
        const url = request.url();
        if (!url.startsWith(server.url) && !url.startsWith('data:') && !url.startsWith('blob:')) {
          foreignRequests.push(url);
        }
      });
      return page;
    },
    async close() {
      await context.close();
      await server.close();
      rmSync(outDir, { recursive: true, force: true });
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}
