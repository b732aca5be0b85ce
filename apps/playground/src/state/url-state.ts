import { type DatasetName, datasetNames } from '../data/datasets';
import { type FeatureName, featureNames } from '../data/features';
import { activationNames } from '../train/activation-catalog';
import {
  type HiddenLayerSpec,
  type InitName,
  initNames,
  type LayerKind,
  layerKinds,
  type OptimizerName,
  optimizerNames,
} from '../train/network-spec';
import { scanNumber } from './scan-number';

export const MAX_LAYERS = 6;
export const MAX_UNITS = 16;
export const MAX_POOL = 4;

/** What compare mode can put in every hidden layer: a table activation, or the Maxout / RBF layer kinds. */
export type CompareEntry = LayerKind;
export type Mode = 'single' | 'compare';

/** Training pace in epochs per second, or 'max': as fast as the machine goes. */
export type Speed = number | 'max';
/** The Speed control's steps, slowest first. */
export const speeds: readonly Speed[] = [1, 2, 5, 10, 20, 50, 100, 200, 500, 'max'];

/** Everything the page shows, as it lives in the URL's hash. */
export interface PlaygroundState {
  readonly dataset: DatasetName;
  /** Percent, 0–50 in steps of 5. */
  readonly noise: number;
  /** Percent of points used for training, 10–90 in steps of 10. */
  readonly trainPercent: number;
  /** 50–1000 in steps of 50. */
  readonly points: number;
  readonly seed: number;
  readonly features: readonly FeatureName[];
  readonly layers: readonly HiddenLayerSpec[];
  readonly init: InitName;
  readonly optimizer: OptimizerName;
  readonly learningRate: number;
  readonly batchSize: number;
  readonly l1: number;
  readonly l2: number;
  readonly mode: Mode;
  readonly compare: readonly CompareEntry[];
  readonly speed: Speed;
  /** Draw the test points over the output. */
  readonly showTest: boolean;
  /** Colour the output by class (p ≥ 0.5) instead of by probability. */
  readonly discretize: boolean;
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
  init: 'pytorch',
  optimizer: 'adam',
  learningRate: 0.03,
  batchSize: 16,
  l1: 0,
  l2: 0,
  mode: 'single',
  compare: ['sigmoid', 'tanh', 'relu', 'leakyRelu'],
  speed: 10,
  showTest: true,
  discretize: false,
};

/** A slider's range and step: the URL accepts exactly the values the slider can show. */
export interface Stepped {
  readonly min: number;
  readonly max: number;
  readonly step: number;
}

export const limits = {
  noise: { min: 0, max: 50, step: 5 },
  trainPercent: { min: 10, max: 90, step: 10 },
  points: { min: 50, max: 1000, step: 50 },
  seed: { min: 0, max: 2 ** 31 - 1 },
  batchSize: { min: 1, max: 500 },
  learningRate: { min: 1e-6, max: 10 },
  regularization: { min: 0, max: 1 },
  gamma: { min: 1e-3, max: 100 },
  units: { min: 1, max: MAX_UNITS },
  pool: { min: 2, max: MAX_POOL },
  compare: { min: 2, max: 6 },
} as const;

/**
 * Bounds on untrusted input, checked before any parsing so a hostile link costs O(its length) and no more: the
 * longest valid hash is about 500 characters (see the test), so a longer one is refused whole.
 */
export const MAX_HASH_LENGTH = 2048;
/** At most this many `&`-separated parts are read (a valid hash has one per field). */
export const MAX_PARTS = 40;
const MAX_KEY_LENGTH = 16;

export interface ParsedState {
  readonly state: PlaygroundState;
  /**
   * One line per part of the URL that was invalid, each naming the value used instead (the default, or the
   * nearest allowed value); empty when all was valid.
   */
  readonly problems: string[];
}

type MutableState = { -readonly [K in keyof PlaygroundState]: PlaygroundState[K] };

/** A field's parse result: the value, and whether it had to be moved to the nearest allowed value. */
type Parsed<T> = { readonly value: T; readonly adjusted: boolean } | null;

/** One URL key: how its text becomes a state field and back. */
interface Field {
  readonly key: string;
  /** Longest valid text; a longer one is refused without being parsed. */
  readonly maxLength: number;
  readonly hint: string;
  /** Parses `text` into `state`: 'ok', 'adjusted' (moved to the nearest allowed value) or 'invalid' (unchanged). */
  apply(state: MutableState, text: string): 'ok' | 'adjusted' | 'invalid';
  format(state: PlaygroundState): string;
}

function field<K extends keyof PlaygroundState>(
  key: string,
  name: K,
  spec: {
    readonly maxLength: number;
    readonly hint: string;
    parse(text: string): Parsed<PlaygroundState[K]>;
    format(value: PlaygroundState[K]): string;
  },
): Field {
  return {
    key,
    maxLength: spec.maxLength,
    hint: spec.hint,
    apply(state, text) {
      const parsed = spec.parse(text);
      if (parsed === null) return 'invalid';
      state[name] = parsed.value;
      return parsed.adjusted ? 'adjusted' : 'ok';
    },
    format: (state) => spec.format(state[name]),
  };
}

