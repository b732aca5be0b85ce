// The playground lists activations from the one table in @actlab/kernels, so a new entry shows up here by itself.
export type { ActivationName } from '@actlab/kernels';
export { activationNames } from '@actlab/kernels';
