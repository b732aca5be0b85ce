import type { Summary } from './run';
import type { ArenaEntry, SetupName } from './setups';

/** Read off the summaries: for each of the guide's claims, what the numbers say (not what the guide says). */
export function assessClaims(summaries: readonly Summary[]): string[] {
  const get = (setup: SetupName, entry: ArenaEntry) => summaries.find((s) => s.setup === setup && s.entry === entry);
  const setupsWith = (...entries: ArenaEntry[]) =>
    [...new Set(summaries.map((s) => s.setup))].filter((setup) => entries.every((e) => get(setup, e) !== undefined));
  const pct = (v: number) => `${(v * 100).toFixed(1)}%`;
  const claims: string[] = [];

  const identity = get('xor', 'identity');
  const xorBest = summaries
    .filter((s) => s.setup === 'xor')
    .sort((a, b) => b.testAccuracy.mean - a.testAccuracy.mean)[0];
  if (identity !== undefined && xorBest !== undefined) {
    const supported = identity.testAccuracy.mean < 0.75 && xorBest.testAccuracy.mean > 0.9;
    claims.push(
      `**No non-linearity, no XOR** — ${supported ? 'supported' : 'not supported'}: the identity network reaches ` +
        `${pct(identity.testAccuracy.mean)} test accuracy on XOR, ${xorBest.entry} ${pct(xorBest.testAccuracy.mean)}.`,
    );
  }

  /**
   * a against b on every setup both ran: the final test metric (accuracy within 0.5 points, or MSE within 10%,
   * counts as a tie) and the speed (epochs to the setup's threshold; never reaching it is slowest).
   */
  const versus = (a: ArenaEntry, b: ArenaEntry) => {
    const setups = setupsWith(a, b);
    let better = 0;
    let tied = 0;
    let faster = 0;
    const speeds: string[] = [];
    for (const setup of setups) {
      const x = get(setup, a)!;
      const y = get(setup, b)!;
      const regression = !Number.isFinite(x.testAccuracy.mean);
      const diff = regression
        ? (y.testLoss.mean - x.testLoss.mean) / Math.max(1e-12, Math.max(x.testLoss.mean, y.testLoss.mean))
        : x.testAccuracy.mean - y.testAccuracy.mean;
      if (Math.abs(diff) < (regression ? 0.1 : 0.005)) tied++;
      else if (diff > 0) better++;
      const epochs = (s: Summary) => (s.reached === s.seeds ? s.epochsToThreshold.mean : Number.POSITIVE_INFINITY);
      const show = (s: Summary) => (s.reached === s.seeds ? s.epochsToThreshold.mean.toFixed(0) : 'never');
      if (epochs(x) < epochs(y)) faster++;
      speeds.push(`${setup} ${show(x)} vs ${show(y)}`);
    }
    const n = setups.length;
    const detail =
      `final test accuracy/MSE better on ${better}, tied on ${tied}, worse on ${n - better - tied} of ${n} setups; ` +
      `reaches the threshold first on ${faster} of ${n} (epochs ${a} vs ${b}: ${speeds.join(', ')})`;
    return { n, better, tied, worse: n - better - tied, faster, detail };
  };
  const verdict = (v: { n: number; worse: number; faster: number; better: number }) => {
    if (v.n === 0) return 'not measured';
    if (v.worse * 3 <= v.n && (v.faster * 3 >= v.n * 2 || v.better * 3 >= v.n * 2)) return 'supported';
    if (v.worse * 3 >= v.n * 2 && v.faster * 3 <= v.n) return 'not supported';
    return 'mixed';
  };

  const tanh = versus('tanh', 'sigmoid');
  if (tanh.n > 0) claims.push(`**tanh beats sigmoid in hidden layers** — ${verdict(tanh)}: tanh's ${tanh.detail}.`);

  const reluSetups = setupsWith('relu', 'leakyRelu');
  if (reluSetups.length > 0) {
    const reluDead = reluSetups.map((s) => get(s, 'relu')!.deadFraction.mean);
    const leakyDead = reluSetups.map((s) => get(s, 'leakyRelu')!.deadFraction.mean);
    const maxRelu = Math.max(...reluDead);
    const maxLeaky = Math.max(...leakyDead);
    const worst = reluSetups[reluDead.indexOf(maxRelu)];
    claims.push(
      `**ReLU leaves dead units, LeakyReLU fixes it** — ${maxRelu > 0 && maxLeaky === 0 ? 'supported' : maxRelu === 0 ? 'not seen here' : 'mixed'}: ` +
        `ReLU dead units up to ${pct(maxRelu)} (${worst}), mean ${pct(reluDead.reduce((a, b) => a + b, 0) / reluDead.length)}; ` +
        `LeakyReLU at most ${pct(maxLeaky)} (its gradient is never exactly 0).`,
    );
  }

  const softplus = versus('softplus', 'relu');
  if (softplus.n > 0) {
    const inverted = {
      ...softplus,
      better: softplus.worse,
      worse: softplus.better,
      faster: softplus.n - softplus.faster,
    };
    claims.push(
      `**Softplus is smoother but usually less effective than ReLU** — ${verdict(inverted)}: softplus's ${softplus.detail}.`,
    );
  }

  const swish = versus('swish', 'relu');
  if (swish.n > 0) claims.push(`**Swish often beats ReLU** — ${verdict(swish)}: swish's ${swish.detail}.`);

  /** Competition rank (1 + how many did strictly better) by test accuracy, or by test MSE for regression. */
  const rank = (setup: SetupName, entry: ArenaEntry) => {
    const all = summaries.filter((s) => s.setup === setup);
    const score = (s: Summary) => {
      if (Number.isFinite(s.testAccuracy.mean)) return s.testAccuracy.mean;
      return Number.isFinite(s.testLoss.mean) ? -s.testLoss.mean : Number.NEGATIVE_INFINITY;
    };
    const own = score(get(setup, entry)!);
    return { position: 1 + all.filter((s) => score(s) > own + 1e-9).length, of: all.length };
  };
  const maxoutSetups = setupsWith('maxout');
  if (maxoutSetups.length > 0) {
    const ranks = maxoutSetups.map((s) => `${s} ${rank(s, 'maxout').position}/${rank(s, 'maxout').of}`);
    claims.push(
      `**Maxout learns its own piecewise-linear shape** — a shape cannot be read off a table; what the numbers show is that ` +
        `it trains as well as the fixed activations (rank by test accuracy or MSE: ${ranks.join(', ')}), with no dead units ` +
        `(${pct(Math.max(...maxoutSetups.map((s) => get(s, 'maxout')!.deadFraction.mean)))} at most). The playground draws the learned shape per unit.`,
    );
  }

  const rbfSetups = setupsWith('rbf');
  if (rbfSetups.length > 0) {
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const atInit = mean(rbfSetups.map((s) => get(s, 'rbf')!.initialSaturatedFraction.mean));
    const atEnd = mean(rbfSetups.map((s) => get(s, 'rbf')!.saturatedFraction.mean));
    const ranks = rbfSetups.map((s) => `${s} ${rank(s, 'rbf').position}/${rank(s, 'rbf').of}`);
    const lowHalf = rbfSetups.filter((s) => rank(s, 'rbf').position * 2 > rank(s, 'rbf').of).length;
    claims.push(
      `**RBF units saturate and are hard to optimise** — ${atInit > 0.3 && lowHalf * 2 > rbfSetups.length ? 'supported' : 'partly'}: ` +
        `${pct(atInit)} of RBF units start saturated (output < 0.01 on most points) and ${pct(atEnd)} end so, on average ` +
        `over the setups; rank by test accuracy or MSE: ${ranks.join(', ')} (lower half on ${lowHalf} of ${rbfSetups.length}).`,
    );
  }

  const digits = ['tanh', 'relu', 'sigmoid'].map((e) => get('digits', e as ArenaEntry));
  if (digits.every((d) => d !== undefined)) {
    const [t, r, s] = digits.map((d) => d!.testAccuracy);
    claims.push(
      `**Digits vs scikit-learn's MLP** (about 97% with tanh and relu, 96% with logistic): here tanh ` +
        `${pct(t.mean)} ± ${pct(t.sd)}, relu ${pct(r.mean)} ± ${pct(r.sd)}, sigmoid ${pct(s.mean)} ± ${pct(s.sd)}.`,
    );
  }
  return claims;
}
