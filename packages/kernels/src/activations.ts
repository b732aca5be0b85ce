/**
 * The one table of activations (DESIGN.md, "One table of activations").
 *
 * Every activation is defined here once: its parameters with defaults and valid ranges, its formula,
 * a forward and a backward kernel side by side, and its metadata (PyTorch names, the ONNX lowering as
 * data, the calculateGain nonlinearity). Autograd, layers, the ONNX export, the playground, the docs page
 * and the parity tests all iterate over `activations`. Adding an activation is one entry here plus its
 * PyTorch reference values in `fixtures/generate.py`, then the per-name lines the compiler and tests ask
 * for elsewhere (a Tensor method, named exports): CONTRIBUTING.md, "Adding an activation, end to end".
 *
 * Numerics follow PyTorch 1.13, including the value of a derivative at a kink (checked against real
 * torch by the fixtures). Where PyTorch disagrees with itself, its vectorised CPU kernel (which computes
 * all but the last few elements of a tensor) wins over its scalar tail loop: hardswish'(3) = 1, not 1.5.
 * One deliberate difference: a NaN input always gives a NaN gradient. PyTorch's piecewise backward
 * kernels sometimes pass `dy` or 0 through at NaN instead (relu'(NaN)·dy = dy, hardsigmoid'(NaN)·dy = 0,
 * and for relu6, elu, selu and hardswish it depends on the element's position); here NaN in gives NaN
 * out, forward and backward, so a NaN is never laundered into a finite gradient.
 *
 * Kernels compute in float64 arithmetic whatever the storage (a Float32Array input is widened element by
 * element and the result rounded once on store; for a Float32Array output, softplus and logSigmoid use a
 * log1p accurate to 2e-9, below float32's rounding, instead of the float64 one). They read their
 * parameters once outside the loop, call no closures, and allocate nothing. `out` may alias `x`, and `dx`
 * may alias `dy`: each element is read before it is written.
 */
import { erfc } from './activations/erf';
import {
  expm1NonPositive,
  log1pUnit,
  log1pUnitFloat32,
  tableExp,
  tableExpNonPositive,
  tanhScalar,
} from './activations/fast-math';
import { checkFloatArray, describeValue } from './checks';
import { call, type OnnxExpression, type OnnxLowering, param, X } from './onnx-lowering';
import { checkOut } from './shape';
import type { FloatArray } from './types';

/**
 * Other names entries answer to in `getActivation`, each with the entry it names (PyTorch calls swish "SiLU").
 * Each entry lists its own in `aliases` too; a test checks the two agree.
 */
export const activationAliases = Object.freeze({ silu: 'swish' } as const);

/** Alias → the name of the entry it stands for, as a type. */
export type ActivationAliasMap = typeof activationAliases;

/** Another name of a table entry: 'silu'. */
export type ActivationAlias = keyof ActivationAliasMap;

/** The parameters of an activation that has none. */
export type NoParams = Readonly<Record<never, never>>;

/** GELU's `approximate` parameter: 'none' (the exact normal CDF) or 'tanh' (PyTorch's approximation). */
export type GeluApproximation = 'none' | 'tanh';

/**
 * Every activation's parameters, by name: the one list of names (ActivationName is its keys, and the table below
 * must have an entry for each, or the compiler rejects it).
 */
export interface ActivationParamsMap {
  sigmoid: NoParams;
  tanh: NoParams;
  relu: NoParams;
  leakyRelu: { readonly negativeSlope: number };
  softplus: { readonly beta: number; readonly threshold: number };
  swish: { readonly beta: number };
  elu: { readonly alpha: number };
  selu: NoParams;
  gelu: { readonly approximate: GeluApproximation };
  mish: NoParams;
  hardswish: NoParams;
  hardsigmoid: NoParams;
  relu6: NoParams;
  softsign: NoParams;
  logSigmoid: NoParams;
  identity: NoParams;
}

/** The name of a table entry: 'sigmoid' | 'tanh' | 'relu' | … */
export type ActivationName = keyof ActivationParamsMap;

/** The resolved parameters of activation N, every key present (what the kernels receive). */
export type ActivationParams<N extends ActivationName> = ActivationParamsMap[N];

/**
 * What a caller may pass as activation N's parameters: any subset, each key also accepting `undefined` (its default),
 * so `{ negativeSlope: cfg.slope }` compiles under `exactOptionalPropertyTypes`.
 */
export type ActivationParamOptions<N extends ActivationName> = {
  [K in keyof ActivationParams<N>]?: ActivationParams<N>[K] | undefined;
};

/** The names of activation N's parameters; for a union of names, the names of every one of their parameters. */
export type ActivationParamName<N extends ActivationName> = N extends ActivationName
  ? keyof ActivationParams<N> & string
  : never;

/** A numeric parameter: valid when `min <(=) value <(=) max`; NaN is never valid. */
export interface NumberParamSpec {
  readonly kind: 'number';
  readonly default: number;
  readonly min: number;
  readonly minInclusive: boolean;
  readonly max: number;
  readonly maxInclusive: boolean;
  readonly description: string;
}

/** A parameter that takes one of a few strings. */
export interface ChoiceParamSpec<T extends string = string> {
  readonly kind: 'choice';
  readonly default: T;
  readonly choices: readonly T[];
  readonly description: string;
}

/** The spec of one parameter: a NumberParamSpec for a number, a ChoiceParamSpec for a union of strings. */
export type ParamSpec<T = number | string> = [T] extends [number]
  ? NumberParamSpec
  : [T] extends [string]
    ? ChoiceParamSpec<T>
    : NumberParamSpec | ChoiceParamSpec;

