import { Tensor } from '@actlab/autograd';
import { checkOptions, describeValue, type FloatArray, Random } from '@actlab/kernels';
import { DataLoader, type DataLoaderStateDict } from './data';
import { type AnyModule, Module } from './module';
import { Optimizer } from './optim';
import { decodeSafetensors, encodeSafetensors } from './safetensors-format';
import { LRScheduler, ReduceLROnPlateau } from './schedulers';

/**
 * A training checkpoint in ONE safetensors file: the model's parameters, the optimiser's buffers and the
 * DataLoader's epoch order as tensors, and everything else (optimiser options and step counts, scheduler progress,
 * generator states, your `extra`) as JSON strings in the file's metadata. Loading checks every part before it
 * changes any, so a checkpoint that does not fit leaves the run as it was.
 *
 * Tensor names: `model.<key>` (the model's state-dict keys), `optimizer.state.<index>.<name>` (e.g.
 * `optimizer.state.0.expAvg`), `dataLoader.order`. Metadata keys: `format` (`actlab-checkpoint/1`), `parts`,
 * `optimizer`, `scheduler`, `generator`, `dataLoader`, `extra`.
 */

const FORMAT = 'actlab-checkpoint/1';
const PARTS = ['model', 'optimizer', 'scheduler', 'generator', 'dataLoader'] as const;
type PartName = (typeof PARTS)[number];

/** What a checkpoint holds (every part optional). */
export interface CheckpointParts {
  model?: AnyModule | undefined;
  optimizer?: Optimizer | undefined;
  scheduler?: LRScheduler | ReduceLROnPlateau | undefined;
  /**
   * One generator (e.g. the DataLoader's), or several by name (`{ data: loaderRng, default: getDefaultGenerator() }`).
   * A run that passes no generator anywhere draws from the default generator alone: `generator: getDefaultGenerator()`.
   */
  generator?: Random | Readonly<Record<string, Random>> | undefined;
  /** Saves the position inside the current epoch, for a checkpoint taken between two batches. */
  dataLoader?: DataLoader | undefined;
}

/** What `saveCheckpoint` writes: the parts, and an optional JSON `extra`. */
export interface SaveCheckpointOptions extends CheckpointParts {
  /**
   * Anything JSON can hold (epoch number, metrics, config), up to 100,000 JSON values nested at most 64 deep (a
   * bound `loadCheckpoint` enforces on files from outside); returned by `loadCheckpoint`.
   */
  extra?: unknown | undefined;
}

/** What `loadCheckpoint` returns. */
export interface LoadCheckpointResult {
  /** The `extra` value given to `saveCheckpoint` (undefined if none). */
  extra: unknown;
  /** The parts the file holds. */
  parts: string[];
}

/** JSON with ±Infinity and NaN (ReduceLROnPlateau's `best` starts at ±Infinity), tagged so no string is mistaken. */
function toJson(op: string, what: string, value: unknown): string {
  try {
    return JSON.stringify(value, (_key, v: unknown) => {
      if (typeof v === 'number' && !Number.isFinite(v)) return { $float: String(v) };
      return v;
    });
  } catch (e) {
    throw new Error(`${op}: ${what} cannot be written as JSON (${e instanceof Error ? e.message : String(e)})`);
  }
}

/** The most JSON values `extra` may hold: enough for an epoch, metrics and a config, bounded for a hostile file. */
export const CHECKPOINT_MAX_EXTRA_VALUES = 100_000;
/** Deeper JSON is refused before parsing (no checkpoint part nests more than a few levels). */
const MAX_JSON_DEPTH = 64;

/**
 * The metadata strings come from the file: count the JSON values of `text` (each `[`, `{`, `,` and `:` outside
 * strings) and its depth in one pass that builds nothing, and refuse it over `maxValues` or MAX_JSON_DEPTH, so what
 * JSON.parse then builds (tens of bytes per value) is bounded before it runs. Invalid JSON is left to JSON.parse,
 * which names the defect.
 */
