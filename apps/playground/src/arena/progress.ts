import type { PoolProgress } from './pool';
import { describeTask } from './tasks';

function clock(seconds: number): string {
  if (!Number.isFinite(seconds)) return '…';
  const s = Math.max(0, Math.round(seconds));
  return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}

/**
 * A progress bar with an ETA on stderr: redrawn in place on a terminal; otherwise (CI logs) a line every 10% of the
 * work and at least every half minute. The ETA
 * scales the elapsed time by the estimated cost still to run (tasks differ in cost by a factor of a hundred).
 */
export function progressReporter(
  stream: NodeJS.WriteStream = process.stderr,
  now: () => number = Date.now,
): (p: PoolProgress) => void {
  const start = now();
  let lastDecile = -1;
  let lastLine = start;
  return (p) => {
    const fraction = p.totalCost === 0 ? 1 : p.doneCost / p.totalCost;
    const width = 28;
    const filled = Math.round(fraction * width);
    const elapsed = (now() - start) / 1000;
    const eta = p.doneCost > 0 ? (elapsed * (p.totalCost - p.doneCost)) / p.doneCost : Number.NaN;
    const bar = `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
    const finished = p.done === p.total;
    const what = finished ? 'done' : p.finished === null ? 'starting' : describeTask(p.finished);
    const time = finished ? `in ${clock(elapsed)}` : `${clock(elapsed)} elapsed, eta ${clock(eta)}`;
    const line = `${bar} ${String(p.done).padStart(String(p.total).length)}/${p.total}  ${time}  ${what}`;
    if (stream.isTTY) {
      stream.write(
        `\r${line.slice(0, (stream.columns ?? 100) - 1).padEnd(Math.min((stream.columns ?? 100) - 1, 110))}`,
      );
      if (finished) stream.write('\n');
      return;
    }
    const decile = Math.floor(fraction * 10);
    if (decile !== lastDecile || finished || now() - lastLine >= 30_000) {
      stream.write(`${line}\n`);
      lastDecile = decile;
      lastLine = now();
    }
  };
}