/** One entry of the table: an activation with its parameters, documentation, kernels and metadata. */
export interface ActivationEntry<N extends ActivationName = ActivationName> {
  readonly name: N;
  readonly aliases: readonly ActivationAlias[];
  readonly params: { readonly [K in keyof ActivationParams<N>]: ParamSpec<ActivationParams<N>[K]> };
  /** f(x), as a doc string. */
  readonly formula: string;
  /** How f is evaluated without overflow or cancellation. */
  readonly stableForm: string;
  /** f'(x), including the value PyTorch uses at each kink. */
  readonly derivative: string;
  /** Which array `backward` reads besides `dy`: save this one in the forward. */
  readonly backwardUses: 'input' | 'output';
  /** out[i] = f(x[i]). `out` has x's length and may alias x. `p` comes from `resolveActivationParams`. */
  forward(x: FloatArray, out: FloatArray, p: ActivationParams<N>): void;
  /** dx[i] = dy[i]·f'(x[i]), reading x or y = f(x) as `backwardUses` says (the other may be any array). */
  backward(x: FloatArray, y: FloatArray, dy: FloatArray, dx: FloatArray, p: ActivationParams<N>): void;
  readonly torch: { readonly functional: string; readonly module: string };
  /**
   * ONNX lowering, as data: an operator with attributes taken from our parameters, or an expression in X (exporters
   * build graph nodes from it, `renderOnnxLowering` writes it as text). It may name only this entry's parameters.
   */
  readonly onnx: OnnxLowering<ActivationParamName<N>, ActivationParams<N>>;
  /**
   * The `calculateGain` nonlinearity to initialise the layer before this activation with. PyTorch's
   * `calculate_gain` knows only linear, sigmoid, tanh, relu, leaky_relu (param = negativeSlope) and
   * selu; the ReLU-like smooth units (softplus, swish, elu, gelu, mish, hardswish, relu6) map to 'relu',
   * hardsigmoid to 'sigmoid', softsign to 'tanh', logSigmoid and identity to 'linear'.
   */
  readonly gain: 'linear' | 'sigmoid' | 'tanh' | 'relu' | 'leaky_relu' | 'selu';
}

// ------------------------------------------------------------------------------------------ helpers

function forwardLength(name: string, x: FloatArray, out: FloatArray): number {
  if (out.length !== x.length) {
    throw new Error(
      `${name} forward: out has ${out.length} elements but x has ${x.length}; pass an out of x's length or omit it`,
    );
  }
  return x.length;
}

function backwardLength(name: string, read: FloatArray, readName: 'x' | 'y', dy: FloatArray, dx: FloatArray): number {
  const n = read.length;
  if (dy.length !== n || dx.length !== n) {
    throw new Error(
      `${name} backward: ${readName} has ${n} elements, dy ${dy.length}, dx ${dx.length}; all three must have the same length`,
    );
  }
  return n;
}

const finite = (description: string, defaultValue: number): NumberParamSpec => ({
  kind: 'number',
  default: defaultValue,
  min: Number.NEGATIVE_INFINITY,
  minInclusive: false,
  max: Number.POSITIVE_INFINITY,
  maxInclusive: false,
  description,
});

const SQRT1_2 = Math.SQRT1_2;
/** 1/√(2π) */
const INV_SQRT_2PI = 0.3989422804014327;
/** √(2/π), the GELU tanh approximation's scale. */
const GELU_TANH_SCALE = 0.7978845608028654;
const GELU_TANH_CUBIC = 0.044715;
/** PyTorch's SELU constants (torch.nn.SELU), rounded to float64. */
const SELU_ALPHA = 1.6732632423543772;
const SELU_SCALE = 1.0507009873554805;
const SELU_NEGATIVE_SCALE = SELU_ALPHA * SELU_SCALE;
/** PyTorch's hardsigmoid slope is `1.0f / 6.0f`, a float32 constant, in every dtype. */
const TORCH_ONE_SIXTH = Math.fround(1 / 6);

// ------------------------------------------------------------------------------------------ entries

/**
 * Sigmoid, σ(x) = 1/(1 + e^(−x)): a probability for a binary output; saturates at both ends.
 *
 * Stable form, by sign: with e = e^(−|x|) ≤ 1 and r = 1/(1 + e), σ(x) = r for x ≥ 0 and e·r for x < 0,
 * selected without a branch as r·(e + [x ≥ 0]·(1 − e)). Nothing overflows, and the negative tail keeps
 * its relative accuracy down to the subnormals (PyTorch's 1/(1 + e^(−x)) is 0 below x ≈ −709.8).
 * Derivative: σ'(x) = σ(x)(1 − σ(x)), from the output.
 */
const sigmoid: ActivationEntry<'sigmoid'> = {
  name: 'sigmoid',
  aliases: [],
  params: {},
  formula: 'σ(x) = 1 / (1 + e^(−x))',
  stableForm: 'by sign, e = e^(−|x|): 1/(1 + e) for x ≥ 0, e/(1 + e) for x < 0 (branch-free select)',
  derivative: 'σ(x)·(1 − σ(x)), from the output y: y·(1 − y)',
  backwardUses: 'output',
  forward(x, out) {
    const n = forwardLength('sigmoid', x, out);
    for (let i = 0; i < n; i++) {
      const v = x[i]!;
      const e = tableExpNonPositive(-Math.abs(v));
      out[i] = (e + +(v >= 0) * (1 - e)) / (1 + e);
    }
  },
  backward(_x, y, dy, dx) {
    const n = backwardLength('sigmoid', y, 'y', dy, dx);
    for (let i = 0; i < n; i++) {
      const s = y[i]!;
      dx[i] = dy[i]! * (1 - s) * s;
    }
  },
  torch: { functional: 'torch.sigmoid', module: 'torch.nn.Sigmoid' },
  onnx: { expression: call('Sigmoid') },
  gain: 'sigmoid',
};

/**
 * Hyperbolic tangent, zero-centred, the classic hidden-layer squashing unit.
 *
 * Stable form: sign(x)·(−e)/(2 + e) with e = expm1(−2|x|), accurate near 0 and saturating to ±1.
 * Derivative: 1 − tanh²(x), from the output.
 */
const tanh: ActivationEntry<'tanh'> = {
  name: 'tanh',
  aliases: [],
  params: {},
  formula: 'tanh(x) = (e^x − e^(−x)) / (e^x + e^(−x))',
  stableForm: 'sign(x)·(−e)/(2 + e) with e = expm1(−2|x|) in (−1, 0]: no overflow, no cancellation near 0',
  derivative: '1 − tanh²(x), from the output y: 1 − y²',
  backwardUses: 'output',
  forward(x, out) {
    const n = forwardLength('tanh', x, out);
    for (let i = 0; i < n; i++) out[i] = tanhScalar(x[i]!);
  },
  backward(_x, y, dy, dx) {
    const n = backwardLength('tanh', y, 'y', dy, dx);
    for (let i = 0; i < n; i++) {
      const t = y[i]!;
      dx[i] = dy[i]! * (1 - t * t);
    }
  },
  torch: { functional: 'torch.tanh', module: 'torch.nn.Tanh' },
  onnx: { expression: call('Tanh') },
  gain: 'tanh',
};