function jsonSizeProblem(text: string, maxValues: number): string | null {
  let values = 1;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > MAX_JSON_DEPTH) return `nests deeper than ${MAX_JSON_DEPTH} levels`;
      if (++values > maxValues) return `holds more than ${maxValues.toLocaleString('en-US')} JSON values`;
    } else if (c === 0x5d || c === 0x7d) depth--;
    else if ((c === 0x2c || c === 0x3a) && ++values > maxValues) {
      return `holds more than ${maxValues.toLocaleString('en-US')} JSON values`;
    }
  }
  return null;
}

function fromJson(op: string, what: string, text: string, maxValues: number): unknown {
  const problem = jsonSizeProblem(text, maxValues);
  if (problem !== null) {
    throw new Error(
      `${op}: the checkpoint's ${what} ${problem}, more than the parts given can hold; the file is corrupt or ` +
        'crafted (nothing was parsed or changed)',
    );
  }
  try {
    return JSON.parse(text, (_key, v: unknown) => {
      if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
        const keys = Object.keys(v);
        if (keys.length === 1 && keys[0] === '$float') {
          const s = (v as { $float: unknown }).$float;
          if (s === 'Infinity') return Number.POSITIVE_INFINITY;
          if (s === '-Infinity') return Number.NEGATIVE_INFINITY;
          if (s === 'NaN') return Number.NaN;
        }
      }
      return v;
    });
  } catch (e) {
    throw new Error(
      `${op}: the checkpoint's ${what} is not valid JSON (${e instanceof Error ? e.message : String(e)})`,
    );
  }
}

function isTensorLike(value: unknown): value is { shape: readonly number[]; data: FloatArray } {
  return (
    value !== null &&
    typeof value === 'object' &&
    Array.isArray((value as { shape?: unknown }).shape) &&
    ((value as { data?: unknown }).data instanceof Float32Array ||
      (value as { data?: unknown }).data instanceof Float64Array)
  );
}

function checkParts(op: string, parts: unknown, extraKeys: readonly string[]): CheckpointParts {
  checkOptions(op, parts, [...PARTS, ...extraKeys]);
  if (parts === undefined) throw new Error(`${op}: pass the parts, e.g. { model, optimizer }`);
  const p = parts as CheckpointParts;
  if (p.model !== undefined && !(p.model instanceof Module)) {
    throw new Error(`${op}: model must be a Module, got ${describeValue(p.model)}`);
  }
  if (p.optimizer !== undefined && !(p.optimizer instanceof Optimizer)) {
    throw new Error(`${op}: optimizer must be an Optimizer (SGD, Adam, AdamW), got ${describeValue(p.optimizer)}`);
  }
  if (p.scheduler !== undefined && !(p.scheduler instanceof LRScheduler || p.scheduler instanceof ReduceLROnPlateau)) {
    throw new Error(`${op}: scheduler must be a learning-rate scheduler, got ${describeValue(p.scheduler)}`);
  }
  if (p.dataLoader !== undefined && !(p.dataLoader instanceof DataLoader)) {
    throw new Error(`${op}: dataLoader must be a DataLoader, got ${describeValue(p.dataLoader)}`);
  }
  const g = p.generator;
  if (g !== undefined && !(g instanceof Random)) {
    if (g === null || typeof g !== 'object' || Array.isArray(g)) {
      throw new Error(`${op}: generator must be a Random or an object of them by name, got ${describeValue(g)}`);
    }
    for (const [name, r] of Object.entries(g)) {
      if (!(r instanceof Random)) throw new Error(`${op}: generator '${name}' is ${describeValue(r)}, not a Random`);
    }
  }
  return p;
}

