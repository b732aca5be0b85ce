// Renders the per-activation API surface with its TSDoc from the kernels' activation table: autograd's functional
// exports (the whole of ops/activation-functions.ts), Tensor's activation methods and layers' named activation
// classes (a generated region in each file). Every declaration is one typed line; its doc comment gives the entry's
// formula, stable form, derivative, parameters with defaults and ranges, PyTorch names, and an example whose printed
// output was computed by running it. `pnpm exec tsx scripts/write-activation-docs.ts` writes them; tests/docs.test.ts
// fails when a file differs from what this renders.

import { activationFunctions, tensor } from '../packages/autograd/src/index';
import { type ActivationName, activationNames, activations, type ParamSpec } from '../packages/kernels/src/index';
import { activationClassName, activationModule } from '../packages/layers/src/activation-modules';

const repository = 'https://github.com/actlab/actlab';
export const activationTableUrl = `${repository}/blob/main/docs/activations.md`;
/** The input every example runs on. */
const exampleInput = [-2, 0, 2];

/** One callable name: a table entry, or an alias of one (silu → swish). */
interface Surface {
  /** The function and method name: 'leakyRelu', 'silu'. */
  readonly name: string;
  readonly entry: ActivationName;
  /** The layers class name: 'LeakyReLU', 'SiLU'. */
  readonly className: string;
}

/** Every entry, each followed by its aliases, in table order. */
export function activationSurfaces(): Surface[] {
  return activationNames.flatMap((entry) =>
    [entry, ...activations[entry].aliases].map((name) => ({
      name,
      entry,
      className: activationClassName(name, activations[entry].torch.module),
    })),
  );
}

const number = (v: number) => (Object.is(v, Number.POSITIVE_INFINITY) ? '∞' : String(v));

/** A parameter's valid values, as text ('> 0', 'one of 'none', 'tanh''); '' when any finite number goes. */
function rangeText(key: string, spec: ParamSpec): string {
  if (spec.kind === 'choice') return `one of ${spec.choices.map((c) => `'${c}'`).join(', ')}`;
  const low = Number.isFinite(spec.min) ? `${number(spec.min)} ${spec.minInclusive ? '≤' : '<'} ` : '';
  const high = Number.isFinite(spec.max) ? ` ${spec.maxInclusive ? '≤' : '<'} ${number(spec.max)}` : '';
  return low === '' && high === '' ? '' : `${low}${key}${high}`;
}

const literal = (v: unknown) => (typeof v === 'string' ? `'${v}'` : String(v));

/** The parameters' defaults as an options literal: `{ negativeSlope: 0.01 }`, or '' for none. */
function defaultsLiteral(entry: ActivationName): string {
  const params = Object.entries(activations[entry].params as Record<string, ParamSpec>);
  if (params.length === 0) return '';
  return `{ ${params.map(([key, spec]) => `${key}: ${literal(spec.default)}`).join(', ')} }`;
}

/** Splits `text` into lines of at most `width` characters at spaces. */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push(line);
  return lines;
}

/** A list item, wrapped, its continuation lines indented under the text. */
const item = (text: string, width: number) => wrap(text, width - 2).map((l, i) => (i === 0 ? `- ${l}` : `  ${l}`));

/** The facts every surface of an entry shares, as markdown list items. */
function facts(s: Surface, width: number): string[] {
  const e = activations[s.entry];
  const params = Object.entries(e.params as Record<string, ParamSpec>).map(([key, spec]) => {
    const range = rangeText(key, spec);
    return `\`${key}\` = ${literal(spec.default)}${range === '' ? '' : ` (${range})`}: ${spec.description}`;
  });
  return [
    ...item(`Stable form: ${e.stableForm}.`, width),
    ...item(`Derivative: ${e.derivative}.`, width),
    ...item(params.length === 0 ? 'Parameters: none.' : `Parameters: ${params.join('; ')}.`, width),
    ...item(`PyTorch: \`${e.torch.functional}\`, \`${e.torch.module}\`.`, width),
    ...item(
      `Also: \`x.${s.name}()\` on a Tensor, \`${s.name}(x)\` from \`@actlab/autograd\`, ` +
        `\`new ${s.className}()\` from \`@actlab/layers\`; every activation: ${activationTableUrl}`,
      width,
    ),
  ];
}

/** The first line: what the surface is, and f(x). */
function headline(s: Surface, what: string): string {
  const alias = s.name === s.entry ? '' : ` (alias of \`${s.entry}\`)`;
  return `${what}${alias}: ${activations[s.entry].formula}.`;
}

/** A doc comment at `indent`, from markdown lines. */
function docComment(lines: string[], indent: string): string[] {
  return [`${indent}/**`, ...lines.map((l) => (l === '' ? `${indent} *` : `${indent} * ${l}`)), `${indent} */`];
}

const printed = (value: unknown) => String(value);

function functionDoc(s: Surface, indent: string): string[] {
  const width = 116 - indent.length;
  const fn = activationFunctions[s.entry];
  const output = printed(fn(tensor(exampleInput)));
  return docComment(
    [
      ...wrap(headline(s, `The \`${s.entry}\` activation, elementwise`), width),
      '',
      ...facts(s, width),
      '',
      '@example',
      '```ts',
      `import { ${s.name}, tensor } from '@actlab/autograd';`,
      '',
      `console.log(String(${s.name}(tensor([${exampleInput.join(', ')}])))); // ${output}`,
      '```',
    ],
    indent,
  );
}

