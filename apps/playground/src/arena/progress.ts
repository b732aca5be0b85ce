import type { Progress } from './run';

/** A progress bar on stderr: redrawn in place on a terminal, one line per setup otherwise (CI logs). */
export function progressReporter(stream: NodeJS.WriteStream = process.stderr): (p: Progress) => void {
  const start = Date.now();
  let lastSetup = '';
  return (p) => {
    const fraction = p.total === 0 ? 1 : p.done / p.total;
    const width = 28;
    const filled = Math.round(fraction * width);
    const elapsed = (Date.now() - start) / 1000;
    const eta = p.done > 0 ? (elapsed / p.done) * (p.total - p.done) : Number.NaN;
    const bar = `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
    const what = p.done === p.total ? 'done' : `${p.setup} × ${p.entry}, seed ${p.seed}`;
    const time = p.done === p.total ? `${elapsed.toFixed(1)}s` : Number.isFinite(eta) ? `eta ${Math.ceil(eta)}s` : '';
    const line = `${bar} ${String(p.done).padStart(String(p.total).length)}/${p.total}  ${what}  ${time}`;
    if (stream.isTTY) {
      stream.write(`\r${line.padEnd(stream.columns ? Math.min(stream.columns - 1, 100) : 100)}`);
      if (p.done === p.total) stream.write('\n');
    } else if (p.setup !== lastSetup || p.done === p.total) {
      stream.write(`${line}\n`);
      lastSetup = p.setup;
    }
  };
}
