// Module resolution hooks (node:module `register`) that map the workspace packages to their TypeScript sources, as
// the playground's Vite and vitest configs do, so the arena runs from source in the main thread and in every worker.
const sources = new Map(
  ['kernels', 'autograd', 'layers'].map((name) => [
    `@actlab/${name}`,
    new URL(`../../../../packages/${name}/src/index.ts`, import.meta.url).href,
  ]),
);

export async function resolve(specifier, context, nextResolve) {
  const source = sources.get(specifier);
  return nextResolve(source ?? specifier, context);
}
