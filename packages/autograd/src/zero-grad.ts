import type { Tensor } from './tensor';

/** Options of `zeroGrad`. */
export interface ZeroGradOptions {
  /** true (default, PyTorch's set_to_none): grad becomes null. false: existing grads are filled with zeros. */
  setToNone?: boolean;
}

/** Reset the gradients of `tensors` (an optimiser's or a module's parameters) before the next backward. */
export function zeroGrad(tensors: Iterable<Tensor>, options: ZeroGradOptions = {}): void {
  const setToNone = options.setToNone ?? true;
  for (const t of tensors) t.zeroGrad(setToNone);
}
