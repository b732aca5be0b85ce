import { type ArenaPlan, makePlan } from './plan';

/** Every experiment at a few seconds' size: 2 seeds, a few epochs, narrow layers. */
export function tinyPlan(): ArenaPlan {
  const plan = makePlan({ quick: true, seeds: 2, setups: ['xor', 'sin'], entries: ['relu', 'tanh', 'identity'] });
  return {
    ...plan,
    setups: { ...plan.setups, epochs: { xor: 3, sin: 2 } },
    approximation: { ...plan.approximation, targets: ['abs'], entries: ['tanh', 'identity'], maxWidth: 8 },
    depth: {
      ...plan.depth,
      datasets: ['spiral'],
      depths: [2, 3],
      entries: ['sigmoid', 'relu'],
      spiral: { ...plan.depth.spiral, epochs: 2 },
    },
    gelu: { ...plan.gelu, entries: ['gelu', 'relu'], depth: 2, width: 16, epochs: 1 },
  };
}
