// Two-hue diverging scale (TensorFlow Playground's orange ↔ blue through a light neutral): class 0 / negative
// values orange, class 1 / positive values blue.
const negative: readonly [number, number, number] = [245, 147, 34];
const neutral: readonly [number, number, number] = [232, 234, 235];
const positive: readonly [number, number, number] = [8, 119, 189];

/** Writes the colour for t ∈ [-1, 1] into rgba at offset (alpha 255). */
export function writeDivergingColor(t: number, rgba: Uint8ClampedArray, offset: number): void {
  const c = Number.isFinite(t) ? Math.max(-1, Math.min(1, t)) : 0;
  const end = c < 0 ? negative : positive;
  const w = Math.abs(c);
  rgba[offset] = neutral[0] + (end[0] - neutral[0]) * w;
  rgba[offset + 1] = neutral[1] + (end[1] - neutral[1]) * w;
  rgba[offset + 2] = neutral[2] + (end[2] - neutral[2]) * w;
  rgba[offset + 3] = 255;
}

export function cssColor(t: number): string {
  const rgba = new Uint8ClampedArray(4);
  writeDivergingColor(t, rgba, 0);
  return `rgb(${rgba[0]}, ${rgba[1]}, ${rgba[2]})`;
}

/** Distinct series colours for charts (colour-blind-friendly Okabe–Ito order, then extras). */
export const seriesColors = ['#0072b2', '#e69f00', '#009e73', '#cc79a7', '#d55e00', '#56b4e9', '#7f7f7f', '#f0e442'];
