#!/usr/bin/env node
// Checkpoint, stop, resume: runs train.mjs three times as separate processes — once uninterrupted, once stopped
// after --stop-after epochs with a checkpoint, once resumed from that checkpoint — and checks that the resumed run
// ends with bit-identical parameters and the same test accuracy as the uninterrupted one.
//
//   node examples/digits/resume-demo.mjs --epochs 12 --stop-after 5
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values: args } = parseArgs({
  options: { epochs: { type: 'string', default: '12' }, 'stop-after': { type: 'string', default: '5' } },
  strict: true,
});
const train = fileURLToPath(new URL('./train.mjs', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'actlab-digits-'));
const checkpoint = join(dir, 'digits.ckpt.safetensors');

/** Run train.mjs with `extra` arguments; return its result line (and echo what it printed). */
function run(title, extra) {
  console.log(`--- ${title}`);
  const r = spawnSync(process.execPath, [train, '--epochs', args.epochs, ...extra], { encoding: 'utf8' });
  process.stdout.write(r.stdout);
  if (r.status !== 0) {
    process.stderr.write(r.stderr);
    throw new Error(`${title}: train.mjs exited with ${r.status}`);
  }
  const line = r.stdout.split('\n').find((l) => l.startsWith('result '));
  return JSON.parse(line.slice('result '.length));
}

try {
  const whole = run(`uninterrupted, ${args.epochs} epochs`, []);
  run(`stopped after ${args['stop-after']} epochs`, ['--stop-after', args['stop-after'], '--checkpoint', checkpoint]);
  const resumed = run('resumed from the checkpoint', ['--resume', checkpoint]);
  const same = resumed.parameters === whole.parameters && resumed.accuracy === whole.accuracy;
  console.log(
    `uninterrupted: accuracy ${whole.accuracy.toFixed(4)}, parameters ${whole.parameters.slice(0, 16)}…\n` +
      `resumed:       accuracy ${resumed.accuracy.toFixed(4)}, parameters ${resumed.parameters.slice(0, 16)}…\n` +
      (same ? 'identical: the resumed run ended bit for bit where the uninterrupted one did' : 'DIFFERENT'),
  );
  if (!same) process.exitCode = 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