/**
 * ReLU, max(x, 0): cheap, sparse, and can leave dead units (a unit stuck at x < 0 gets no gradient).
 *
 * Kink: relu'(0) = 0 (PyTorch's `threshold_backward` passes dy only where y > 0).
 * Both kernels are branch-free on the sign (`+(v > 0)` compiles to a flag, not a jump): on
 * random-sign data a branch mispredicts half the time and costs ~5 ns/element.
 */
const relu: ActivationEntry<'relu'> = {
  name: 'relu',
  aliases: [],
  params: {},
  formula: 'max(x, 0)',
  stableForm: 'x·[x > 0] (exact; −∞ gives 0)',
  derivative: '1 if x > 0, else 0 (relu′(0) = 0), from the output: [y > 0]',
  backwardUses: 'output',
  forward(x, out) {
    const n = forwardLength('relu', x, out);
    for (let i = 0; i < n; i++) {
      const v = x[i]!;
      // `+ 0` turns the −0 of (negative)·0 into +0; the guard (never taken on finite data) keeps relu(−∞) = 0.
      out[i] = v > Number.NEGATIVE_INFINITY ? v * +(v > 0) + 0 : Number.isNaN(v) ? v : 0;
    }
  },
  backward(_x, y, dy, dx) {
    const n = backwardLength('relu', y, 'y', dy, dx);
    for (let i = 0; i < n; i++) {
      const v = y[i]!;
      dx[i] = Number.isNaN(v) ? v : dy[i]! * +(v > 0) + 0;
    }
  },
  torch: { functional: 'torch.nn.functional.relu', module: 'torch.nn.ReLU' },
  onnx: { expression: call('Relu') },
  gain: 'relu',
};

/**
 * Leaky ReLU, x if x > 0 else negativeSlope·x: ReLU that keeps a small gradient for x < 0.
 *
 * Kink: leakyRelu'(0) = negativeSlope (PyTorch tests x > 0). Branch-free: the factor
 * c = slope + (1 − slope)·[x > 0] is exactly slope or exactly 1 whenever slope + (1 − slope) rounds to 1
 * (every |slope| ≤ 1 and most others; checked once per call, with a branchy loop as the fallback), so
 * y = x·c and dx = dy·c are PyTorch's own products.
 */
const leakyRelu: ActivationEntry<'leakyRelu'> = {
  name: 'leakyRelu',
  aliases: [],
  params: { negativeSlope: finite('slope for x ≤ 0 (any finite number, as PyTorch allows)', 0.01) },
  formula: 'x if x > 0, else negativeSlope·x',
  stableForm: 'x·(s + (1 − s)·[x > 0]), s = negativeSlope (exact, branch-free)',
  derivative: '1 if x > 0, else negativeSlope (at x = 0: negativeSlope)',
  backwardUses: 'input',
  forward(x, out, p) {
    const n = forwardLength('leakyRelu', x, out);
    const slope = p.negativeSlope;
    const rest = 1 - slope;
    if (slope + rest === 1) {
      for (let i = 0; i < n; i++) {
        const v = x[i]!;
        out[i] = v * (slope + rest * +(v > 0));
      }
    } else {
      for (let i = 0; i < n; i++) {
        const v = x[i]!;
        out[i] = v > 0 ? v : v * slope;
      }
    }
  },
  backward(x, _y, dy, dx, p) {
    const n = backwardLength('leakyRelu', x, 'x', dy, dx);
    const slope = p.negativeSlope;
    const rest = 1 - slope;
    if (slope + rest === 1) {
      for (let i = 0; i < n; i++) {
        const v = x[i]!;
        dx[i] = Number.isNaN(v) ? v : dy[i]! * (slope + rest * +(v > 0));
      }
    } else {
      for (let i = 0; i < n; i++) {
        const v = x[i]!;
        dx[i] = v > 0 ? dy[i]! : Number.isNaN(v) ? v : dy[i]! * slope;
      }
    }
  },
  torch: { functional: 'torch.nn.functional.leaky_relu', module: 'torch.nn.LeakyReLU' },
  onnx: { expression: call('LeakyRelu', [X], { alpha: param('negativeSlope') }) },
  gain: 'leaky_relu',
};

/**
 * Softplus, log(1 + e^(βx))/β: a smooth ReLU.
 *
 * PyTorch returns x itself where β·x > threshold (strictly), so the value jumps by ~e^(−threshold)
 * and the gradient is exactly 1 there; at β·x = threshold it is still the log form. Stable form:
 * (max(βx, 0) + log1p(e^(−|βx|)))/β, finite for every finite x (PyTorch's log1p(e^(βx)) overflows to ∞
 * when threshold is raised above ~88 in float32 or ~709 in float64; ours does not).
 */