/**
 * Write a checkpoint: the bytes of one safetensors file holding the given parts (see the note at the top of
 * checkpoint.ts). Save it with `fs.writeFileSync(path, bytes)` in Node, or keep or download it in a browser.
 *
 * @example
 * ```ts
 * import { tensor } from '@actlab/autograd';
 * import { Random } from '@actlab/kernels';
 * import { Adam, Linear, loadSafetensorsWithMetadata, saveCheckpoint } from '@actlab/layers';
 *
 * const model = new Linear(2, 1, { generator: new Random(0) });
 * const opt = new Adam(model.parameters(), { lr: 0.01 });
 * opt.zeroGrad();
 * model.forward(tensor([[1, 2]])).sum().backward();
 * opt.step();
 * const bytes = saveCheckpoint({ model, optimizer: opt, extra: { epoch: 1 } }); // write it with fs.writeFileSync
 * const { tensors, metadata } = loadSafetensorsWithMetadata(bytes); // any safetensors reader can open it
 * console.log(Object.keys(tensors).sort().join(', '));
 * // model.bias, model.weight, optimizer.state.0.expAvg, optimizer.state.0.expAvgSq, optimizer.state.1.expAvg, optimizer.state.1.expAvgSq
 * console.log(metadata.parts, metadata.extra); // ["model","optimizer"] {"epoch":1}
 * ```
 */
export function saveCheckpoint(options: SaveCheckpointOptions): Uint8Array {
  const op = 'saveCheckpoint';
  const parts = checkParts(op, options, ['extra']);
  const tensors: Record<string, { shape: readonly number[]; data: FloatArray }> = {};
  const metadata: Record<string, string> = { format: FORMAT };
  const present: PartName[] = [];
  const put = (name: string, t: { shape: readonly number[]; data: FloatArray }) => {
    Object.defineProperty(tensors, name, { value: t, enumerable: true, writable: true, configurable: true });
  };
  if (parts.model !== undefined) {
    present.push('model');
    for (const [key, t] of Object.entries(parts.model.stateDict())) put(`model.${key}`, t);
  }
  if (parts.optimizer !== undefined) {
    present.push('optimizer');
    const sd = parts.optimizer.stateDict();
    const state: Record<string, Record<string, unknown>> = {};
    for (const [index, entry] of Object.entries(sd.state)) {
      const rest: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(entry as Record<string, unknown>)) {
        if (v instanceof Tensor || isTensorLike(v)) put(`optimizer.state.${index}.${k}`, v);
        else rest[k] = v;
      }
      state[index] = rest;
    }
    metadata.optimizer = toJson(op, 'the optimizer state', { ...sd, state });
  }
  if (parts.scheduler !== undefined) {
    present.push('scheduler');
    metadata.scheduler = toJson(op, 'the scheduler state', parts.scheduler.stateDict());
  }
  if (parts.generator !== undefined) {
    present.push('generator');
    const g = parts.generator;
    const states =
      g instanceof Random
        ? { single: Array.from(g.getState()) }
        : { named: Object.fromEntries(Object.entries(g).map(([k, r]) => [k, Array.from(r.getState())])) };
    metadata.generator = toJson(op, 'the generator state', states);
  }
  if (parts.dataLoader !== undefined) {
    present.push('dataLoader');
    const { order, ...rest } = parts.dataLoader.stateDict();
    if (order !== null) put('dataLoader.order', { shape: [order.length], data: Float64Array.from(order) });
    metadata.dataLoader = toJson(op, 'the DataLoader state', { ...rest, hasOrder: order !== null });
  }
  if (options.extra !== undefined) {
    metadata.extra = toJson(op, 'extra', options.extra);
    const problem = jsonSizeProblem(metadata.extra, CHECKPOINT_MAX_EXTRA_VALUES);
    if (problem !== null) {
      throw new Error(
        `${op}: extra ${problem}, so loadCheckpoint would refuse the file; keep extra small (epoch, metrics, ` +
          'config) and store large data as tensors or in a file of its own',
      );
    }
  }
  metadata.parts = JSON.stringify(present);
  return encodeSafetensors(tensors, metadata);
}

