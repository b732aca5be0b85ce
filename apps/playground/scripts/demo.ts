// `pnpm demo`: build the playground, serve the built files on 127.0.0.1, print the URL.
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { serveStatic } from './static-server';

const root = fileURLToPath(new URL('..', import.meta.url));
const port = process.env.PORT === undefined ? 0 : Number(process.env.PORT);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`demo: PORT must be an integer 0–65535, got '${process.env.PORT}'; unset it to pick a free port`);
  process.exit(1);
}

await build({ root, logLevel: 'warn' });
const server = await serveStatic(fileURLToPath(new URL('../dist', import.meta.url)), port);
console.log(`actlab playground: ${server.url}`);
console.log('Press Ctrl+C to stop.');
const stop = () => server.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