const softplus: ActivationEntry<'softplus'> = {
  name: 'softplus',
  aliases: [],
  params: {
    beta: {
      kind: 'number',
      default: 1,
      min: 0,
      minInclusive: false,
      max: Number.POSITIVE_INFINITY,
      maxInclusive: false,
      description: 'sharpness β > 0; larger is closer to ReLU',
    },
    threshold: finite('above β·x > threshold the function is x itself (PyTorch: 20)', 20),
  },
  formula: 'log(1 + e^(β·x)) / β; x where β·x > threshold',
  stableForm: '(max(β·x, 0) + log1p(e^(−|β·x|))) / β',
  derivative: 'σ(β·x) = 1/(1 + e^(−β·x)); exactly 1 where β·x > threshold',
  backwardUses: 'input',
  forward(x, out, p) {
    const n = forwardLength('softplus', x, out);
    const beta = p.beta;
    const threshold = p.threshold;
    // Multiplying by 1/β is a division's fifth; a β so small that 1/β overflows keeps the division.
    const inverseBeta = 1 / beta;
    const multiply = Number.isFinite(inverseBeta);
    // Loop-invariant, perfectly predicted: float32 storage gets the float32-grade log1p.
    const float32 = out instanceof Float32Array;
    for (let i = 0; i < n; i++) {
      const v = x[i]!;
      const t = beta * v;
      if (t > threshold) {
        out[i] = v;
      } else if (t > Number.NEGATIVE_INFINITY) {
        const u = tableExpNonPositive(-Math.abs(t));
        // max(t, 0) as t·[t > 0]: exact, and branch-free on the sign.
        const s = t * +(t > 0) + (float32 ? log1pUnitFloat32(u) : log1pUnit(u));
        out[i] = multiply ? s * inverseBeta : s / beta;
      } else {
        out[i] = Number.isNaN(t) ? t : 0;
      }
    }
  },
  backward(x, _y, dy, dx, p) {
    const n = backwardLength('softplus', x, 'x', dy, dx);
    const beta = p.beta;
    const threshold = p.threshold;
    for (let i = 0; i < n; i++) {
      const t = beta * x[i]!;
      const g = dy[i]!;
      dx[i] = t > threshold ? g : g / (1 + tableExp(-t));
    }
  },
  torch: { functional: 'torch.nn.functional.softplus', module: 'torch.nn.Softplus' },
  onnx: {
    // PyTorch's softplus is linear where β·x > threshold; ONNX Softplus has neither β nor a threshold.
    expression: call('Where', [
      call('Greater', [call('Mul', [X, param('beta')]), param('threshold')]),
      X,
      call('Div', [call('Softplus', [call('Mul', [X, param('beta')])]), param('beta')]),
    ]),
  },
  gain: 'relu',
};

/**
 * Swish, x·σ(βx) (β = 1 is PyTorch's SiLU): smooth, non-monotonic, often better than ReLU.
 *
 * Derivative: σ(βx)·(1 + βx·(1 − σ(βx))), from the input. βx is clamped to ±746 inside the
 * derivative only, where σ is exactly 0 or 1 already, so βx·(1 − σ) never becomes ∞·0.
 */
const swish: ActivationEntry<'swish'> = {
  name: 'swish',
  aliases: ['silu'],
  params: { beta: finite('σ(β·x) gate sharpness; 1 is SiLU (any finite number)', 1) },
  formula: 'x·σ(β·x) = x / (1 + e^(−β·x))',
  stableForm: 'x / (1 + e^(−β·x)): e^(−β·x) = ∞ gives x/∞ = 0',
  derivative: 's·(1 + β·x·(1 − s)) with s = σ(β·x)',
  backwardUses: 'input',
  forward(x, out, p) {
    const n = forwardLength('swish', x, out);
    const beta = p.beta;
    for (let i = 0; i < n; i++) {
      const v = x[i]!;
      out[i] = v / (1 + tableExp(-beta * v));
    }
  },
  backward(x, _y, dy, dx, p) {
    const n = backwardLength('swish', x, 'x', dy, dx);
    const beta = p.beta;
    for (let i = 0; i < n; i++) {
      const t = beta * x[i]!;
      const s = 1 / (1 + tableExp(-t));
      const tc = Math.min(Math.max(t, -746), 746);
      dx[i] = dy[i]! * s * (1 + tc * (1 - s));
    }
  },
  torch: { functional: 'torch.nn.functional.silu', module: 'torch.nn.SiLU' },
  onnx: { expression: call('Mul', [X, call('Sigmoid', [call('Mul', [X, param('beta')])])]) },
  gain: 'relu',
};

/**
 * ELU, x if x > 0 else α·(e^x − 1): negative values push mean activations towards zero.
 *
 * Kink: PyTorch's backward tests x ≤ 0, so elu'(0) = α (the left derivative), not 1.
 */
const elu: ActivationEntry<'elu'> = {
  name: 'elu',
  aliases: [],
  params: { alpha: finite('saturation value −α for x → −∞ (any finite number, as PyTorch allows)', 1) },
  formula: 'x if x > 0, else α·(e^x − 1)',
  stableForm: 'α·expm1(x) for x ≤ 0 (no cancellation near 0)',
  derivative: '1 if x > 0, else α·e^x (at x = 0: α)',
  backwardUses: 'input',
  forward(x, out, p) {
    const n = forwardLength('elu', x, out);
    const alpha = p.alpha;
    for (let i = 0; i < n; i++) {
      const v = x[i]!;
      out[i] = v > 0 ? v : alpha * expm1NonPositive(v);
    }
  },
  backward(x, _y, dy, dx, p) {
    const n = backwardLength('elu', x, 'x', dy, dx);
    const alpha = p.alpha;
    for (let i = 0; i < n; i++) {
      const v = x[i]!;
      const g = dy[i]!;
      dx[i] = v > 0 ? g : v <= 0 ? g * alpha * tableExp(v) : v;
    }
  },
  torch: { functional: 'torch.nn.functional.elu', module: 'torch.nn.ELU' },
  onnx: { expression: call('Elu', [X], { alpha: param('alpha') }) },
  gain: 'relu',
};

/**
 * SELU, λ·(x if x > 0 else α·(e^x − 1)) with PyTorch's λ ≈ 1.0507, α ≈ 1.6733: self-normalising.
 *
 * Kink: selu'(0) = λ·α ≈ 1.7581 (the left derivative), as in PyTorch.
 */
const selu: ActivationEntry<'selu'> = {
  name: 'selu',
  aliases: [],
  params: {},
  formula: 'λ·x if x > 0, else λ·α·(e^x − 1); λ = 1.0507009873554805, α = 1.6732632423543772',
  stableForm: 'λ·α·expm1(x) for x ≤ 0',
  derivative: 'λ if x > 0, else λ·α·e^x (at x = 0: λ·α)',
  backwardUses: 'input',
  forward(x, out) {
    const n = forwardLength('selu', x, out);
    // Module constants copied to locals: TurboFan would reload a module binding on every iteration.
    const scale = SELU_SCALE;
    const negativeScale = SELU_NEGATIVE_SCALE;
    for (let i = 0; i < n; i++) {
      const v = x[i]!;
      out[i] = v > 0 ? scale * v : negativeScale * expm1NonPositive(v);
    }
  },
  backward(x, _y, dy, dx) {
    const n = backwardLength('selu', x, 'x', dy, dx);
    const scale = SELU_SCALE;
    const negativeScale = SELU_NEGATIVE_SCALE;
    for (let i = 0; i < n; i++) {
      const v = x[i]!;
      const g = dy[i]!;
      dx[i] = v > 0 ? g * scale : v <= 0 ? g * negativeScale * tableExp(v) : v;
    }
  },
  torch: { functional: 'torch.nn.functional.selu', module: 'torch.nn.SELU' },
  onnx: { expression: call('Selu') },
  gain: 'selu',
};

