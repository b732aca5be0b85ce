import { Random } from '@actlab/kernels';
import { datasetNames } from '../data/datasets';
import { featureNames } from '../data/features';
import { activationNames } from '../train/activation-catalog';
import { type HiddenLayerSpec, initNames, layerKinds, optimizerNames } from '../train/network-spec';
import { experiments } from '../ui/experiments';
import {
  defaultState,
  formatField,
  limits,
  MAX_LAYERS,
  type PlaygroundState,
  parseState,
  type Stepped,
  serializeState,
  speeds,
  stateKeys,
} from './url-state';

/**
 * The URL parser's fuzzer, shared by the test suite (a few thousand seeded cases) and `url-fuzz-script.ts` (any
 * number on demand). A case is a valid hash — a random state, a guide preset or the default — put through random
 * mutations a careless hand or an attacker would make; `checkHash` lists every broken promise of `parseState`.
 */

const pick = <T>(rng: Random, items: readonly T[]): T => items[rng.integer(0, items.length)];

function stepped(rng: Random, { min, max, step }: Stepped): number {
  return min + step * rng.integer(0, Math.floor((max - min) / step) + 1);
}

function distinct<T>(rng: Random, items: readonly T[], min: number, max: number): T[] {
  const order = rng.permutation(items.length);
  const n = rng.integer(min, Math.min(max, items.length) + 1);
  return Array.from(order.subarray(0, n), (i) => items[i]);
}

function randomLayer(rng: Random): HiddenLayerSpec {
  const units = rng.integer(1, limits.units.max + 1);
  const kind = rng.integer(0, 3);
  if (kind === 0) return { kind: 'maxout', units, poolSize: rng.integer(2, limits.pool.max + 1) };
  if (kind === 1) return { kind: 'rbf', units, gamma: pick(rng, [0.05, 0.5, 5, 0.123, 99.5]) };
  return { kind: 'activation', units, activation: pick(rng, activationNames) };
}

/** A random valid state: every field drawn from what its control offers. */
export function randomState(rng: Random): PlaygroundState {
  return {
    dataset: pick(rng, datasetNames),
    noise: stepped(rng, limits.noise),
    trainPercent: stepped(rng, limits.trainPercent),
    points: stepped(rng, limits.points),
    seed: rng.integer(0, limits.seed.max + 1),
    features: distinct(rng, featureNames, 1, featureNames.length),
    layers: Array.from({ length: rng.integer(0, MAX_LAYERS + 1) }, () => randomLayer(rng)),
    init: pick(rng, initNames),
    optimizer: pick(rng, optimizerNames),
    learningRate: pick(rng, [1e-6, 0.00001, 0.003, 0.03, 0.1, 1, 10, 0.0123]),
    batchSize: rng.integer(limits.batchSize.min, limits.batchSize.max + 1),
    l1: pick(rng, [0, 0.001, 0.3, 1]),
    l2: pick(rng, [0, 0.0001, 0.03, 1]),
    mode: pick(rng, ['single', 'compare'] as const),
    compare: distinct(rng, layerKinds, limits.compare.min, limits.compare.max),
    speed: pick(rng, speeds),
    showTest: rng.uniform() < 0.5,
    discretize: rng.uniform() < 0.5,
  };
}

/** Characters a mutation inserts: the hash's own syntax, number syntax, escapes, and text that is not ASCII. */
const alphabet = [
  ...'&=,:.%-+eE#0123456789 xX',
  '%2',
  '%ZZ',
  '%E0%A4%A',
  '%26',
  '%3D',
  '\u0000',
  '\ud800',
  'é',
  '日本',
  '\u{1F600}',
  'NaN',
  'Infinity',
  '1e999',
  '-0',
  'max',
  'tanh',
  'maxout',
  'rbf',
];

/** %XX for every ASCII character (encodeURIComponent throws on the lone surrogates this fuzzer inserts). */
function percentEncode(text: string): string {
  let out = '';
  for (const c of text) out += c.charCodeAt(0) < 128 ? `%${c.charCodeAt(0).toString(16).padStart(2, '0')}` : c;
  return out;
}