const exact = <T>(value: T | null): Parsed<T> => (value === null ? null : { value, adjusted: false });

function parseInteger(text: string, min: number, max: number): number | null {
  const value = scanNumber(text);
  return value !== null && Number.isInteger(value) && value >= min && value <= max ? value : null;
}

function parseReal(text: string, min: number, max: number): number | null {
  const value = scanNumber(text);
  return value !== null && value >= min && value <= max ? value : null;
}

/** A number on a slider's grid; any other finite number moves to the nearest grid value (and says so). */
function parseStepped(text: string, { min, max, step }: Stepped): Parsed<number> {
  const value = scanNumber(text);
  if (value === null) return null;
  const snapped = Math.min(max, Math.max(min, min + Math.round((value - min) / step) * step));
  return { value: snapped, adjusted: snapped !== value };
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

function layerCode(layer: HiddenLayerSpec): string {
  if (layer.kind === 'maxout') return `${layer.units}:maxout:${layer.poolSize}`;
  if (layer.kind === 'rbf') return `${layer.units}:rbf:${layer.gamma}`;
  return `${layer.units}:${layer.activation}`;
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

function parseSpeed(text: string): Speed | null {
  if (text === 'max') return 'max';
  const value = scanNumber(text);
  return speeds.find((s) => s === value) ?? null;
}

function parseFlag(text: string): boolean | null {
  return text === '1' ? true : text === '0' ? false : null;
}

const longestName = (names: readonly string[]) => Math.max(...names.map((n) => n.length));
const NUMBER_LENGTH = 24;

const fields: readonly Field[] = [
  field('dataset', 'dataset', {
    maxLength: longestName(datasetNames),
    hint: datasetNames.join(' | '),
    parse: (t) => exact(oneOf(t, datasetNames)),
    format: String,
  }),
  field('noise', 'noise', {
    maxLength: NUMBER_LENGTH,
    hint: 'a percentage 0–50 in steps of 5',
    parse: (t) => parseStepped(t, limits.noise),
    format: String,
  }),
  field('train', 'trainPercent', {
    maxLength: NUMBER_LENGTH,
    hint: 'a percentage 10–90 in steps of 10',
    parse: (t) => parseStepped(t, limits.trainPercent),
    format: String,
  }),
  field('points', 'points', {
    maxLength: NUMBER_LENGTH,
    hint: `${limits.points.min}–${limits.points.max} in steps of ${limits.points.step}`,
    parse: (t) => parseStepped(t, limits.points),
    format: String,
  }),
  field('seed', 'seed', {
    maxLength: NUMBER_LENGTH,
    hint: `an integer 0–${limits.seed.max}`,
    parse: (t) => exact(parseInteger(t, limits.seed.min, limits.seed.max)),
    format: String,
  }),
  field('features', 'features', {
    maxLength: featureNames.join(',').length,
    hint: `a comma list of ${featureNames.join(', ')}`,
    parse: (t) => exact(parseList(t, featureNames, 1, featureNames.length)),
    format: (v) => v.join(','),
  }),
  field('layers', 'layers', {
    maxLength: MAX_LAYERS * (4 + Math.max(longestName(activationNames), 'rbf:'.length + NUMBER_LENGTH)),
    hint: `up to ${MAX_LAYERS} comma-separated layers like 4:tanh, 3:maxout:2, 5:rbf:0.5 (1–${MAX_UNITS} units)`,
    parse: (t) => exact(parseLayers(t)),
    format: (v) => v.map(layerCode).join(','),
  }),
  field('init', 'init', {
    maxLength: longestName(initNames),
    hint: initNames.join(' | '),
    parse: (t) => exact(oneOf(t, initNames)),
    format: String,
  }),
  field('optimizer', 'optimizer', {
    maxLength: longestName(optimizerNames),
    hint: optimizerNames.join(' | '),
    parse: (t) => exact(oneOf(t, optimizerNames)),
    format: String,
  }),
  field('lr', 'learningRate', {
    maxLength: NUMBER_LENGTH,
    hint: 'a number in [1e-6, 10]',
    parse: (t) => exact(parseReal(t, limits.learningRate.min, limits.learningRate.max)),
    format: String,
  }),
  field('batch', 'batchSize', {
    maxLength: NUMBER_LENGTH,
    hint: `an integer ${limits.batchSize.min}–${limits.batchSize.max}`,
    parse: (t) => exact(parseInteger(t, limits.batchSize.min, limits.batchSize.max)),
    format: String,
  }),
  field('l1', 'l1', {
    maxLength: NUMBER_LENGTH,
    hint: 'a number in [0, 1]',
    parse: (t) => exact(parseReal(t, 0, 1)),
    format: String,
  }),
  field('l2', 'l2', {
    maxLength: NUMBER_LENGTH,
    hint: 'a number in [0, 1]',
    parse: (t) => exact(parseReal(t, 0, 1)),
    format: String,
  }),
  field('mode', 'mode', {
    maxLength: 'compare'.length,
    hint: 'single | compare',
    parse: (t) => exact(oneOf(t, ['single', 'compare'] as const)),
    format: String,
  }),
  field('compare', 'compare', {
    maxLength: limits.compare.max * (longestName(layerKinds) + 1),
    hint: `${limits.compare.min}–${limits.compare.max} distinct activations, e.g. sigmoid,tanh,relu`,
    parse: (t) => exact(parseList(t, layerKinds, limits.compare.min, limits.compare.max)),
    format: (v) => v.join(','),
  }),
  field('speed', 'speed', {
    maxLength: NUMBER_LENGTH,
    hint: `epochs per second, one of ${speeds.join(', ')}`,
    parse: (t) => exact(parseSpeed(t)),
    format: String,
  }),
  field('showtest', 'showTest', {
    maxLength: 1,
    hint: '1 (show the test points) or 0',
    parse: (t) => exact(parseFlag(t)),
    format: (v) => (v ? '1' : '0'),
  }),
  field('discretize', 'discretize', {
    maxLength: 1,
    hint: '1 (colour by class) or 0',
    parse: (t) => exact(parseFlag(t)),
    format: (v) => (v ? '1' : '0'),
  }),
];

const fieldsByKey = new Map(fields.map((f) => [f.key, f]));

/** The URL keys, in the order `serializeState` writes them. */
export const stateKeys: readonly string[] = fields.map((f) => f.key);

/** A value as the URL writes it (what a notice quotes as "the value used"). */
export function formatField(key: string, state: PlaygroundState): string {
  const f = fieldsByKey.get(key);
  if (f === undefined) throw new Error(`formatField: unknown key '${key}'; valid keys are ${stateKeys.join(', ')}`);
  return f.format(state);
}

/** Only characters that would break the key=value&… structure are escaped, so the URL stays readable. */
const escapeValue = (text: string) => text.replace(/[%&#=+\s]/g, encodeURIComponent);

/** The hash (without '#') for a state; `parseState(serializeState(s))` gives back `s` with no problems. */
export function serializeState(state: PlaygroundState): string {
  return fields.map((f) => `${f.key}=${escapeValue(f.format(state))}`).join('&');
}

/** At most `max` characters of untrusted text for a message (the rest is counted, not shown). */
function preview(text: string, max = 40): string {
  return text.length > max ? `${text.slice(0, max)}… (${text.length} characters)` : text;
}

function decode(text: string): string | null {
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}

/**
 * Reads a URL hash (with or without '#'). Never throws, and costs time linear in the hash's length with its
 * length bounded: a missing key takes its default silently; an invalid, unknown, repeated or over-long part is
 * reported in `problems`, each line naming the value used instead.
 */
export function parseState(hash: string): ParsedState {
  const text = hash.startsWith('#') ? hash.slice(1) : hash;
  const problems: string[] = [];
  if (text.length > MAX_HASH_LENGTH) {
    problems.push(
      `the link's settings are ${text.length} characters long, more than the ${MAX_HASH_LENGTH} a valid one can ` +
        'need, so none were read; using the defaults',
    );
    return { state: defaultState, problems };
  }
  if (text.trim() === '') return { state: defaultState, problems };
  const state: MutableState = { ...defaultState };
  const seen = new Set<string>();
  const parts = text.split('&');
  if (parts.length > MAX_PARTS) {
    problems.push(`the link has ${parts.length} parts; only the first ${MAX_PARTS} were read`);
    parts.length = MAX_PARTS;
  }
  for (const part of parts) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const rawKey = eq < 0 ? part : part.slice(0, eq);
    const key = rawKey.length <= 3 * MAX_KEY_LENGTH ? decode(rawKey) : rawKey;
    if (key === null) {
      problems.push(`'${preview(part)}' is not valid URL encoding; ignored`);
      continue;
    }
    const f = fieldsByKey.get(key);
    if (f === undefined) {
      problems.push(`unknown setting '${preview(key, 20)}' ignored; the settings are ${stateKeys.join(', ')}`);
      continue;
    }
    if (seen.has(key)) {
      problems.push(`'${key}' given twice; the repeat is ignored, using ${f.format(state)}`);
      continue;
    }
    seen.add(key);
    const rawValue = eq < 0 ? '' : part.slice(eq + 1);
    // Percent-encoding at most triples a character, so a longer raw value cannot decode to a valid one.
    if (rawValue.length > 3 * f.maxLength) {
      problems.push(
        `${key}='${preview(rawValue)}' is too long (at most ${f.maxLength} characters); using ${f.format(state)}`,
      );
      continue;
    }
    const value = decode(rawValue);
    if (value === null) {
      problems.push(`${key}='${preview(rawValue)}' is not valid URL encoding; using ${f.format(state)}`);
      continue;
    }
    const outcome = value.length > f.maxLength ? 'invalid' : f.apply(state, value);
    if (outcome === 'invalid') {
      problems.push(`${key}='${preview(value)}' is invalid (expected ${f.hint}); using ${f.format(state)}`);
    } else if (outcome === 'adjusted') {
      problems.push(
        `${key}='${preview(value)}' is not allowed (expected ${f.hint}); using ${f.format(state)}, the nearest allowed value`,
      );
    }
  }
  return { state, problems };
}