/**
 * GELU, x·Φ(x) (Φ the standard normal CDF), or its tanh approximation.
 *
 * Exact: Φ(x) = erfc(−x/√2)/2, with our float64 erfc (a few ulp), so the negative tail keeps its
 * relative accuracy where PyTorch's (1 + erf)/2 cancels to 0. tanh: 0.5·x·(1 + tanh(u)) is evaluated
 * as x·σ(2u), u = √(2/π)·(x + 0.044715·x³), which is the same function without the cancellation.
 */
const gelu: ActivationEntry<'gelu'> = {
  name: 'gelu',
  aliases: [],
  params: {
    approximate: {
      kind: 'choice',
      default: 'none',
      choices: ['none', 'tanh'],
      description: "'none': x·Φ(x) with the exact normal CDF; 'tanh': the tanh approximation",
    },
  },
  formula: "x·Φ(x) = x·(1 + erf(x/√2))/2; 'tanh': x·(1 + tanh(√(2/π)·(x + 0.044715·x³)))/2",
  stableForm: "x·erfc(−x/√2)/2; 'tanh': x·σ(2u), u = √(2/π)·(x + 0.044715·x³)",
  derivative: "Φ(x) + x·φ(x), φ(x) = e^(−x²/2)/√(2π); 'tanh': s + 2x·s·(1 − s)·√(2/π)·(1 + 3·0.044715·x²), s = σ(2u)",
  backwardUses: 'input',
  forward(x, out, p) {
    const n = forwardLength('gelu', x, out);
    const scale = GELU_TANH_SCALE;
    const cubic = GELU_TANH_CUBIC;
    const sqrtHalf = SQRT1_2;
    if (p.approximate === 'tanh') {
      for (let i = 0; i < n; i++) {
        const v = x[i]!;
        const u = scale * (v + cubic * v * v * v);
        out[i] = v / (1 + tableExp(-2 * u));
      }
    } else {
      for (let i = 0; i < n; i++) {
        const v = x[i]!;
        out[i] = 0.5 * v * erfc(-v * sqrtHalf);
      }
    }
  },
  backward(x, _y, dy, dx, p) {
    const n = backwardLength('gelu', x, 'x', dy, dx);
    const scale = GELU_TANH_SCALE;
    const cubic = GELU_TANH_CUBIC;
    const sqrtHalf = SQRT1_2;
    const invSqrt2Pi = INV_SQRT_2PI;
    if (p.approximate === 'tanh') {
      for (let i = 0; i < n; i++) {
        const v = x[i]!;
        const u = scale * (v + cubic * v * v * v);
        const s = 1 / (1 + tableExp(-2 * u));
        // Where |x| > 1e5, s·(1 − s) is exactly 0; clamping x in the polynomial keeps 0·∞ out.
        const vc = Math.min(Math.max(v, -1e5), 1e5);
        dx[i] = dy[i]! * (s + 2 * v * s * (1 - s) * scale * (1 + 3 * cubic * vc * vc));
      }
    } else {
      for (let i = 0; i < n; i++) {
        const v = x[i]!;
        dx[i] = dy[i]! * (0.5 * erfc(-v * sqrtHalf) + v * invSqrt2Pi * Math.exp(-0.5 * v * v));
      }
    }
  },
  torch: { functional: 'torch.nn.functional.gelu', module: 'torch.nn.GELU' },
  onnx: {
    expression: call('Gelu', [X], { approximate: param('approximate') }),
    since: 20,
    // ONNX's own function body for Gelu, in the operators of older opsets.
    olderOpsets: (p) =>
      p.approximate === 'tanh'
        ? call('Mul', [
            call('Mul', [X, 0.5]),
            call('Add', [
              1,
              call('Tanh', [
                call('Mul', [
                  call('Add', [X, call('Mul', [call('Mul', [X, call('Mul', [X, X])]), GELU_TANH_CUBIC])]),
                  GELU_TANH_SCALE,
                ]),
              ]),
            ]),
          ])
        : call('Mul', [call('Mul', [X, 0.5]), call('Add', [1, call('Erf', [call('Mul', [X, SQRT1_2])])])]),
  },
  gain: 'relu',
};

/**
 * Mish, x·tanh(softplus(x)).
 *
 * Stable form: with e = e^(−|x|), tanh(log(1 + e^x)) is (1 + 2e)/(1 + 2e + 2e²) for x > 0 and
 * n/(n + 2), n = e·(e + 2), for x ≤ 0: one exponential, no overflow, no log.
 */
const mish: ActivationEntry<'mish'> = {
  name: 'mish',
  aliases: [],
  params: {},
  formula: 'x·tanh(softplus(x)) = x·tanh(log(1 + e^x))',
  stableForm: 'x·T, e = e^(−|x|): T = (1 + 2e)/(1 + 2e + 2e²) for x > 0, T = n/(n + 2), n = e(e + 2), for x ≤ 0',
  derivative: 'T + x·σ(x)·(1 − T²), T = tanh(softplus(x))',
  backwardUses: 'input',
  forward(x, out) {
    const n = forwardLength('mish', x, out);
    for (let i = 0; i < n; i++) {
      const v = x[i]!;
      const e = tableExpNonPositive(-Math.abs(v));
      let t: number;
      if (v > 0) {
        const a = 1 + 2 * e;
        t = a / (a + 2 * e * e);
      } else {
        const m = e * (e + 2);
        t = m / (m + 2);
      }
      out[i] = v * t;
    }
  },
  backward(x, _y, dy, dx) {
    const n = backwardLength('mish', x, 'x', dy, dx);
    for (let i = 0; i < n; i++) {
      const v = x[i]!;
      const e = tableExpNonPositive(-Math.abs(v));
      let t: number;
      let s: number;
      if (v > 0) {
        const a = 1 + 2 * e;
        t = a / (a + 2 * e * e);
        s = 1 / (1 + e);
      } else {
        const m = e * (e + 2);
        t = m / (m + 2);
        s = e / (1 + e);
      }
      dx[i] = dy[i]! * (t + v * s * (1 - t * t));
    }
  },
  torch: { functional: 'torch.nn.functional.mish', module: 'torch.nn.Mish' },
  onnx: {
    expression: call('Mish'),
    since: 18,
    olderOpsets: () => call('Mul', [X, call('Tanh', [call('Softplus')])]),
  },
  gain: 'relu',
};

