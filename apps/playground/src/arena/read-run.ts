import { readFileSync, statSync } from 'node:fs';
import { targetNames } from './approximation';
import { ArenaUsageError } from './args';
import { assessClaims } from './claims';
import { makePlan } from './plan';
import { type ArenaRun, type RunTiming, SCHEMA } from './report';

/** A full run's arena.json is a few megabytes; anything far larger is not one. */
export const MAX_RUN_BYTES = 64 * 1024 * 1024;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The fields every result of each experiment must have, with their JSON types (null stands for NaN). */
const required: Record<string, Record<string, 'number' | 'string' | 'array'>> = {
  setups: {
    setup: 'string',
    entry: 'string',
    seed: 'number',
    testAccuracy: 'number',
    testLoss: 'number',
    curveEpochs: 'array',
  },
  approximation: { target: 'string', entry: 'string', width: 'number', seed: 'number', error: 'number' },
  depth: {
    dataset: 'string',
    entry: 'string',
    init: 'string',
    depth: 'number',
    seed: 'number',
    initialGradientNorms: 'array',
  },
  gelu: { entry: 'string', dropout: 'number', seed: 'number', trainLossCurve: 'array' },
};

/** Whether `value` has the shape of `template`: the same keys with the same JSON types, recursively. */
function shapeError(value: unknown, template: unknown, path: string): string | null {
  if (Array.isArray(template)) {
    if (!Array.isArray(value)) return `${path} should be an array`;
    const element = template[0];
    if (element === undefined) return null;
    for (let i = 0; i < value.length; i++) {
      const e = shapeError(value[i], element, `${path}[${i}]`);
      if (e !== null) return e;
    }
    return null;
  }
  if (isObject(template)) {
    if (!isObject(value)) return `${path} should be an object`;
    for (const key of Object.keys(template)) {
      // Per-setup epochs hold only the setups that ran.
      if (path === 'plan.setups.epochs') break;
      const e = shapeError(value[key], template[key], `${path}.${key}`);
      if (e !== null) return e;
    }
    return null;
  }
  return typeof value === typeof template ? null : `${path} should be a ${typeof template}`;
}

function checkNames(path: string, value: unknown, valid: readonly string[]): string | null {
  const bad = (value as unknown[]).filter((v) => !valid.includes(String(v)));
  return bad.length === 0 ? null : `${path} has unknown ${bad.map(String).join(', ')}`;
}

function checkResults(name: string, value: unknown, fail: (why: string) => never): unknown[] {
  if (!isObject(value) || !Array.isArray(value.results)) fail(`'${name}.results' is missing or not an array`);
  const results = (value as { results: unknown[] }).results;
  results.forEach((r, i) => {
    if (!isObject(r)) fail(`${name}.results[${i}] is not an object`);
    for (const [key, type] of Object.entries(required[name]!)) {
      const v = r[key];
      const ok =
        type === 'array'
          ? Array.isArray(v)
          : type === 'number'
            ? typeof v === 'number' || v === null
            : typeof v === type;
      if (!ok) fail(`${name}.results[${i}].${key} should be a ${type}`);
    }
  });
  return results;
}

/**
 * Reads an earlier run's arena.json for `--from`: bounded in size before parsing, checked for the schema and the shape
 * of every result, with JSON's nulls turned back into NaN (except `epochsToThreshold`, null by design). The claims
 * are computed afresh from the results, never trusted from the file.
 */
export function readRun(path: string, shown: string): ArenaRun {
  const fail = (why: string): never => {
    throw new ArenaUsageError(`--from ${shown}: ${why}; pass an arena.json written by this version of pnpm arena`);
  };
  const size = statSync(path).size;
  if (size > MAX_RUN_BYTES) fail(`${size} bytes is larger than any arena.json (limit ${MAX_RUN_BYTES})`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'), (key, value) =>
      value === null && key !== 'epochsToThreshold' ? Number.NaN : value,
    );
  } catch (error) {
    fail(`not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  if (!isObject(parsed)) fail('not a JSON object');
  const data = parsed as Record<string, unknown>;
  if (data.schema !== SCHEMA) fail(`schema is ${JSON.stringify(data.schema)}, expected '${SCHEMA}'`);
  const template = makePlan();
  const planError = shapeError(data.plan, template, 'plan');
  if (planError !== null) fail(planError);
  const plan = data.plan as ArenaRun['plan'];
  const nameError =
    checkNames('plan.experiments', plan.experiments, template.experiments) ??
    checkNames('plan.setups.names', plan.setups.names, template.setups.names) ??
    checkNames('plan.setups.entries', plan.setups.entries, template.setups.entries) ??
    checkNames('plan.approximation.targets', plan.approximation.targets, targetNames) ??
    checkNames('plan.approximation.entries', plan.approximation.entries, template.approximation.entries) ??
    checkNames('plan.depth.datasets', plan.depth.datasets, template.depth.datasets) ??
    checkNames('plan.depth.entries', plan.depth.entries, template.depth.entries) ??
    checkNames('plan.depth.inits', plan.depth.inits, template.depth.inits) ??
    checkNames('plan.gelu.entries', plan.gelu.entries, template.gelu.entries);
  if (nameError !== null) fail(nameError);
  for (const [setup, epochs] of Object.entries(plan.setups.epochs)) {
    if (!(plan.setups.names as readonly string[]).includes(setup) || typeof epochs !== 'number' || !(epochs >= 1)) {
      fail(`plan.setups.epochs.${setup} should be the epochs (a number ≥ 1) of a setup in plan.setups.names`);
    }
  }
  const results = {
    setups: checkResults('setups', data.setups, fail),
    approximation: checkResults('approximation', data.approximation, fail),
    depth: checkResults('depth', data.depth, fail),
    gelu: checkResults('gelu', data.gelu, fail),
  };
  // The shapes are checked above; the casts below only name them.
  const run = {
    plan,
    setups: results.setups as ArenaRun['setups'],
    approximation: results.approximation as ArenaRun['approximation'],
    depth: results.depth as ArenaRun['depth'],
    gelu: results.gelu as ArenaRun['gelu'],
  };
  return { ...run, backend: typeof data.backend === 'string' ? data.backend : 'unknown', claims: assessClaims(run) };
}

/** The timing.json a live run writes beside its arena.json, if it is there and well-formed; otherwise undefined. */
export function readTiming(path: string): RunTiming | undefined {
  try {
    if (statSync(path).size > 4096) return undefined;
    const t: unknown = JSON.parse(readFileSync(path, 'utf8'));
    if (!isObject(t)) return undefined;
    const keys = ['seconds', 'cpuSeconds', 'jobs', 'cores', 'loadBefore', 'loadAfter'] as const;
    if (!keys.every((k) => typeof t[k] === 'number' && Number.isFinite(t[k]))) return undefined;
    const n = (k: (typeof keys)[number]) => t[k] as number;
    return {
      seconds: n('seconds'),
      cpuSeconds: n('cpuSeconds'),
      jobs: n('jobs'),
      cores: n('cores'),
      loadBefore: n('loadBefore'),
      loadAfter: n('loadAfter'),
    };
  } catch {
    return undefined;
  }
}
