// Renders docs/activations.md from the kernels' activation table, so the page can never drift from the code.
import { activationNames, activations } from '../packages/kernels/src/index';

const cell = (s: string) => s.replaceAll('|', '\\|').replaceAll('\n', ' ');

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
        `\`${entry.torch.module}\` | ${cell(entry.onnx)} |`,
    );
  }
  lines.push('', '## Stable forms', '');
  for (const name of activationNames) lines.push(`- \`${name}\`: ${activations[name].stableForm}`);
  lines.push('');
  return lines.join('\n');
}