/**
 * Hard swish, x·relu6(x + 3)/6: MobileNetV3's cheap swish.
 *
 * Kinks: PyTorch 1.13 disagrees with itself at x = 3. Its vectorised backward, which computes every
 * element of a tensor but the last few, gives 0 for x < −3, x/3 + 1/2 for −3 ≤ x < 3 and 1 for x ≥ 3;
 * its scalar tail loop uses x/3 + 1/2 up to x ≤ 3, i.e. 1.5 at 3. We follow the vectorised kernel:
 * hardswish'(−3) = −0.5, hardswish'(3) = 1.
 */
const hardswish: ActivationEntry<'hardswish'> = {
  name: 'hardswish',
  aliases: [],
  params: {},
  formula: 'x·min(max(x + 3, 0), 6)/6',
  stableForm: 'as written (no transcendental)',
  derivative: '0 if x < −3; x/3 + 1/2 if −3 ≤ x < 3 (−0.5 at −3); 1 if x ≥ 3 (1 at 3)',
  backwardUses: 'input',
  forward(x, out) {
    const n = forwardLength('hardswish', x, out);
    for (let i = 0; i < n; i++) {
      const v = x[i]!;
      const a = v + 3;
      out[i] = (v * Math.min(Math.max(a, 0), 6)) / 6;
    }
  },
  backward(x, _y, dy, dx) {
    const n = backwardLength('hardswish', x, 'x', dy, dx);
    for (let i = 0; i < n; i++) {
      const v = x[i]!;
      const g = dy[i]!;
      dx[i] = v < 3 ? (v < -3 ? 0 : g * (v / 3 + 0.5)) : v >= 3 ? g : v;
    }
  },
  torch: { functional: 'torch.nn.functional.hardswish', module: 'torch.nn.Hardswish' },
  onnx: { expression: call('HardSwish') },
  gain: 'relu',
};

/**
 * Hard sigmoid, min(max(x + 3, 0), 6)/6 (PyTorch's, slope 1/6; ONNX's default slope is 0.2).
 *
 * Kinks: PyTorch passes the gradient only for −3 < x < 3 strictly: hardsigmoid'(±3) = 0. Its slope
 * is the float32 constant `1.0f / 6.0f` even in float64 (0.1666666716337204), so ours is too.
 */
const hardsigmoid: ActivationEntry<'hardsigmoid'> = {
  name: 'hardsigmoid',
  aliases: [],
  params: {},
  formula: 'min(max(x + 3, 0), 6)/6',
  stableForm: 'as written (no transcendental)',
  derivative: '1/6 if −3 < x < 3, else 0 (0 at ±3); 1/6 is float32’s, as in PyTorch',
  backwardUses: 'input',
  forward(x, out) {
    const n = forwardLength('hardsigmoid', x, out);
    for (let i = 0; i < n; i++) {
      const a = x[i]! + 3;
      out[i] = Math.min(Math.max(a, 0), 6) / 6;
    }
  },
  backward(x, _y, dy, dx) {
    const n = backwardLength('hardsigmoid', x, 'x', dy, dx);
    const slope = TORCH_ONE_SIXTH;
    for (let i = 0; i < n; i++) {
      const v = x[i]!;
      dx[i] = v > -3 && v < 3 ? dy[i]! * slope : Number.isNaN(v) ? v : 0;
    }
  },
  torch: { functional: 'torch.nn.functional.hardsigmoid', module: 'torch.nn.Hardsigmoid' },
  onnx: { expression: call('HardSigmoid', [X], { alpha: { value: 1 / 6, text: '1/6' }, beta: 0.5 }) },
  gain: 'sigmoid',
};

/**
 * ReLU6, min(max(x, 0), 6) (PyTorch's hardtanh(x, 0, 6)).
 *
 * Kinks: the gradient passes only for 0 < x < 6 strictly: relu6'(0) = relu6'(6) = 0.
 */
const relu6: ActivationEntry<'relu6'> = {
  name: 'relu6',
  aliases: [],
  params: {},
  formula: 'min(max(x, 0), 6)',
  stableForm: 'as written',
  derivative: '1 if 0 < x < 6, else 0 (0 at 0 and at 6), from the output: [0 < y < 6]',
  backwardUses: 'output',
  forward(x, out) {
    const n = forwardLength('relu6', x, out);
    for (let i = 0; i < n; i++) {
      const v = x[i]!;
      out[i] = Math.min(Math.max(v, 0), 6);
    }
  },
  backward(_x, y, dy, dx) {
    const n = backwardLength('relu6', y, 'y', dy, dx);
    for (let i = 0; i < n; i++) {
      const v = y[i]!;
      dx[i] = v > 0 && v < 6 ? dy[i]! : Number.isNaN(v) ? v : 0;
    }
  },
  torch: { functional: 'torch.nn.functional.relu6', module: 'torch.nn.ReLU6' },
  onnx: { expression: call('Clip', [X, 0, 6]) },
  gain: 'relu',
};

/** Softsign, x/(1 + |x|): a tanh-like squashing unit with polynomial tails. */
const softsign: ActivationEntry<'softsign'> = {
  name: 'softsign',
  aliases: [],
  params: {},
  formula: 'x / (1 + |x|)',
  stableForm: 'as written (1 + |x| ≥ 1)',
  derivative: '1 / (1 + |x|)²',
  backwardUses: 'input',
  forward(x, out) {
    const n = forwardLength('softsign', x, out);
    for (let i = 0; i < n; i++) {
      const v = x[i]!;
      out[i] = v / (1 + Math.abs(v));
    }
  },
  backward(x, _y, dy, dx) {
    const n = backwardLength('softsign', x, 'x', dy, dx);
    for (let i = 0; i < n; i++) {
      const d = 1 + Math.abs(x[i]!);
      dx[i] = dy[i]! / (d * d);
    }
  },
  torch: { functional: 'torch.nn.functional.softsign', module: 'torch.nn.Softsign' },
  onnx: { expression: call('Softsign') },
  gain: 'tanh',
};

