/**
 * Internal helpers for walking several row-major operands over one iteration shape. Dimensions of size 1 are
 * dropped and adjacent dimensions that are contiguous in every operand are merged, so a broadcast like
 * [N, D] + [D] becomes N runs of D contiguous elements and the caller's inner loop sees only strides 0 or 1.
 */
import type { Shape } from './types';

/** Element strides of an operand of `shape` aligned to `target` (trailing alignment), 0 on broadcast axes. */
export function alignedStrides(shape: Shape, target: Shape): number[] {
  const rank = target.length;
  const offset = rank - shape.length;
  const strides = new Array<number>(rank).fill(0);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    const d = shape[i]!;
    strides[i + offset] = d === 1 ? 0 : acc;
    acc *= d;
  }
  return strides;
}

export interface CollapsedIteration {
  readonly shape: number[];
  /** strides[operand][dim] */
  readonly strides: number[][];
}

/** Drop size-1 dimensions and merge dimensions that are contiguous for every operand. */
export function collapseDims(shape: Shape, strides: readonly (readonly number[])[]): CollapsedIteration {
  const outShape: number[] = [];
  const outStrides: number[][] = strides.map(() => []);
  let size = 1;
  let current: number[] | null = null;
  for (let i = shape.length - 1; i >= 0; i--) {
    const d = shape[i]!;
    if (d === 1) continue;
    if (current !== null) {
      let mergeable = true;
      for (let k = 0; k < strides.length; k++) {
        if (strides[k]![i] !== current[k]! * size) {
          mergeable = false;
          break;
        }
      }
      if (mergeable) {
        size *= d;
        continue;
      }
      outShape.push(size);
      for (let k = 0; k < strides.length; k++) outStrides[k]!.push(current[k]!);
    }
    current = strides.map((s) => s[i]!);
    size = d;
  }
  if (current === null) {
    // Every dimension was 1: a single element.
    return { shape: [1], strides: strides.map(() => [0]) };
  }
  outShape.push(size);
  for (let k = 0; k < strides.length; k++) outStrides[k]!.push(current[k]!);
  outShape.reverse();
  for (const s of outStrides) s.reverse();
  return { shape: outShape, strides: outStrides };
}
