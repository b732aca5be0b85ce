// `node --import ./src/arena/node-register.mjs src/arena/cli.ts`: plain Node runs the arena's TypeScript (tsx's
// loader) with @actlab/* taken from the workspace sources (source-hooks.mjs). Worker threads import it too
// (worker-entry.mjs), so every thread runs the same code, whether the parent is the CLI or vitest.
import { register } from 'node:module';
import { register as registerTsx } from 'tsx/esm/api';

registerTsx();
register('./source-hooks.mjs', import.meta.url);
