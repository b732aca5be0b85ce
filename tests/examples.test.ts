// Runs the examples/ scripts as a user would (node, importing the built packages through the examples workspace
// package), with few epochs so CI stays fast.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';

const script = (path: string) => fileURLToPath(new URL(`../examples/${path}`, import.meta.url));
const node = (path: string, args: string[]) => {
  const r = spawnSync(process.execPath, [script(path), ...args], { encoding: 'utf8' });
  return { output: `${r.stdout}${r.stderr}`, status: r.status };
};
const result = (output: string) => {
  const lines = output.split('\n').filter((l) => l.startsWith('result '));
  return lines.map(
    (l) => JSON.parse(l.slice('result '.length)) as { epochs: number; accuracy: number; parameters: string },
  );
};

describe('examples/digits', () => {
  test('train.mjs learns the digits (test accuracy above 90% after 4 epochs)', () => {
    const { output, status } = node('digits/train.mjs', ['--epochs', '4', '--quiet']);
    expect(status, output).toBe(0);
    const [r] = result(output);
    expect(r!.epochs).toBe(4);
    expect(r!.accuracy).toBeGreaterThan(0.9);
  });

  test('resume-demo.mjs: stopped after 2 of 4 epochs and resumed, the run ends bit-identical to an uninterrupted one', () => {
    const { output, status } = node('digits/resume-demo.mjs', ['--epochs', '4', '--stop-after', '2']);
    expect(status, output).toBe(0);
    expect(output).toContain('identical: the resumed run ended bit for bit where the uninterrupted one did');
    const [whole, stopped, resumed] = result(output);
    expect(stopped!.epochs).toBe(2);
    expect(resumed!.parameters).toBe(whole!.parameters);
    expect(resumed!.accuracy).toBe(whole!.accuracy);
    // the stop really happened mid-run: the stopped run's parameters are not the final ones
    expect(stopped!.parameters).not.toBe(whole!.parameters);
    expect(output).toMatch(/resumed from .* after epoch 2\nepoch 3\/4/);
  });
});
