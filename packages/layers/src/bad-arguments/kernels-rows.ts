/** Rows of the bad-argument sweep for @actlab/kernels. */
import type { Row } from './harness';

export const kernelsRows: readonly Row[] = [];
export const kernelsExempt: Readonly<Record<string, string>> = {};
