/**
 * Measures the WebAssembly SIMD math (assembly/simd-math.ts) and every activation kernel (assembly/activations.ts)
 * against float64 references, over EVERY float32 input (all 2^32 bit patterns, the non-finite ones skipped), and
 * prints the table the kernels README quotes. Not part of the test run (it takes tens of minutes on one core).
 *
 *   npx tsx packages/kernels/accuracy/simd-math.ts                  # everything, exhaustively
 *   npx tsx packages/kernels/accuracy/simd-math.ts --stride 4099    # a quick look: every 4099th bit pattern
 *   npx tsx packages/kernels/accuracy/simd-math.ts --only exp,tanh  # some rows
 *   npx tsx packages/kernels/accuracy/simd-math.ts --group math     # the SIMD math rows only (or: activations)
 *
 * References: Math.exp/expm1/log/log1p/tanh (float64, within 1 float64 ulp), and the js activation kernels on
 * Float64Array (float64, a few float64 ulp): both are exact as far as a float32 result can tell. The error of a
 * float32 result y against the reference r is |y − r| in units of r's float32 ulp (2^(e − 23) for r in
 * [2^e, 2^(e+1))) and the relative error |y − r|/|r|, both over the results with |r| ≥ 2^−100 (≈ 7.9e−31: below,
 * a result built from a subnormal intermediate such as σ(−90) carries few significant bits, in float32 and in
 * PyTorch alike), and the mixed error |y − r|/max(1, |r|) over all results (the measure torch.testing's
 * atol + rtol·|r| tolerance is made of). A backward kernel is measured with dy = 1; where
 * the entry's backward reads its output, it reads the wasm forward's float32 output and so does the reference, so
 * the row is the backward kernel's own error (1 − y from a rounded y near 1 is the same in every float32
 * implementation). Near a zero of f' (gelu' at −0.75, swish' at −1.28, …) a backward's relative error is
 * meaningless: read its absolute error.
 */
import { fileURLToPath } from 'node:url';
import { type ActivationName, activationNames, activations, resolveActivationParams } from '../src/activations';
import { erfc } from '../src/activations/erf';
import { compileAssembly } from './compile-assembly';

const CHUNK = 1 << 20;

interface Row {
  name: string;
  group: 'math' | 'activations';
  /** float64 reference of each element (NaN where the input is outside the function's domain: skipped). */
  reference: (x: Float64Array, out: Float64Array) => void;
  /** Runs the wasm function: x32 at address X, writing at address Y (and reading Y as y for output backwards). */
  run: (n: number) => void;
}

function parseArgs(argv: string[]): { stride: number; only: Set<string> | null; group: string | null } {
  let stride = 1;
  let only: Set<string> | null = null;
  let group: string | null = null;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--stride') stride = Number(argv[++i]);
    else if (argv[i] === '--only') only = new Set(argv[++i]!.split(','));
    else if (argv[i] === '--group') group = argv[++i]!;
    else
      throw new Error(`simd-math: unknown argument ${argv[i]}; use --stride N, --only a,b or --group math|activations`);
  }
  if (group !== null && group !== 'math' && group !== 'activations') {
    throw new Error(`simd-math: --group is 'math' or 'activations', got ${group}`);
  }
  if (!Number.isInteger(stride) || stride < 1) throw new Error('simd-math: --stride must be an integer >= 1');
  return { stride, only, group };
}

const f64 = new Float64Array(1);
const f64Bits = new Uint32Array(f64.buffer);

/** The float32 ulp of the binade of r (a float64). */
function ulpOf(r: number): number {
  f64[0] = r;
  const e = ((f64Bits[1]! >>> 20) & 0x7ff) - 1023;
  return 2 ** (Math.max(e, -126) - 23);
}

/** Results smaller than this carry too few significant bits for a relative error to mean anything. */
const RELATIVE_FLOOR = 2 ** -100;

interface Result {
  count: number;
  maxUlp: number;
  atUlp: number;
  maxRel: number;
  atRel: number;
  maxAbs: number;
  atAbs: number;
  mismatches: number;
  firstMismatch: string;
  /** Results that were the float32 rounding of the reference but not equal to it (error ≤ 0.5 ulp). */
  roundedOnly: number;
}

