import type { MeanSd, RunResult, Summary } from './run';
import type { ArenaEntry, ArenaSetup, SetupName } from './setups';

const isClassification = (setup: ArenaSetup) => setup.output.task !== 'regression';

function pm(value: MeanSd, digits: number, scale = 1): string {
  if (!Number.isFinite(value.mean)) return 'diverged';
  return `${(value.mean * scale).toFixed(digits)} ± ${(value.sd * scale).toFixed(digits)}`;
}

function thresholdLabel(setup: ArenaSetup): string {
  return setup.threshold.metric === 'accuracy'
    ? `epochs to ${(setup.threshold.value * 100).toFixed(0)}%`
    : `epochs to MSE ${setup.threshold.value}`;
}

function epochsCell(s: Summary): string {
  if (s.reached === 0) return `never (0/${s.seeds})`;
  const mean = s.epochsToThreshold.mean.toFixed(0);
  return s.reached === s.seeds ? mean : `${mean} (${s.reached}/${s.seeds})`;
}

export interface TableRow {
  readonly cells: string[];
}

export function tableFor(setup: ArenaSetup, summaries: readonly Summary[]): { header: string[]; rows: string[][] } {
  const classification = isClassification(setup);
  const header = [
    'activation',
    'train loss',
    'test loss',
    ...(classification ? ['train acc %', 'test acc %'] : []),
    thresholdLabel(setup),
    'dead %',
    'saturated %',
    'sat. at init %',
  ];
  const rows = summaries
    .filter((s) => s.setup === setup.name)
    .map((s) => [
      s.entry,
      pm(s.trainLoss, 3),
      pm(s.testLoss, 3),
      ...(classification ? [pm(s.trainAccuracy, 1, 100), pm(s.testAccuracy, 1, 100)] : []),
      epochsCell(s),
      pm(s.deadFraction, 0, 100),
      pm(s.saturatedFraction, 0, 100),
      Number.isFinite(s.initialSaturatedFraction.mean) ? (s.initialSaturatedFraction.mean * 100).toFixed(0) : '—',
    ]);
  return { header, rows };
}

/** A fixed-width text table for the terminal. */
export function textTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: readonly string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(header), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** A markdown table with padded columns (first left-aligned, the rest right-aligned), as a formatter would lay it out. */
export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(3, h.length, ...rows.map((r) => r[i].length)));
  const cells = (r: readonly string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i])));
  const align = widths.map((w, i) => (i === 0 ? `:${'-'.repeat(w - 1)}` : `${'-'.repeat(w - 1)}:`));
  return [cells(header), align, ...rows.map(cells)].map((r) => `| ${r.join(' | ')} |`).join('\n');
}

/** One row per activation, one column per setup: test accuracy % (classification) or test MSE (regression). */
export function overviewTable(
  setups: readonly ArenaSetup[],
  summaries: readonly Summary[],
  entries: readonly ArenaEntry[],
): { header: string[]; rows: string[][] } {
  const header = ['activation', ...setups.map((s) => (isClassification(s) ? `${s.name} acc %` : `${s.name} MSE`))];
  const rows = entries.map((entry) => [
    entry,
    ...setups.map((setup) => {
      const s = summaries.find((x) => x.setup === setup.name && x.entry === entry);
      if (s === undefined) return '—';
      return isClassification(setup) ? pm(s.testAccuracy, 1, 100) : pm(s.testLoss, 4);
    }),
  ]);
  return { header, rows };
}

export interface ArenaMeta {
  readonly quick: boolean;
  readonly seeds: readonly number[];
  readonly entries: readonly ArenaEntry[];
  readonly epochs: Readonly<Record<string, number>>;
}

export function toMarkdown(
  setups: readonly ArenaSetup[],
  summaries: readonly Summary[],
  meta: ArenaMeta,
  claims: readonly string[],
): string {
  const parts = [
    '# actlab arena',
    '',
    `${meta.quick ? 'Quick run' : 'Full run'} over seeds ${meta.seeds.join(', ')}; every cell is mean ± sample sd over the seeds. ` +
      'Dead: a hidden unit with zero gradient on every training point. Saturated: |f′| < 0.01 on most training points.',
    '',
    '## Overview: test accuracy (classification) and test MSE (regression)',
    '',
    markdownTable(
      overviewTable(setups, summaries, meta.entries).header,
      overviewTable(setups, summaries, meta.entries).rows,
    ),
    '',
  ];
  for (const setup of setups) {
    const { header, rows } = tableFor(setup, summaries);
    parts.push(
      `## ${setup.name}`,
      '',
      `${setup.description}; ${meta.epochs[setup.name]} epochs.`,
      '',
      markdownTable(header, rows),
      '',
    );
  }
  if (claims.length > 0) parts.push("## The guide's claims", '', ...claims.map((c) => `- ${c}`), '');
  return parts.join('\n');
}

/** JSON-safe: non-finite numbers become null. */
export function toJson(meta: ArenaMeta, summaries: readonly Summary[], results: readonly RunResult[]): string {
  return JSON.stringify(
    { meta, summaries, results },
    (_, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v),
    2,
  );
}

const entryColors: Readonly<Record<string, string>> = {
  sigmoid: '#e69f00',
  tanh: '#0072b2',
  relu: '#d55e00',
  leakyRelu: '#cc79a7',
  softplus: '#56b4e9',
  swish: '#009e73',
  maxout: '#8c564b',
  rbf: '#bcbd22',
  gelu: '#17becf',
  elu: '#9467bd',
  mish: '#2ca02c',
  identity: '#7f7f7f',
};