/**
 * Restore a checkpoint written by `saveCheckpoint` into the given parts (built as they were when it was saved):
 * parameters copied in place, optimiser buffers and options, scheduler progress, generator states, the
 * DataLoader's position. Every part you pass must be in the file; parts of the file you do not pass are left out.
 * All or nothing: the file is parsed and every part checked (keys, shapes, dtypes, group sizes, options) before the
 * first change. A file from outside is treated as hostile: the safetensors reader's rules, and each JSON part is
 * counted (values, depth) against what the parts given can hold before it is parsed. Returns the saved `extra`.
 *
 * @example
 * ```ts
 * import { tensor } from '@actlab/autograd';
 * import { Random } from '@actlab/kernels';
 * import { Linear, loadCheckpoint, SGD, saveCheckpoint } from '@actlab/layers';
 *
 * const step = (model: Linear, opt: SGD) => {
 *   opt.zeroGrad();
 *   model.forward(tensor([[1, 2]])).square().sum().backward();
 *   opt.step();
 * };
 * const model = new Linear(2, 1, { generator: new Random(0) });
 * const opt = new SGD(model.parameters(), { lr: 0.1, momentum: 0.9 });
 * step(model, opt);
 * const bytes = saveCheckpoint({ model, optimizer: opt, extra: { step: 1 } });
 * step(model, opt);
 * // later, or in another process: build the same objects, then restore them
 * const model2 = new Linear(2, 1, { generator: new Random(123) });
 * const opt2 = new SGD(model2.parameters(), { lr: 0.1, momentum: 0.9 });
 * const { extra } = loadCheckpoint(bytes, { model: model2, optimizer: opt2 });
 * step(model2, opt2);
 * console.log(extra, Array.from(model2.weight.data).join() === Array.from(model.weight.data).join()); // { step: 1 } true
 * ```
 */