/** Log-sigmoid, log σ(x) = −softplus(−x): the stable log-probability of a binary output. */
const logSigmoid: ActivationEntry<'logSigmoid'> = {
  name: 'logSigmoid',
  aliases: [],
  params: {},
  formula: 'log σ(x) = −log(1 + e^(−x))',
  stableForm: '−softplus(−x) = min(x, 0) − log1p(e^(−|x|))',
  derivative: 'σ(−x) = 1 / (1 + e^x)',
  backwardUses: 'input',
  forward(x, out) {
    const n = forwardLength('logSigmoid', x, out);
    const float32 = out instanceof Float32Array;
    for (let i = 0; i < n; i++) {
      const v = x[i]!;
      // Clamping at 746 (where the log term is 0 anyway) keeps min(x, 0) = x·[x < 0] from becoming ∞·0.
      const vc = Math.min(v, 746);
      const u = tableExpNonPositive(-Math.abs(vc));
      out[i] = vc * +(vc < 0) - (float32 ? log1pUnitFloat32(u) : log1pUnit(u));
    }
  },
  backward(x, _y, dy, dx) {
    const n = backwardLength('logSigmoid', x, 'x', dy, dx);
    for (let i = 0; i < n; i++) dx[i] = dy[i]! / (1 + tableExp(x[i]!));
  },
  torch: { functional: 'torch.nn.functional.logsigmoid', module: 'torch.nn.LogSigmoid' },
  onnx: { expression: call('Neg', [call('Softplus', [call('Neg')])]) },
  gain: 'linear',
};

/** Identity, x: the "no activation" baseline (a deep linear network is still one linear map). */
const identity: ActivationEntry<'identity'> = {
  name: 'identity',
  aliases: [],
  params: {},
  formula: 'x',
  stableForm: 'x',
  derivative: '1',
  backwardUses: 'input',
  forward(x, out) {
    forwardLength('identity', x, out);
    if (out !== x) out.set(x);
  },
  backward(x, _y, dy, dx) {
    const n = backwardLength('identity', x, 'x', dy, dx);
    // Reads x only so that NaN in gives NaN out here too, like every other entry.
    for (let i = 0; i < n; i++) {
      const v = x[i]!;
      dx[i] = Number.isNaN(v) ? v : dy[i]!;
    }
  },
  torch: { functional: 'torch.clone', module: 'torch.nn.Identity' },
  onnx: { expression: call('Identity') },
  gain: 'linear',
};

// ------------------------------------------------------------------------------------------ table

function freezeExpression<K extends string>(expression: OnnxExpression<K>): void {
  for (const input of expression.inputs) {
    if (typeof input === 'object') {
      if ('op' in input) freezeExpression(input);
      else Object.freeze(input);
    }
  }
  for (const value of Object.values(expression.attributes ?? {})) if (typeof value === 'object') Object.freeze(value);
  Object.freeze(expression.inputs);
  if (expression.attributes !== undefined) Object.freeze(expression.attributes);
  Object.freeze(expression);
}

function freezeEntry<N extends ActivationName>(entry: ActivationEntry<N>): ActivationEntry<N> {
  const specs: Record<string, NumberParamSpec | ChoiceParamSpec> = entry.params;
  for (const spec of Object.values(specs)) {
    if (spec.kind === 'choice') Object.freeze(spec.choices);
    Object.freeze(spec);
  }
  Object.freeze(entry.params);
  Object.freeze(entry.aliases);
  Object.freeze(entry.torch);
  freezeExpression(entry.onnx.expression);
  Object.freeze(entry.onnx);
  return Object.freeze(entry);
}

/** The table: one frozen entry per activation, keyed by name. */
export const activations: { readonly [N in ActivationName]: ActivationEntry<N> } = Object.freeze({
  sigmoid: freezeEntry(sigmoid),
  tanh: freezeEntry(tanh),
  relu: freezeEntry(relu),
  leakyRelu: freezeEntry(leakyRelu),
  softplus: freezeEntry(softplus),
  swish: freezeEntry(swish),
  elu: freezeEntry(elu),
  selu: freezeEntry(selu),
  gelu: freezeEntry(gelu),
  mish: freezeEntry(mish),
  hardswish: freezeEntry(hardswish),
  hardsigmoid: freezeEntry(hardsigmoid),
  relu6: freezeEntry(relu6),
  softsign: freezeEntry(softsign),
  logSigmoid: freezeEntry(logSigmoid),
  identity: freezeEntry(identity),
});

/** Whether `name` is a table entry's own name (an alias such as 'silu' is not; getActivation accepts both). */
export function isActivationName(name: string): name is ActivationName {
  return Object.hasOwn(activations, name);
}

/** Every name, in table order (the order menus and docs list them in): the table's own keys. */
export const activationNames: readonly ActivationName[] = Object.freeze(
  Object.keys(activations).filter(isActivationName),
);

/** Alias → entry name, for lookups by an arbitrary string. */
const aliasTargets: ReadonlyMap<string, ActivationName> = new Map(Object.entries(activationAliases));

function canonicalName(name: string): ActivationName | undefined {
  return isActivationName(name) ? name : aliasTargets.get(name);
}

function validNamesText(): string {
  const aliases = Array.from(aliasTargets, ([alias, name]) => `${alias} → ${name}`);
  return `Valid names: ${activationNames.join(', ')}${aliases.length > 0 ? ` (aliases: ${aliases.join(', ')})` : ''}.`;
}

/** The entry for a name or alias ('silu' is swish). Throws an Error listing the valid names. */
export function getActivation<N extends ActivationName>(name: N, op?: string): ActivationEntry<N>;
export function getActivation<A extends ActivationAlias>(name: A, op?: string): ActivationEntry<ActivationAliasMap[A]>;
export function getActivation(name: string, op?: string): ActivationEntry;
/** `op` names the caller in the Error (default 'getActivation'). */
export function getActivation(name: string, op = 'getActivation'): ActivationEntry {
  if (typeof op !== 'string') {
    throw new Error(`getActivation: op (the caller named in messages) must be a string, got ${describeValue(op)}`);
  }
  const canonical = typeof name === 'string' ? canonicalName(name) : undefined;
  if (canonical === undefined) {
    throw new Error(`${op}: unknown activation ${describeValue(name)}. ${validNamesText()}`);
  }
  return activations[canonical];
}

