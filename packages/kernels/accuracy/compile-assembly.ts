/**
 * Compiles an AssemblyScript entry of `assembly/` to WebAssembly in memory, with the options the package build
 * uses for its kernels (SIMD128, -O3, no runtime). For the accuracy script and, until the package's build and
 * loader land, the wasm kernels' tests.
 */
import asc from 'assemblyscript/asc';

export async function compileAssembly(entry: string): Promise<Uint8Array> {
  let binary: Uint8Array | null = null;
  const stderr: string[] = [];
  const { error } = await asc.main(
    [entry, '--outFile', 'out.wasm', '-O3', '--runtime', 'stub', '--noAssert', '--enable', 'simd'],
    {
      writeFile(name: string, contents: Uint8Array | string) {
        if (name.endsWith('.wasm') && typeof contents !== 'string') binary = contents;
      },
      stderr: {
        write(chunk: Uint8Array | string) {
          stderr.push(typeof chunk === 'string' ? chunk : new TextDecoder().decode(chunk));
          return true;
        },
      } as never,
    },
  );
  if (error !== null || binary === null) {
    throw new Error(
      `AssemblyScript compilation of ${entry} failed: ${error?.message ?? 'no output'}\n${stderr.join('')}`,
    );
  }
  return binary;
}
