import type { LayerSummary } from '../train/session';

export interface Health {
  readonly word: string;
  readonly kind: 'bad' | 'warn' | 'good';
}

/** A gradient this much smaller than the output layer's has vanished; ten times larger is still weak. */
export const VANISHED = 1e-3;
export const WEAK = 1e-2;

function oneIn(share: number): string {
  const n = 1 / share;
  return n >= 1e4 ? `1/${n.toExponential(0).replace('e+', 'e')}` : `1/${Math.round(n).toLocaleString('en-US')}`;
}

/**
 * A hidden layer's state in words. Never "learning" while a unit is dead or saturated, or while the gradient
 * reaching the layer (‖∂loss/∂W‖, `gradientShare` of the output layer's; NaN before the first epoch) has all but
 * vanished — a deep sigmoid layer can have no saturated unit and still learn nothing.
 */
export function layerHealth(s: LayerSummary, gradientShare: number): Health {
  if (s.dead === s.units) return { word: 'dead: no gradient reaches it', kind: 'bad' };
  if (s.saturated === s.units) return { word: 'saturated: almost no gradient gets through', kind: 'bad' };
  if (gradientShare < VANISHED) {
    return { word: `gradient vanished: ${oneIn(gradientShare)} of the output layer's`, kind: 'bad' };
  }
  if (s.dead > 0) return { word: `${s.dead} of ${s.units} units dead`, kind: 'warn' };
  if (s.saturated > 0) return { word: `${s.saturated} of ${s.units} units saturated`, kind: 'warn' };
  if (gradientShare < WEAK)
    return { word: `weak gradient: ${oneIn(gradientShare)} of the output layer's`, kind: 'warn' };
  return { word: 'learning', kind: 'good' };
}