function describeSpec(spec: NumberParamSpec | ChoiceParamSpec): string {
  if (spec.kind === 'choice') return `one of ${spec.choices.map((c) => `'${c}'`).join(', ')}`;
  const bounds: string[] = [];
  if (spec.min > Number.NEGATIVE_INFINITY) bounds.push(`${spec.minInclusive ? '≥' : '>'} ${spec.min}`);
  if (spec.max < Number.POSITIVE_INFINITY) bounds.push(`${spec.maxInclusive ? '≤' : '<'} ${spec.max}`);
  const finiteOnly = !spec.minInclusive && !spec.maxInclusive;
  return `a ${finiteOnly ? 'finite ' : ''}number${bounds.length > 0 ? ` ${bounds.join(' and ')}` : ''}`;
}

function isValid(spec: NumberParamSpec | ChoiceParamSpec, value: unknown): boolean {
  if (spec.kind === 'choice') return typeof value === 'string' && spec.choices.includes(value);
  if (typeof value !== 'number') return false;
  const aboveMin = spec.minInclusive ? value >= spec.min : value > spec.min;
  const belowMax = spec.maxInclusive ? value <= spec.max : value < spec.max;
  return aboveMin && belowMax;
}

function validParamsText(entry: ActivationEntry): string {
  const specs: [string, NumberParamSpec | ChoiceParamSpec][] = Object.entries(entry.params);
  if (specs.length === 0) return `${entry.name} takes no parameters.`;
  const parts = specs.map(([key, spec]) => `${key} (${describeSpec(spec)}, default ${JSON.stringify(spec.default)})`);
  return `Valid parameters of ${entry.name}: ${parts.join('; ')}.`;
}

/** Each entry's resolved defaults, built on first use: a call without parameters then allocates nothing for them. */
const defaultParams = new Map<ActivationName, Readonly<Record<string, number | string>>>();

/**
 * An activation's parameters with defaults filled in, validated. Throws an Error naming the bad
 * parameter and its value and listing the valid parameters and ranges (an unknown key is an error
 * too, so a typo such as `{ slope: 0.2 }` cannot silently fall back to the default).
 */
export function resolveActivationParams<N extends ActivationName>(
  name: N | ActivationAlias,
  params?: ActivationParamOptions<N>,
): ActivationParams<N> {
  const entry = getActivation(name, 'resolveActivationParams');
  if (params === undefined) {
    const cached = defaultParams.get(entry.name);
    if (cached !== undefined) return cached as ActivationParams<N>;
  }
  const specs: Record<string, NumberParamSpec | ChoiceParamSpec> = entry.params;
  const given: Record<string, unknown> = params ?? {};
  if (params !== undefined && (typeof params !== 'object' || params === null || Array.isArray(params))) {
    throw new Error(
      `${entry.name}: parameters must be an object or omitted, got ${describeValue(params)}. ${validParamsText(entry)}`,
    );
  }
  for (const key of Object.keys(given)) {
    if (!Object.hasOwn(specs, key)) {
      throw new Error(`${entry.name}: unknown parameter '${key}'. ${validParamsText(entry)}`);
    }
  }
  const resolved: Record<string, number | string> = {};
  for (const [key, spec] of Object.entries(specs)) {
    const value = given[key];
    if (value === undefined) {
      resolved[key] = spec.default;
    } else if (isValid(spec, value)) {
      resolved[key] = spec.kind === 'choice' ? String(value) : Number(value);
    } else {
      const shown = typeof value === 'string' ? `'${value}'` : String(value);
      throw new Error(
        `${entry.name}: parameter ${key} must be ${describeSpec(spec)}, got ${shown}. ${validParamsText(entry)}`,
      );
    }
  }
  const frozen = Object.freeze(resolved);
  if (params === undefined) defaultParams.set(entry.name, frozen);
  return frozen as ActivationParams<N>;
}

function sameDtypeArray(like: FloatArray, n: number): FloatArray {
  return like instanceof Float64Array ? new Float64Array(n) : new Float32Array(n);
}

/** f(x) for a named activation; `out` (same length, may be x) or a new array of x's dtype. */
export function activationForward<N extends ActivationName>(
  name: N | ActivationAlias,
  x: FloatArray,
  params?: ActivationParamOptions<N>,
  out?: FloatArray,
): FloatArray {
  const entry: ActivationEntry = getActivation(name, 'activationForward');
  checkFloatArray('activationForward', 'x', x);
  if (out !== undefined) checkOut('activationForward', out, x.length, x instanceof Float64Array);
  const p = resolveActivationParams(entry.name, params);
  const target = out ?? sameDtypeArray(x, x.length);
  entry.forward(x, target, p);
  return target;
}

/**
 * dx = dy·f'(x) for a named activation; `out` (same length, may be dy) or a new array of dy's dtype.
 * `y = f(x)` is read only when the entry's `backwardUses` is 'output'; pass null to have it recomputed.
 */
export function activationBackward<N extends ActivationName>(
  name: N | ActivationAlias,
  x: FloatArray,
  y: FloatArray | null,
  dy: FloatArray,
  params?: ActivationParamOptions<N>,
  out?: FloatArray,
): FloatArray {
  const entry: ActivationEntry = getActivation(name, 'activationBackward');
  checkFloatArray('activationBackward', 'x', x);
  const float64 = x instanceof Float64Array;
  // dy, y and out share x's dtype and length: each is read or written element for element with x.
  checkOut('activationBackward', dy, x.length, float64, 'dy');
  if (y !== null) checkOut('activationBackward', y, x.length, float64, 'y');
  if (out !== undefined) checkOut('activationBackward', out, x.length, float64);
  const p = resolveActivationParams(entry.name, params);
  let output = y;
  if (output === null) {
    // An input-based kernel never reads y; only an output-based one needs it recomputed.
    output = entry.backwardUses === 'output' ? sameDtypeArray(x, x.length) : x;
    if (output !== x) entry.forward(x, output, p);
  }
  const target = out ?? sameDtypeArray(dy, dy.length);
  entry.backward(x, output, dy, target, p);
  return target;
}