function mutate(rng: Random, hash: string): string {
  const at = rng.integer(0, hash.length + 1);
  const end = Math.min(hash.length, at + rng.integer(0, 12));
  const parts = hash.split('&');
  switch (rng.integer(0, 10)) {
    case 0: // insert a token
      return hash.slice(0, at) + pick(rng, alphabet) + hash.slice(at);
    case 1: // delete a span
      return hash.slice(0, at) + hash.slice(end);
    case 2: // replace a span with a token
      return hash.slice(0, at) + pick(rng, alphabet) + hash.slice(end);
    case 3: // repeat a part (a key given twice)
      return `${hash}&${pick(rng, parts)}`;
    case 4: // a known key with a random or absurd value
      return `${hash}&${pick(rng, stateKeys)}=${pick(rng, alphabet).repeat(rng.integer(1, 4))}`;
    case 5: {
      // a huge value: what made the old number pattern backtrack for seconds
      const key = pick(rng, stateKeys);
      return `${key}=${'1'.repeat(rng.integer(10, 60_000))}${pick(rng, ['x', '', 'e', '.'])}&${hash}`;
    }
    case 6: // percent-encode a span
      return hash.slice(0, at) + percentEncode(hash.slice(at, end)) + hash.slice(end);
    case 7: // shuffle the parts
      return Array.from(rng.permutation(parts.length), (i) => parts[i]).join('&');
    case 8: // truncate
      return hash.slice(0, at);
    default: // swap one value for another field's
      return parts
        .map((p, i) => (i === at % parts.length ? `${p.split('=')[0]}=${pick(rng, parts).split('=')[1] ?? ''}` : p))
        .join('&');
  }
}

/** One fuzz case: a valid hash with 0–4 mutations, sometimes with a leading '#'. */
export function fuzzHash(rng: Random): string {
  const source = rng.integer(0, 4);
  let hash =
    source === 0
      ? pick(rng, experiments).hash
      : source === 1
        ? serializeState(defaultState)
        : serializeState(randomState(rng));
  const mutations = rng.integer(0, 5);
  for (let m = 0; m < mutations; m++) hash = mutate(rng, hash);
  return rng.uniform() < 0.3 ? `#${hash}` : hash;
}

/** What a state must satisfy for the page to render it: every field within its control's range. */
export function stateViolations(state: PlaygroundState): string[] {
  const out: string[] = [];
  const fail = (what: string) => out.push(what);
  const onGrid = (v: number, { min, max, step }: Stepped) => v >= min && v <= max && Number.isInteger((v - min) / step);
  const within = (v: number, { min, max }: { min: number; max: number }) => v >= min && v <= max;
  if (!datasetNames.includes(state.dataset)) fail('dataset');
  if (!onGrid(state.noise, limits.noise)) fail('noise');
  if (!onGrid(state.trainPercent, limits.trainPercent)) fail('train');
  if (!onGrid(state.points, limits.points)) fail('points');
  if (!Number.isInteger(state.seed) || !within(state.seed, limits.seed)) fail('seed');
  if (
    state.features.length === 0 ||
    new Set(state.features).size !== state.features.length ||
    state.features.some((f) => !featureNames.includes(f))
  ) {
    fail('features');
  }
  if (state.layers.length > MAX_LAYERS) fail('layers: too many');
  for (const layer of state.layers) {
    if (!Number.isInteger(layer.units) || !within(layer.units, limits.units)) fail('layers: units');
    if (layer.kind === 'activation' && !activationNames.includes(layer.activation)) fail('layers: activation');
    if (layer.kind === 'maxout' && !(Number.isInteger(layer.poolSize) && within(layer.poolSize, limits.pool))) {
      fail('layers: pool');
    }
    if (layer.kind === 'rbf' && !within(layer.gamma, limits.gamma)) fail('layers: gamma');
  }
  if (!initNames.includes(state.init)) fail('init');
  if (!optimizerNames.includes(state.optimizer)) fail('optimizer');
  if (!within(state.learningRate, limits.learningRate)) fail('lr');
  if (!Number.isInteger(state.batchSize) || !within(state.batchSize, limits.batchSize)) fail('batch');
  if (!within(state.l1, limits.regularization)) fail('l1');
  if (!within(state.l2, limits.regularization)) fail('l2');
  if (state.mode !== 'single' && state.mode !== 'compare') fail('mode');
  if (
    !within(state.compare.length, limits.compare) ||
    new Set(state.compare).size !== state.compare.length ||
    state.compare.some((c) => !layerKinds.includes(c))
  ) {
    fail('compare');
  }
  if (!speeds.includes(state.speed)) fail('speed');
  if (typeof state.showTest !== 'boolean') fail('showtest');
  if (typeof state.discretize !== 'boolean') fail('discretize');
  return out;
}

