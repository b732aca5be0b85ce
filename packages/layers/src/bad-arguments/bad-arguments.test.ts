/**
 * Issue 12's sweep as a test: every export of @actlab/kernels, @actlab/autograd and @actlab/layers (functions,
 * constructors, and the methods of exported classes) is called with one bad argument at a time, and each call must
 * end in an Error whose message starts with the op's name. A new export fails the coverage test until it has its
 * row in the package's rows file.
 */
import * as autograd from '@actlab/autograd';
import * as kernels from '@actlab/kernels';
import { beforeAll, describe, expect, test } from 'vitest';
import * as layers from '../index';
import { autogradExempt, autogradRows } from './autograd-rows';
import {
  type CallResult,
  type Row,
  refusedUndefinedOptions,
  requiredRowNames,
  runRow,
  validCallError,
} from './harness';
import { backendKernelNames, kernelsExempt, kernelsRows } from './kernels-rows';
import { layersExempt, layersRows } from './layers-rows';

interface PackageRows {
  readonly name: string;
  readonly file: string;
  readonly api: Readonly<Record<string, unknown>>;
  readonly rows: readonly Row[];
  readonly exempt: Readonly<Record<string, string>>;
  /** Rows required beyond the exports' (the kernels every backend supplies: `KernelBackend#…`). */
  readonly more?: readonly string[];
}

const packages: readonly PackageRows[] = [
  {
    name: '@actlab/kernels',
    file: 'kernels-rows.ts',
    api: kernels,
    rows: kernelsRows,
    exempt: kernelsExempt,
    more: backendKernelNames,
  },
  { name: '@actlab/autograd', file: 'autograd-rows.ts', api: autograd, rows: autogradRows, exempt: autogradExempt },
  { name: '@actlab/layers', file: 'layers-rows.ts', api: layers, rows: layersRows, exempt: layersExempt },
];

const results = new Map<Row, { valid: string | null; calls: CallResult[]; undefinedRefused: string[] }>();

beforeAll(async () => {
  for (const p of packages) {
    for (const row of p.rows) {
      results.set(row, {
        valid: await validCallError(row),
        calls: await runRow(row),
        undefinedRefused: await refusedUndefinedOptions(row),
      });
    }
  }
}, 120_000);

describe.each(packages)('$name', ({ name, file, api, rows, exempt, more = [] }) => {
  test(`every export and method has a row (add one to bad-arguments/${file})`, () => {
    const have = new Set(rows.map((r) => r.name));
    const missing = [...requiredRowNames(api, exempt), ...more].filter((n) => !have.has(n));
    expect(missing, `${name}: exports without a row in src/bad-arguments/${file}`).toEqual([]);
  });

  test('no row names an export that does not exist, and no name has two rows', () => {
    const required = new Set([...requiredRowNames(api, {}), ...more]);
    const names = rows.map((r) => r.name);
    expect(names.filter((n) => !required.has(n))).toEqual([]);
    expect(names.filter((n, i) => names.indexOf(n) !== i)).toEqual([]);
  });

  test('every row’s valid call succeeds (so each invalid call differs from a working one by one argument)', () => {
    const broken = rows.flatMap((r) => {
      const error = results.get(r)!.valid;
      return error === null ? [] : [`${r.name}: ${error}`];
    });
    expect(broken).toEqual([]);
  });

  test('an optional option set to undefined counts as absent (the valid call still succeeds)', () => {
    expect(rows.flatMap((r) => results.get(r)!.undefinedRefused)).toEqual([]);
  });

  test('every invalid call ends in an Error that names the op', () => {
    const wrong: string[] = [];
    const stale: string[] = [];
    for (const row of rows) {
      for (const r of results.get(row)!.calls) {
        const known = row.known?.[r.label];
        if (r.outcome !== 'named' && known === undefined)
          wrong.push(`${r.row} (${r.label}): ${r.outcome}: ${r.detail}`);
        if (r.outcome === 'named' && known !== undefined) stale.push(`${r.row} (${r.label}) is named now: drop it`);
      }
    }
    expect(wrong).toEqual([]);
    expect(stale).toEqual([]);
  });
});

test('the share of invalid calls ending in a named Error is at least 99%', () => {
  const all = [...results.values()].flatMap((r) => r.calls);
  const named = all.filter((r) => r.outcome === 'named').length;
  const exceptions = all.filter((r) => r.outcome !== 'named');
  const rows = packages.reduce((n, p) => n + p.rows.length, 0);
  console.log(
    `bad-argument sweep (${kernels.getBackend().name} backend): ${rows} rows, ${all.length} invalid calls, ` +
      `${named} named Errors ` +
      `(${((100 * named) / all.length).toFixed(2)}%)` +
      (exceptions.length === 0
        ? ''
        : `; exceptions:\n  ${exceptions.map((r) => `${r.row} (${r.label}): ${r.detail}`).join('\n  ')}`),
  );
  expect(all.length).toBeGreaterThan(1000);
  expect(named / all.length).toBeGreaterThanOrEqual(0.99);
});
