import { type TargetName, targets as targetTable } from './approximation';
import type { ArenaResults, Claim, EffectRow } from './claims';
import type { DepthDataset, DepthResult } from './depth';
import {
  formatEffect,
  formatEffectWithUnit,
  formatInterval,
  formatMargin,
  markdownTable,
  pm,
  sci,
  stableJson,
  wrapMarkdown,
  wrapParagraphs,
} from './format';
import { type InitName, schemeFor, type UnitKind } from './models';
import { type ArenaPlan, isConclusive, MIN_SEEDS_FOR_VERDICT } from './plan';
import { type RunResult, type Summary, summarize } from './run';
import { type ArenaSetup, setupNamed } from './setups';
import { meanSd, quantile } from './stats';
import {
  type Axis,
  barPanel,
  colorOf,
  decadeTicks,
  formatDecade,
  legend,
  legendRows,
  linePanel,
  type Series,
  svgDocument,
} from './svg';
import { describeOptimizer } from './train-loop';
import { decisionRules, indicativeRule, methodDescriptions, tiedDefinition, verdictLabel } from './verdict';

export const SCHEMA = 'actlab-arena/2';

/** A run as the JSON stores it: the plan, the backend, every result, and the claims read off them. */
export interface ArenaRun extends ArenaResults {
  readonly backend: string;
  readonly claims: readonly Claim[];
}

export function toJson(run: ArenaRun): string {
  return stableJson({
    schema: SCHEMA,
    backend: run.backend,
    plan: run.plan,
    claims: run.claims,
    setups: { summaries: summarize(run.setups), results: run.setups },
    approximation: { results: run.approximation },
    depth: { results: run.depth },
    gelu: { results: run.gelu },
  });
}

const isClassification = (setup: ArenaSetup) => setup.output.task !== 'regression';
const ranSetups = (run: ArenaResults) =>
  run.plan.setups.names.filter((s) => run.setups.some((r) => r.setup === s)).map(setupNamed);
const initLabel = (init: InitName) =>
  init === 'default' ? 'PyTorch default' : init === 'scheme' ? 'Xavier/Kaiming' : 'unit rows';

// ——— the guide's setups: tables ———

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

export function setupTable(setup: ArenaSetup, summaries: readonly Summary[]): { header: string[]; rows: string[][] } {
  const classification = isClassification(setup);
  const header = [
    'activation',
    'train loss',
    'test loss',
    ...(classification ? ['train acc %', 'test acc %', 'acc over epochs %'] : ['MSE over epochs']),
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
      pm(s.testLoss, 4),
      ...(classification
        ? [pm(s.trainAccuracy, 1, 100), pm(s.testAccuracy, 1, 100), pm(s.meanTestMetric, 1, 100)]
        : [pm(s.meanTestMetric, 4)]),
      epochsCell(s),
      pm(s.deadFraction, 0, 100),
      pm(s.saturatedFraction, 0, 100),
      Number.isFinite(s.initialSaturatedFraction.mean) ? (s.initialSaturatedFraction.mean * 100).toFixed(0) : '—',
    ]);
  return { header, rows };
}

/** One row per activation, one column per setup: test accuracy % (classification) or test MSE (regression). */
export function overviewTable(run: ArenaResults): { header: string[]; rows: string[][] } {
  const setups = ranSetups(run);
  const summaries = summarize(run.setups);
  const header = ['activation', ...setups.map((s) => (isClassification(s) ? `${s.name} acc %` : `${s.name} MSE`))];
  const rows = run.plan.setups.entries.map((entry) => [
    entry,
    ...setups.map((setup) => {
      const s = summaries.find((x) => x.setup === setup.name && x.entry === entry);
      if (s === undefined) return '—';
      return isClassification(setup) ? pm(s.testAccuracy, 1, 100) : pm(s.testLoss, 4);
    }),
  ]);
  return { header, rows };
}

// ——— approximation, depth and GELU: tables ———

function geometricMean(values: readonly number[]): number {
  return 10 ** meanSd(values.map(Math.log10)).mean;
}

export function approximationTable(run: ArenaResults, target: TargetName): { header: string[]; rows: string[][] } {
  const widths = [...new Set(run.approximation.map((r) => r.width))].sort((a, b) => a - b);
  const header = ['activation', ...widths.map((w) => `width ${w}`)];
  const rows = run.plan.approximation.entries.map((entry) => [
    entry,
    ...widths.map((w) =>
      sci(
        geometricMean(
          run.approximation
            .filter((r) => r.target === target && r.entry === entry && r.width === w)
            .map((r) => r.error),
        ),
      ),
    ),
  ]);
  return { header, rows };
}

