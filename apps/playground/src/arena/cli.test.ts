import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { ArenaUsageError, parseArenaArgs } from './args';

const appDir = fileURLToPath(new URL('../../', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'arena-cli-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** The command `pnpm arena` runs, from the app's folder, with relative paths taken from `scratch`. */
function arena(...args: string[]) {
  const result = spawnSync(
    process.execPath,
    ['--import', './src/arena/node-register.mjs', 'src/arena/cli.ts', ...args],
    { cwd: appDir, encoding: 'utf8', env: { ...process.env, INIT_CWD: scratch, FORCE_COLOR: '0' }, timeout: 240_000 },
  );
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('arena options', () => {
  it('rejects an unknown option with a suggestion, and bad values with the valid ones', () => {
    expect(() => parseArenaArgs(['--quik'])).toThrow(
      new ArenaUsageError("unknown option '--quik' (did you mean --quick?)"),
    );
    expect(() => parseArenaArgs(['--frobnicate'])).toThrow(/^unknown option '--frobnicate'$/);
    expect(() => parseArenaArgs(['--seeds'])).toThrow(/option --seeds needs a value/);
    expect(() => parseArenaArgs(['--seeds', '0'])).toThrow(/--seeds must be an integer 1–50, got '0'/);
    expect(() => parseArenaArgs(['--seeds', '2.5'])).toThrow(/--seeds must be an integer/);
    expect(() => parseArenaArgs(['--jobs', 'many'])).toThrow(/--jobs must be an integer 1–64/);
    expect(() => parseArenaArgs(['--setups', 'xor,spirl'])).toThrow(/--setups has unknown 'spirl'; valid: xor, circle/);
    expect(() => parseArenaArgs(['quick'])).toThrow(/unexpected argument 'quick'/);
    expect(() => parseArenaArgs(['--from', 'a.json', '--quick'])).toThrow(/--from re-renders .* drop --quick/);
    expect(() => parseArenaArgs(['--write-docs', '--seeds', '3'])).toThrow(/--write-docs .* drop --seeds/);
  });

  it('reads the valid ones', () => {
    const parsed = parseArenaArgs(['--', '--quick', '--seeds', '4', '--jobs', '2', '--experiments', 'depth,gelu']);
    expect(parsed).toMatchObject({
      help: false,
      options: { quick: true, seeds: 4, jobs: 2, experiments: ['depth', 'gelu'] },
    });
    expect(parseArenaArgs(['-h'])).toEqual({ help: true });
  });
});

describe('the arena command', () => {
  it('an unknown option is one line plus the usage, exit code 2, no stack trace', () => {
    const { code, stderr, stdout } = arena('--quik');
    expect(code).toBe(2);
    expect(stderr.split('\n')[0]).toBe("arena: unknown option '--quik' (did you mean --quick?)");
    expect(stderr).toContain('Usage: pnpm arena [options]');
    expect(stderr).not.toMatch(/\n\s+at /);
    expect(stdout).toBe('');
  }, 60_000);

  it('a missing or broken --from file is one line plus the usage, exit code 2', () => {
    const missing = arena('--from', 'nope.json');
    expect(missing.code).toBe(2);
    expect(missing.stderr.split('\n')[0]).toBe(`arena: --from nope.json: no such file (looked in ${scratch})`);
    expect(missing.stderr).not.toMatch(/\n\s+at /);
    writeFileSync(join(scratch, 'broken.json'), '{"schema": "something else"}');
    const broken = arena('--from', 'broken.json');
    expect(broken.code).toBe(2);
    expect(broken.stderr.split('\n')[0]).toMatch(
      /^arena: --from broken.json: schema is "something else", expected 'actlab-arena\/2'/,
    );
  }, 60_000);

  it('writes bit-identical JSON with --jobs 1 and --jobs 2, and --from re-renders it', () => {
    const args = [
      '--quick',
      '--seeds',
      '2',
      '--experiments',
      'setups',
      '--setups',
      'xor',
      '--activations',
      'relu,identity',
    ];
    const one = arena(...args, '--jobs', '1', '--out', 'one');
    const two = arena(...args, '--jobs', '2', '--out', 'two');
    expect(one.code, one.stderr).toBe(0);
    expect(two.code, two.stderr).toBe(0);
    const json = readFileSync(join(scratch, 'one', 'arena.json'), 'utf8');
    expect(readFileSync(join(scratch, 'two', 'arena.json'), 'utf8')).toBe(json);
    expect(JSON.parse(json).plan.seeds).toEqual([1, 2]);
    // Progress with an ETA on stderr; verdicts of a quick run are indicative, with the warning.
    expect(two.stderr).toMatch(/eta /);
    expect(two.stdout).toContain('indicative');
    expect(two.stdout).toMatch(/Warning\. This is a quick run .* under-trained/);
    // No verdict column says supported or refuted (the rule printed under the table names both words).
    expect(two.stdout).not.toMatch(/ (supported|refuted|inconclusive)$/m);
    const again = arena('--from', join('one', 'arena.json'), '--out', 'again');
    expect(again.code, again.stderr).toBe(0);
    expect(readFileSync(join(scratch, 'again', 'arena.json'), 'utf8')).toBe(json);
    expect(readFileSync(join(scratch, 'again', 'arena.md'), 'utf8')).toContain('## The claims');
  }, 240_000);
});
