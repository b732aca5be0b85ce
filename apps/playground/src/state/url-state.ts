import { type DatasetName, datasetNames } from '../data/datasets';
import { type FeatureName, featureNames } from '../data/features';
import { activationNames } from '../train/activation-catalog';
import {
  type HiddenLayerSpec,
  type LayerKind,
  layerKinds,
  type OptimizerName,
  optimizerNames,
} from '../train/network-spec';

export const MAX_LAYERS = 6;
export const MAX_UNITS = 16;
export const MAX_POOL = 4;

/** What compare mode can put in every hidden layer: a table activation, or the Maxout / RBF layer kinds. */
export type CompareEntry = LayerKind;
export type Mode = 'single' | 'compare';

/** Everything the page shows, as it lives in the URL's hash. */
export interface PlaygroundState {
  readonly dataset: DatasetName;
  /** Percent, 0–50. */
  readonly noise: number;
  /** Percent of points used for training, 10–90. */
  readonly trainPercent: number;
  readonly points: number;
  readonly seed: number;
  readonly features: readonly FeatureName[];
  readonly layers: readonly HiddenLayerSpec[];
  readonly optimizer: OptimizerName;
  readonly learningRate: number;
  readonly batchSize: number;
  readonly l1: number;
  readonly l2: number;
  readonly mode: Mode;
  readonly compare: readonly CompareEntry[];
}

export const defaultState: PlaygroundState = {
  dataset: 'circle',
  noise: 0,
  trainPercent: 50,
  points: 400,
  seed: 1,
  features: ['x1', 'x2'],
  layers: [
    { kind: 'activation', units: 4, activation: 'tanh' },
    { kind: 'activation', units: 2, activation: 'tanh' },
  ],
  optimizer: 'adam',
  learningRate: 0.03,
  batchSize: 16,
  l1: 0,
  l2: 0,
  mode: 'single',
  compare: ['sigmoid', 'tanh', 'relu', 'leakyRelu'],
};

export const limits = {
  noise: { min: 0, max: 50 },
  trainPercent: { min: 10, max: 90 },
  points: { min: 20, max: 1000 },
  seed: { min: 0, max: 2 ** 31 - 1 },
  batchSize: { min: 1, max: 500 },
  learningRate: { min: 1e-6, max: 10 },
  regularization: { min: 0, max: 1 },
  gamma: { min: 1e-3, max: 100 },
  units: { min: 1, max: MAX_UNITS },
  pool: { min: 2, max: MAX_POOL },
  compare: { min: 2, max: 6 },
} as const;

const compareEntries: readonly CompareEntry[] = layerKinds;

export interface ParsedState {
  readonly state: PlaygroundState;
  /** One line per part of the URL that was invalid and replaced by its default; empty when all was valid. */
  readonly problems: string[];
}

function layerCode(layer: HiddenLayerSpec): string {
  if (layer.kind === 'maxout') return `${layer.units}:maxout:${layer.poolSize}`;
  if (layer.kind === 'rbf') return `${layer.units}:rbf:${layer.gamma}`;
  return `${layer.units}:${layer.activation}`;
}

/** The hash (without '#') for a state; `parseState(serializeState(s))` gives back `s`. */
export function serializeState(state: PlaygroundState): string {
  const pairs: [string, string][] = [
    ['dataset', state.dataset],
    ['noise', String(state.noise)],
    ['train', String(state.trainPercent)],
    ['points', String(state.points)],
    ['seed', String(state.seed)],
    ['features', state.features.join(',')],
    ['layers', state.layers.map(layerCode).join(',')],
    ['optimizer', state.optimizer],
    ['lr', String(state.learningRate)],
    ['batch', String(state.batchSize)],
    ['l1', String(state.l1)],
    ['l2', String(state.l2)],
    ['mode', state.mode],
    ['compare', state.compare.join(',')],
  ];
  // Only characters that would break the key=value&… structure are escaped, so the URL stays readable.
  return pairs.map(([k, v]) => `${k}=${v.replace(/[%&#=+\s]/g, encodeURIComponent)}`).join('&');
}

const numberPattern = /^-?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i;

function parseNumber(text: string): number | null {
  if (!numberPattern.test(text)) return null;
  const value = Number(text);
  return Number.isFinite(value) ? value : null;
}

function parseInteger(text: string, min: number, max: number): number | null {
  const value = parseNumber(text);
  return value !== null && Number.isInteger(value) && value >= min && value <= max ? value : null;
}

function parseReal(text: string, min: number, max: number): number | null {
  const value = parseNumber(text);
  return value !== null && value >= min && value <= max ? value : null;
}

function oneOf<T extends string>(text: string, options: readonly T[]): T | null {
  return (options as readonly string[]).includes(text) ? (text as T) : null;
}

function parseLayer(code: string): HiddenLayerSpec | null {
  const parts = code.split(':');
  const units = parseInteger(parts[0] ?? '', limits.units.min, limits.units.max);
  if (units === null) return null;
  if (parts[1] === 'maxout' && parts.length === 3) {
    const poolSize = parseInteger(parts[2], limits.pool.min, limits.pool.max);
    return poolSize === null ? null : { kind: 'maxout', units, poolSize };
  }
  if (parts[1] === 'rbf' && parts.length === 3) {
    const gamma = parseReal(parts[2], limits.gamma.min, limits.gamma.max);
    return gamma === null ? null : { kind: 'rbf', units, gamma };
  }
  const activation = parts.length === 2 ? oneOf(parts[1], activationNames) : null;
  return activation === null ? null : { kind: 'activation', units, activation };
}