const depthRuns = (run: ArenaResults, d: DepthDataset, e: UnitKind, init: InitName, depth: number) =>
  run.depth.filter((r) => r.dataset === d && r.entry === e && r.init === init && r.depth === depth);

export function depthTable(run: ArenaResults, dataset: DepthDataset): { header: string[]; rows: string[][] } {
  const { depths, entries, inits } = run.plan.depth;
  const header = ['activation', 'initialisation', ...depths.map((d) => `${d} layers`)];
  const rows = entries.flatMap((e) =>
    inits.map((init) => [
      e,
      initLabel(init),
      ...depths.map((d) => pm(meanSd(depthRuns(run, dataset, e, init, d).map((r) => r.testAccuracy)), 1, 100)),
    ]),
  );
  return { header, rows };
}

/** Gradient-norm ratio of the output layer to the first layer (geometric mean over seeds), at init and after. */
export function gradientTable(run: ArenaResults, dataset: DepthDataset): { header: string[]; rows: string[][] } {
  const deepest = Math.max(...run.plan.depth.depths);
  const header = ['activation', 'initialisation', 'output/input ‖∂W‖ at init', 'after training'];
  const ratio = (rs: readonly DepthResult[], pick: (r: DepthResult) => number[]) =>
    sci(geometricMean(rs.map((r) => pick(r).at(-1)! / pick(r)[0]!)));
  const rows = run.plan.depth.entries.flatMap((e) =>
    run.plan.depth.inits.map((init) => {
      const rs = depthRuns(run, dataset, e, init, deepest);
      return [e, initLabel(init), ratio(rs, (r) => r.initialGradientNorms), ratio(rs, (r) => r.finalGradientNorms)];
    }),
  );
  return { header, rows };
}

const geluRuns = (run: ArenaResults, e: UnitKind, p: number) =>
  run.gelu.filter((r) => r.entry === e && r.dropout === p);

export function geluTable(run: ArenaResults): { header: string[]; rows: string[][] } {
  const header = ['activation', 'dropout', 'last-epoch training loss: median [quartiles]', 'test acc %'];
  const rows = run.plan.gelu.dropouts.flatMap((p) =>
    run.plan.gelu.entries.map((e) => {
      const rs = geluRuns(run, e, p);
      const last = rs.map((r) => r.trainLossCurve.at(-1)!);
      return [
        e,
        p > 0 ? String(p) : 'none',
        `${quantile(last, 0.5).toFixed(3)} [${quantile(last, 0.25).toFixed(3)}, ${quantile(last, 0.75).toFixed(3)}]`,
        pm(meanSd(rs.map((r) => r.testAccuracy)), 1, 100),
      ];
    }),
  );
  return { header, rows };
}

// ——— claims ———

export function claimsTable(claims: readonly Claim[]): { header: string[]; rows: string[][] } {
  return {
    header: ['#', 'claim', 'effect', '95% interval', 'δ', 'seeds', 'verdict'],
    rows: claims.map((c, i) => [
      String(i + 1),
      c.claim,
      formatEffectWithUnit(c.primary),
      formatInterval(c.primary),
      formatMargin(c.primary),
      String(c.primary.n),
      verdictLabel(c.primary.verdict),
    ]),
  };
}

function _rowSentence(row: EffectRow): string {
  return `${row.label} ${formatEffect(row, row.estimate)} ${formatInterval(row)} (${verdictLabel(row.verdict)})`;
}

