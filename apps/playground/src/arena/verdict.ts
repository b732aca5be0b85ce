import { bootstrapInterval, type Interval, median, tInterval } from './stats';

/**
 * The decision rule every verdict of the arena follows. An effect is oriented so that a positive value favours the
 * claim; it is measured per seed (both sides of a comparison trained on the same seed: the same data, the same
 * weight stream, the same batch order) and summarised with a two-sided 95% interval. δ (the tie margin) is the
 * smallest difference that counts; the interval lying within [−δ, +δ] is what "tied" means.
 */

export type ClaimTest = 'superiority' | 'non-inferiority' | 'equivalence';
export type VerdictWord = 'supported' | 'refuted' | 'inconclusive' | 'indicative';
export type Leaning = 'for' | 'against' | 'unclear';

export interface Verdict {
  readonly word: VerdictWord;
  /** For "indicative" verdicts (a quick run, or fewer than 10 seeds): where the full rule would have landed. */
  readonly leaning: Leaning | null;
}

/** The rule in words, as the reports print it. */
export const decisionRules: Readonly<Record<ClaimTest, string>> = {
  superiority:
    'A claim that one side is better is **refuted** when the interval lies entirely below +δ (any advantage is smaller ' +
    'than the tie margin: tied or worse), **supported** otherwise when it lies entirely above 0, and **inconclusive** ' +
    'when it straddles 0 and reaches beyond +δ.',
  'non-inferiority':
    'A claim that one side is at least as good is **supported** when the interval lies entirely above −δ, **refuted** ' +
    'when it lies entirely below −δ, and **inconclusive** otherwise.',
  equivalence:
    'A claim of no difference is **supported** when the interval lies within [−δ, +δ] (tied), **refuted** when it lies ' +
    'entirely outside, and **inconclusive** otherwise.',
};

export const tiedDefinition =
  '**Tied** means the 95% interval of the paired difference lies within [−δ, +δ], the tie margin: the data rule out ' +
  'any difference larger than δ in either direction.';

export const indicativeRule =
  'A quick run (`--quick`), or any run with fewer than 10 seeds, labels every verdict **indicative** (leaning for, ' +
  'against, or unclear, by the same rule) and never supported or refuted: its networks are under-trained and its ' +
  'intervals too wide to decide.';

/** Applies the rule to an interval [low, high] with tie margin δ. */
export function decide(test: ClaimTest, low: number, high: number, margin: number, conclusive: boolean): Verdict {
  let word: 'supported' | 'refuted' | 'inconclusive' = 'inconclusive';
  if (Number.isFinite(low) && Number.isFinite(high)) {
    if (test === 'superiority') word = high <= margin ? 'refuted' : low > 0 ? 'supported' : 'inconclusive';
    else if (test === 'non-inferiority')
      word = low > -margin ? 'supported' : high < -margin ? 'refuted' : 'inconclusive';
    else if (low >= -margin && high <= margin) word = 'supported';
    else if (low > margin || high < -margin) word = 'refuted';
  }
  if (conclusive) return { word, leaning: null };
  return { word: 'indicative', leaning: word === 'supported' ? 'for' : word === 'refuted' ? 'against' : 'unclear' };
}

export function verdictLabel(v: Verdict): string {
  return v.word === 'indicative' ? `indicative (leans ${v.leaning === 'unclear' ? 'neither way' : v.leaning})` : v.word;
}

/** How an effect's per-seed values are summarised into an interval. */
export type IntervalMethod = 'student-t' | 'bootstrap-median';

export const methodDescriptions: Readonly<Record<IntervalMethod, string>> = {
  'student-t': 'the mean over seeds with a Student-t 95% interval (mean ± t₀.₉₇₅,ₙ₋₁ · sd/√n, n seeds, paired by seed)',
  'bootstrap-median':
    'the median over seeds with a 95% percentile-bootstrap interval (10,000 resamples of the seeds, seeded, paired by seed)',
};

export function intervalOf(values: readonly number[], method: IntervalMethod): Interval {
  if (values.some((v) => !Number.isFinite(v))) {
    return {
      estimate: Number.NaN,
      low: Number.NaN,
      high: Number.NaN,
      n: values.length,
      level: 0.95,
      method: 'student-t',
    };
  }
  return method === 'student-t' ? tInterval(values) : bootstrapInterval(values, median, { resamples: 10_000, seed: 1 });
}