function parseLayers(text: string): HiddenLayerSpec[] | null {
  if (text === '') return [];
  const codes = text.split(',');
  if (codes.length > MAX_LAYERS) return null;
  const layers: HiddenLayerSpec[] = [];
  for (const code of codes) {
    const layer = parseLayer(code);
    if (layer === null) return null;
    layers.push(layer);
  }
  return layers;
}

function parseList<T extends string>(text: string, options: readonly T[], min: number, max: number): T[] | null {
  const items = text.split(',');
  if (items.length < min || items.length > max) return null;
  const out: T[] = [];
  for (const item of items) {
    const value = oneOf(item, options);
    if (value === null || out.includes(value)) return null;
    out.push(value);
  }
  return out;
}

type MutableState = { -readonly [K in keyof PlaygroundState]: PlaygroundState[K] };

interface Field {
  readonly key: string;
  readonly hint: string;
  /** Parses `text` into `state`; false when `text` is invalid. */
  apply(state: MutableState, text: string): boolean;
}

function field<K extends keyof PlaygroundState>(
  key: string,
  name: K,
  parse: (text: string) => PlaygroundState[K] | null,
  hint: string,
): Field {
  return {
    key,
    hint,
    apply(state, text) {
      const value = parse(text);
      if (value === null) return false;
      state[name] = value;
      return true;
    },
  };
}

const fields: readonly Field[] = [
  field('dataset', 'dataset', (t) => oneOf(t, datasetNames), datasetNames.join(' | ')),
  field('noise', 'noise', (t) => parseInteger(t, 0, 50), 'an integer 0–50'),
  field('train', 'trainPercent', (t) => parseInteger(t, 10, 90), 'an integer 10–90'),
  field(
    'points',
    'points',
    (t) => parseInteger(t, limits.points.min, limits.points.max),
    `an integer ${limits.points.min}–${limits.points.max}`,
  ),
  field('seed', 'seed', (t) => parseInteger(t, 0, limits.seed.max), 'an integer ≥ 0'),
  field(
    'features',
    'features',
    (t) => parseList(t, featureNames, 1, featureNames.length),
    `a comma list of ${featureNames.join(', ')}`,
  ),
  field(
    'layers',
    'layers',
    parseLayers,
    `up to ${MAX_LAYERS} comma-separated layers like 4:tanh, 3:maxout:2, 5:rbf:0.5 (1–${MAX_UNITS} units)`,
  ),
  field('optimizer', 'optimizer', (t) => oneOf(t, optimizerNames), optimizerNames.join(' | ')),
  field(
    'lr',
    'learningRate',
    (t) => parseReal(t, limits.learningRate.min, limits.learningRate.max),
    'a number in [1e-6, 10]',
  ),
  field(
    'batch',
    'batchSize',
    (t) => parseInteger(t, limits.batchSize.min, limits.batchSize.max),
    `an integer ${limits.batchSize.min}–${limits.batchSize.max}`,
  ),
  field('l1', 'l1', (t) => parseReal(t, 0, 1), 'a number in [0, 1]'),
  field('l2', 'l2', (t) => parseReal(t, 0, 1), 'a number in [0, 1]'),
  field('mode', 'mode', (t) => oneOf(t, ['single', 'compare'] as const), 'single | compare'),
  field(
    'compare',
    'compare',
    (t) => parseList(t, compareEntries, limits.compare.min, limits.compare.max),
    `${limits.compare.min}–${limits.compare.max} distinct activations, e.g. sigmoid,tanh,relu`,
  ),
];

function shorten(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

/**
 * Reads a URL hash (with or without '#'). Never throws: every missing key takes its default silently, and every
 * invalid or unknown part is replaced by its default and reported in `problems`.
 */
export function parseState(hash: string): ParsedState {
  const text = hash.startsWith('#') ? hash.slice(1) : hash;
  const problems: string[] = [];
  const state: MutableState = { ...defaultState };
  if (text.trim() === '') return { state: defaultState, problems };
  const seen = new Set<string>();
  for (const part of text.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    let key: string;
    let value: string;
    try {
      key = decodeURIComponent(eq < 0 ? part : part.slice(0, eq));
      value = eq < 0 ? '' : decodeURIComponent(part.slice(eq + 1));
    } catch {
      problems.push(`'${shorten(part)}' is not valid URL encoding; ignored`);
      continue;
    }
    const field = fields.find((f) => f.key === key);
    if (field === undefined) {
      problems.push(`unknown setting '${shorten(key)}' ignored`);
      continue;
    }
    if (seen.has(key)) {
      problems.push(`'${key}' given twice; the first value is kept`);
      continue;
    }
    seen.add(key);
    if (!field.apply(state, value)) {
      problems.push(`${key}='${shorten(value)}' is invalid (expected ${field.hint}); using the default`);
    }
  }
  return { state, problems };
}