export function loadCheckpoint(bytes: Uint8Array | ArrayBuffer, parts: CheckpointParts): LoadCheckpointResult {
  const op = 'loadCheckpoint';
  const p = checkParts(op, parts, []);
  if (!(bytes instanceof Uint8Array || bytes instanceof ArrayBuffer)) {
    throw new Error(`${op}: expected the file's bytes (a Uint8Array or ArrayBuffer), got ${describeValue(bytes)}`);
  }
  // decodeSafetensors reads a Uint8Array at any offset (a Node Buffer is a view into a shared pool) or an ArrayBuffer.
  const { tensors, metadata } = decodeSafetensors(bytes);
  if (metadata.format !== FORMAT) {
    throw new Error(
      `${op}: not an actlab checkpoint (metadata format is ${describeValue(metadata.format)}, expected '${FORMAT}'); ` +
        'a plain weights file loads with model.loadStateDict(loadSafetensors(bytes))',
    );
  }
  const listed = fromJson(op, 'parts list', metadata.parts ?? 'null', 64);
  if (!Array.isArray(listed) || !listed.every((x) => (PARTS as readonly unknown[]).includes(x))) {
    throw new Error(`${op}: the checkpoint's parts list is ${describeValue(listed)}; the file is corrupt`);
  }
  const inFile = new Set(listed as PartName[]);
  const missing = PARTS.filter((name) => p[name] !== undefined && !inFile.has(name));
  if (missing.length > 0) {
    throw new Error(
      `${op}: the checkpoint holds ${[...inFile].join(', ') || 'nothing'} but not ${missing.join(', ')}; ` +
        'pass only the parts it was saved with',
    );
  }
  const byPrefix = (prefix: string) => {
    const out: Record<string, { shape: readonly number[]; data: FloatArray }> = {};
    for (const [name, t] of Object.entries(tensors)) {
      if (name.startsWith(prefix)) {
        Object.defineProperty(out, name.slice(prefix.length), { value: t, enumerable: true, configurable: true });
      }
    }
    return out;
  };
  const known = ['model.', 'optimizer.state.', 'dataLoader.order'];
  const strays = Object.keys(tensors).filter((n) => !known.some((k) => n.startsWith(k)));
  if (strays.length > 0) {
    throw new Error(
      `${op}: the checkpoint has tensors no part owns: ${strays.slice(0, 5).join(', ')}; the file is corrupt`,
    );
  }
  const applies: (() => void)[] = [];
  if (p.model !== undefined) {
    const model = p.model;
    applies.push(model.prepareLoadStateDict(byPrefix('model.')).apply);
  }
  if (p.optimizer !== undefined) {
    const saved = fromJson(
      op,
      'optimizer state',
      metadata.optimizer ?? 'null',
      1000 + 16 * p.optimizer.params.length + 64 * p.optimizer.paramGroups.length,
    );
    if (saved === null || typeof saved !== 'object' || Array.isArray(saved)) {
      throw new Error(`${op}: the checkpoint's optimizer state is ${describeValue(saved)}; the file is corrupt`);
    }
    const state = (saved as { state?: unknown }).state;
    if (state === null || typeof state !== 'object' || Array.isArray(state)) {
      throw new Error(`${op}: the checkpoint's optimizer state has no per-parameter state object; the file is corrupt`);
    }
    const perParam = state as Record<string, Record<string, unknown>>;
    for (const [name, t] of Object.entries(byPrefix('optimizer.state.'))) {
      const dot = name.indexOf('.');
      const index = name.slice(0, dot);
      const key = name.slice(dot + 1);
      const entry = perParam[index];
      if (dot <= 0 || entry === null || typeof entry !== 'object' || !Object.hasOwn(perParam, index)) {
        throw new Error(`${op}: tensor 'optimizer.state.${name}' belongs to no parameter state; the file is corrupt`);
      }
      Object.defineProperty(entry, key, { value: t, enumerable: true, writable: true, configurable: true });
    }
    applies.push(p.optimizer.prepareLoadStateDict(saved));
  }
  if (p.scheduler !== undefined) {
    applies.push(
      p.scheduler.prepareLoadStateDict(
        fromJson(
          op,
          'scheduler state',
          metadata.scheduler ?? 'null',
          1000 + 64 * p.scheduler.optimizer.paramGroups.length,
        ),
      ),
    );
  }
  if (p.generator !== undefined) {
    const saved = fromJson(
      op,
      'generator state',
      metadata.generator ?? 'null',
      100 + 16 * (p.generator instanceof Random ? 1 : Object.keys(p.generator).length),
    ) as {
      single?: unknown | undefined;
      named?: Record<string, unknown> | undefined;
    } | null;
    const g = p.generator;
    const pairs: [Random, unknown][] = [];
    if (g instanceof Random) {
      if (saved?.single === undefined) {
        throw new Error(`${op}: the checkpoint holds generators by name; pass them as an object of the same names`);
      }
      pairs.push([g, saved.single]);
    } else {
      const named = saved?.named;
      if (named === undefined || named === null || typeof named !== 'object') {
        throw new Error(`${op}: the checkpoint holds one generator; pass it as generator: rng`);
      }
      const want = Object.keys(g).sort();
      const have = Object.keys(named).sort();
      if (want.join('\u0000') !== have.join('\u0000')) {
        throw new Error(`${op}: the checkpoint's generators are ${have.join(', ')}, the ones given ${want.join(', ')}`);
      }
      for (const name of want) pairs.push([g[name]!, named[name]]);
    }
    // Check on a throwaway generator first; setState on the real one cannot fail afterwards.
    for (const [, state] of pairs) new Random(0).setState(state as ArrayLike<number>);
    applies.push(() => {
      for (const [r, state] of pairs) r.setState(state as ArrayLike<number>);
    });
  }
  if (p.dataLoader !== undefined) {
    const saved = fromJson(op, 'DataLoader state', metadata.dataLoader ?? 'null', 100) as
      | (Omit<DataLoaderStateDict, 'order'> & { hasOrder?: unknown })
      | null;
    if (saved === null || typeof saved !== 'object') {
      throw new Error(`${op}: the checkpoint's DataLoader state is ${describeValue(saved)}; the file is corrupt`);
    }
    const { hasOrder, ...rest } = saved;
    const orderTensor = tensors['dataLoader.order'];
    let order: Int32Array | null = null;
    if (hasOrder === true) {
      const data = orderTensor?.data;
      if (data === undefined || !data.every((v) => Number.isInteger(v) && v >= 0 && v < 2 ** 31)) {
        throw new Error(
          `${op}: the checkpoint's DataLoader order is missing or not integer indices; the file is corrupt`,
        );
      }
      order = Int32Array.from(data);
    }
    applies.push(p.dataLoader.prepareLoadStateDict({ ...rest, order }));
  }
  const extra =
    metadata.extra === undefined ? undefined : fromJson(op, 'extra', metadata.extra, CHECKPOINT_MAX_EXTRA_VALUES);
  for (const apply of applies) apply();
  return { extra, parts: [...inFile] };
}
