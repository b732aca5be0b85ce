/**
 * Writes fixtures/onnx/<model>.onnx (opset 17) for every model of src/onnx-test-models.ts, for
 * fixtures/check_onnx.py to run onnx's checker over. Run after changing the exporter, then commit both:
 * `pnpm --filter @actlab/layers exec node --import tsx scripts/write-onnx-fixtures.ts && /usr/bin/python3 fixtures/check_onnx.py`
 * (uses the built dist of kernels and autograd; layers from source).
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { exportOnnx } from '../src/onnx';
import { onnxTestModels } from '../src/onnx-test-models';

const dir = new URL('../fixtures/onnx/', import.meta.url);
mkdirSync(dir, { recursive: true });
for (const file of readdirSync(dir)) if (file.endsWith('.onnx')) rmSync(new URL(file, dir));
for (const model of onnxTestModels) {
  writeFileSync(new URL(`${model.name}.onnx`, dir), exportOnnx(model.build(), { inputShape: model.inputShape }));
}
console.log(`wrote ${onnxTestModels.length} models to ${dir.pathname}`);