function escapeXml(text: string): string {
  return text.replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c] ?? c);
}

/** Where a value sits on a panel's axis, 0–1: accuracy on [40%, 100%], MSE on a log axis [1e-4, 1]. */
function axisPosition(classification: boolean, v: number): number {
  const t = classification ? (v - 0.4) / 0.6 : (Math.log10(Math.max(v, 1e-4)) + 4) / 4;
  return Math.max(0, Math.min(1, t));
}

/**
 * Small multiples, one panel per setup: test accuracy (classification, axis from 40%) or test MSE (regression, log
 * axis; shorter is better) per activation, with ±1 sd whiskers.
 */
export function toSvg(setups: readonly ArenaSetup[], summaries: readonly Summary[], meta: ArenaMeta): string {
  const columns = Math.min(3, Math.max(1, setups.length));
  const panelWidth = 320;
  const rowHeight = 17;
  const labelWidth = 78;
  const entries = meta.entries;
  const panelHeight = 48 + entries.length * rowHeight;
  const rowsOfPanels = Math.ceil(setups.length / columns);
  const width = columns * panelWidth + 20;
  const height = 40 + rowsOfPanels * (panelHeight + 16);
  const seeds = `${meta.seeds.length} seed${meta.seeds.length === 1 ? '' : 's'}`;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif" font-size="11">`,
    `<title>actlab arena: test accuracy and test MSE per activation and setup</title>`,
    `<rect width="${width}" height="${height}" fill="#fff"/>`,
    `<text x="12" y="24" font-size="15" font-weight="600" fill="#23272f">actlab arena: test accuracy and test MSE per activation, mean ± sd over ${seeds}${meta.quick ? ' (quick run)' : ''}</text>`,
  ];
  setups.forEach((setup, p) => {
    const x0 = 10 + (p % columns) * panelWidth;
    const y0 = 40 + Math.floor(p / columns) * (panelHeight + 16);
    const classification = isClassification(setup);
    const barWidth = panelWidth - labelWidth - 70;
    const bx = (v: number) => x0 + labelWidth + axisPosition(classification, v) * barWidth;
    out.push(
      `<rect x="${x0}" y="${y0}" width="${panelWidth - 10}" height="${panelHeight}" rx="8" fill="#f7f8fa" stroke="#e3e6ea"/>`,
      `<text x="${x0 + 10}" y="${y0 + 18}" font-size="13" font-weight="600" fill="#23272f">${escapeXml(setup.name)}</text>`,
      `<text x="${x0 + panelWidth - 20}" y="${y0 + 18}" text-anchor="end" fill="#6b7280">${classification ? 'test accuracy' : 'test MSE, log scale (shorter is better)'}</text>`,
    );
    const ticks = classification ? [0.5, 0.75, 1] : [1e-3, 1e-2, 1e-1, 1];
    for (const tick of ticks) {
      const tx = bx(tick);
      const label = classification ? `${tick * 100}%` : String(tick);
      out.push(
        `<line x1="${tx.toFixed(1)}" y1="${y0 + 28}" x2="${tx.toFixed(1)}" y2="${y0 + panelHeight - 12}" stroke="#dde1e6" stroke-dasharray="3 3"/>`,
        `<text x="${tx.toFixed(1)}" y="${y0 + panelHeight - 3}" text-anchor="middle" fill="#9aa1ab" font-size="9">${label}</text>`,
      );
    }
    entries.forEach((entry, i) => {
      const s = summaries.find((x) => x.setup === setup.name && x.entry === entry);
      const y = y0 + 30 + i * rowHeight;
      const stat = s === undefined ? undefined : classification ? s.testAccuracy : s.testLoss;
      out.push(
        `<text x="${x0 + labelWidth - 6}" y="${y + 11}" text-anchor="end" fill="#23272f">${escapeXml(entry)}</text>`,
      );
      if (stat === undefined || !Number.isFinite(stat.mean)) {
        out.push(
          `<text x="${x0 + labelWidth + 4}" y="${y + 11}" fill="#d55e00">${s === undefined ? 'not run' : 'diverged'}</text>`,
        );
        return;
      }
      const end = Math.max(x0 + labelWidth + 1, bx(stat.mean));
      const color = entryColors[entry] ?? '#555';
      out.push(
        `<rect x="${x0 + labelWidth}" y="${y + 2}" width="${(end - x0 - labelWidth).toFixed(1)}" height="${rowHeight - 5}" rx="2" fill="${color}"/>`,
      );
      let textX = end + 4;
      if (stat.sd > 0) {
        const a = bx(stat.mean - stat.sd);
        const b = bx(stat.mean + stat.sd);
        out.push(
          `<line x1="${a.toFixed(1)}" y1="${y + 8}" x2="${b.toFixed(1)}" y2="${y + 8}" stroke="#23272f" stroke-width="1.2"/>`,
        );
        textX = Math.max(textX, b + 4);
      }
      const label = classification ? `${(stat.mean * 100).toFixed(1)}%` : stat.mean.toPrecision(2);
      out.push(`<text x="${textX.toFixed(1)}" y="${y + 11}" fill="#4b5563">${label}</text>`);
    });
  });
  out.push('</svg>');
  return out.join('\n');
}

export function groupBySetup(summaries: readonly Summary[]): Map<SetupName, Summary[]> {
  const map = new Map<SetupName, Summary[]>();
  for (const s of summaries) map.set(s.setup, [...(map.get(s.setup) ?? []), s]);
  return map;
}
