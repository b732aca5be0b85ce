import { noGrad, Tensor } from '@actlab/autograd';
import { checkInteger, checkOptions } from '@actlab/kernels';
import type { RemovableHandle } from './hooks';
import type { AnyModule, TreeWalk } from './module';

/** Options of `module.summary()`. */
export interface SummaryOptions<In extends unknown[] = [Tensor]> {
  /** A sample input (a tensor, or the inputs' array for a module taking several); adds the output-shape column. */
  input?: Tensor | In | undefined;
  /** Deepest level listed (default 3, as torchinfo); a module at this depth counts its descendants' parameters. */
  depth?: number | undefined;
}

/** One row of a summary. */
export interface SummaryRow {
  /** Dotted path from the root ('' for the root). */
  readonly path: string;
  /** Its key in its parent ('' for the root). */
  readonly key: string;
  /** The module's class name (`typeName`). */
  readonly type: string;
  /** 0 for the root. */
  readonly depth: number;
  /** Output shapes of the last forward of this module during the sample run (empty without an input, or if unused). */
  readonly outputShapes: readonly (readonly number[])[];
  /** Parameters counted on this row: the module's own, plus its descendants' when they have no rows (depth limit). */
  readonly params: number;
}

/** What `module.summary()` returns: the rows, the totals, and the table as `toString()`. */
export class ModuleSummary {
  constructor(
    readonly rows: readonly SummaryRow[],
    readonly totalParams: number,
    readonly trainableParams: number,
    private readonly withShapes: boolean,
  ) {}

  get nonTrainableParams(): number {
    return this.totalParams - this.trainableParams;
  }

  /** The torchinfo-style table. */
  toString(): string {
    const labels = this.rows.map((_, i) => treeLabel(this.rows, i));
    const shapes = this.rows.map((row) =>
      row.outputShapes.length === 0 ? '--' : row.outputShapes.map((s) => `[${s.join(', ')}]`).join(', '),
    );
    const counts = this.rows.map((row) => (row.params === 0 ? '--' : row.params.toLocaleString('en-US')));
    const layerTitle = 'Layer (type (key): depth-idx)';
    const w0 = Math.max(layerTitle.length, ...labels.map((l) => l.length)) + 2;
    const w1 = Math.max(14, ...shapes.map((s) => s.length)) + 2;
    const header = `${layerTitle.padEnd(w0)}${this.withShapes ? 'Output Shape'.padEnd(w1) : ''}Param #`;
    const width = Math.max(
      header.length,
      w0 + (this.withShapes ? w1 : 0) + Math.max(7, ...counts.map((c) => c.length)),
    );
    const rule = '='.repeat(width);
    const lines = [rule, header, rule];
    this.rows.forEach((_, i) => {
      lines.push(`${labels[i]!.padEnd(w0)}${this.withShapes ? shapes[i]!.padEnd(w1) : ''}${counts[i]}`);
    });
    lines.push(
      rule,
      `Total params: ${this.totalParams.toLocaleString('en-US')}`,
      `Trainable params: ${this.trainableParams.toLocaleString('en-US')}`,
      `Non-trainable params: ${this.nonTrainableParams.toLocaleString('en-US')}`,
      rule,
    );
    return lines.join('\n');
  }

  /** console.log and the Node REPL print the table. */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }
}

/** torchinfo's tree prefix: `├─` for a child with later siblings, `└─` for the last, `│    ` for open ancestors. */
function treeLabel(rows: readonly SummaryRow[], i: number): string {
  const row = rows[i]!;
  if (row.depth === 0) return row.type;
  const isLast = (index: number): boolean => {
    const depth = rows[index]!.depth;
    for (let j = index + 1; j < rows.length; j++) {
      if (rows[j]!.depth < depth) return true;
      if (rows[j]!.depth === depth) return false;
    }
    return true;
  };
  // Index among siblings, 1-based, as torchinfo's depth-idx.
  let idx = 1;
  for (let j = i - 1; j >= 0 && rows[j]!.depth >= row.depth; j--) if (rows[j]!.depth === row.depth) idx++;
  let prefix = '';
  let ancestorDepth = row.depth - 1;
  for (let j = i - 1; j >= 0 && ancestorDepth >= 1; j--) {
    if (rows[j]!.depth === ancestorDepth) {
      prefix = (isLast(j) ? '     ' : '│    ') + prefix;
      ancestorDepth--;
    }
  }
  return `${prefix}${isLast(i) ? '└─' : '├─'}${row.type} (${row.key}): ${row.depth}-${idx}`;
}

function shapesOf(output: unknown): number[][] {
  if (output instanceof Tensor) return [[...output.shape]];
  if (Array.isArray(output)) return output.filter((o) => o instanceof Tensor).map((t: Tensor) => [...t.shape]);
  return [];
}

/** @internal `Module.summary`'s implementation (the walk has already checked the tree). */
export function summarize(
  op: string,
  root: AnyModule,
  walk: TreeWalk,
  options: SummaryOptions<unknown[]> | undefined,
): ModuleSummary {
  checkOptions(op, options, ['input', 'depth']);
  const depth = options?.depth === undefined ? 3 : options.depth;
  checkInteger(op, 'depth', depth, 0);
  const input = options?.input;
  if (input !== undefined && !(input instanceof Tensor) && !Array.isArray(input)) {
    throw new Error(`${op}: input must be a Tensor or an array of the forward's inputs, got ${String(input)}`);
  }
  // Each parameter counts once, on the row of the first module (preorder) that owns it.
  const counted = new Set<Tensor>();
  const own = walk.modules.map(({ module }) => {
    let n = 0;
    for (const [, p] of walk.ownParams.get(module) ?? []) {
      if (counted.has(p)) continue;
      counted.add(p);
      n += p.size;
    }
    return n;
  });
  let total = 0;
  let trainable = 0;
  for (const p of counted) {
    total += p.size;
    if (p.requiresGrad) trainable += p.size;
  }
  const shapes = new Map<AnyModule, number[][]>();
  if (input !== undefined) {
    const handles: RemovableHandle[] = [];
    const flags = walk.modules.map(({ module }) => module.training);
    try {
      for (const { module, depth: d } of walk.modules) {
        // Every module in eval mode, rows beyond `depth` included (a Dropout deeper down must not draw).
        module.training = false;
        if (d > depth) continue;
        handles.push(
          module.registerForwardHook((m: AnyModule, _inputs: unknown, output: unknown) => {
            shapes.set(m, shapesOf(output));
          }),
        );
      }
      const inputs = input instanceof Tensor ? [input] : input;
      noGrad(() => root.forward(...inputs));
    } finally {
      for (const h of handles) h.remove();
      walk.modules.forEach(({ module }, i) => {
        module.training = flags[i]!;
      });
    }
  }
  const rows: SummaryRow[] = [];
  walk.modules.forEach(({ path, key, depth: d, module }, i) => {
    if (d > depth) {
      // Counted on the nearest listed ancestor's row: the last row added at depth `depth`.
      for (let r = rows.length - 1; r >= 0; r--) {
        if (rows[r]!.depth === depth) {
          rows[r] = { ...rows[r]!, params: rows[r]!.params + own[i]! };
          break;
        }
      }
      return;
    }
    rows.push({ path, key, type: module.typeName, depth: d, outputShapes: shapes.get(module) ?? [], params: own[i]! });
  });
  return new ModuleSummary(rows, total, trainable, input !== undefined);
}
