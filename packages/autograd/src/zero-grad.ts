import { checkBoolean, checkOptions, describeValue } from '@actlab/kernels';
import { Tensor } from './tensor';

/** Options of `zeroGrad`. */
export interface ZeroGradOptions {
  /** true (default, PyTorch's set_to_none): grad becomes null. false: existing grads are filled with zeros. */
  setToNone?: boolean | undefined;
}

/** Reset the gradients of `tensors` (an optimiser's or a module's parameters) before the next backward. */
export function zeroGrad(tensors: Iterable<Tensor>, options: ZeroGradOptions = {}): void {
  if (
    typeof tensors !== 'object' ||
    tensors === null ||
    typeof (tensors as { [Symbol.iterator]?: unknown })[Symbol.iterator] !== 'function'
  ) {
    throw new Error(
      `zeroGrad: tensors must be an iterable of Tensors (e.g. model.parameters()), got ${describeValue(tensors)}`,
    );
  }
  checkOptions('zeroGrad', options, ['setToNone']);
  const { setToNone = true } = options;
  checkBoolean('zeroGrad', 'setToNone', setToNone);
  let i = 0;
  for (const t of tensors) {
    if (!(t instanceof Tensor)) throw new Error(`zeroGrad: tensors[${i}] must be a Tensor, got ${describeValue(t)}`);
    t.zeroGrad(setToNone);
    i++;
  }
}
