// The one tsup config of the three packages: ESM only, one output file per source module (code splitting), so a
// bundler drops every module a consumer does not import (`sideEffects: false` lets it); `keepNames` so a console
// shows `Tensor`, not esbuild's `_Tensor`. Types are bundled from src/index.ts into one dist/index.d.ts.
import { build } from 'esbuild';
import { defineConfig, type Options } from 'tsup';

/** The source files src/index.ts reaches (never tests or test helpers): each becomes an entry point. */
export async function reachableSources(index = 'src/index.ts'): Promise<string[]> {
  const { metafile } = await build({
    entryPoints: [index],
    bundle: true,
    write: false,
    metafile: true,
    packages: 'external',
    platform: 'node',
    format: 'esm',
    logLevel: 'silent',
  });
  return Object.keys(metafile.inputs).filter((file) => file.startsWith('src/') && /\.[cm]?ts$/.test(file));
}

/**
 * keepNames follows every function declaration with a `__name(fn, "fn")` statement. esbuild marks the `__name` calls
 * it writes inside expressions pure, but not these statements, so to a consumer's bundler each is a side effect that
 * keeps its whole module alive: importing `encodeSafetensors` pulled in the decoder too (6.4 KB minified instead of
 * 1.8 KB). Marked pure, a bundler drops them with what it drops; unbundled (Node), they run as before. Classes keep
 * their names through a `static { __name(this, …) }` block, which this leaves alone.
 */
const pureNameStatements: NonNullable<Options['plugins']>[number] = {
  name: 'pure-name-statements',
  renderChunk: (code) => ({ code: code.replace(/^(\s*)__name\(/gm, '$1/* @__PURE__ */ __name(') }),
};

export const packageConfig = (overrides: Options = {}) =>
  defineConfig(async () => ({
    entry: await reachableSources(),
    format: ['esm'],
    splitting: true,
    keepNames: true,
    dts: { entry: 'src/index.ts' },
    clean: true,
    sourcemap: true,
    target: 'es2022',
    plugins: [pureNameStatements],
    ...overrides,
  }));
