// Renders docs/activations.md from the kernels' activation table, so the page can never drift from the code.
import { type ActivationEntry, activationNames, activations, renderOnnxLowering } from '../packages/kernels/src/index';

const cell = (s: string) => s.replaceAll('|', '\\|').replaceAll('\n', ' ');

/** The entry's ONNX lowering as text; an operator newer than some opsets says from which one it is used. */
function onnxText(entry: ActivationEntry): string {
  const text = renderOnnxLowering(entry.onnx.expression);
  return entry.onnx.since === undefined ? text : `${text} from opset ${entry.onnx.since}, decomposed below it`;
}

/** The whole docs page, as markdown. */
export function renderActivationDocs(): string {
  const lines = [
    '# Activations',
    '',
    '<!-- Generated from the activation table in packages/kernels by `pnpm run docs`. Do not edit by hand. -->',
    '',
    `actlab defines ${activationNames.length} activations, each once, as one entry of the table in`,
    '`@actlab/kernels`. Autograd derives its ops, layers its modules and the playground its menus from the',
    'same entries. Every one matches PyTorch in float32, values and gradients, kinks and extremes included.',
    '',
    '| name | formula | derivative | defaults | PyTorch | ONNX |',
    '| --- | --- | --- | --- | --- | --- |',
  ];
  for (const name of activationNames) {
    const entry = activations[name];
    const aliases = entry.aliases.length > 0 ? ` (alias ${entry.aliases.map((a) => `\`${a}\``).join(', ')})` : '';
    const defaults = Object.entries(entry.params)
      .map(([key, spec]) => `${key} = ${JSON.stringify(spec.default)}`)
      .join(', ');
    lines.push(
      `| \`${name}\`${aliases} | ${cell(entry.formula)} | ${cell(entry.derivative)} | ${cell(defaults || '—')} | ` +
        `\`${entry.torch.module}\` | ${cell(onnxText(entry))} |`,
    );
  }
  lines.push('', '## Stable forms', '');
  for (const name of activationNames) lines.push(`- \`${name}\`: ${activations[name].stableForm}`);
  lines.push('');
  return lines.join('\n');
}
