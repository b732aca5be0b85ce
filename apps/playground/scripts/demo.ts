// `pnpm demo`: build the playground and serve the built files with Vite's preview server on 127.0.0.1 (so
// vite.config.ts's `preview` settings, headers included, apply), then print the URL.
import { fileURLToPath } from 'node:url';
import { build, preview } from 'vite';

const root = fileURLToPath(new URL('..', import.meta.url));
const port = process.env.PORT === undefined ? 0 : Number(process.env.PORT);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`demo: PORT must be an integer 0–65535, got '${process.env.PORT}'; unset it to pick a free port`);
  process.exit(1);
}

await build({ root, logLevel: 'warn' });
// A port given in PORT is required (strictPort); 0 lets the system pick a free one.
const server = await preview({
  root,
  logLevel: 'warn',
  preview: { host: '127.0.0.1', port, strictPort: port !== 0, open: false },
});
console.log(`actlab playground: ${server.resolvedUrls?.local[0] ?? '(no local URL)'}`);
console.log('Press Ctrl+C to stop.');
const stop = () => server.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