async function main(): Promise<void> {
  const { stride, only, group } = parseArgs(process.argv.slice(2));
  const entry = fileURLToPath(new URL('./simd-math-entry.ts', import.meta.url));
  const { instance } = await WebAssembly.instantiate(await compileAssembly(entry), {});
  const ex = instance.exports as Record<string, unknown>;
  const memory = ex.memory as WebAssembly.Memory;
  const X = 1 << 16;
  const Y = X + 4 * CHUNK;
  const D = Y + 4 * CHUNK;
  const DX = D + 4 * CHUNK;
  const needed = DX + 4 * CHUNK;
  memory.grow(Math.ceil((needed - memory.buffer.byteLength) / 65536) + 1);
  const heap = memory.buffer;
  const x32 = new Float32Array(heap, X, CHUNK);
  const bits = new Uint32Array(heap, X, CHUNK);
  const y32 = new Float32Array(heap, Y, CHUNK);
  new Float32Array(heap, D, CHUNK).fill(1); // dy = 1 for every backward
  const dx32 = new Float32Array(heap, DX, CHUNK);
  const call = (name: string, ...args: number[]) => (ex[name] as (...a: number[]) => void)(...args);

  const map = (reference: (v: number) => number, domain: (v: number) => boolean = () => true) => {
    return (x: Float64Array, out: Float64Array) => {
      for (let i = 0; i < x.length; i++) {
        const v = x[i]!;
        out[i] = domain(v) ? reference(v) : Number.NaN;
      }
    };
  };
  const rows: Row[] = [
    { name: 'exp', group: 'math', reference: map(Math.exp), run: (n) => call('mapExp', X, Y, n) },
    {
      name: 'expm1 (x ≤ 0)',
      group: 'math',
      reference: map(Math.expm1, (v) => v <= 0),
      run: (n) => call('mapExpm1NonPositive', X, Y, n),
    },
    { name: 'log', group: 'math', reference: map(Math.log), run: (n) => call('mapLog', X, Y, n) },
    {
      name: 'log1p (0 ≤ u ≤ 1)',
      group: 'math',
      reference: map(Math.log1p, (v) => v >= 0 && v <= 1),
      run: (n) => call('mapLog1pUnit', X, Y, n),
    },
    { name: 'tanh', group: 'math', reference: map(Math.tanh), run: (n) => call('mapTanh', X, Y, n) },
    {
      name: 'sigmoid',
      group: 'math',
      reference: map((v) => (v >= 0 ? 1 / (1 + Math.exp(-v)) : Math.exp(v) / (1 + Math.exp(v)))),
      run: (n) => call('mapSigmoid', X, Y, n),
    },
    {
      name: 'Φ (normal CDF)',
      group: 'math',
      reference: map((v) => 0.5 * erfc(-v * Math.SQRT1_2)),
      run: (n) => call('mapNormalCdf', X, Y, n),
    },
    {
      name: 'e^(−x²/2)',
      group: 'math',
      reference: map((v) => Math.exp(-0.5 * v * v)),
      run: (n) => call('mapNormalDensity', X, Y, n),
    },
  ];

  const wasmName = (name: ActivationName, approximateTanh: boolean) =>
    name === 'gelu' && approximateTanh ? 'geluTanh' : name;
  for (const name of activationNames) {
    for (const approximateTanh of name === 'gelu' ? [false, true] : [false]) {
      const p = resolveActivationParams(name, approximateTanh ? { approximate: 'tanh' } : undefined);
      const entry = activations[name] as (typeof activations)[ActivationName];
      const label = approximateTanh ? 'gelu (tanh)' : name;
      const args = Object.values(p).filter((v): v is number => typeof v === 'number');
      const base = wasmName(name, approximateTanh);
      rows.push({
        name: `${label} forward`,
        group: 'activations',
        reference: (x, out) => entry.forward(x, out, p as never),
        run: (n) => call(`${base}_f32`, X, Y, n, ...args),
      });
      const ones = new Float64Array(CHUNK).fill(1);
      const y64 = new Float64Array(CHUNK);
      rows.push({
        name: `${label} backward`,
        group: 'activations',
        // run() has left the wasm forward's output in y64 (as float64) for an output-based entry.
        reference: (x, out) => {
          const n = x.length;
          if (entry.backwardUses === 'input') entry.forward(x, y64.subarray(0, n), p as never);
          entry.backward(x, y64.subarray(0, n), ones.subarray(0, n), out, p as never);
        },
        run: (n) => {
          call(`${base}_f32`, X, Y, n, ...args);
          y64.set(y32.subarray(0, n));
          call(`${base}Backward_f32`, entry.backwardUses === 'output' ? Y : X, D, DX, n, ...args);
          y32.set(dx32.subarray(0, n));
        },
      });
    }
  }

  const x64 = new Float64Array(CHUNK);
  const ref = new Float64Array(CHUNK);
  const lines: string[] = [];
  for (const row of rows) {
    if (only !== null && !only.has(row.name) && !only.has(row.name.split(' ')[0]!)) continue;
    if (group !== null && row.group !== group) continue;
    const started = performance.now();
    const r: Result = {
      count: 0,
      maxUlp: 0,
      atUlp: 0,
      maxRel: 0,
      atRel: 0,
      maxAbs: 0,
      atAbs: 0,
      mismatches: 0,
      firstMismatch: '',
      roundedOnly: 0,
    };
    // Bit patterns k·stride; each chunk holds CHUNK of them (the last one fewer).
    const total = Math.ceil(2 ** 32 / stride);
    for (let start = 0; start < total; start += CHUNK) {
      const n = Math.min(CHUNK, total - start);
      const padded = (n + 15) & ~15;
      for (let i = 0; i < padded; i++) bits[i] = ((start + Math.min(i, n - 1)) * stride) >>> 0;
      x64.set(x32.subarray(0, padded));
      row.run(padded);
      row.reference(x64.subarray(0, padded), ref.subarray(0, padded));
      let { count, maxUlp, maxRel, maxAbs } = r;
      for (let i = 0; i < n; i++) {
        const v = x64[i]!;
        const expected = ref[i]!;
        // Not finite, or outside the domain (a NaN reference for a finite input means "not measured here").
        if (!Number.isFinite(v) || (Number.isNaN(expected) && !Number.isNaN(v))) continue;
        const got = y32[i]!;
        count++;
        // The common case, and the fast path: the correctly rounded result (error ≤ 0.5 ulp, counted below).
        if (got === Math.fround(expected)) {
          if (got !== expected) r.roundedOnly++;
          continue;
        }
        if (!Number.isFinite(expected) || !Number.isFinite(got)) {
          if (Object.is(got, expected)) continue;
          r.mismatches++;
          if (r.firstMismatch === '') r.firstMismatch = `x=${v} expected ${expected} got ${got}`;
          continue;
        }
        const error = Math.abs(got - expected);
        const magnitude = Math.abs(expected);
        const mixed = error / Math.max(1, magnitude);
        if (mixed > maxAbs) {
          maxAbs = mixed;
          r.atAbs = v;
        }
        if (magnitude >= RELATIVE_FLOOR) {
          const rel = error / magnitude;
          // ulps ≤ rel·2^24: only a candidate maximum needs the exact binade.
          if (rel * 2 ** 24 > maxUlp) {
            const ulps = error / ulpOf(expected);
            if (ulps > maxUlp) {
              maxUlp = ulps;
              r.atUlp = v;
            }
          }
          if (rel > maxRel) {
            maxRel = rel;
            r.atRel = v;
          }
        }
      }
      Object.assign(r, { count, maxUlp, maxRel, maxAbs });
    }
    const seconds = ((performance.now() - started) / 1000).toFixed(0);
    const line =
      `| ${row.name} | ${r.count} | ${r.maxUlp < 0.5 && r.roundedOnly > 0 ? '≤ 0.5' : r.maxUlp.toFixed(2)} | ${r.maxRel.toExponential(2)} (x = ${Math.fround(r.atRel)}) ` +
      `| ${r.maxAbs.toExponential(2)} (x = ${Math.fround(r.atAbs)}) | ${r.mismatches}${r.firstMismatch ? `: ${r.firstMismatch}` : ''} |`;
    lines.push(line);
    console.log(`${line} ${seconds} s`);
  }
  console.log(`\nInputs: every ${stride === 1 ? '' : `${stride}th `}float32 bit pattern, non-finite ones skipped.`);
  console.log(
    '| function | inputs | max error, float32 ulp | max relative error | max mixed error | non-finite mismatches |',
  );
  console.log('|---|---:|---:|---|---|---|');
  for (const line of lines) console.log(line);
}

await main();
