// The js fused optimiser updates (the reference of the OptimizerKernels family) against torch.optim 1.13.
import { describe, expect, test } from 'vitest';
import { optimizerCases, runOptimizerCase, torchMismatches } from './fused-fixtures';
import { adamUpdate, sgdUpdate } from './optimizer-updates';

describe('optimiser updates match torch.optim (float32, rtol 1.3e-6, atol 1e-5, after each of 5 steps)', () => {
  test.each(optimizerCases.map((c) => [c.label, c] as const))('%s', (_label, c) => {
    const after = runOptimizerCase(c, { sgdUpdate, adamUpdate });
    after.forEach((p, step) => {
      expect(torchMismatches(p, c.after[step]!), `step ${step + 1}`).toEqual([]);
    });
  });
});