/** Both texts with each number written canonically are equal (short texts only: the pattern is not linear). */
function sameNumbers(a: string, b: string): boolean {
  if (a.length > 300) return false;
  const canonical = (t: string) => t.replace(/-?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?/gi, (m) => String(Number(m)));
  return canonical(a) === canonical(b);
}

function decodeOrNull(text: string): string | null {
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}

/**
 * Every promise `parseState` breaks on `hash`: it throws; the state is not renderable; the state does not
 * round-trip; a field whose value the page does not use as written has no notice naming the key and the value
 * used; a valid hash gets a notice.
 */
export function checkHash(hash: string): string[] {
  let parsed: ReturnType<typeof parseState>;
  try {
    parsed = parseState(hash);
  } catch (error) {
    return [`threw ${error instanceof Error ? error.message : String(error)}`];
  }
  const { state, problems } = parsed;
  const out = stateViolations(state).map((v) => `invalid state: ${v}`);
  const again = parseState(serializeState(state));
  if (again.problems.length > 0 || JSON.stringify(again.state) !== JSON.stringify(state)) {
    out.push('the parsed state does not round-trip');
  }
  if (problems.some((p) => p.length > 400)) out.push('a notice line is longer than 400 characters');
  const text = hash.startsWith('#') ? hash.slice(1) : hash;
  const readAny = problems.every((p) => !p.startsWith("the link's settings are"));
  if (!readAny) return out;
  const seen = new Set<string>();
  for (const part of text.split('&').slice(0, 40)) {
    const eq = part.indexOf('=');
    const key = decodeOrNull(eq < 0 ? part : part.slice(0, eq));
    if (key === null || !stateKeys.includes(key) || seen.has(key)) continue;
    seen.add(key);
    const written = decodeOrNull(eq < 0 ? '' : part.slice(eq + 1));
    const used = formatField(key, state);
    // The same value written another way (0.030 for 0.03, 3:rbf:04.5 for 3:rbf:4.5) is used as written.
    if (written === used || (written !== null && sameNumbers(written, used))) continue;
    const named = problems.some((p) => p.includes(key) && p.includes(`using ${used}`));
    if (!named) out.push(`${key}: written '${written?.slice(0, 40)}', used '${used}', and no notice says so`);
  }
  if (problems.length > 0 && parseState(serializeState(state)).problems.length > 0) {
    out.push('the canonical form of the result raises a notice');
  }
  return out;
}

export interface FuzzReport {
  readonly cases: number;
  /** Cases that raised at least one notice. */
  readonly withNotice: number;
  /** Cases with at least one violation. */
  readonly failed: number;
  /** The first 20 of them. */
  readonly failures: { readonly hash: string; readonly violations: string[] }[];
  readonly longestHash: number;
}

/** Runs `cases` seeded cases; `onCase` sees each (the script times them). */
export function runFuzz(seed: number, cases: number, onCase?: (hash: string, index: number) => void): FuzzReport {
  const rng = new Random(seed);
  const failures: { hash: string; violations: string[] }[] = [];
  let withNotice = 0;
  let failed = 0;
  let longestHash = 0;
  for (let i = 0; i < cases; i++) {
    const hash = fuzzHash(rng);
    longestHash = Math.max(longestHash, hash.length);
    onCase?.(hash, i);
    const violations = checkHash(hash);
    if (parseState(hash).problems.length > 0) withNotice++;
    if (violations.length === 0) continue;
    failed++;
    if (failures.length < 20) failures.push({ hash: hash.slice(0, 300), violations });
  }
  return { cases, withNotice, failed, failures, longestHash };
}