/** Parts of a claim grouped by verdict, e.g. "supported on spiral +30.1, moons +5.0; refuted on xor +0.2". */
function detailSentence(claim: Claim): string {
  if (claim.details.length === 0) return '';
  const groups = new Map<string, EffectRow[]>();
  for (const row of claim.details) {
    const key = verdictLabel(row.verdict);
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  return [...groups.entries()]
    .map(([word, rows]) => `${word}: ${rows.map((r) => `${r.label} ${formatEffect(r, r.estimate)}`).join(', ')}`)
    .join('; ');
}

/** The claim as one generated paragraph: verdict, effect, interval, method, and (optionally) the parts. */
export function claimSentence(claim: Claim, options: { parts?: boolean } = {}): string {
  const p = claim.primary;
  const method = claim.method === 'student-t' ? 'Student t' : 'bootstrap of the median';
  const parts = options.parts === false ? '' : detailSentence(claim);
  return (
    `**${claim.claim} — ${verdictLabel(p.verdict)}.** ${capitalise(claim.measure)}, ${p.label}: ` +
    `${formatEffectWithUnit(p)} (95% interval ${formatInterval(p)}, ${method} over ${p.n} seeds, δ ${formatMargin(p)}).` +
    (parts === '' ? '' : ` By part — ${parts}.`)
  );
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

function verdictCounts(claims: readonly Claim[]): string {
  const counts = new Map<string, number>();
  for (const c of claims)
    counts.set(verdictLabel(c.primary.verdict), (counts.get(verdictLabel(c.primary.verdict)) ?? 0) + 1);
  return [...counts.entries()].map(([w, n]) => `${n} ${w}`).join(', ');
}

// ——— markdown ———

/**
 * How long a run took and on what: kept out of arena.json (which must not depend on the machine or on --jobs), in a
 * timing.json beside it.
 */
export interface RunTiming {
  readonly seconds: number;
  /** CPU time of the whole process, every worker thread included. */
  readonly cpuSeconds: number;
  readonly jobs: number;
  readonly cores: number;
  /** 1-minute load average of the machine when the run started and when it ended. */
  readonly loadBefore: number;
  readonly loadAfter: number;
}

export interface RenderOptions {
  /** The run's timing, when known (a live run, or --from a folder with its timing.json). */
  readonly timing?: RunTiming;
  /** Prefix of the SVG links (relative to the markdown file). */
  readonly figures?: string;
}

/** "10 seeds (1–10), js kernel backend, 8.1 minutes wall time with `--jobs 2` (14.3 CPU-minutes)". */
export function runPhrase(run: ArenaRun, timing?: RunTiming): string {
  const seeds = run.plan.seeds;
  const time =
    timing === undefined
      ? ''
      : `, ${(timing.seconds / 60).toFixed(1)} minutes wall time with \`--jobs ${timing.jobs}\` ` +
        `(${(timing.cpuSeconds / 60).toFixed(1)} CPU-minutes)`;
  return `${seeds.length} seed${seeds.length === 1 ? '' : 's'} (${seeds[0]}–${seeds.at(-1)}), ${run.backend} kernel backend${time}`;
}

export function runLine(run: ArenaRun, timing?: RunTiming): string {
  return `${run.plan.quick ? 'Quick run' : 'Full run'}: ${runPhrase(run, timing)}.`;
}

export function quickWarning(plan: ArenaPlan): string | null {
  if (isConclusive(plan)) return null;
  const why = plan.quick
    ? 'This is a quick run (`--quick`): fewer seeds and far fewer epochs, so its numbers are under-trained'
    : `This run has ${plan.seeds.length} seeds, fewer than the ${MIN_SEEDS_FOR_VERDICT} a verdict needs`;
  return `> **Warning.** ${why}; every verdict below is only **indicative**. Run \`pnpm arena\` (${MIN_SEEDS_FOR_VERDICT} seeds, full epochs) for verdicts.`;
}

export function decisionRuleText(): string[] {
  return [
    'Every verdict comes from a **paired effect**: two networks trained on the same seed share their data split, the ' +
      'random stream of their initial weights and their batch order, so each seed gives one difference between them ' +
      '(oriented so that a positive value favours the claim). Accuracies and shares of units are differences in ' +
      'percentage points; errors, losses and gradient norms are ratios, averaged as logarithms and shown as a factor ×f.',
    `The effect is summarised as ${methodDescriptions['student-t']} — or, where the claim is about medians (the GELU ` +
      `paper's curves), as ${methodDescriptions['bootstrap-median']}. Where an experiment has several parts (setups, ` +
      'targets, data sets) the verdict uses the per-seed mean over the parts, and each part is listed with its own ' +
      'interval and verdict.',
    `The tie margin δ is ${formatMargin({ unit: 'points', margin: 1 })} of accuracy or share of units (two test ` +
      `points on the 200-point toy test sets) and a factor of ${formatMargin({ unit: 'factor', margin: Math.log10(1.1) })} ` +
      'for ratios (×2 for gradient norms). The rule:',
    `- ${decisionRules.superiority}`,
    `- ${decisionRules['non-inferiority']}`,
    `- ${decisionRules.equivalence}`,
    `- ${tiedDefinition}`,
    `- ${indicativeRule}`,
  ];
}

export function toMarkdown(run: ArenaRun, options: RenderOptions = {}): string {
  const fig = options.figures ?? '';
  const { plan } = run;
  const parts: string[] = ['# actlab arena', '', runLine(run, options.timing), ''];
  const warning = quickWarning(plan);
  if (warning !== null) parts.push(warning, '');
  parts.push('## How to read the verdicts', '', ...decisionRuleText().flatMap((p) => [wrapMarkdown(p), '']));
  if (run.claims.length > 0) {
    const { header, rows } = claimsTable(run.claims);
    parts.push(
      `## The claims (${verdictCounts(run.claims)})`,
      '',
      wrapMarkdown(
        'Columns: **effect** — the paired effect over seeds (points: a difference in percentage points; ×f: a ' +
          'ratio, averaged in log), oriented so that a positive difference or a factor above 1 favours the claim; ' +
          '**95% interval** — its Student-t (or, for medians, bootstrap) interval; **δ** — the tie margin; ' +
          '**seeds** — how many paired seeds; **verdict** — the rule above applied to the interval and δ. Each ' +
          'claim is then given part by part, each part with its own interval and verdict.',
      ),
      '',
      markdownTable(header, rows, [0, 1]),
      '',
    );
    run.claims.forEach((claim, i) => {
      parts.push(
        `### ${i + 1}. ${claim.claim}`,
        '',
        wrapMarkdown(claimSentence(claim)),
        '',
        wrapMarkdown(`Test: ${claim.test}. Effect: ${claim.measure}.`),
        '',
      );
      if (claim.details.length > 0) {
        parts.push(
          markdownTable(
            ['part', 'effect', '95% interval', 'verdict'],
            claim.details.map((r) => [
              r.label,
              formatEffect(r, r.estimate),
              formatInterval(r),
              verdictLabel(r.verdict),
            ]),
          ),
          '',
        );
      }
    });
  }
  const setups = ranSetups(run);
  if (setups.length > 0) {
    const summaries = summarize(run.setups);
    const overview = overviewTable(run);
    parts.push(
      "## Experiment 1: the guide's setups",
      '',
      'Each setup trains every activation once per seed with the same network shape, data and optimiser. Columns ' +
        '(each cell the mean ± sample standard deviation over the seeds): **train/test loss** — the final data loss ' +
        '(binary or multi-class cross-entropy, or MSE for sin); **train/test acc** — the final share classified ' +
        'right; **acc over epochs** — the test accuracy averaged over every epoch, the area under the learning curve ' +
        '(high when a network gets good early: the speed measure of the claims; for sin the same for the MSE); ' +
        '**epochs to …** — the first epoch at which the test metric met the threshold, averaged over the seeds that ' +
        'reached it (how many did, if not all); **dead** — hidden units whose gain is 0 on every training point (no ' +
        'gradient ever reaches their weights); **saturated** — units with |f′| < 0.01 on most training points (for ' +
        'RBF the gain is its output); **sat. at init** — the same before training.',
      '',
      `![Final test accuracy and MSE per setup](${fig}arena.svg)`,
      '',
      `![Learning curves per setup](${fig}arena-curves.svg)`,
      '',
      '### Overview: test accuracy % (classification) and test MSE (regression)',
      '',
      markdownTable(overview.header, overview.rows),
      '',
    );
    for (const setup of setups) {
      const { header, rows } = setupTable(setup, summaries);
      parts.push(
        `### ${setup.name}`,
        '',
        `${setup.description}; ${plan.setups.epochs[setup.name]} epochs.`,
        '',
        markdownTable(header, rows),
        '',
      );
    }
  }
  if (run.approximation.length > 0) {
    const a = plan.approximation;
    parts.push(
      '## Experiment 2: universal approximation',
      '',
      `One hidden layer of width 1, 2, 4, … ${a.maxWidth} fitted to each target on a grid over [−1, 1] ` +
        `(${a.points1d} points; ${a.points2d}×${a.points2d} for the 2-D bump). The hidden layer is random — unit j ` +
        `computes f(s·(u·x − t)) with a random direction u, an offset t uniform in [−1, 1] and a slope s log-uniform ` +
        `in [1, ${a.maxSlope}] (Maxout: the max of two such pieces; RBF: γ ${a.rbfGamma}, centres uniform in the ` +
        'domain) — and the output layer is the least-squares fit, the best any training of it could reach. The ' +
        'units of a narrow layer are the first units of the wide one, so width is the only thing that changes. The ' +
        "error is the mean squared error on the grid's midpoints divided by the target's variance there (1: no better " +
        'than a constant), the geometric mean over seeds. This measures what width can represent, apart from what an ' +
        'optimiser finds in a given number of steps (the other experiments measure training).',
      '',
      `![Approximation error against width](${fig}arena-approximation.svg)`,
      '',
    );
    for (const t of a.targets) {
      const { header, rows } = approximationTable(run, t);
      parts.push(`### ${t}: ${targetTable[t].formula}`, '', markdownTable(header, rows), '');
    }
  }
  if (run.depth.length > 0) {
    const d = plan.depth;
    const schemes = d.entries.map((e) => `${e}: ${schemeFor(e).name}`).join('; ');
    parts.push(
      '## Experiment 3: depth',
      '',
      `${d.depths.join(', ')} hidden layers of equal width (digits: ${d.digits.width} units, ` +
        `${describeOptimizer(d.digits.optimizer)}, batch ${d.digits.batchSize}, ${d.digits.epochs} epochs; spiral: ` +
        `${d.spiral.width} units, ${describeOptimizer(d.spiral.optimizer)}, batch ${d.spiral.batchSize}, ` +
        `${d.spiral.epochs} epochs), each activation with PyTorch's default initialisation (U(±1/√fan-in) for ` +
        `weights and biases) and with the recommended one, biases zero (${schemes}). Cells: final test accuracy %, ` +
        'mean ± sd over seeds. The gradient norms are ‖∂L/∂W‖ (Frobenius) of each layer on the first ' +
        `${d.digits.gradientRows} training points, before the first step and after the last.`,
      '',
      `![Accuracy against depth, and gradient norms per layer](${fig}arena-depth.svg)`,
      '',
    );
    for (const dataset of d.datasets) {
      const acc = depthTable(run, dataset);
      const grads = gradientTable(run, dataset);
      parts.push(
        `### ${dataset}: test accuracy %`,
        '',
        markdownTable(acc.header, acc.rows, [0, 1]),
        '',
        `### ${dataset}: gradient norm of the output layer over the first layer, ${Math.max(...d.depths)} hidden layers (geometric mean over seeds)`,
        '',
        markdownTable(grads.header, grads.rows, [0, 1]),
        '',
      );
    }
  }
  if (run.gelu.length > 0) {
    const g = plan.gelu;
    const { header, rows } = geluTable(run);
    parts.push(
      "## Experiment 4: the GELU paper's fully connected network",
      '',
      `Hendrycks & Gimpel (2016), section 3.1, at the scale of the digits data: ${g.depth} hidden layers of ${g.width} ` +
        `units, GELU, ReLU and ELU, without dropout and with dropout 0.5 after every hidden layer, weights initialised ` +
        `with unit-norm rows (as the paper), ${describeOptimizer(g.optimizer)}, batch ${g.batchSize}, ${g.epochs} ` +
        'epochs (the paper: MNIST, 50 epochs; these curves are the start of training). The training loss is the mean ' +
        'mini-batch loss of each epoch, with dropout on where it is used, as the paper plots it; the curves are the ' +
        'median over seeds with the interquartile range shaded.',
      '',
      `![Median training loss per epoch](${fig}arena-gelu.svg)`,
      '',
      markdownTable(header, rows, [0, 1]),
      '',
    );
  }
  return `${wrapParagraphs(parts).join('\n').trimEnd()}\n`;
}

// ——— SVG figures ———

const accuracyAxis = (label: string): Axis => ({
  min: 0,
  max: 1,
  ticks: [0, 0.25, 0.5, 0.75, 1],
  format: (v) => `${Math.round(v * 100)}%`,
  label,
});

function logAxis(values: readonly number[], label: string, floor = 1e-12): Axis {
  const finite = values.filter((v) => Number.isFinite(v) && v > 0);
  const lo = Math.max(floor, 10 ** Math.floor(Math.log10(Math.min(...finite, 1))));
  const hi = 10 ** Math.ceil(Math.log10(Math.max(...finite, lo * 10)));
  return { min: lo, max: hi, log: true, ticks: decadeTicks(lo, hi), format: formatDecade, label };
}

/** Where panel i of a grid of `columns` panels goes. */
function grid(columns: number, width: number, height: number, top: number) {
  return (i: number) => ({
    x: 10 + (i % columns) * (width + 10),
    y: top + Math.floor(i / columns) * (height + 10),
    width,
    height,
  });
}

/** Final test accuracy (axis from 0%) or test MSE (log axis: it spans decades) per activation, ± 1 sd whiskers. */
export function overviewSvg(run: ArenaRun): string {
  const setups = ranSetups(run);
  const summaries = summarize(run.setups);
  const entries = run.plan.setups.entries;
  const columns = Math.min(3, Math.max(1, setups.length));
  const height = 60 + entries.length * 16;
  const at = grid(columns, 330, height, 36);
  const body = setups.flatMap((setup, i) => {
    const classification = isClassification(setup);
    const rows = entries.map((e) => summaries.find((s) => s.setup === setup.name && s.entry === e));
    const stat = (s: Summary | undefined) =>
      s === undefined ? undefined : classification ? s.testAccuracy : s.testLoss;
    const axis: Axis = classification
      ? accuracyAxis('test accuracy')
      : logAxis(
          rows.map((s) => stat(s)?.mean ?? Number.NaN),
          'test MSE, log scale: shorter is better',
        );
    return barPanel(
      at(i),
      setup.name,
      classification
        ? 'axis from 0%; whiskers ± 1 sd over seeds'
        : 'MSE spans decades, so a log axis (no zero); ± 1 sd',
      axis,
      entries.map((e, k) => {
        const m = stat(rows[k]);
        return {
          name: e,
          color: colorOf(e),
          value: m?.mean ?? Number.NaN,
          low: m === undefined ? undefined : Math.max(axis.min, m.mean - m.sd),
          high: m === undefined ? undefined : m.mean + m.sd,
          label:
            m === undefined
              ? 'not run'
              : !Number.isFinite(m.mean)
                ? 'diverged'
                : classification
                  ? `${(m.mean * 100).toFixed(1)}%`
                  : sci(m.mean),
        };
      }),
    );
  });
  const rowsOfPanels = Math.ceil(setups.length / columns);
  const title = `actlab arena: final test accuracy and MSE per activation, mean ± sd over ${run.plan.seeds.length} seeds${run.plan.quick ? ' (quick run)' : ''}`;
  return svgDocument(columns * 340 + 10, 46 + rowsOfPanels * (height + 10), title, title, body);
}

/** Per setup, the test accuracy (or test MSE) per epoch: the mean over seeds with ± 1 sd shaded. */
export function curvesSvg(run: ArenaRun): string {
  const setups = ranSetups(run);
  const entries = run.plan.setups.entries;
  const columns = Math.min(3, Math.max(1, setups.length));
  const legendWidth = columns * 340 - 20;
  const top = 44 + 16 * legendRows(entries, legendWidth);
  const at = grid(columns, 330, 230, top);
  const body = [
    ...legend(
      12,
      44,
      entries.map((e) => ({ name: e, color: colorOf(e) })),
      legendWidth,
    ),
  ];
  setups.forEach((setup, i) => {
    const classification = isClassification(setup);
    const runsOf = (e: string) => run.setups.filter((r) => r.setup === setup.name && r.entry === e);
    const curve = (r: RunResult) => (classification ? r.testAccuracyCurve : r.testLossCurve);
    const series: Series[] = entries.flatMap((e) => {
      const rs = runsOf(e);
      if (rs.length === 0) return [];
      const x = rs[0]!.curveEpochs;
      if (!classification) {
        // On the log axis the band is ± 1 sd of log10(MSE) around the geometric mean: mean − sd of the MSE itself
        // can fall below zero, where a log axis has no place for it.
        const logs = x.map((_, k) => meanSd(rs.map((r) => Math.log10(curve(r)[k]!))));
        return [
          {
            name: e,
            color: colorOf(e),
            x,
            y: logs.map((s) => 10 ** s.mean),
            low: logs.map((s) => 10 ** (s.mean - s.sd)),
            high: logs.map((s) => 10 ** (s.mean + s.sd)),
          },
        ];
      }
      const stats = x.map((_, k) => meanSd(rs.map((r) => curve(r)[k]!)));
      return [
        {
          name: e,
          color: colorOf(e),
          x,
          y: stats.map((s) => s.mean),
          low: stats.map((s) => s.mean - s.sd),
          high: stats.map((s) => s.mean + s.sd),
        },
      ];
    });
    const epochs = run.plan.setups.epochs[setup.name] ?? 1;
    const xAxis: Axis = {
      min: 0,
      max: epochs,
      ticks: [0, epochs / 2, epochs],
      format: (v) => String(Math.round(v)),
      label: 'epoch',
    };
    const yAxis = classification
      ? accuracyAxis('test accuracy')
      : logAxis(
          series.flatMap((s) => s.y),
          'test MSE (log)',
          1e-5,
        );
    body.push(
      ...linePanel(
        at(i),
        setup.name,
        classification
          ? 'mean over seeds, ± 1 sd shaded; axis from 0%'
          : 'log axis (MSE spans decades); geo. mean ± 1 sd of log',
        xAxis,
        yAxis,
        series,
      ),
    );
  });
  const rowsOfPanels = Math.ceil(setups.length / columns);
  const title = `actlab arena: learning curves, mean over ${run.plan.seeds.length} seeds with ± 1 sd (MSE: geometric mean)`;
  return svgDocument(columns * 340 + 10, top + 10 + rowsOfPanels * 240, title, title, body);
}

/** Error against width per target, log–log (errors span many decades; neither axis can start at zero). */
export function approximationSvg(run: ArenaRun): string {
  const a = run.plan.approximation;
  const entries = a.entries;
  const widths = [...new Set(run.approximation.map((r) => r.width))].sort((x, y) => x - y);
  const top = 44 + 16 * legendRows(entries);
  const at = grid(2, 420, 270, top);
  const body = legend(
    12,
    44,
    entries.map((e) => ({ name: e, color: colorOf(e), dashed: e === 'identity' })),
  );
  a.targets.forEach((t, i) => {
    const series: Series[] = entries.map((e) => {
      const logs = widths.map((w) =>
        meanSd(
          run.approximation
            .filter((r) => r.target === t && r.entry === e && r.width === w)
            .map((r) => Math.log10(r.error)),
        ),
      );
      return {
        name: e,
        color: colorOf(e),
        x: widths,
        y: logs.map((s) => 10 ** s.mean),
        low: logs.map((s) => 10 ** (s.mean - s.sd)),
        high: logs.map((s) => 10 ** (s.mean + s.sd)),
        dashed: e === 'identity',
      };
    });
    const xAxis: Axis = {
      min: 1,
      max: a.maxWidth,
      log: true,
      ticks: widths.filter((_, k) => k % 2 === 0),
      format: String,
      label: 'width (log)',
    };
    body.push(
      ...linePanel(
        at(i),
        `${t}: ${targetTable[t].formula}`,
        'log–log: the error falls over decades, so neither axis starts at 0; ± 1 sd (of log) shaded',
        xAxis,
        logAxis(
          series.flatMap((s) => s.y),
          'normalised error (log)',
          1e-12,
        ),
        series,
      ),
    );
  });
  const title = `actlab arena: approximation error against width, one hidden layer, geometric mean over ${run.plan.seeds.length} seeds`;
  return svgDocument(870, top + 10 + Math.ceil(a.targets.length / 2) * 280, title, title, body);
}

/** Test accuracy against depth (axis from 0%) per data set and initialisation, and per-layer gradient norms (log). */
export function depthSvg(run: ArenaRun): string {
  const d = run.plan.depth;
  const deepest = Math.max(...d.depths);
  const panels: { title: string; note: string; xAxis: Axis; yAxis: Axis; series: Series[] }[] = [];
  const depthAxis: Axis = {
    min: Math.min(...d.depths),
    max: deepest,
    ticks: d.depths,
    format: String,
    label: 'hidden layers',
  };
  for (const dataset of d.datasets) {
    for (const init of d.inits) {
      panels.push({
        title: `${dataset}, ${initLabel(init)} init: test accuracy`,
        note: 'mean over seeds, ± 1 sd shaded; axis from 0%',
        xAxis: depthAxis,
        yAxis: accuracyAxis('test accuracy'),
        series: d.entries.map((e) => {
          const stats = d.depths.map((depth) =>
            meanSd(depthRuns(run, dataset, e, init, depth).map((r) => r.testAccuracy)),
          );
          return {
            name: e,
            color: colorOf(e),
            x: d.depths,
            y: stats.map((s) => s.mean),
            low: stats.map((s) => s.mean - s.sd),
            high: stats.map((s) => s.mean + s.sd),
          };
        }),
      });
    }
  }
  for (const dataset of d.datasets) {
    for (const when of ['initial', 'final'] as const) {
      const series: Series[] = d.entries.flatMap((e) =>
        d.inits.map((init) => {
          const rs = depthRuns(run, dataset, e, init, deepest);
          const norms = (r: DepthResult) => (when === 'initial' ? r.initialGradientNorms : r.finalGradientNorms);
          const layers = rs.length === 0 ? [] : norms(rs[0]!).map((_, k) => k + 1);
          const logs = layers.map((_, k) => meanSd(rs.map((r) => Math.log10(norms(r)[k]!))));
          return {
            name: `${e} (${init})`,
            color: colorOf(e),
            x: layers,
            y: logs.map((s) => 10 ** s.mean),
            dashed: init === 'default',
          };
        }),
      );
      panels.push({
        title: `${dataset}, ${deepest} layers: ‖∂L/∂W‖ per layer ${when === 'initial' ? 'at initialisation' : 'after training'}`,
        note: 'log axis (norms span decades, no zero); dashed: PyTorch default init, solid: Xavier/Kaiming',
        xAxis: {
          min: 1,
          max: deepest + 1,
          ticks: [1, Math.round((deepest + 2) / 2), deepest + 1],
          format: (v) => (v === deepest + 1 ? 'out' : String(v)),
          label: 'layer (input side first)',
        },
        yAxis: logAxis(
          series.flatMap((s) => s.y),
          '‖∂L/∂W‖ (log)',
          1e-14,
        ),
        series,
      });
    }
  }
  const at = grid(2, 420, 250, 58);
  const body = [
    ...legend(
      12,
      44,
      d.entries.map((e) => ({ name: e, color: colorOf(e) })),
    ),
    ...panels.flatMap((p, i) => linePanel(at(i), p.title, p.note, p.xAxis, p.yAxis, p.series)),
  ];
  const title = `actlab arena: depth, ${run.plan.seeds.length} seeds`;
  return svgDocument(870, 68 + Math.ceil(panels.length / 2) * 260, title, title, body);
}

/** Median training loss per epoch with the interquartile range, per dropout setting; axis from 0. */
export function geluSvg(run: ArenaRun): string {
  const g = run.plan.gelu;
  const at = grid(2, 420, 260, 58);
  const body = [
    ...legend(
      12,
      44,
      g.entries.map((e) => ({ name: e, color: colorOf(e) })),
    ),
  ];
  g.dropouts.forEach((p, i) => {
    const series: Series[] = g.entries.map((e) => {
      const rs = geluRuns(run, e, p);
      const epochs = Array.from({ length: g.epochs }, (_, k) => k + 1);
      const at = (k: number) => rs.map((r) => r.trainLossCurve[k]!);
      return {
        name: e,
        color: colorOf(e),
        x: epochs,
        y: epochs.map((_, k) => quantile(at(k), 0.5)),
        low: epochs.map((_, k) => quantile(at(k), 0.25)),
        high: epochs.map((_, k) => quantile(at(k), 0.75)),
      };
    });
    const top = Math.max(...series.flatMap((s) => s.high ?? []).filter(Number.isFinite), 0.1);
    const yMax = Math.ceil(top * 2) / 2;
    body.push(
      ...linePanel(
        at(i),
        `${g.depth} × ${g.width}, ${p > 0 ? `dropout ${p}` : 'no dropout'}: training loss`,
        'median over seeds, interquartile range shaded; axis from 0',
        {
          min: 1,
          max: g.epochs,
          ticks: Array.from({ length: g.epochs }, (_, k) => k + 1),
          format: String,
          label: 'epoch',
        },
        {
          min: 0,
          max: yMax,
          ticks: [0, yMax / 2, yMax],
          format: (v) => v.toFixed(2),
          label: 'training loss (cross-entropy)',
        },
        series,
      ),
    );
  });
  const title = `actlab arena: the GELU paper's fully connected network on digits, median over ${run.plan.seeds.length} seeds`;
  return svgDocument(870, 68 + Math.ceil(g.dropouts.length / 2) * 270, title, title, body);
}

/** Every figure of the run, by file name (only those of experiments that ran). */
export function figures(run: ArenaRun): Record<string, string> {
  const out: Record<string, string> = {};
  if (run.setups.length > 0) {
    out['arena.svg'] = overviewSvg(run);
    out['arena-curves.svg'] = curvesSvg(run);
  }
  if (run.approximation.length > 0) out['arena-approximation.svg'] = approximationSvg(run);
  if (run.depth.length > 0) out['arena-depth.svg'] = depthSvg(run);
  if (run.gelu.length > 0) out['arena-gelu.svg'] = geluSvg(run);
  return out;
}