function methodDoc(s: Surface, indent: string): string[] {
  const width = 116 - indent.length;
  const output = printed(activationFunctions[s.entry](tensor(exampleInput)));
  return docComment(
    [
      ...wrap(headline(s, `The \`${s.entry}\` activation of this tensor, elementwise`), width),
      '',
      ...facts(s, width),
      '',
      '@example',
      '```ts',
      "import { tensor } from '@actlab/autograd';",
      '',
      `console.log(String(tensor([${exampleInput.join(', ')}]).${s.name}())); // ${output}`,
      '```',
    ],
    indent,
  );
}

function classDoc(s: Surface): string[] {
  const width = 116;
  const params = defaultsLiteral(s.entry);
  const module = new (activationModule(s.entry, s.name === s.entry ? undefined : s.name))(
    params === '' ? undefined : { ...resolvedDefaults(s.entry) },
  );
  const output = `${printed(module)} ${printed(module.forward(tensor(exampleInput)))}`;
  return docComment(
    [
      ...wrap(headline(s, `The \`${s.entry}\` activation as a module, PyTorch's \`${s.className}\``), width),
      '',
      ...facts(s, width),
      '',
      '@example',
      '```ts',
      "import { tensor } from '@actlab/autograd';",
      `import { ${s.className} } from '@actlab/layers';`,
      '',
      `const act = new ${s.className}(${params});`,
      `console.log(String(act), String(act.forward(tensor([${exampleInput.join(', ')}]))));`,
      `// ${output}`,
      '```',
    ],
    '',
  );
}

function resolvedDefaults(entry: ActivationName): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(activations[entry].params as Record<string, ParamSpec>).map(([k, spec]) => [k, spec.default]),
  );
}

// ------------------------------------------------------------------------------------------ the three outputs

export const functionsFile = 'packages/autograd/src/ops/activation-functions.ts';
export const tensorFile = 'packages/autograd/src/tensor.ts';
export const modulesFile = 'packages/layers/src/activation-modules.ts';

const generatedBy = 'scripts/write-activation-docs.ts';
export const regionStart = (what: string) => `// BEGIN GENERATED ${what} (${generatedBy}, from the activation table)`;
export const regionEnd = (what: string) => `// END GENERATED ${what}`;

/** The whole of autograd's ops/activation-functions.ts. */
export function renderActivationFunctions(): string {
  const lines = [
    `// GENERATED by ${generatedBy} from the kernels' activation table: edit the table, then run it.`,
    '/**',
    ' * The functional activation exports, `sigmoid(x)`, `softplus(x, { beta: 2 })`, … A named ES export needs a name in',
    ' * source, so each entry (and alias) gets one typed line here, its TSDoc rendered from the entry; `satisfies` makes',
    " * the compiler reject this file until every entry of the kernels' table has its function, and each is the one",
    ' * generic activation op.',
    ' */',
    "import type { ActivationName } from '@actlab/kernels';",
    "import { type ActivationFunction, activationFunction } from './activation';",
    '',
  ];
  for (const s of activationSurfaces()) {
    lines.push(...functionDoc(s, ''));
    lines.push(`export const ${s.name}: ActivationFunction<'${s.entry}'> = activationFunction('${s.entry}');`);
  }
  lines.push(
    '',
    "/** Every functional activation by table name (completeness checked against the table's type). */",
    'export const activationFunctions = {',
    ...activationNames.map((name) => `  ${name},`),
    '} satisfies { readonly [N in ActivationName]: ActivationFunction<N> };',
    '',
  );
  return lines.join('\n');
}

/** Tensor's activation methods (the generated region of tensor.ts, markers included). */
export function renderTensorMethods(): string {
  const what = 'activation methods';
  const lines = [`  ${regionStart(what)}`];
  for (const s of activationSurfaces()) {
    lines.push(...methodDoc(s, '  '));
    lines.push(`  ${s.name}(params?: ActivationOptions<'${s.entry}'>): Tensor {`);
    lines.push(`    return activation(this, '${s.entry}', params);`, '  }');
  }
  lines.push(`  ${regionEnd(what)}`);
  return lines.join('\n');
}

/** Layers' named activation classes, const and type (the generated region of activation-modules.ts). */
export function renderModuleExports(): string {
  const what = 'activation classes';
  const lines = [regionStart(what)];
  for (const s of activationSurfaces()) {
    const alias = s.name === s.entry ? '' : `, '${s.name}'`;
    lines.push(...classDoc(s));
    lines.push(
      `export const ${s.className}: ActivationModuleClass<'${s.entry}'> = activationModule('${s.entry}'${alias});`,
    );
    lines.push(
      `/** The type of a \`${s.className}\` module, for annotations: \`const act: ${s.className} = new ${s.className}()\`. */`,
    );
    lines.push(`export type ${s.className} = ActivationModule<'${s.entry}'>;`);
  }
  lines.push(regionEnd(what));
  return lines.join('\n');
}

/** `text` with the region between the markers of `region` (the region's first and last lines) replaced. */
export function spliceRegion(text: string, region: string, file: string): string {
  const lines = text.split('\n');
  const regionLines = region.split('\n');
  const start = lines.findIndex((l) => l.trim() === regionLines[0]!.trim());
  const end = lines.findIndex((l) => l.trim() === regionLines.at(-1)!.trim());
  if (start < 0 || end < start) {
    throw new Error(`${file}: no '${regionLines[0]!.trim()}' … '${regionLines.at(-1)!.trim()}' region to replace`);
  }
  return [...lines.slice(0, start), ...regionLines, ...lines.slice(end + 1)].join('\n');
}
